import CPoppler
import Foundation

/// One word of a page's text layer; coordinates in points from the page's top-left corner.
struct PDFWord {
    var text: String
    var left: Double
    var top: Double
    var right: Double
    var bottom: Double
    /// Points; the word's height where the page was read without fonts (for TeX's and most
    /// fonts about nine tenths of the size, so larger type is still taller).
    var fontSize: Double
    var isBold: Bool
    /// Poppler saw a space after it on its line.
    var spaceAfter: Bool
}

/// A page's words in poppler's reading order, and the page's size (rotation applied).
struct PDFPage {
    /// 1-based, as a viewer shows it.
    var number: Int
    var width: Double
    var height: Double
    var words: [PDFWord]
}

/// Why a PDF could not be read, in the words of the warning.
enum PDFProblem: Error {
    case damaged, needsPassword, failed, noTextLayer

    var reason: String {
        switch self {
        case .damaged: "not a readable PDF: damaged or truncated"
        case .needsPassword: "needs a password (encrypted PDF); rag reads only PDFs that open without one"
        case .failed: "poppler could not read it"
        case .noTextLayer: "no text layer: a scan? rag does not read images"
        }
    }

    init(_ status: rag_pdf_status) {
        switch status {
        case RAG_PDF_NEEDS_PASSWORD: self = .needsPassword
        case RAG_PDF_DAMAGED, RAG_PDF_BAD_PAGE: self = .damaged
        default: self = .failed
        }
    }
}

/// An open PDF, valid only inside `PDFFile.open`: poppler reads from the caller's bytes in place,
/// so the document must not outlive them. Pages are read one at a time and freed at once.
struct PDFFile {
    private let document: OpaquePointer

    /// Opens `bytes` as a PDF for the duration of `body`.
    static func open<T>(_ bytes: [UInt8], _ body: (PDFFile) throws -> T) throws -> T {
        try bytes.withUnsafeBufferPointer { buffer in
            var document: OpaquePointer?
            let status = buffer.withMemoryRebound(to: CChar.self) { rag_pdf_open($0.baseAddress, $0.count, &document) }
            guard status == RAG_PDF_OK, let document else { throw PDFProblem(status) }
            defer { rag_pdf_close(document) }
            return try body(PDFFile(document: document))
        }
    }

    var pageCount: Int { Int(rag_pdf_page_count(document)) }

    /// Page `number` (1-based); `fonts` reads each word's font name and size (see rag_poppler.h).
    func page(_ number: Int, fonts: Bool) throws(PDFProblem) -> PDFPage {
        var page = rag_pdf_page()
        let status = rag_pdf_read_page(document, Int32(number - 1), fonts ? 1 : 0, &page)
        guard status == RAG_PDF_OK else { throw PDFProblem(status) }
        defer { rag_pdf_page_free(&page) }
        let pool = UnsafeRawBufferPointer(start: page.text, count: page.text_length)
        func string(_ start: Int, _ count: Int) -> String {
            String(decoding: pool[start..<(start + count)], as: UTF8.self)
        }
        // A page uses a few fonts for hundreds of words: each name is looked at once.
        var bold: [String: Bool] = [:]
        let words = UnsafeBufferPointer(start: page.words, count: page.word_count).map { word in
            let font = string(word.font_start, word.font_length)
            let isBold = bold[font] ?? Self.isBold(fontName: font)
            bold[font] = isBold
            return PDFWord(
                text: Self.compatibilityMapped(string(word.text_start, word.text_length)),
                left: word.left, top: word.top, right: word.right, bottom: word.bottom,
                fontSize: fonts ? word.font_size : word.bottom - word.top,
                isBold: isBold, spaceAfter: word.space_after != 0)
        }
        return PDFPage(number: number, width: page.width, height: page.height, words: words)
    }

    /// The outline (bookmarks) in document order, outermost at depth 0; empty when there is none.
    func outline() -> [(depth: Int, title: String)] {
        var items: UnsafeMutablePointer<rag_pdf_heading>?
        var count = 0
        guard rag_pdf_outline(document, &items, &count) == RAG_PDF_OK, let items else { return [] }
        defer { rag_pdf_outline_free(items, count) }
        return UnsafeBufferPointer(start: items, count: count).map {
            (Int($0.depth), Self.compatibilityMapped(String(cString: $0.title)))
        }
    }

    /// Compatibility forms (the ﬁ and ﬂ ligatures, full-width letters, superscript digits) as
    /// plain letters (NFKC); ASCII, most of any text, has none.
    static func compatibilityMapped(_ text: String) -> String {
        text.utf8.allSatisfy { $0 < 0x80 } ? text : text.precomposedStringWithCompatibilityMapping
    }

    /// Font names say the weight ("Helvetica-Bold", "ABCDEF+Calibri-Semibold"); TeX's Computer and
    /// Latin Modern fonts say it as "BX" in the name (CMBX12, CMSSBX10).
    static func isBold(fontName: String) -> Bool {
        let name = fontName.split(separator: "+").last.map(String.init) ?? fontName
        let lower = name.lowercased()
        if ["bold", "black", "heavy", "semibold", "demi"].contains(where: lower.contains) { return true }
        return (name.hasPrefix("CM") || name.hasPrefix("LM") || name.hasPrefix("SF")) && name.contains("BX")
    }
}
