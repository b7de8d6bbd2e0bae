import CLibXML2

/// A Word document (Office Open XML): word/document.xml's paragraphs in order, headings from their
/// style's (or their own) outline level, list items marked as lists, tables a row to a line.
/// Deleted text of tracked changes, field codes and the fallback copies of drawings are left out.
enum DOCXParser {
    static func parse(_ zip: inout ZipContainer, path: String) throws(OfficeProblem) -> Document {
        let styles = try WordStyles(styles: try zip.read("word/styles.xml"), numbering: try zip.read("word/numbering.xml"))
        let coreTitle = try OfficeParser.coreTitle(&zip, part: "docProps/core.xml")
        var walker = WordWalker(styles: styles)
        try XMLPart.parse(try zip.require("word/document.xml"), part: "word/document.xml") { root in
            HTMLParser.traverse(root, enter: { walker.enter($0) }, leave: { walker.leave($0) })
        }
        walker.finish()
        return Document(
            path: path, title: coreTitle ?? walker.title ?? NoteReader.fileTitle(path), format: .docx,
            sections: walker.sections.sections)
    }
}

/// One pass over word/document.xml in document order.
private struct WordWalker {
    /// Elements with no text a reader sees: properties, deleted runs, field codes, and the
    /// old-Word copy of a drawing that `mc:Choice` already gave.
    static let skipped: Set<String> = [
        "pPr", "rPr", "tblPr", "tcPr", "sectPr", "del", "delText", "instrText", "Fallback", "footnoteReference",
        "endnoteReference", "commentReference",
    ]

    let styles: WordStyles
    private(set) var sections = ExtractedSections()
    private(set) var title: String?
    private var headings: [(level: Int, text: String)] = []
    private var paragraphs: [String] = []
    /// The open paragraphs: a text box's paragraphs sit inside the paragraph that anchors it.
    private var open: [(text: InlineText, properties: Properties)] = []
    private var tables = OpenTables()
    /// Per list, the last number given at each level.
    private var counters: [String: [Int]] = [:]

    init(styles: WordStyles) {
        self.styles = styles
    }

    private struct Properties {
        var style: String?
        var outlineLevel: Int?
        /// numId and level, for a list item.
        var list: (id: String, level: Int)?
    }

    mutating func enter(_ node: xmlNodePtr) -> Bool {
        let name = node.localName
        if Self.skipped.contains(name) { return false }
        switch name {
        case "p":
            open.append((InlineText(), Self.properties(node)))
        case "t":
            if !open.isEmpty { open[open.count - 1].text.append(node.text) }
            return false
        case "tab", "br", "cr":
            if !open.isEmpty { open[open.count - 1].text.space() }
        case "tbl":
            tables.openTable()
        case "tr":
            // The header row repeats on every page (tblHeader), or the table's look marks its first row.
            let marked = node.child("trPr")?.child("tblHeader").map { $0.attribute("val") != "0" && $0.attribute("val") != "false" } ?? false
            tables.openRow(isHeader: marked || (tables.atFirstRow && Self.firstRowIsHeader(node)))
        case "tc":
            tables.openCell()
        default:
            break
        }
        return true
    }

    mutating func leave(_ node: xmlNodePtr) {
        switch node.localName {
        case "p":
            guard let (text, properties) = open.popLast() else { return }
            var line = text
            paragraph(line.take(), properties)
        case "tc":
            tables.closeCell()
        case "tr":
            tables.closeRow()
        case "tbl":
            if let table = tables.closeTable() { paragraphs.append(table) }
        default:
            break
        }
    }

    mutating func finish() {
        sections.add(paragraphs, headingPath: headings.map(\.text))
    }

    private mutating func paragraph(_ text: String, _ properties: Properties) {
        guard !text.isEmpty else { return }
        if tables.inCell { return tables.append(text) }
        if styles.isTitle(style: properties.style), title == nil, headings.isEmpty, paragraphs.isEmpty {
            title = text
            return
        }
        if let level = styles.outlineLevel(style: properties.style, direct: properties.outlineLevel) {
            sections.add(paragraphs, headingPath: headings.map(\.text))
            paragraphs = []
            headings.removeAll { $0.level >= level }
            headings.append((level, text))
            return
        }
        if let list = properties.list {
            paragraphs.append(String(repeating: "  ", count: list.level) + marker(list) + text)
        } else {
            paragraphs.append(text)
        }
    }

    /// "- " for a bullet, "3. " for the third item of a numbered level (deeper levels restart).
    private mutating func marker(_ list: (id: String, level: Int)) -> String {
        guard styles.isNumbered(numId: list.id, level: String(list.level)) else { return "- " }
        var numbers = counters[list.id] ?? []
        if numbers.count > list.level + 1 { numbers.removeLast(numbers.count - list.level - 1) }
        while numbers.count < list.level + 1 { numbers.append(0) }
        numbers[list.level] += 1
        counters[list.id] = numbers
        return "\(numbers[list.level]). "
    }

    private static func properties(_ paragraph: xmlNodePtr) -> Properties {
        guard let pPr = paragraph.child("pPr") else { return Properties() }
        var properties = Properties(
            style: pPr.child("pStyle")?.attribute("val"), outlineLevel: pPr.child("outlineLvl")?.attribute("val").flatMap { Int($0) })
        if let numbering = pPr.child("numPr"), let id = numbering.child("numId")?.attribute("val"), id != "0" {
            let level = numbering.child("ilvl")?.attribute("val").flatMap { Int($0) } ?? 0
            properties.list = (id, min(max(level, 0), 8))
        }
        return properties
    }

    /// `<w:tblLook w:firstRow="1">`, or the older hexadecimal `w:val` with bit 0x20 set.
    private static func firstRowIsHeader(_ row: xmlNodePtr) -> Bool {
        guard let look = row.pointee.parent?.child("tblPr")?.child("tblLook") else { return false }
        if let firstRow = look.attribute("firstRow") { return firstRow == "1" || firstRow == "true" }
        return look.attribute("val").flatMap { Int($0, radix: 16) }.map { $0 & 0x20 != 0 } ?? false
    }
}
