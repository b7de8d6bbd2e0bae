// See include/rag_poppler.h for why this shim exists and what it promises.
#include "rag_poppler.h"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>
#include <poppler/cpp/poppler-toc.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

struct rag_pdf {
    std::unique_ptr<poppler::document> document;
};

namespace {

// Poppler reports every syntax problem of a damaged file on stderr; rag reports a file's problems
// as one warning of its own, and stderr belongs to rag's progress and logs.
void ignore_poppler_message(const std::string &, void *) {}

void silence_poppler() {
    static std::once_flag once;
    std::call_once(once, [] { poppler::set_debug_error_function(ignore_poppler_message, nullptr); });
}

std::string utf8(const poppler::ustring &text) {
    poppler::byte_array bytes = text.to_utf8();
    return std::string(bytes.data(), bytes.size());
}

// A malicious outline may nest without end or hold millions of entries; real ones do neither.
constexpr int max_outline_depth = 32;
constexpr size_t max_outline_entries = 100000;

void flatten(const poppler::toc_item *item, int depth, std::vector<std::pair<int, std::string>> &out) {
    if (depth >= max_outline_depth) return;
    for (const poppler::toc_item *child : item->children()) {
        if (out.size() >= max_outline_entries) return;
        out.emplace_back(depth, utf8(child->title()));
        flatten(child, depth + 1, out);
    }
}

}  // namespace

extern "C" {

rag_pdf_status rag_pdf_open(const char *bytes, size_t length, rag_pdf **out) {
    *out = nullptr;
    try {
        silence_poppler();
        if (length > static_cast<size_t>(INT32_MAX)) return RAG_PDF_FAILED;
        std::unique_ptr<poppler::document> document(
            poppler::document::load_from_raw_data(bytes, static_cast<int>(length)));
        if (!document) return RAG_PDF_DAMAGED;
        // Poppler returns a file it could not decrypt locked rather than failing, so an encrypted
        // file that opens with the empty user password (an owner password only) is read.
        if (document->is_locked()) return RAG_PDF_NEEDS_PASSWORD;
        *out = new rag_pdf{std::move(document)};
        return RAG_PDF_OK;
    } catch (...) {
        return RAG_PDF_FAILED;
    }
}

void rag_pdf_close(rag_pdf *document) { delete document; }

int rag_pdf_page_count(const rag_pdf *document) {
    try {
        return document->document->pages();
    } catch (...) {
        return 0;
    }
}

rag_pdf_status rag_pdf_read_page(const rag_pdf *document, int index, int fonts, rag_pdf_page *out) {
    std::memset(out, 0, sizeof *out);
    try {
        if (index < 0 || index >= document->document->pages()) return RAG_PDF_BAD_PAGE;
        std::unique_ptr<poppler::page> page(document->document->create_page(index));
        if (!page) return RAG_PDF_BAD_PAGE;
        poppler::rectf box = page->page_rect(poppler::crop_box);
        // The text layer's coordinates have the page's rotation applied; so must its size.
        poppler::page::orientation_enum orientation = page->orientation();
        bool turned = orientation == poppler::page::landscape || orientation == poppler::page::seascape;
        out->width = turned ? box.height() : box.width();
        out->height = turned ? box.width() : box.height();

        std::vector<poppler::text_box> boxes = page->text_list(fonts ? poppler::page::text_list_include_font : 0);
        std::string text;
        std::vector<rag_pdf_word> words;
        words.reserve(boxes.size());
        for (const poppler::text_box &box : boxes) {
            rag_pdf_word word{};
            poppler::rectf bounds = box.bbox();
            word.left = bounds.left();
            word.top = bounds.top();
            word.right = bounds.right();
            word.bottom = bounds.bottom();
            word.font_size = box.has_font_info() ? box.get_font_size() : 0;
            word.space_after = box.has_space_after() ? 1 : 0;
            std::string word_text = utf8(box.text());
            word.text_start = text.size();
            word.text_length = word_text.size();
            text += word_text;
            std::string font = box.has_font_info() ? box.get_font_name() : std::string();
            word.font_start = text.size();
            word.font_length = font.size();
            text += font;
            words.push_back(word);
        }
        out->words = static_cast<rag_pdf_word *>(std::malloc(sizeof(rag_pdf_word) * (words.empty() ? 1 : words.size())));
        out->text = static_cast<char *>(std::malloc(text.empty() ? 1 : text.size()));
        if (!out->words || !out->text) {
            rag_pdf_page_free(out);
            return RAG_PDF_FAILED;
        }
        std::memcpy(out->words, words.data(), sizeof(rag_pdf_word) * words.size());
        std::memcpy(out->text, text.data(), text.size());
        out->word_count = words.size();
        out->text_length = text.size();
        return RAG_PDF_OK;
    } catch (...) {
        rag_pdf_page_free(out);
        return RAG_PDF_FAILED;
    }
}

void rag_pdf_page_free(rag_pdf_page *page) {
    std::free(page->words);
    std::free(page->text);
    std::memset(page, 0, sizeof *page);
}

rag_pdf_status rag_pdf_outline(const rag_pdf *document, rag_pdf_heading **items, size_t *count) {
    *items = nullptr;
    *count = 0;
    try {
        std::unique_ptr<poppler::toc> toc(document->document->create_toc());
        if (!toc || !toc->root()) return RAG_PDF_OK;
        std::vector<std::pair<int, std::string>> flat;
        flatten(toc->root(), 0, flat);
        if (flat.empty()) return RAG_PDF_OK;
        auto *out = static_cast<rag_pdf_heading *>(std::calloc(flat.size(), sizeof(rag_pdf_heading)));
        if (!out) return RAG_PDF_FAILED;
        for (size_t i = 0; i < flat.size(); i++) {
            out[i].depth = flat[i].first;
            out[i].title = strdup(flat[i].second.c_str());
            if (!out[i].title) {
                rag_pdf_outline_free(out, i);
                return RAG_PDF_FAILED;
            }
        }
        *items = out;
        *count = flat.size();
        return RAG_PDF_OK;
    } catch (...) {
        return RAG_PDF_FAILED;
    }
}

void rag_pdf_outline_free(rag_pdf_heading *items, size_t count) {
    for (size_t i = 0; i < count; i++) std::free(items[i].title);
    std::free(items);
}

}  // extern "C"
