import Foundation

@testable import Ingest

/// The PDFs of Fixtures/pdf, made by its make.sh from the plain-text sources beside them, and how
/// much of a source's text a document read from its PDF recovers.
enum PDFFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/pdf")

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    static func read(_ name: String) -> ReadNote { NoteReader.read(path(name), format: .pdf) }

    /// The source's text with its markup (`title:`, `#`, `##`, `- `) taken off: the words typeset.
    static func source(_ name: String) throws -> (words: [String], sentences: [String]) {
        let text = try String(contentsOfFile: path(name), encoding: .utf8)
        var words: [String] = []
        var sentences: [String] = []
        for line in text.split(separator: "\n") {
            var line = Substring(line)
            for marker in ["title: ", "## ", "# ", "- "] where line.hasPrefix(marker) {
                line = line.dropFirst(marker.count)
                break
            }
            words += Self.words(line)
            if let last = line.last, ".!?".contains(last) {
                sentences += Self.sentences(line)
            }
        }
        return (words, sentences)
    }

    /// Lowercased words without the punctuation around them.
    static func words(_ text: some StringProtocol) -> [String] {
        text.lowercased().split(whereSeparator: \.isWhitespace).map { word in
            String(word.drop { !$0.isLetter && !$0.isNumber }.reversed().drop { !$0.isLetter && !$0.isNumber }.reversed())
        }.filter { !$0.isEmpty }
    }

    /// A paragraph's sentences, each ending at ". ", "? " or "! ".
    static func sentences(_ paragraph: some StringProtocol) -> [String] {
        var sentences: [String] = []
        var current = ""
        for word in paragraph.split(separator: " ") {
            current += current.isEmpty ? String(word) : " " + word
            if let last = word.last, ".!?".contains(last) {
                sentences.append(current)
                current = ""
            }
        }
        if !current.isEmpty { sentences.append(current) }
        return sentences
    }

    /// Everything a document says: its title, every heading once and every section's text.
    static func allText(_ document: Document) -> String {
        var headings: [String] = []
        for heading in document.sections.flatMap(\.headingPath) where !headings.contains(heading) { headings.append(heading) }
        return ([document.title] + headings + document.sections.map(\.text)).joined(separator: "\n")
    }

    /// The share of the source's words (counted with repeats) that the document holds, and the
    /// share of its sentences found whole once whitespace is made single spaces.
    static func fidelity(_ document: Document, source name: String) throws -> (words: Double, sentences: Double, missing: [String]) {
        fidelity(document, source: try Self.source(name))
    }

    /// The same measure against a source's words and sentences, however they were found.
    static func fidelity(_ document: Document, source: (words: [String], sentences: [String])) -> (words: Double, sentences: Double, missing: [String]) {
        let text = allText(document)
        var available: [String: Int] = [:]
        for word in words(text) { available[word, default: 0] += 1 }
        var found = 0
        for word in source.words where available[word, default: 0] > 0 {
            available[word]! -= 1
            found += 1
        }
        let collapsed = Corpus.collapsed(text)
        let missing = source.sentences.filter { !collapsed.contains(Corpus.collapsed($0)) }
        return (
            Double(found) / Double(source.words.count),
            Double(source.sentences.count - missing.count) / Double(source.sentences.count), missing
        )
    }
}
