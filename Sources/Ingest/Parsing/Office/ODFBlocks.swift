import CLibXML2

/// OpenDocument text markup (the `text:` and `table:` elements of .odt and .odp) as blocks in
/// document order: headings with their outline level, the title, and paragraphs, with list items
/// marked and tables a row to a line. Footnotes, comments, tracked deletions and generated tables
/// of contents are left out: they are not the text in reading order.
struct ODFBlocks {
    enum Block: Equatable {
        case heading(level: Int, text: String)
        case title(String)
        case paragraph(String)
    }

    static let skipped: Set<String> = [
        "note", "annotation", "tracked-changes", "table-of-content", "alphabetical-index", "illustration-index",
        "sequence-decls", "page-thumbnail",
    ]

    /// List style name → for each level (1-based), whether it is numbered.
    let listStyles: [String: [Int: Bool]]
    private(set) var blocks: [Block] = []
    private var open: [(text: InlineText, heading: Int?, isTitle: Bool)] = []
    private var tables = OpenTables()
    private var inHeaderRows = 0
    /// The open lists: style, and the last number given.
    private var lists: [(style: String?, number: Int)] = []
    /// The marker the next paragraph of a list item starts with.
    private var marker: String?

    init(listStyles: [String: [Int: Bool]]) {
        self.listStyles = listStyles
    }

    /// The blocks of `root` and everything under it.
    static func read(_ root: xmlNodePtr, listStyles: [String: [Int: Bool]]) -> [Block] {
        var walker = ODFBlocks(listStyles: listStyles)
        HTMLParser.traverse(root, enter: { walker.enter($0) }, leave: { walker.leave($0) })
        return walker.blocks
    }

    /// The list styles of a content.xml or styles.xml: `text:list-style` elements by name.
    static func listStyles(_ root: xmlNodePtr) -> [String: [Int: Bool]] {
        var styles: [String: [Int: Bool]] = [:]
        for style in root.descendants("list-style") {
            guard let name = style.attribute("name") else { continue }
            for level in style.elements {
                guard let n = level.attribute("level").flatMap({ Int($0) }) else { continue }
                styles[name, default: [:]][n] = level.localName == "list-level-style-number"
            }
        }
        return styles
    }

    private mutating func enter(_ node: xmlNodePtr) -> Bool {
        let name = node.localName
        if Self.skipped.contains(name) { return false }
        switch name {
        case "h":
            let level = node.attribute("outline-level").flatMap { Int($0) } ?? 1
            open.append((InlineText(), max(level - 1, 0), false))
        case "p":
            open.append((InlineText(), nil, node.attribute("style-name") == "Title"))
        case "s":
            if !open.isEmpty { open[open.count - 1].text.space() }
        case "tab", "line-break":
            if !open.isEmpty { open[open.count - 1].text.space() }
        case "list":
            // A nested list without a style of its own follows the outer list's.
            lists.append((node.attribute("style-name") ?? lists.last?.style, 0))
        case "list-item":
            marker = listMarker()
        case "table":
            tables.openTable()
        case "table-header-rows":
            inHeaderRows += 1
        case "table-row":
            tables.openRow(isHeader: inHeaderRows > 0)
        case "table-cell":
            tables.openCell()
        default:
            break
        }
        if node.pointee.type == XML_TEXT_NODE, !open.isEmpty, let content = node.pointee.content {
            open[open.count - 1].text.append(String(cString: content))
        }
        return true
    }

    private mutating func leave(_ node: xmlNodePtr) {
        switch node.localName {
        case "h", "p":
            guard var paragraph = open.popLast() else { return }
            let text = paragraph.text.take()
            guard !text.isEmpty else { return }
            if tables.inCell {
                tables.append(text)
            } else if let level = paragraph.heading {
                blocks.append(.heading(level: level, text: text))
            } else if paragraph.isTitle {
                blocks.append(.title(text))
            } else {
                let indent = String(repeating: "  ", count: max(lists.count - 1, 0))
                blocks.append(.paragraph(marker.map { indent + $0 + text } ?? text))
                marker = nil
            }
        case "list":
            lists.removeLast()
        case "table-header-rows":
            inHeaderRows -= 1
        case "table-row":
            tables.closeRow()
        case "table-cell":
            tables.closeCell()
        case "table":
            if let table = tables.closeTable() { blocks.append(.paragraph(table)) }
        default:
            break
        }
    }

    /// "- " in a bulleted list, "2. " for the second item of a numbered one.
    private mutating func listMarker() -> String? {
        guard let last = lists.indices.last else { return nil }
        let numbered = lists[last].style.flatMap { listStyles[$0]?[lists.count] } ?? false
        guard numbered else { return "- " }
        lists[last].number += 1
        return "\(lists[last].number). "
    }
}
