/// Reads the zips of XML: Word (.docx), PowerPoint (.pptx), OpenDocument text and presentations
/// (.odt, .odp) and EPUB e-books. Each format's parser reads the parts it needs from a
/// `ZipContainer` (which bounds what a hostile zip can inflate to) through `XMLPart` (which never
/// expands entities); any problem becomes one warning naming the file and the reason.
enum OfficeParser {
    static func read(_ bytes: [UInt8], path: String, format: Format) -> ReadNote {
        do throws(OfficeProblem) {
            var zip = try ZipContainer(bytes, format: format)
            switch format {
            case .docx:
                return ReadNote(document: try DOCXParser.parse(&zip, path: path), warning: nil)
            case .pptx:
                return ReadNote(document: try PPTXParser.parse(&zip, path: path), warning: nil)
            case .odt:
                return ReadNote(document: try ODFParser.text(&zip, path: path), warning: nil)
            case .odp:
                return ReadNote(document: try ODFParser.presentation(&zip, path: path), warning: nil)
            case .epub:
                let (document, problems) = try EPUBParser.parse(&zip, path: path)
                let warning = problems.isEmpty ? nil : IngestWarning(path: path, reason: problems.joined(separator: "; "))
                return ReadNote(document: document, warning: warning)
            default:
                preconditionFailure("\(format) is not a zip of XML")
            }
        } catch {
            return ReadNote(document: nil, warning: IngestWarning(path: path, reason: error.reason))
        }
    }

    /// The `dc:title` of a metadata part (docProps/core.xml, meta.xml), when it has a non-empty one.
    static func coreTitle(_ zip: inout ZipContainer, part: String) throws(OfficeProblem) -> String? {
        guard let bytes = try zip.read(part) else { return nil }
        return try XMLPart.parse(bytes, part: part) { root in
            var title = InlineText()
            root.descendants("title").first.map { title.append($0.text) }
            let text = title.take()
            return text.isEmpty ? nil : text
        }
    }
}
