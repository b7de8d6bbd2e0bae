import CLibXML2

/// A PowerPoint deck (Office Open XML): one section per slide in the presentation's order, titled
/// by its title placeholder, and the slide's speaker notes as a section of their own under
/// "Speaker notes". Every section knows its slide, 1-based as PowerPoint numbers it.
enum PPTXParser {
    static func parse(_ zip: inout ZipContainer, path: String) throws(OfficeProblem) -> Document {
        let presentation = "ppt/presentation.xml"
        let relationships = try PartPaths.relationships(of: presentation, in: &zip)
        let slideIds = try XMLPart.parse(try zip.require(presentation), part: presentation) { root in
            root.descendants("sldId").compactMap { $0.namespacedAttribute("id") }
        }
        var sections = ExtractedSections()
        var firstTitle: String?
        for (index, id) in slideIds.enumerated() {
            guard let slide = relationships[id]?.target, let bytes = try zip.read(slide) else { continue }
            let number = index + 1
            let content = try XMLPart.parse(bytes, part: slide) { root in SlideText.read(root) }
            let title = content.title ?? "Slide \(number)"
            firstTitle = firstTitle ?? content.title
            // A slide with only a title is still a slide, found by its title.
            sections.add(content.body.isEmpty ? [title] : content.body, headingPath: [title], slide: number)
            let notesPart = try PartPaths.relationships(of: slide, in: &zip).values.first { $0.type == "notesSlide" }?.target
            if let notesPart, let notes = try zip.read(notesPart) {
                let text = try XMLPart.parse(notes, part: notesPart) { root in SlideText.read(root, notes: true) }
                sections.add(text.body, headingPath: [title, SlideText.notesHeading], slide: number)
            }
        }
        let title = try OfficeParser.coreTitle(&zip, part: "docProps/core.xml") ?? firstTitle ?? NoteReader.fileTitle(path)
        return Document(path: path, title: title, format: .pptx, sections: sections.sections)
    }
}

/// The text of one slide or notes page: its title placeholder's text, and every other shape's
/// paragraphs (a table a row to a line) in the order the slide lists its shapes.
struct SlideText {
    /// The heading under a slide's title that its speaker notes are kept under.
    static let notesHeading = "Speaker notes"
    /// Placeholders that repeat on every slide or only picture the slide: not its text.
    static let furniture: Set<String> = ["sldNum", "dt", "ftr", "hdr", "sldImg"]

    var title: String?
    var body: [String] = []

    /// `notes`: a notes page, whose text is its body placeholder only.
    static func read(_ root: xmlNodePtr, notes: Bool = false) -> SlideText {
        var slide = SlideText()
        var tables = OpenTables()
        var shape: (placeholder: String?, lines: [String])?
        var paragraph = InlineText()
        HTMLParser.traverse(
            root,
            enter: { node in
                switch node.localName {
                case "sp":
                    let placeholder = node.child("nvSpPr")?.child("nvPr")?.child("ph")
                    shape = (placeholder.map { $0.attribute("type") ?? "body" }, [])
                case "p": paragraph = InlineText()
                case "t":
                    paragraph.append(node.text)
                    return false
                case "br", "tab": paragraph.space()
                case "tbl": tables.openTable()
                case "tr": tables.openRow(isHeader: tables.atFirstRow && node.pointee.parent?.child("tblPr")?.attribute("firstRow") == "1")
                case "tc": tables.openCell()
                default: break
                }
                return true
            },
            leave: { node in
                switch node.localName {
                case "p":
                    let text = paragraph.take()
                    if tables.inCell { tables.append(text) } else if !text.isEmpty { shape?.lines.append(text) }
                case "tc": tables.closeCell()
                case "tr": tables.closeRow()
                case "tbl": if let table = tables.closeTable() { slide.body.append(table) }
                case "sp":
                    guard let (placeholder, lines) = shape else { return }
                    shape = nil
                    if placeholder.map(furniture.contains) == true || lines.isEmpty { return }
                    if notes && placeholder != "body" { return }
                    if !notes, placeholder == "title" || placeholder == "ctrTitle", slide.title == nil {
                        slide.title = lines.joined(separator: " ")
                    } else {
                        slide.body.append(lines.joined(separator: "\n"))
                    }
                default: break
                }
            })
        return slide
    }
}
