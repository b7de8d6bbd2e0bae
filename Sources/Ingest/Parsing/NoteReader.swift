import Foundation
public import LLM

/// What reading one notes file gave: its document (nil when nothing could be read) and at most
/// one warning, which names the file and every problem met on the way.
public struct ReadNote: Sendable {
    public var document: Document?
    public var warning: IngestWarning?
}

/// Reads a notes file of any supported format: bytes → text (`TextDecoding`) → `Document`.
public enum NoteReader {
    public static func read(_ path: String, format: Format, parallelism: Parallelism = .everyCore) -> ReadNote {
        let bytes: [UInt8]
        do {
            bytes = try FileReading.read(path)
        } catch {
            return ReadNote(document: nil, warning: error)
        }
        return parse(bytes, path: path, format: format, parallelism: parallelism)
    }

    /// Parses bytes already read; `path` names the file in the document and in warnings. A long
    /// PDF is read on as many cores as `parallelism` gives.
    public static func parse(_ bytes: [UInt8], path: String, format: Format, parallelism: Parallelism = .everyCore) -> ReadNote {
        // A PDF is binary; poppler reads its text layer, whose text is already Unicode.
        if format == .pdf { return PDFParser.read(bytes, path: path, parallelism: parallelism) }
        if format.isZipOfXML { return OfficeParser.read(bytes, path: path, format: format) }
        let decoded: TextDecoding.Decoded
        do {
            decoded = try TextDecoding.decode(bytes, isHTML: format == .html)
        } catch {
            return ReadNote(document: nil, warning: IngestWarning(path: path, reason: error.reason))
        }
        var problems = decoded.warning.map { [$0] } ?? []
        var document: Document?
        do {
            switch format {
            case .text, .markdown:
                document = parseMarkdown(decoded.text, path: path, format: format)
            case .html:
                document = HTMLParser.parse(decoded.text, path: path)
            case .json:
                document = try JSONParser.parseJSON(decoded.text, path: path)
            case .jsonLines:
                let (parsed, warning) = try JSONParser.parseJSONLines(decoded.text, path: path)
                document = parsed
                if let warning { problems.append(warning.reason) }
            case .notebook:
                let (parsed, warning) = try JSONParser.parseNotebook(decoded.text, path: path)
                document = parsed
                if let warning { problems.append(warning.reason) }
            case .pdf, .docx, .pptx, .odt, .odp, .epub:
                preconditionFailure("PDFs and zips of XML are read before text decoding")
            }
        } catch {
            problems.append(error.reason)
        }
        let warning = problems.isEmpty ? nil : IngestWarning(path: path, reason: problems.joined(separator: "; "))
        return ReadNote(document: document, warning: warning)
    }

    static func parseMarkdown(_ text: String, path: String, format: Format) -> Document {
        var parser = MarkdownParser()
        let sections = parser.parse(text)
        return Document(path: path, title: parser.title ?? fileTitle(path), format: format, sections: sections)
    }

    /// The file name without its extension: the title of last resort.
    static func fileTitle(_ path: String) -> String {
        ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    }
}
