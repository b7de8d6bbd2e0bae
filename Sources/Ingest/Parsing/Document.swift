/// A parsed file: its title and its text in sections, each under a heading path.
public struct Document: Sendable, Equatable {
    /// The file's path as the scanner found it.
    public var path: String
    public var title: String
    public var format: Format
    public var sections: [Section]

    public init(path: String, title: String, format: Format, sections: [Section]) {
        self.path = path
        self.title = title
        self.format = format
        self.sections = sections
    }
}

/// A run of text under one heading path, with the source lines it came from (1-based, inclusive),
/// and for a paged format (PDF) the pages (1-based, inclusive, as a viewer numbers them).
public struct Section: Sendable, Equatable {
    /// Outermost heading first, e.g. ["Week 3", "Attention"]; empty before the first heading.
    public var headingPath: [String]
    /// Paragraphs separated by blank lines ("\n\n"); code and tables keep their own line breaks.
    public var text: String
    public var lineStart: Int
    public var lineEnd: Int
    /// Code keeps its layout: the chunker cuts it at line breaks before anything finer.
    public var isCode: Bool
    /// The source line of each line of `text`, where the parser knows it; otherwise the chunker
    /// spreads `lineStart...lineEnd` over the text.
    public var textLineNumbers: [Int]?
    /// The first and last page the text is on; nil for formats without pages.
    public var pageStart: Int?
    public var pageEnd: Int?
    /// The page of each line of `text`, where the format has pages.
    public var textPageNumbers: [Int]?

    public init(
        headingPath: [String], text: String, lineStart: Int, lineEnd: Int, isCode: Bool = false,
        textLineNumbers: [Int]? = nil, pageStart: Int? = nil, pageEnd: Int? = nil, textPageNumbers: [Int]? = nil
    ) {
        self.headingPath = headingPath
        self.text = text
        self.lineStart = lineStart
        self.lineEnd = lineEnd
        self.isCode = isCode
        self.textLineNumbers = textLineNumbers
        self.pageStart = pageStart
        self.pageEnd = pageEnd
        self.textPageNumbers = textPageNumbers
    }

    /// The source line that holds the text line `index` (0-based) of a text with `count` lines.
    func sourceLine(ofTextLine index: Int, count: Int) -> Int {
        if let numbers = textLineNumbers, numbers.indices.contains(index) { return numbers[index] }
        guard count > 1 else { return lineStart }
        return lineStart + (lineEnd - lineStart) * index / (count - 1)
    }

    /// The page that holds the text line `index` (0-based), or nil without pages.
    func page(ofTextLine index: Int) -> Int? {
        if let pages = textPageNumbers, pages.indices.contains(index) { return pages[index] }
        return pageStart
    }
}

/// The file formats rag reads, by extension.
public enum Format: String, Sendable, CaseIterable {
    case text, markdown, html, json, jsonLines = "jsonl", notebook, pdf, docx, pptx, odt, odp, epub

    /// The format of a file with this extension (case-insensitive), or nil when rag does not read it.
    public init?(extension ext: String) {
        switch ext.lowercased() {
        case "txt", "text": self = .text
        case "md", "markdown": self = .markdown
        case "html", "htm", "xhtml": self = .html
        case "json": self = .json
        case "jsonl", "ndjson": self = .jsonLines
        case "ipynb": self = .notebook
        case "pdf": self = .pdf
        case "docx": self = .docx
        case "pptx": self = .pptx
        case "odt": self = .odt
        case "odp": self = .odp
        case "epub": self = .epub
        default: return nil
        }
    }

    /// A zip of XML (Office Open XML, OpenDocument, EPUB), read by `OfficeParser` rather than as text.
    public var isZipOfXML: Bool { [.docx, .pptx, .odt, .odp, .epub].contains(self) }
}

/// A file, or part of one, that could not be read as expected; the rest of the work goes on.
public struct IngestWarning: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
