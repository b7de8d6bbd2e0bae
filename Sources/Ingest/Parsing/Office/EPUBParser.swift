import CLibXML2

/// An EPUB e-book (2 or 3): META-INF/container.xml names the package document; its spine gives
/// the reading order; chapter titles come from the navigation document (EPUB 3) or the NCX
/// (EPUB 2); each chapter's XHTML is read by `HTMLParser`, under its chapter title. A chapter
/// that cannot be read is left out with a note in the warning, and the rest of the book is read.
enum EPUBParser {
    static func parse(_ zip: inout ZipContainer, path: String) throws(OfficeProblem) -> (Document, [String]) {
        let container = "META-INF/container.xml"
        let package = try XMLPart.parse(try zip.require(container), part: container) { root in
            root.descendants("rootfile").first?.attribute("full-path")
        }
        guard let package else { throw .missingPart("package document (container.xml names none)") }
        let book = try XMLPart.parse(try zip.require(package), part: package) { root in Package(root, at: package) }
        let chapterTitles = try titles(book, in: &zip)
        var sections = ExtractedSections()
        var problems: [String] = []
        for chapter in book.spine where chapter != book.navigation {
            let bytes: [UInt8]
            do throws(OfficeProblem) {
                guard let read = try zip.read(chapter) else { continue }
                if XMLPart.declaresEntities(read) { throw .entityDeclarations(chapter) }
                bytes = read
            } catch {
                // A bomb is the whole file's problem: the limit is on what the file inflates to.
                if case .zipBomb = error { throw error }
                problems.append(error.reason)
                continue
            }
            guard let decoded = try? TextDecoding.decode(bytes, isHTML: true) else {
                problems.append("\(chapter) is not text")
                continue
            }
            let chapterTitle = chapterTitles[chapter]
            for section in HTMLParser.parse(decoded.text, path: chapter).sections {
                // The chapter's own first heading usually is its title in the table of contents.
                let headingPath =
                    chapterTitle.map { section.headingPath.first == $0 ? section.headingPath : [$0] + section.headingPath }
                    ?? section.headingPath
                sections.add([section.text], headingPath: headingPath)
            }
        }
        let title = book.title ?? NoteReader.fileTitle(path)
        return (Document(path: path, title: title, format: .epub, sections: sections.sections), problems)
    }

    /// What the package document says: title, the spine's documents in order, where the
    /// navigation document and the NCX are.
    private struct Package {
        var title: String?
        var spine: [String] = []
        var navigation: String?
        var ncx: String?

        init(_ root: xmlNodePtr, at part: String) {
            var text = InlineText()
            root.child("metadata")?.descendants("title").first.map { text.append($0.text) }
            let title = text.take()
            self.title = title.isEmpty ? nil : title
            var items: [String: String] = [:]
            for item in root.child("manifest")?.elements ?? [] where item.localName == "item" {
                guard let id = item.attribute("id"), let href = item.attribute("href") else { continue }
                let target = PartPaths.resolve(href, from: part)
                items[id] = target
                if item.attribute("properties")?.split(separator: " ").contains("nav") == true { navigation = target }
                if item.attribute("media-type") == "application/x-dtbncx+xml" { ncx = target }
            }
            let spine = root.child("spine")
            if let toc = spine?.attribute("toc"), let target = items[toc] { ncx = target }
            self.spine = (spine?.elements ?? []).compactMap { $0.attribute("idref").flatMap { items[$0] } }
        }
    }

    /// Each chapter's title, by its path: the first entry that points into it in the navigation
    /// document's `toc` list, else in the NCX's navigation map.
    private static func titles(_ book: Package, in zip: inout ZipContainer) throws(OfficeProblem) -> [String: String] {
        var titles: [String: String] = [:]
        func add(_ target: String?, _ label: String, from part: String) {
            var text = InlineText()
            text.append(label)
            let title = text.take()
            guard let target, !title.isEmpty else { return }
            let chapter = PartPaths.resolve(target, from: part)
            if titles[chapter] == nil { titles[chapter] = title }
        }
        if let navigation = book.navigation, let bytes = try zip.read(navigation) {
            try XMLPart.parse(bytes, part: navigation) { root in
                let toc = root.descendants("nav").first { $0.attribute("type") == "toc" } ?? root.descendants("nav").first
                for link in toc?.descendants("a") ?? [] { add(link.attribute("href"), link.text, from: navigation) }
            }
        }
        if titles.isEmpty, let ncx = book.ncx, let bytes = try zip.read(ncx) {
            try XMLPart.parse(bytes, part: ncx) { root in
                for point in root.descendants("navPoint") {
                    add(point.child("content")?.attribute("src"), point.child("navLabel")?.text ?? "", from: ncx)
                }
            }
        }
        return titles
    }
}
