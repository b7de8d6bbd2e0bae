import CLibXML2

/// What a Word document's styles.xml and numbering.xml say about its paragraphs: which styles are
/// headings (their outline level, inherited through `basedOn`), which is the title, and which
/// lists are numbered rather than bulleted.
struct WordStyles {
    private var outlineLevels: [String: Int] = [:]
    private var titleStyles: Set<String> = []
    /// numId → ilvl → whether that level is numbered.
    private var numbered: [String: [String: Bool]] = [:]

    init(styles: [UInt8]?, numbering: [UInt8]?) throws(OfficeProblem) {
        if let styles { try XMLPart.parse(styles, part: "word/styles.xml") { root in readStyles(root) } }
        if let numbering { try XMLPart.parse(numbering, part: "word/numbering.xml") { root in readNumbering(root) } }
    }

    /// 0 for a top-level heading, nil for body text. A level set on the paragraph wins over its style's.
    func outlineLevel(style: String?, direct: Int?) -> Int? {
        let level = direct ?? style.flatMap { outlineLevels[$0] }
        // Word's level 9 is "body text".
        return level.flatMap { (0...8).contains($0) ? $0 : nil }
    }

    func isTitle(style: String?) -> Bool { style.map(titleStyles.contains) ?? false }

    func isNumbered(numId: String, level: String) -> Bool { numbered[numId]?[level] ?? false }

    private mutating func readStyles(_ root: xmlNodePtr) {
        var basedOn: [String: String] = [:]
        var own: [String: Int] = [:]
        for style in root.descendants("style") where style.attribute("type") == "paragraph" {
            guard let id = style.attribute("styleId") else { continue }
            let name = style.child("name")?.attribute("val")?.lowercased() ?? ""
            if let parent = style.child("basedOn")?.attribute("val") { basedOn[id] = parent }
            if let level = style.child("pPr")?.child("outlineLvl")?.attribute("val").flatMap({ Int($0) }) {
                own[id] = level
            } else if name.hasPrefix("heading "), let n = Int(name.dropFirst(8)) {
                // A style named "heading 2" without an outline level is still read as one.
                own[id] = n - 1
            }
            if name == "title" { titleStyles.insert(id) }
        }
        for id in Set(basedOn.keys).union(own.keys) {
            // Up the basedOn chain to the first style with a level; a cycle ends after a few steps.
            var current: String? = id
            for _ in 0..<16 {
                guard let style = current else { break }
                if let level = own[style] {
                    outlineLevels[id] = level
                    break
                }
                current = basedOn[style]
            }
        }
    }

    private mutating func readNumbering(_ root: xmlNodePtr) {
        var abstract: [String: [String: Bool]] = [:]
        for definition in root.descendants("abstractNum") {
            guard let id = definition.attribute("abstractNumId") else { continue }
            for level in definition.elements where level.localName == "lvl" {
                guard let ilvl = level.attribute("ilvl") else { continue }
                let format = level.child("numFmt")?.attribute("val") ?? "bullet"
                abstract[id, default: [:]][ilvl] = format != "bullet" && format != "none"
            }
        }
        for num in root.descendants("num") {
            guard let id = num.attribute("numId"), let definition = num.child("abstractNumId")?.attribute("val") else { continue }
            numbered[id] = abstract[definition] ?? [:]
        }
    }
}
