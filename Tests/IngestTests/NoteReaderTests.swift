import Foundation
import Testing

@testable import Ingest

/// Reading, parsing and chunking every file of corpora/ as `rag ingest` does.
@Suite struct NoteReaderTests {
    static let notes = NoteScanner().scan([Corpus.notes.path]).files

    @Test func everyNoteParsesAndChunksWithinTheLimits() throws {
        let chunker = try ChunkerTests.chunker.get()
        #expect(Self.notes.count == 48)
        for file in Self.notes {
            let note = NoteReader.read(file.path, format: file.format)
            let document = try #require(note.document, "\(file.path): \(String(describing: note.warning))")
            if file.path.hasSuffix("notation-latin1.txt") {
                #expect(note.warning?.reason.contains("Latin-1") == true)
            } else {
                #expect(note.warning == nil, "\(file.path): \(String(describing: note.warning))")
            }
            #expect(!document.sections.isEmpty, "\(file.path) has no text")
            ChunkerTests.checkInvariants(document, chunker.chunks(document), chunker)
        }
    }

    /// The gold evidence of every question lies whole inside one chunk of its file, so retrieval can
    /// find it: the notes' questions, and those only the slides and handouts answer.
    @Test(arguments: [("qa.jsonl", 40), ("slides-qa.jsonl", 25)])
    func everyEvidencePhraseLiesInsideOneChunk(set: String, atLeast: Int) throws {
        let chunker = try ChunkerTests.chunker.get()
        let rows = try String(contentsOf: Corpus.root.appendingPathComponent(set), encoding: .utf8)
            .split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(rows.count >= atLeast)
        for row in rows {
            let path = Corpus.path(row["file"] as! String)
            let file = try #require(Self.notes.first { $0.path == path }, "\(path) not scanned")
            let document = try #require(NoteReader.read(file.path, format: file.format).document)
            let evidence = Corpus.collapsed(row["evidence"] as! String)
            let chunks = chunker.chunks(document).map { Corpus.collapsed($0.text) }
            #expect(chunks.contains { $0.contains(evidence) }, "\(row["file"]!): \(evidence)")
        }
    }

    func read(_ name: String) -> ReadNote {
        let path = Corpus.path("bad-inputs/" + name)
        return NoteReader.read(path, format: Format(extension: (name as NSString).pathExtension)!)
    }

    @Test func badInputsGiveOneWarningNamingFileAndReason() throws {
        let expected: [(file: String, reason: String)] = [
            ("not-really-notes.md", "binary content"),
            ("invalid-utf8.md", "UTF-8"),  // mostly ASCII, so read as Latin-1 ("not UTF-8")
            ("latin1-notes.txt", "Latin-1"),
            ("broken.json", "invalid JSON: line"),
            ("broken-lines.jsonl", "3, 6"),
            ("broken-notebook.ipynb", "not a Jupyter notebook"),
            ("truncated-notebook.ipynb", "invalid JSON"),
            ("deep-nesting.json", "nesting deeper than 512 levels"),
            ("utf16-no-bom.txt", "UTF-16"),
            ("binary.pdf", "not a readable PDF"),
        ]
        for (file, reason) in expected {
            let warning = try #require(read(file).warning, "\(file) gave no warning")
            #expect(warning.path.hasSuffix("bad-inputs/" + file))
            #expect(warning.reason.contains(reason), "\(file): \(warning.reason)")
        }
    }

    @Test func recoverableBadInputsKeepTheirText() throws {
        let latin1 = try #require(read("latin1-notes.txt").document)
        #expect(latin1.sections.map(\.text).joined().contains("café"))
        let invalid = try #require(read("invalid-utf8.md").document)
        #expect(invalid.sections.contains { $0.headingPath.last == "Multi-head attention" })
        let lines = try #require(read("broken-lines.jsonl").document)
        #expect(lines.sections.count == 4)
        let soup = read("tag-soup.html")
        #expect(soup.warning == nil)
        #expect(soup.document?.sections.map(\.text).joined().contains("Last recoverable paragraph") == true)
        let utf16 = try #require(read("utf16-no-bom.txt").document)
        #expect(!utf16.sections.map(\.text).joined().contains("\0"))
        for empty in ["empty.md", "whitespace-only.txt"] {
            let note = read(empty)
            #expect(note.warning == nil && note.document?.sections.isEmpty == true)
        }
    }

    @Test func unreadableFilesAreWarnings() {
        let note = NoteReader.read("/nonexistent/notes.md", format: .markdown)
        #expect(note.document == nil && note.warning?.reason.contains("No such file") == true)
    }
}
