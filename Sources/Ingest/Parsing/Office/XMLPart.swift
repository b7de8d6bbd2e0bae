import CLibXML2

/// One XML part of a zip of XML, parsed by libxml2 into a tree for the time of a closure.
///
/// Office and EPUB parts never declare entities, so a part that does is refused before libxml2
/// sees it (a billion-laughs part would otherwise be a way to exhaust memory), and the parser runs
/// without entity substitution, DTD loading or network either way.
enum XMLPart {
    static func parse<T>(_ bytes: [UInt8], part: String, _ body: (xmlNodePtr) throws(OfficeProblem) -> T) throws(OfficeProblem) -> T {
        if declaresEntities(bytes) { throw .entityDeclarations(part) }
        guard let size = Int32(exactly: bytes.count) else { throw .zipBomb(part, "is over 2 GiB") }
        let doc = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                xmlReadMemory($0, size, nil, nil, options)
            }
        }
        guard let doc, let root = xmlDocGetRootElement(doc) else {
            if let doc { xmlFreeDoc(doc) }
            throw .notXML(part)
        }
        defer { xmlFreeDoc(doc) }
        return try body(root)
    }

    /// Recover from small faults as a viewer would; HUGE lifts libxml2's limit on one text node
    /// (a long document's paragraph runs), which is safe once entities are refused.
    private static let options = Int32(
        bitPattern: XML_PARSE_RECOVER.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_NONET.rawValue | XML_PARSE_HUGE.rawValue)

    /// Whether the bytes hold `<!ENTITY`: in XML it can only stand in a DTD (in text `<` is escaped).
    static func declaresEntities(_ bytes: [UInt8]) -> Bool {
        let marker = Array("<!ENTITY".utf8)
        var i = 0
        while let start = bytes[i...].firstIndex(of: 0x3C) {
            if bytes[start...].starts(with: marker) { return true }
            i = start + 1
        }
        return false
    }
}

extension UnsafeMutablePointer where Pointee == xmlNode {
    /// The element's local name (`t` for `w:t`); empty for a node that is not an element.
    var localName: String {
        pointee.type == XML_ELEMENT_NODE ? String(cString: pointee.name) : ""
    }

    /// The attribute's value by local name, whatever its namespace (`w:val` as `val`).
    func attribute(_ name: String) -> String? {
        var attribute = pointee.properties
        while let current = attribute {
            if String(cString: current.pointee.name) == name {
                return current.pointee.children?.pointee.content.map { String(cString: $0) } ?? ""
            }
            attribute = current.pointee.next
        }
        return nil
    }

    /// The value of a namespaced attribute named `name` (`r:id` beside a plain `id`).
    func namespacedAttribute(_ name: String) -> String? {
        var attribute = pointee.properties
        while let current = attribute {
            if current.pointee.ns != nil, String(cString: current.pointee.name) == name {
                return current.pointee.children?.pointee.content.map { String(cString: $0) } ?? ""
            }
            attribute = current.pointee.next
        }
        return nil
    }

    /// The element children, in order.
    var elements: [xmlNodePtr] {
        var children: [xmlNodePtr] = []
        var node = pointee.children
        while let current = node {
            if current.pointee.type == XML_ELEMENT_NODE { children.append(current) }
            node = current.pointee.next
        }
        return children
    }

    func child(_ name: String) -> xmlNodePtr? { elements.first { $0.localName == name } }

    /// Every element under this one (itself included) named `name`, in document order.
    func descendants(_ name: String) -> [xmlNodePtr] {
        var found: [xmlNodePtr] = []
        HTMLParser.traverse(
            self,
            enter: { node in
                if node.localName == name { found.append(node) }
                return node.pointee.type == XML_ELEMENT_NODE
            }, leave: { _ in })
        return found
    }

    /// The text of the element and everything under it.
    var text: String {
        var text = ""
        HTMLParser.traverse(
            self,
            enter: { node in
                if node.pointee.type == XML_TEXT_NODE || node.pointee.type == XML_CDATA_SECTION_NODE, let content = node.pointee.content {
                    text += String(cString: content)
                }
                return node.pointee.type == XML_ELEMENT_NODE
            }, leave: { _ in })
        return text
    }
}
