import CLibXML2

/// HTML pages (LMS exports, wiki pages, saved articles) into sections. libxml2's forgiving HTML
/// parser builds the tree; boilerplate (navigation, scripts, footers, forms…) is dropped whole;
/// h1–h6 open sections; the rest is laid out roughly as a browser shows it: whitespace collapsed,
/// blocks as paragraphs, `<pre>` verbatim, each table row as one line (`Header: cell; …` under a header row).
enum HTMLParser {
    /// `text` is the already-decoded file content (a Swift String; the caller handled charset detection).
    static func parse(_ text: String, path: String) -> Document {
        var walker = HTMLWalker(lineCount: lineCount(text))
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
