import Foundation

/// Sections of an Office document or e-book, with lines numbered through the text rag extracted.
///
/// A zip of XML has no lines of its own, and Word and OpenDocument text have no fixed pages either
/// (a page break is wherever the viewer's layout puts it), so a page number rag cited would often
/// be wrong. What a reader can check is the heading path, which Word's navigation pane and an
/// e-book's table of contents show, and the lines of the extracted text, which `rag chunks` and
/// `rag inspect` print and `get_passage` finds by line. A slide deck's slides are fixed and
/// numbered by every viewer, so there a section also knows its slide (in the page columns).
struct ExtractedSections {
    private(set) var sections: [Section] = []
    private var nextLine = 1

    /// Adds paragraphs (a table's rows are the lines of one paragraph) under `headingPath`; nothing
    /// when they are all empty. `slide` is the 1-based slide they are on, in a deck.
    mutating func add(_ paragraphs: [String], headingPath: [String], slide: Int? = nil) {
        let kept = paragraphs.map(Self.trimmed).filter { !$0.isEmpty }
        guard !kept.isEmpty else { return }
        let text = kept.joined(separator: "\n\n")
        let lineCount = text.split(separator: "\n", omittingEmptySubsequences: false).count
        let numbers = Array(nextLine..<(nextLine + lineCount))
        nextLine += lineCount
        sections.append(
            Section(
                headingPath: headingPath, text: text, lineStart: numbers.first!, lineEnd: numbers.last!,
                textLineNumbers: numbers, pageStart: slide, pageEnd: slide,
                textPageNumbers: slide.map { Array(repeating: $0, count: lineCount) }))
    }

    /// Lines without spaces at their ends, and without empty lines, which would read as paragraph breaks.
    private static func trimmed(_ paragraph: String) -> String {
        paragraph.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .joined(separator: "\n")
    }
}
