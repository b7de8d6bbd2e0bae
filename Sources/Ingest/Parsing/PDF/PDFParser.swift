import LLM
import Synchronization

/// Reads a PDF's text layer through poppler into a `Document` whose sections know their pages.
///
/// Pages are read one at a time and only their lines are kept: poppler's words → lines → reading
/// order (column by column, from the page's geometry) → running headers, footers and page numbers
/// dropped → headings (from the outline, else by type size) → sections of paragraphs. A slide deck (landscape pages
/// with few words) is read one section per slide, top to bottom, titled by its largest text.
/// A section's "lines" are those of the text as rag extracted it, numbered through the document.
enum PDFParser {
    static func read(_ bytes: [UInt8], path: String, parallelism: Parallelism = .everyCore) -> ReadNote {
        do {
            let (outline, count) = try PDFFile.open(bytes) { ($0.outline(), $0.pageCount) }
            // Bold is needed only to find headings without an outline; type size also shows in
            // the words' heights, so fonts are read only then.
            let read = pages(of: bytes, count: count, fonts: outline.isEmpty, parallelism: parallelism)
            // A damaged page is left out; the others are still worth reading.
            let unreadable = read.indices.filter { read[$0] == nil }.map { $0 + 1 }
            let pages = read.compactMap { $0?.lines }
            let sizes = read.compactMap { $0.map { (width: $0.width, height: $0.height) } }
            guard pages.contains(where: { !$0.isEmpty }) else {
                throw pages.isEmpty && !unreadable.isEmpty ? PDFProblem.damaged : PDFProblem.noTextLayer
            }
            let kept = PDFRunningLines.removed(from: pages)
            let document =
                isSlideDeck(kept, sizes: sizes)
                ? slides(kept, path: path) : article(kept.flatMap { $0 }, outline: outline, path: path)
            let warning = unreadable.isEmpty ? nil : IngestWarning(path: path, reason: Self.leftOut(unreadable))
            return ReadNote(document: document, warning: warning)
        } catch let problem as PDFProblem {
            return ReadNote(document: nil, warning: IngestWarning(path: path, reason: problem.reason))
        } catch {
            return ReadNote(document: nil, warning: IngestWarning(path: path, reason: PDFProblem.failed.reason))
        }
    }

    /// Pages per poppler document below which a PDF is read by one: opening another costs more
    /// than the pages it would take.
    static let pagesPerReader = 8

    /// Each page's lines in reading order and its size, nil where poppler could not read the page.
    /// Reading pages is most of a PDF's time, and poppler documents are not shared between
    /// threads, so a long PDF is read by one document per core, each taking every n-th page.
    static func pages(of bytes: [UInt8], count: Int, fonts: Bool, parallelism: Parallelism) -> [(lines: [PDFLine], width: Double, height: Double)?] {
        let readers = max(1, min(parallelism.width, count / pagesPerReader))
        let read = Mutex([(lines: [PDFLine], width: Double, height: Double)?](repeating: nil, count: count))
        parallelism.forEach(readers) { reader in
            try? PDFFile.open(bytes) { file in
                for number in stride(from: reader + 1, through: count, by: readers) {
                    guard let page = try? file.page(number, fonts: fonts) else { continue }
                    let lines = PDFReadingOrder.ordered(PDFLine.lines(of: page))
                    read.withLock { $0[number - 1] = (lines, page.width, page.height) }
                }
            }
        }
        return read.withLock { $0 }
    }

    /// "damaged: pages 4, 7 left out", naming ten pages at most.
    static func leftOut(_ pages: [Int]) -> String {
        let named = pages.prefix(10).map(String.init).joined(separator: ", ")
        let more = pages.count > 10 ? " and \(pages.count - 10) more" : ""
        return "damaged: page\(pages.count == 1 ? "" : "s") \(named)\(more) left out"
    }

    /// Landscape pages holding a slide's worth of words (a paper's page holds several hundred).
    static func isSlideDeck(_ pages: [[PDFLine]], sizes: [(width: Double, height: Double)]) -> Bool {
        let landscape = sizes.filter { $0.width > $0.height }.count
        let words = pages.joined().reduce(0) { $0 + $1.wordCount }
        return landscape * 5 >= sizes.count * 4 && words <= 120 * pages.count
    }

    /// A paper, handout or book: sections under the headings, paragraphs across columns and pages.
    static func article(_ lines: [PDFLine], outline: [(depth: Int, title: String)], path: String) -> Document {
        let vocabulary = PDFSectionText.vocabulary(lines)
        var headings = PDFHeadings(outline: outline, lines: lines)
        let byFontSize = PDFHeadings(lines: lines, vocabulary: vocabulary)
        if headings.byLine.isEmpty { headings = byFontSize }
        var builder = SectionsBuilder()
        var headingPath: [String] = []
        var text = PDFSectionText(vocabulary: vocabulary)
        var i = 0
        while i < lines.count {
            if let title = byFontSize.title, title.lines.contains(i) {
                i = title.lines.upperBound
                continue
            }
            if let heading = headings.byLine[i] {
                builder.add(text, headingPath: headingPath)
                text = PDFSectionText(vocabulary: vocabulary)
                headingPath = Array(headingPath.prefix(heading.depth)) + [heading.title]
                i += heading.lineCount
                continue
            }
            text.append(lines[i])
            i += 1
        }
        builder.add(text, headingPath: headingPath)
        return Document(
            path: path, title: byFontSize.title?.text ?? NoteReader.fileTitle(path), format: .pdf, sections: builder.sections)
    }

    /// One section per slide, titled by its largest text, read top to bottom.
    static func slides(_ pages: [[PDFLine]], path: String) -> Document {
        let vocabulary = PDFSectionText.vocabulary(pages.flatMap { $0 })
        var builder = SectionsBuilder()
        for lines in pages where !lines.isEmpty {
            let rows = PDFLine.rows(lines).flatMap { $0 }
            let largest = rows.map(\.fontSize).max()!
            // The title: the first run of lines in the largest size.
            let first = rows.firstIndex { $0.fontSize == largest }!
            let end = rows[first...].firstIndex { $0.fontSize != largest } ?? rows.endIndex
            let title = rows[first..<end].map(\.text)
                .reduce("") { $0.isEmpty ? $1 : PDFSectionText.joined($0, $1, vocabulary: vocabulary) }
            var text = PDFSectionText(vocabulary: vocabulary)
            for line in rows[..<first] + rows[end...] { text.append(line) }
            builder.add(text, headingPath: [title], orEmpty: rows[first].page)
        }
        let title = builder.sections.first?.headingPath.first ?? NoteReader.fileTitle(path)
        return Document(path: path, title: title, format: .pdf, sections: builder.sections)
    }
}

/// Sections from each heading's text, with their pages and lines numbered through the document.
private struct SectionsBuilder {
    private(set) var sections: [Section] = []
    private var nextLine = 1

    /// Adds `text` under `headingPath`; an empty text adds nothing, unless `page` is given: a slide
    /// with only a title is still a slide, and its title its text.
    mutating func add(_ text: PDFSectionText, headingPath: [String], orEmpty page: Int? = nil) {
        var lines = text.lines
        var pages = text.pages
        if lines.isEmpty {
            guard let page, !headingPath.isEmpty else { return }
            (lines, pages) = ([headingPath.last!], [page])
        }
        let numbers = Array(nextLine..<(nextLine + lines.count))
        nextLine += lines.count
        sections.append(
            Section(
                headingPath: headingPath, text: lines.joined(separator: "\n"), lineStart: numbers.first!,
                lineEnd: numbers.last!, textLineNumbers: numbers, pageStart: pages.min(), pageEnd: pages.max(),
                textPageNumbers: pages))
    }
}
