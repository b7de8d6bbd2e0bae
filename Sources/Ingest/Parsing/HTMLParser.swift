import CLibXML2

/// HTML pages (LMS exports, wiki pages, saved articles) into sections. libxml2's forgiving HTML
/// parser builds the tree; boilerplate (navigation, scripts, footers, forms…) is dropped whole;
/// h1–h6 open sections; the rest is laid out roughly as a browser shows it: whitespace collapsed,
/// blocks as paragraphs, `<pre>` verbatim, each table row as one line (`Header: cell; …` under a header row).
enum HTMLParser {
    /// `text` is the already-decoded file content (a Swift String; the caller handled charset detection).
    static func parse(_ text: String, path: String) -> Document {
        var walker = Walker(lineCount: lineCount(text))
        var text = withoutInternalSubset(text)
        text.withUTF8 { utf8 in
            guard let base = utf8.baseAddress, let size = Int32(exactly: utf8.count) else { return }
            // The text is UTF-8 already, so the encoding is forced: left to itself libxml2 follows a
            // `<meta charset>` or `http-equiv` declaration and decodes the UTF-8 bytes a second time
            // (café → cafÃ©). A forced encoding makes it ignore those declarations.
            let doc = base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                htmlReadMemory($0, size, nil, "UTF-8", options)
            }
            guard let doc else { return }
            defer { xmlFreeDoc(doc) }
            for root in contentRoots(doc) {
                traverse(root, enter: { walker.enter($0) }, leave: { walker.leave($0) })
            }
        }
        walker.finish()
        return Document(
            path: path, title: walker.title ?? walker.firstH1 ?? fileStem(path), format: .html,
            sections: walker.sections)
    }

    /// `text` with the internal subset of its DOCTYPE (`<!DOCTYPE html [ <!ENTITY …> ]>`) blanked
    /// out. libxml2's HTML parser knows no internal subset: it ends the DOCTYPE at the first `>`
    /// and reads the rest of the declarations as page text. Newlines stay, so line numbers do too.
    static func withoutInternalSubset(_ text: String) -> String {
        guard let doctype = text.range(of: "<!DOCTYPE", options: .caseInsensitive),
            let open = text[doctype.upperBound...].firstIndex(where: { $0 == "[" || $0 == ">" }), text[open] == "["
        else { return text }
        var quote: Character?
        var index = text.index(after: open)
        while index < text.endIndex {
            let character = text[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "]" {
                let blanked = text[open...index].map { $0.isNewline ? $0 : " " }
                return String(text[..<open]) + String(blanked) + String(text[text.index(after: index)...])
            }
            index = text.index(after: index)
        }
        return text  // no end to the subset: libxml2 recovers as it can
    }

    /// Recover from tag soup quietly, and never touch the network (no external DTDs or entities).
    /// HUGE lifts libxml2's nesting limit of 256, past which it silently drops the rest of the page;
    /// the walk below is iterative, so depth costs nothing.
    private static let options = Int32(
        bitPattern: HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | XML_PARSE_HUGE.rawValue)

    /// Where the page's own text is: its `<main>` (or the element marked `role="main"`, as Sphinx
    /// documentation marks it), else its `<article>`s, else the whole page. Pages that mark their
    /// content leave cookie banners and site headers outside it. The `<head>` comes first either
    /// way, for the `<title>`.
    static func contentRoots(_ doc: htmlDocPtr) -> [xmlNodePtr] {
        var top: [xmlNodePtr] = []
        var head: xmlNodePtr?
        var mains: [xmlNodePtr] = []
        var articles: [xmlNodePtr] = []
        var node = doc.pointee.children
        while let current = node {
            top.append(current)
            traverse(
                current,
                enter: { element in
                    switch element.pointee.type == XML_ELEMENT_NODE ? String(cString: element.pointee.name) : "" {
                    case "head": head = head ?? element
                    case "main": mains.append(element)
                    case "article": if mains.isEmpty { articles.append(element) }
                    default: if attribute("role", of: element) == "main" { mains.append(element) }
                    }
                    // Nested articles are part of the outer one.
                    return !(mains.last == element || articles.last == element)
                }, leave: { _ in })
            node = current.pointee.next
        }
        let content = mains.isEmpty ? articles : [mains[0]]
        return content.isEmpty ? top : (head.map { [$0] } ?? []) + content
    }

    /// The value of `element`'s attribute `name`, lowercased.
    static func attribute(_ name: String, of element: xmlNodePtr) -> String? {
        var attribute = element.pointee.properties
        while let current = attribute {
            if String(cString: current.pointee.name) == name {
                return current.pointee.children?.pointee.content.map { String(cString: $0).lowercased() } ?? ""
            }
            attribute = current.pointee.next
        }
        return nil
    }

    /// Visits `root` and its descendants in document order. `enter` returns whether to go into a
    /// node; `leave` follows for each node entered. The tree's parent links stand in for a stack, so
    /// no input can exhaust Swift's stack.
    static func traverse(_ root: xmlNodePtr, enter: (xmlNodePtr) -> Bool, leave: (xmlNodePtr) -> Void) {
        var node = root
        while true {
            if enter(node) {
                if let child = node.pointee.children {
                    node = child
                    continue
                }
                leave(node)
            }
            while true {
                if node == root { return }
                if let next = node.pointee.next {
                    node = next
                    break
                }
                guard let parent = node.pointee.parent else { return }
                node = parent
                leave(node)
            }
        }
    }

    /// Lines as libxml2 counts them: one per "\n", plus a last line without one.
    static func lineCount(_ text: String) -> Int {
        let newlines = text.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        return max(1, newlines + (text.utf8.last == 0x0A ? 0 : 1))
    }

    /// The file name without its extension: the title of a page with neither `<title>` nor `<h1>`.
    static func fileStem(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }

    /// 1–6 for h1–h6.
    static func headingLevel(_ name: String) -> Int? {
        guard name.utf8.count == 2, name.first == "h", let level = name.last?.wholeNumberValue, (1...6).contains(level)
        else { return nil }
        return level
    }
}

/// One pass over the tree in document order: lays the text out and cuts it into sections at headings.
private struct Walker {
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
    private var layout = Layout()
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
        /// The cells of the table's header row, once one is read.
        var header: [String]?

        /// A row as one line: the header as `a | b`, a row under it as `a: cell; b: cell`, so that a
        /// row copied or found alone still says what its cells are ("Method name: OPTICS; …").
        mutating func line() -> String? {
            defer { cells = [] }
            guard cells.contains(where: { !$0.isEmpty }) else { return nil }
            if headerRow, header == nil {
                header = cells
            } else if let header, header.count == cells.count {
                return zip(header, cells).filter { !$1.isEmpty }.map { $0.isEmpty ? $1 : "\($0): \($1)" }.joined(separator: "; ")
            }
            return cells.joined(separator: " | ")
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

/// The text of one section as it is laid out: finished paragraphs, the lines of the open
/// paragraph, the line being filled, and the open `<pre>` block.
private struct Layout {
    var line = InlineText()
    /// The open `<pre>` block, verbatim.
    var code = ""
    private var paragraphs: [String] = []
    private var codeParagraphs = 0
    private var lines: [String] = []

    mutating func breakLine() {
        append(line: line.take())
    }

    mutating func append(line text: String) {
        if !text.isEmpty { lines.append(text) }
    }

    mutating func breakParagraph() {
        breakLine()
        if !lines.isEmpty { paragraphs.append(lines.joined(separator: "\n")) }
        lines = []
    }

    /// Closes the `<pre>` block as a paragraph of its own, without the blank lines around it; the
    /// indentation of its first line stays, since that is part of the code's layout.
    mutating func endCode() {
        let normalised = code.replacing("\r\n", with: "\n").replacing("\r", with: "\n")
        code = ""
        let codeLines = normalised.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = codeLines.firstIndex(where: { $0.contains { !$0.isWhitespace } }),
            let last = codeLines.lastIndex(where: { $0.contains { !$0.isWhitespace } })
        else { return }
        var block = codeLines[first...last].joined(separator: "\n")
        while block.last?.isWhitespace == true { block.removeLast() }
        paragraphs.append(block)
        codeParagraphs += 1
    }

    /// The section's text, and whether it is all code; the layout is empty again afterwards.
    mutating func take() -> (text: String, isCode: Bool) {
        defer { self = Layout() }
        return (paragraphs.joined(separator: "\n\n"), !paragraphs.isEmpty && codeParagraphs == paragraphs.count)
    }
}

/// Running text with whitespace collapsed as a browser does: words joined by single spaces.
private struct InlineText {
    private(set) var text = ""
    /// Put before the first word, such as a list item's "- ".
    var prefix = ""
    private var pendingSpace = false

    mutating func append(_ string: String) {
        var space = pendingSpace || string.first?.isWhitespace == true
        var sawWord = false
        for word in string.split(whereSeparator: \.isWhitespace) {
            if text.isEmpty {
                text = prefix
            } else if space {
                text += " "
            }
            text += word
            space = true
            sawWord = true
        }
        pendingSpace = sawWord ? string.last?.isWhitespace == true : space
    }

    mutating func space() {
        pendingSpace = true
    }

    /// The line so far; the next word starts a new one.
    mutating func take() -> String {
        defer { self = InlineText() }
        return text
    }
}
