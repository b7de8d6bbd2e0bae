/// JSON, JSON Lines and Jupyter notebooks into sections.
///
/// JSON has no prose layout, so its text is its leaves: every string, number and boolean becomes
/// one line `key.path: value`, the path relative to the section (`options.A: High bias`,
/// `readings[1]: ISL chapter 6.2`). Numbers and booleans stay because they carry facts
/// (`weight: 0.35`). Sections follow the shape that exports have:
/// - each object in an array is a record and gets its own section, headed by the array's path and
///   the record's label (its `title`, `name`, `term`, `question` or `front`): `["lectures", "Attention"]`;
///   a record without one is headed by its path, `["lectures[8]"]`. Arrays of objects inside a
///   record stay in the record (a forum thread keeps its replies);
/// - each top-level key holding an object gets a section `[key]`;
/// - the remaining top-level leaves share a section with no heading.
///
/// In a notebook, markdown cells go through one ``MarkdownParser`` in order, so that its headings
/// carry across cells and head the code cells after them. Outputs are never read: they are
/// results, often images, and the notes' own words are in the sources.
enum JSONParser {
    /// The fields whose string value names a record, tried in this order.
    static let labelKeys = ["title", "name", "term", "question", "front"]

    /// A `.json` file. Empty or whitespace-only text is a document without sections.
    static func parseJSON(_ text: String, path: String) throws(IngestWarning) -> Document {
        guard let root = try value(of: text, path: path) else {
            return Document(path: path, title: fileStem(path), format: .json, sections: [])
        }
        var leaves = LeafSections()
        leaves.addDocument(root)
        let title = ["title", "name", "course"].lazy.compactMap { root[$0]?.stringValue.flatMap(headingText) }.first
        return Document(path: path, title: title ?? fileStem(path), format: .json, sections: leaves.sections)
    }

    /// A `.jsonl` or `.ndjson` file: one section per record, headed by its label or `line N`.
    /// Malformed lines are skipped and named in one warning; when no line parses, the file is not
    /// JSON Lines at all and the warning is thrown instead.
    static func parseJSONLines(_ text: String, path: String) throws(IngestWarning) -> (Document, IngestWarning?) {
        var leaves = LeafSections()
        var records = 0
        var malformed: [Int] = []
        var firstError: JSONParseError?
        var text = text
        text.withUTF8 { bytes in
            var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0  // a byte order mark
            var number = 0
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
                number += 1
                let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
                start = end + 1
                if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }) {
                    continue
                }
                do throws(JSONParseError) {
                    let record = try JSONValue.parse(line, firstLine: number)
                    records += 1
                    leaves.addRecord(record, headingPath: [label(of: record) ?? "line \(number)"])
                } catch {
                    malformed.append(number)
                    if firstError == nil { firstError = error }
                }
            }
        }
        if let firstError, records == 0 {
            throw IngestWarning(path: path, reason: "invalid JSON Lines: no line parses (\(firstError))")
        }
        let document = Document(path: path, title: fileStem(path), format: .jsonLines, sections: leaves.sections)
        guard let firstError else { return (document, nil) }
        // Enough numbers to find the lines in an editor, not a wall of them.
        let shown = malformed.prefix(10).map(String.init).joined(separator: ", ") + (malformed.count > 10 ? ", …" : "")
        let lines = malformed.count == 1 ? "line" : "lines"
        let reason = "skipped \(malformed.count) malformed \(lines): \(shown) (\(firstError))"
        return (document, IngestWarning(path: path, reason: reason))
    }

    /// An `.ipynb` file (nbformat 4): markdown, code and raw cells in order; outputs skipped.
    /// What is of the wrong shape (a cell without a type, what in a source is not text) is skipped,
    /// and the warning names those cells: a notebook of them would otherwise be stored empty
    /// without a word. A file
    /// without a `cells` array, or whose `cells` holds no cell object at all, is not a notebook; an
    /// empty `cells` array is an empty notebook.
    static func parseNotebook(_ text: String, path: String) throws(IngestWarning) -> (document: Document, warning: IngestWarning?) {
        guard let root = try value(of: text, path: path) else {
            return (Document(path: path, title: fileStem(path), format: .notebook, sections: []), nil)
        }
        guard case .array(let cells)? = root["cells"],
            cells.isEmpty || cells.contains(where: { $0["cell_type"]?.stringValue != nil })
        else {
            throw IngestWarning(path: path, reason: "not a Jupyter notebook: no cells")
        }
        var markdown = MarkdownParser()
        var sections: [Section] = []
        var skipped: [Int] = []
        for (number, cell) in zip(1..., cells) {
            let type = cell["cell_type"]?.stringValue
            if type == nil || !CellSource.isText(cell["source"]) { skipped.append(number) }
            guard let type, let source = CellSource(cell["source"]) else { continue }
            switch type {
            case "markdown":
                sections += markdown.parse(source.text).map(source.inFile)
            case "code", "raw":
                // Raw cells are text for nbconvert; they read as prose, but their `#` lines are not headings.
                if let block = source.block(headingPath: markdown.headingPath, isCode: type == "code") {
                    sections.append(block)
                }
            default:
                continue
            }
        }
        let title = root["metadata"]?["title"]?.stringValue.flatMap(headingText) ?? markdown.title ?? fileStem(path)
        let document = Document(path: path, title: title, format: .notebook, sections: sections)
        guard !skipped.isEmpty else { return (document, nil) }
        let shown = skipped.prefix(10).map(String.init).joined(separator: ", ") + (skipped.count > 10 ? ", …" : "")
        let cellsWord = skipped.count == 1 ? "cell" : "cells"
        let reason = "\(cellsWord) \(shown) of \(cells.count) have no type or a source that is not text, which was skipped"
        return (document, IngestWarning(path: path, reason: reason))
    }

    /// The JSON value of a whole file, or nil when there is nothing but whitespace.
    private static func value(of text: String, path: String) throws(IngestWarning) -> JSONValue? {
        if text.allSatisfy({ $0.isWhitespace || $0 == "\u{FEFF}" }) { return nil }
        do {
            return try JSONValue.parse(text)
        } catch {
            throw IngestWarning(path: path, reason: "invalid JSON: \(error)")
        }
    }

    /// The record's label for a heading: the first line of its first label field.
    static func label(of record: JSONValue) -> String? {
        labelKeys.lazy.compactMap { record[$0]?.stringValue.flatMap(headingText) }.first
    }

    /// The first non-blank line, trimmed; nil when there is none.
    private static func headingText(_ text: String) -> String? {
        text.split(whereSeparator: \.isNewline).lazy.map(\.trimmingSpaces).first { !$0.isEmpty }
    }

    /// The file name without its directory and extension: `exports/syllabus.json` → `syllabus`.
    static func fileStem(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }
}

/// The leaves of JSON values gathered into sections, one `key.path: value` line each, in the
/// order the sections were first met (see ``JSONParser``).
private struct LeafSections {
    private struct Builder {
        var headingPath: [String]
        var lines: [String] = []
        var lineStart = Int.max
        var lineEnd = 0
    }

    private var builders: [Builder] = []
    /// The section of top-level leaves, made when the first one shows up.
    private var topLevel: Int?

    var sections: [Section] {
        builders.filter { !$0.lines.isEmpty }.map {
            Section(
                headingPath: $0.headingPath, text: $0.lines.joined(separator: "\n"),
                lineStart: $0.lineStart, lineEnd: $0.lineEnd
            )
        }
    }

    /// A whole `.json` document.
    mutating func addDocument(_ root: JSONValue) {
        guard case .object(let members) = root else {
            return walk(root, path: "", key: "", section: nil, inRecord: false)
        }
        for (key, value) in members {
            if case .object = value {
                walk(value, path: key, key: "", section: newSection([key]), inRecord: false)
            } else {
                walk(value, path: key, key: key, section: nil, inRecord: false)
            }
        }
    }

    /// One JSON Lines record as one section.
    mutating func addRecord(_ record: JSONValue, headingPath: [String]) {
        walk(record, path: "", key: "", section: newSection(headingPath), inRecord: true)
    }

    private mutating func newSection(_ headingPath: [String]) -> Int {
        builders.append(Builder(headingPath: headingPath))
        return builders.count - 1
    }

    /// Adds the leaves of `value`, found at `path` from the root and `key` from its section's root.
    /// Recursion is bounded by ``JSONValue/maxDepth``.
    private mutating func walk(_ value: JSONValue, path: String, key: String, section: Int?, inRecord: Bool) {
        switch value {
        case .string(let text, let line): add(text, key: key, line: line, to: section)
        case .number(let text, let line): add(text, key: key, line: line, to: section)
        case .bool(let flag, let line): add(flag ? "true" : "false", key: key, line: line, to: section)
        case .null: break
        case .object(let members):
            for (name, member) in members {
                walk(member, path: Self.join(path, name), key: Self.join(key, name), section: section, inRecord: inRecord)
            }
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                let elementPath = "\(path)[\(index)]"
                if !inRecord, case .object = element {
                    let heading = JSONParser.label(of: element).map { path.isEmpty ? [$0] : [path, $0] } ?? [elementPath]
                    walk(element, path: elementPath, key: "", section: newSection(heading), inRecord: true)
                } else {
                    walk(element, path: elementPath, key: "\(key)[\(index)]", section: section, inRecord: inRecord)
                }
            }
        }
    }

    private mutating func add(_ value: String, key: String, line: Int, to section: Int?) {
        let value = value.trimmingSpaces
        guard !value.isEmpty else { return }
        let index = section ?? topLevel ?? newSection([])
        if section == nil { topLevel = index }
        builders[index].lines.append(key.isEmpty ? value : "\(key): \(value)")
        builders[index].lineStart = min(builders[index].lineStart, line)
        builders[index].lineEnd = max(builders[index].lineEnd, line)
    }

    private static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }
}

/// A notebook cell's `source` joined into its text, with the file line where each of its lines begins.
///
/// `source` is either one string, all on one file line, or a list of strings that each end in
/// `"\n"`, one per file line. Both come down to: a cell line begins in the source string that
/// holds its first character.
private struct CellSource {
    let text: String
    /// The text's lines, without their "\n".
    private let lines: [Substring]
    /// `fileLines[k]` is the file line of the cell's line k + 1.
    private let fileLines: [Int]

    /// Whether `source` is what nbformat allows: a string, or a list of strings.
    static func isText(_ source: JSONValue?) -> Bool {
        switch source {
        case .string?: true
        case .array(let elements)?: elements.allSatisfy { if case .string = $0 { true } else { false } }
        default: false
        }
    }

    /// Nil when `source` holds no string. Other elements of a list (`null`, numbers) are skipped.
    init?(_ source: JSONValue?) {
        let pieces: [(text: String, line: Int)]
        switch source {
        case .string(let text, let line)?: pieces = [(text, line)]
        case .array(let elements)?:
            pieces = elements.compactMap { if case .string(let text, let line) = $0 { (text, line) } else { nil } }
        default: return nil
        }
        guard let last = pieces.last else { return nil }
        var fileLines: [Int] = []
        var atLineStart = true
        for piece in pieces {
            for byte in piece.text.utf8 {
                if atLineStart { fileLines.append(piece.line) }
                atLineStart = byte == UInt8(ascii: "\n")
            }
        }
        // The empty line after a final "\n", which line-splitting still counts.
        if atLineStart { fileLines.append(last.line) }
        text = pieces.map(\.text).joined()
        lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map {
            Substring($0.last == "\r" ? $0.dropLast() : $0)
        }
        self.fileLines = fileLines
    }

    /// The file line of cell line `cellLine` (1-based; clamped to the cell).
    func fileLine(_ cellLine: Int) -> Int {
        fileLines[min(max(cellLine, 1), fileLines.count) - 1]
    }

    /// A section from the cell's text, with its lines moved from the cell to the file.
    func inFile(_ section: Section) -> Section {
        var section = section
        section.lineStart = fileLine(section.lineStart)
        section.lineEnd = fileLine(section.lineEnd)
        section.textLineNumbers = section.textLineNumbers?.map(fileLine)
        return section
    }

    /// The whole cell as one section without blank lines around it, or nil when it is blank.
    /// Code keeps its layout, including the first line's indent; other text gets paragraph breaks.
    func block(headingPath: [String], isCode: Bool) -> Section? {
        guard let first = lines.firstIndex(where: { !isBlank($0) }), let last = lines.lastIndex(where: { !isBlank($0) }) else {
            return nil
        }
        let body = (first...last).map { (line: lines[$0], number: $0 + 1) }
        var (text, numbers) = isCode ? (body.map(\.line).joined(separator: "\n"), body.map(\.number)) : MarkdownParser.paragraphs(body)
        while text.last?.isWhitespace == true { text.removeLast() }
        return Section(
            headingPath: headingPath, text: text, lineStart: fileLine(first + 1), lineEnd: fileLine(last + 1), isCode: isCode,
            textLineNumbers: numbers.map(fileLine))
    }

    private func isBlank(_ line: Substring) -> Bool {
        line.allSatisfy(\.isWhitespace)
    }
}
