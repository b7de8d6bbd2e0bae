import CLibXML2

/// OpenDocument text (.odt) and presentations (.odp): content.xml's body, read as `ODFBlocks`.
/// A text is cut into sections at its headings (`text:h` and their outline level); a presentation
/// is one section per slide (`draw:page`), titled by its title frame, with its speaker notes
/// (`presentation:notes`) under "Speaker notes", each knowing its 1-based slide.
enum ODFParser {
    static func text(_ zip: inout ZipContainer, path: String) throws(OfficeProblem) -> Document {
        let body = try content(&zip, body: "text")
        var sections = ExtractedSections()
        var headings: [(level: Int, text: String)] = []
        var paragraphs: [String] = []
        var title: String?
        for block in body {
            switch block {
            case .title(let text) where title == nil && headings.isEmpty && paragraphs.isEmpty:
                title = text
            case .title(let text), .paragraph(let text):
                paragraphs.append(text)
            case .heading(let level, let text):
                sections.add(paragraphs, headingPath: headings.map(\.text))
                paragraphs = []
                headings.removeAll { $0.level >= level }
                headings.append((level, text))
            }
        }
        sections.add(paragraphs, headingPath: headings.map(\.text))
        let documentTitle = try OfficeParser.coreTitle(&zip, part: "meta.xml") ?? title ?? NoteReader.fileTitle(path)
        return Document(path: path, title: documentTitle, format: .odt, sections: sections.sections)
    }

    static func presentation(_ zip: inout ZipContainer, path: String) throws(OfficeProblem) -> Document {
        let styles = try zip.read("styles.xml").map { bytes throws(OfficeProblem) in
            try XMLPart.parse(bytes, part: "styles.xml") { ODFBlocks.listStyles($0) }
        }
        var sections = ExtractedSections()
        var firstTitle: String?
        try XMLPart.parse(try zip.require("content.xml"), part: "content.xml") { root in
            let listStyles = ODFBlocks.listStyles(root).merging(styles ?? [:]) { own, _ in own }
            for (index, page) in root.descendants("page").enumerated() {
                let number = index + 1
                var title: String?
                var body: [String] = []
                var notes: [String] = []
                for frame in Self.frames(page) {
                    let text = ODFBlocks.read(frame.node, listStyles: listStyles).map(Self.text)
                    switch frame.role {
                    case "title" where title == nil: title = text.joined(separator: " ")
                    case "notes": notes += text
                    case "page-number", "footer", "date-time", "header", "page": break
                    default: body.append(text.joined(separator: "\n"))
                    }
                }
                let heading = title ?? page.attribute("name") ?? "Slide \(number)"
                firstTitle = firstTitle ?? title
                sections.add(body.allSatisfy(\.isEmpty) ? [heading] : body, headingPath: [heading], slide: number)
                sections.add(notes, headingPath: [heading, SlideText.notesHeading], slide: number)
            }
        }
        let title = try OfficeParser.coreTitle(&zip, part: "meta.xml") ?? firstTitle ?? NoteReader.fileTitle(path)
        return Document(path: path, title: title, format: .odp, sections: sections.sections)
    }

    /// The body of content.xml (`office:text`) as blocks, its lists numbered by its own list styles and styles.xml's.
    private static func content(_ zip: inout ZipContainer, body: String) throws(OfficeProblem) -> [ODFBlocks.Block] {
        let shared = try zip.read("styles.xml").map { bytes throws(OfficeProblem) in
            try XMLPart.parse(bytes, part: "styles.xml") { ODFBlocks.listStyles($0) }
        }
        return try XMLPart.parse(try zip.require("content.xml"), part: "content.xml") { root in
            let listStyles = ODFBlocks.listStyles(root).merging(shared ?? [:]) { own, _ in own }
            guard let office = root.child("body")?.child(body) else { return [] }
            return ODFBlocks.read(office, listStyles: listStyles)
        }
    }

    private static func text(_ block: ODFBlocks.Block) -> String {
        switch block {
        case .heading(_, let text), .title(let text), .paragraph(let text): text
        }
    }

    /// A slide's frames and shapes with text, in the slide's order, each with its presentation
    /// role (`title`, `outline`, `notes`, …; empty for a plain shape). Notes are the frames inside
    /// `presentation:notes`; its page thumbnail is no text.
    private static func frames(_ page: xmlNodePtr) -> [(node: xmlNodePtr, role: String)] {
        var found: [(xmlNodePtr, String)] = []
        for child in page.elements {
            switch child.localName {
            case "notes":
                found += child.elements.filter { $0.localName == "frame" && $0.attribute("class") != "page" }.map { ($0, "notes") }
            case "frame", "custom-shape", "rect", "ellipse", "g":
                found.append((child, child.attribute("class") ?? ""))
            default:
                continue
            }
        }
        return found
    }
}
