import Foundation
import LLM
import Testing

@testable import Ingest

@Suite struct ChunkerTests {
    static let chunker = Result { Chunker(tokenizer: try WordPieceTokenizer(vocabularyPath: ModelCache.embedderDirectory + "/vocab.txt")) }

    /// The checks every chunking must pass: each embedded text fits, its token count is true, the
    /// chunks' own texts cover the sections' text in order, and the line ranges lie in the sections.
    static func checkInvariants(_ document: Document, _ chunks: [Chunk], _ chunker: Chunker) {
        for chunk in chunks {
            let exact = chunker.tokenizer.tokenCount(chunk.embeddedText)
            #expect(chunk.tokenCount == exact, "\(document.path): counted \(chunk.tokenCount), really \(exact)")
            #expect(exact <= 256, "\(document.path): chunk of \(exact) tokens")
            #expect(chunker.tokenizer.tokenCount(String(chunk.text.prefix(chunk.overlap))) - 2 <= 32)
            #expect(chunk.lineStart >= 1 && chunk.lineStart <= chunk.lineEnd)
        }
        let own = chunks.map(\.ownText).joined().filter { !$0.isWhitespace }
        let all = document.sections.map(\.text).joined().filter { !$0.isWhitespace }
        #expect(own == all, "\(document.path): chunk texts do not cover the document")
        let lastLine = document.sections.map(\.lineEnd).max() ?? 0
        #expect(chunks.allSatisfy { $0.lineEnd <= lastLine })
    }

    @Test func shortSectionsAreOneChunkWithTheirHeadingPath() throws {
        let chunker = try Self.chunker.get()
        let document = Document(
            path: "n.md", title: "Week 3", format: .markdown,
            sections: [Section(headingPath: ["Week 3", "Attention"], text: "Scores are scaled by one over root d.", lineStart: 4, lineEnd: 4)])
        let chunks = chunker.chunks(document)
        #expect(chunks.count == 1)
        #expect(chunks[0].embeddedText == "Week 3 › Attention\n\nScores are scaled by one over root d.")
        #expect(chunks[0].overlap == 0 && chunks[0].lineStart == 4 && chunks[0].lineEnd == 4)
    }

    @Test func titleLeadsThePathUnlessItIsTheFirstHeading() {
        #expect(Chunker.headingPath(title: "Lab 2", ["Setup"]) == ["Lab 2", "Setup"])
        #expect(Chunker.headingPath(title: "Lab 2", ["Lab 2", "Setup"]) == ["Lab 2", "Setup"])
    }

    @Test func longSectionsSplitWithOverlapAndExactLines() throws {
        let chunker = try Self.chunker.get()
        let paragraphs = (1...60).map { "Paragraph \($0) explains how gradient descent takes one more careful step downhill." }
        let text = paragraphs.joined(separator: "\n\n")
        let numbers = Array(10..<(10 + text.split(separator: "\n", omittingEmptySubsequences: false).count))
        let document = Document(
            path: "long.md", title: "", format: .markdown,
            sections: [Section(headingPath: ["Optimisation"], text: text, lineStart: 10, lineEnd: numbers.last!, textLineNumbers: numbers)])
        let chunks = chunker.chunks(document)
        #expect(chunks.count > 3)
        #expect(chunks.dropFirst().allSatisfy { $0.overlap > 0 })
        #expect(chunks.first?.lineStart == 10 && chunks.last?.lineEnd == numbers.last)
        Self.checkInvariants(document, chunks, chunker)
    }

    @Test func oneHugeLineIsCutBySentences() throws {
        let chunker = try Self.chunker.get()
        let text = try String(contentsOfFile: Corpus.path("bad-inputs/one-huge-line.txt"), encoding: .utf8)
        let document = Document(path: "huge.txt", title: "huge", format: .text, sections: [Section(headingPath: [], text: text, lineStart: 1, lineEnd: 1)])
        let chunks = chunker.chunks(document)
        #expect(chunks.count > 1000)
        Self.checkInvariants(document, chunks, chunker)
    }

    @Test func wordsTooLongForAnyChunkAreCut() throws {
        let chunker = try Self.chunker.get()
        let text = (1...400).map { "a\($0)" }.joined(separator: ",")  // one "word" of 1,200 pieces
        let document = Document(path: "w.txt", title: "", format: .text, sections: [Section(headingPath: [], text: text, lineStart: 1, lineEnd: 1)])
        Self.checkInvariants(document, chunker.chunks(document), chunker)
    }

    @Test func everyMarkdownAndTextNoteChunksCleanly() throws {
        let chunker = try Self.chunker.get()
        let files = NoteScanner().scan([Corpus.notes.path]).files.filter { $0.format == .markdown || $0.format == .text }
        #expect(files.count >= 20, "\(files.count) Markdown and text notes in the corpus")
        for file in files {
            let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: file.path)))
            let text = try TextDecoding.decode(bytes, isHTML: false).text
            var parser = MarkdownParser()
            let document = Document(path: file.path, title: "", format: file.format, sections: parser.parse(text))
            Self.checkInvariants(document, chunker.chunks(document), chunker)
        }
    }
}
