import Foundation

@testable import Ingest

/// The Office and e-book files of Fixtures/office, made by its make.sh from the Markdown sources
/// beside them, and the words and sentences of a source as pandoc typesets them.
enum OfficeFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/office")

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    static func read(_ name: String) -> ReadNote {
        NoteReader.read(path(name), format: Format(extension: (name as NSString).pathExtension)!)
    }

    /// The source's text without its Markdown: YAML keys, `#`, list markers, `::: notes` fences,
    /// table bars and rules. A table's cells are words; a line ending in . ! or ? holds sentences.
    static func source(_ name: String) throws -> (words: [String], sentences: [String]) {
        let text = try String(contentsOfFile: path(name), encoding: .utf8)
        var words: [String] = []
        var sentences: [String] = []
        for line in text.split(separator: "\n") {
            var line = Substring(line)
            if line == "---" || line.hasPrefix(":::") || line.hasPrefix("|--") { continue }
            for marker in ["title: ", "author: ", "## ", "# ", "- "] where line.hasPrefix(marker) {
                line = line.dropFirst(marker.count)
                break
            }
            if let dot = line.firstIndex(of: "."), line[..<dot].allSatisfy(\.isNumber), !line[..<dot].isEmpty {
                line = line[line.index(dot, offsetBy: 2)...]
            }
            line = Substring(line.replacing("|", with: " ").replacing("\"", with: ""))
            words += PDFFixtures.words(line)
            if let last = line.last, ".!?".contains(last) { sentences += PDFFixtures.sentences(line) }
        }
        return (words, sentences)
    }
}
