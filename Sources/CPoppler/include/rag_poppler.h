// A small C API over poppler-cpp, for Swift.
//
// Swift cannot use poppler's C++ classes or catch its exceptions. Every function here catches
// them and returns a status; nothing of poppler crosses this header. A document is read from
// bytes the caller already holds (so size limits and read errors stay in rag's own file reading),
// and one page at a time, so that memory stays bounded however many pages a file has.
// Coordinates are PDF points from the page's top-left corner, as poppler's text layer gives them.
#ifndef RAG_POPPLER_H
#define RAG_POPPLER_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rag_pdf rag_pdf;

typedef enum {
    RAG_PDF_OK = 0,
    /// Not a PDF poppler can open: damaged, truncated beyond repair, or not a PDF at all.
    RAG_PDF_DAMAGED = 1,
    /// Encrypted with a user password; opening without one is all rag tries.
    RAG_PDF_NEEDS_PASSWORD = 2,
    /// A page number out of range, or a page poppler could not parse.
    RAG_PDF_BAD_PAGE = 3,
    /// Out of memory or another failure inside poppler.
    RAG_PDF_FAILED = 4,
} rag_pdf_status;

/// Opens the PDF in `bytes`, which must stay alive and unchanged until rag_pdf_close: poppler
/// reads objects from them lazily, page by page.
rag_pdf_status rag_pdf_open(const char *bytes, size_t length, rag_pdf **out);
void rag_pdf_close(rag_pdf *document);
int rag_pdf_page_count(const rag_pdf *document);

/// One word of a page's text layer, in the reading order poppler's text layer finds.
typedef struct {
    double left, top, right, bottom;
    /// Points; 0 when the page was read without fonts.
    double font_size;
    /// The word's UTF-8 bytes in the page's `text`.
    size_t text_start, text_length;
    /// Its font's name (e.g. "ABCDEF+CMBX12") in the page's `text`, for telling bold from regular.
    size_t font_start, font_length;
    /// Poppler saw a space after the word on its line (false at a line's end or inside a word).
    int space_after;
} rag_pdf_word;

typedef struct {
    /// The page's crop box, rotation applied (a landscape slide is wider than high).
    double width, height;
    rag_pdf_word *words;
    size_t word_count;
    /// Every word's text and font name, each referenced by offset from `words`.
    char *text;
    size_t text_length;
} rag_pdf_page;

/// Reads page `index` (0-based) into `out`, which rag_pdf_page_free releases. With `fonts`, each
/// word has its font's name and size; poppler finds them by scanning the page's fonts and matching
/// every glyph, which makes reading a page half as slow again, so rag asks only when it needs them.
rag_pdf_status rag_pdf_read_page(const rag_pdf *document, int index, int fonts, rag_pdf_page *out);
void rag_pdf_page_free(rag_pdf_page *page);

/// An entry of the document's outline (its bookmarks), in document order, outermost at depth 0.
typedef struct {
    int depth;
    char *title;  // UTF-8
} rag_pdf_heading;

/// The outline flattened in order; `*count` is 0 when the document has none.
rag_pdf_status rag_pdf_outline(const rag_pdf *document, rag_pdf_heading **items, size_t *count);
void rag_pdf_outline_free(rag_pdf_heading *items, size_t count);

#ifdef __cplusplus
}
#endif

#endif
