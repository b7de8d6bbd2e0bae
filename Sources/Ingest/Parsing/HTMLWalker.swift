import CLibXML2

/// One pass over the tree in document order: lays the text out and cuts it into sections at headings.
struct HTMLWalker {
    /// Page furniture rather than content; dropped with everything inside.
    static let dropped: Set<String> = [
        "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template", "svg",
        "iframe", "button", "select", "object", "canvas",
    ]
    /// The ARIA roles of the same furniture (`<div role="navigation">`).
    static let droppedRoles: Set<String> = ["navigation", "banner", "contentinfo", "complementary", "search"]
    /// Elements a browser shows as blocks: each starts and ends a paragraph.
    static let blocks: Set<String> = [
        "address", "article", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div", "dl",
        "dt", "fieldset", "figcaption", "figure", "hgroup", "hr", "legend", "li", "main", "menu", "ol", "p",
        "section", "summary", "table", "td", "th", "tr", "ul",
    ]
    /// libxml2 keeps line numbers in 16 bits and stamps every node from this line on with it.
    static let lineCap = Int(UInt16.max)

    let lineCount: Int
    private(set) var sections: [Section] = []
    private(set) var title: String?
    private(set) var firstH1: String?

    private var headings: [(level: Int, text: String)] = []
    private var layout = HTMLLayout()
    /// The source lines of the open section's heading and content.
    private var range: (start: Int, end: Int)?
    /// The furthest source line reached so far; libxml2's line numbers only grow in document order.
    private var cursor = 1
    private var capped = false
    /// A heading or `<title>` whose text is being collected instead of laid out.
    private var capture: Capture?
    private var preDepth = 0
    /// Inside a data table's cell, blocks and line breaks are spaces, so that a row stays on one line.
    private var cellDepth = 0
    private var tables: [Table] = []
    /// For each open list: the last number given in an `<ol>`, nil in a `<ul>`.
    private var lists: [Int?] = []

    init(lineCount: Int) {
        self.lineCount = lineCount
    }

    private struct Capture {
        let element: xmlNodePtr
        /// The heading level, or nil for `<title>`.
        let level: Int?
        let line: Int
        var end: Int
        var text = InlineText()
    }

    private struct Table {
        /// A layout table (one with headings or tables inside) is read as plain blocks instead of rows.
        let isData: Bool
        var cells: [String] = []
        /// Whether the row being read has only `<th>` cells so far.
        var headerRow = true
        var rows = TableRows()

        mutating func line() -> String? {
            defer { cells = [] }
            return rows.line(cells, isHeader: headerRow)
        }
    }

    mutating func enter(_ node: xmlNodePtr) -> Bool {
        switch node.pointee.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            text(node)
            return false
        case XML_ELEMENT_NODE:
            break
        default:
            return false  // comments, processing instructions, the DTD
        }
        let name = String(cString: node.pointee.name)
        if Self.dropped.contains(name) || Self.isHidden(node) { return false }
        let line = reach(Int(node.pointee.line))

        if capture != nil {
            if Self.blocks.contains(name) || name == "br" { capture?.text.space() }
            return true
        }
        if name == "title" || HTMLParser.headingLevel(name) != nil {
            capture = Capture(element: node, level: HTMLParser.headingLevel(name), line: line, end: line)
            return true
        }
        switch name {
        case "br":
            if preDepth > 0 {
                layout.code += "\n"
            } else if cellDepth > 0 {
                layout.line.space()
            } else {
                layout.breakLine()
            }
        case "pre":
            if cellDepth > 0 {
                layout.line.space()
            } else {
                if preDepth == 0 { layout.breakParagraph() }
                preDepth += 1
            }
        case "table":
            boundary()
            tables.append(Table(isData: cellDepth == 0 && !Self.containsLayout(node)))
        case "tr" where inDataTable:
            tables[tables.count - 1].cells = []
            tables[tables.count - 1].headerRow = true
        case "td" where inDataTable, "th" where inDataTable:
            keepStrayText()
            if name == "td" { tables[tables.count - 1].headerRow = false }
            cellDepth += 1
        case "ul", "ol":
            boundary()
            lists.append(name == "ol" ? 0 : nil)
        case "li":
            boundary()
            if cellDepth == 0 { layout.line.prefix = listMarker() }
        default:
            if Self.blocks.contains(name) { boundary() }
        }
        return true
    }

    mutating func leave(_ node: xmlNodePtr) {
        let name = String(cString: node.pointee.name)
        if let open = capture {
            if open.element == node {
                finishCapture(open)
            } else if Self.blocks.contains(name) {
                capture?.text.space()
            }
            return
        }
        switch name {
        case "pre":
            if cellDepth > 0 {
                layout.line.space()
            } else {
                preDepth -= 1
                if preDepth == 0 { layout.endCode() }
            }
        case "table":
            tables.removeLast()
            boundary()
        case "tr" where inDataTable:
            keepStrayText()
            if let line = tables[tables.count - 1].line() { layout.append(line: line) }
        case "td" where inDataTable, "th" where inDataTable:
            cellDepth -= 1
            tables[tables.count - 1].cells.append(layout.line.take())
        case "ul", "ol":
            lists.removeLast()
            boundary()
        default:
            if Self.blocks.contains(name) { boundary() }
        }
    }

    private var inDataTable: Bool { tables.last?.isData == true }

    mutating func finish() {
        flushSection()
    }

    private mutating func text(_ node: xmlNodePtr) {
        guard let content = node.pointee.content else { return }
        let text = String(cString: content)
        let lines = sourceLines(of: text, reportedLine: Int(node.pointee.line))
        let visible = text.contains { !$0.isWhitespace }
        if var open = capture {
            open.text.append(text)
            if visible { open.end = max(open.end, lines.upperBound) }
            capture = open
            return
        }
        if preDepth > 0 {
            layout.code += text
        } else {
            layout.line.append(text)
        }
        if visible {
            range = range.map { ($0.start, max($0.end, lines.upperBound)) } ?? (lines.lowerBound, lines.upperBound)
        }
    }

    /// A paragraph break, or only a space inside a table cell, where the row must stay one line;
    /// inside `<pre>` the text's own newlines are the layout.
    private mutating func boundary() {
        if cellDepth > 0 {
            layout.line.space()
        } else if preDepth == 0 {
            layout.breakParagraph()
        }
    }

    /// Text that tag soup put in a row but outside its cells becomes a cell of its own, rather than
    /// being glued to the next cell.
    private mutating func keepStrayText() {
        let stray = layout.line.take()
        if !stray.isEmpty, !tables.isEmpty { tables[tables.count - 1].cells.append(stray) }
    }

    private mutating func listMarker() -> String {
        guard let last = lists.indices.last, let number = lists[last] else { return "- " }
        lists[last] = number + 1
        return "\(number + 1). "
    }

    private mutating func finishCapture(_ open: Capture) {
        capture = nil
        // Documentation generators end each heading with a permalink sign ("Lasso¶"); it is not its title.
        var text = open.text.text
        while let last = text.last, last == "¶" || last.isWhitespace { text.removeLast() }
        guard !text.isEmpty else { return }
        guard let level = open.level else {
            if title == nil { title = text }
            return
        }
        flushSection()
        headings.removeAll { $0.level >= level }
        headings.append((level, text))
        if level == 1 && firstH1 == nil { firstH1 = text }
        range = (open.line, open.end)
    }

    private mutating func flushSection() {
        layout.breakParagraph()
        let (text, isCode) = layout.take()
        if !text.isEmpty {
            let (start, end) = range ?? (cursor, cursor)
            let lineStart = min(max(start, 1), lineCount)
            let lineEnd = min(max(end, lineStart), lineCount)
            sections.append(
                Section(
                    headingPath: headings.map(\.text), text: text, lineStart: lineStart, lineEnd: lineEnd,
                    isCode: isCode))
        }
        range = nil
    }

    /// An element's line (its start tag's), moving the cursor. Line 0 means unknown and leaves the
    /// cursor where it is; at the cap the true line is unknown too, only that it is no earlier.
    private mutating func reach(_ reported: Int) -> Int {
        if reported >= Self.lineCap || capped {
            capped = true
            return Self.lineCap
        }
        cursor = max(cursor, reported)
        return cursor
    }

    /// The source lines a text node's visible characters span. libxml2 stamps a text node with the
    /// line the parser had reached when it stored the text, which for short text is the line where it
    /// ends, so the start is found by counting back its newlines (never before the cursor).
    private mutating func sourceLines(of text: String, reportedLine: Int) -> ClosedRange<Int> {
        let utf8 = text.utf8
        let newlines = utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        if reportedLine >= Self.lineCap || capped {
            // Past the cap nothing more precise is known than "somewhere from here to the end".
            capped = true
            return Self.lineCap...max(Self.lineCap, lineCount)
        }
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C }
        let leading = utf8.prefix(while: isSpace).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        let trailing = utf8.reversed().prefix(while: isSpace).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        let start = max(cursor, reportedLine - newlines)
        cursor = start + newlines
        let first = start + min(leading, newlines)
        return first...max(first, start + newlines - trailing)
    }

    /// A `hidden` element is never shown, and an `aria-hidden` one is decoration that screen readers
    /// skip as well; neither is text a reader of the page would quote.
    private static func isHidden(_ element: xmlNodePtr) -> Bool {
        if let role = HTMLParser.attribute("role", of: element), droppedRoles.contains(role) { return true }
        return HTMLParser.attribute("hidden", of: element) != nil || HTMLParser.attribute("aria-hidden", of: element) == "true"
    }

    /// Whether a table holds headings or other tables: then it arranges the page rather than data.
    private static func containsLayout(_ table: xmlNodePtr) -> Bool {
        var found = false
        HTMLParser.traverse(
            table,
            enter: { node in
                guard !found, node.pointee.type == XML_ELEMENT_NODE else { return false }
                let name = String(cString: node.pointee.name)
                if node != table && (name == "table" || HTMLParser.headingLevel(name) != nil) { found = true }
                return !found && !Self.dropped.contains(name)
            },
            leave: { _ in })
        return found
    }
}
