import Console
import Foundation
import Testing
@testable import Retriever
@testable import VectorIndex

/// What the terminal shows is built here, away from a process: tests read it as a string.
/// (Not a terminal, so no colour codes: `Terminal.bold` leaves the text as it is.)
@Suite struct ConsoleTextTests {
    static func passage(_ text: String, heading: String, dense: (Int, Float)?, keyword: (Int, Float)?) -> RetrievedPassage {
        let chunk = StoredChunk(
            id: 7, documentId: 1,
            NewChunk(ordinal: 0, heading: heading, lineStart: 3, lineEnd: 4, text: text, overlap: 0, tokenCount: 9, textHash: "h"))
        return RetrievedPassage(
            hit: SearchHit(chunk: chunk, path: "/elsewhere/notes/lora.md", title: "LoRA", score: 0.5), denseRank: dense?.0, denseScore: dense?.1,
            keywordRank: keyword?.0, keywordScore: keyword?.1, score: 0.75)
    }

    @Test func controlCharactersFromANoteAreShownInert() {
        #expect(Terminal.safe("a\u{1B}[2Jb\u{9B}c\td\ne") == "a?[2Jb?c\td\ne")
        #expect(Terminal.safe("two\nlines\r", oneLine: true) == "two\\nlines\\r")
    }

    @Test func aResultShowsItsPlaceHeadingScoreAndFirstLines() {
        let text = (1...10).map { "line \($0)" }.joined(separator: "\n")
        let shown = SearchText.results([Self.passage(text, heading: "Week 3 › LoRA\u{1B}", dense: (2, 0.61), keyword: nil)], explain: true)
        let lines = shown.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "[1] /elsewhere/notes/lora.md:3-4 § Week 3 › LoRA?  score 0.7500  · dense #2 (0.610) · bm25 –")
        #expect(lines[1...8].map(String.init) == (1...8).map { "    line \($0)" }, "eight lines of the passage, indented")
        #expect(!shown.contains("line 9"))
        #expect(SearchText.results([], explain: false) == "No passages found.\n")
    }

    @Test func keptConversationsAreListedOneALine() {
        let listed = ChatSession.listing([ConversationSummary(id: 3, startedAt: 0, turns: 2, firstQuestion: "What is\nLoRA?", scope: ["/elsewhere/w5"])])
        #expect(listed.hasPrefix("3  ") && listed.hasSuffix("  2 turns  What is\\nLoRA?  (in /elsewhere/w5)\n"), "\(listed)")
        #expect(ChatSession.listing([]) == "No conversations kept yet: rag chat starts one.\n")
    }

    @Test func anEmbeddingIsSummarisedOrWrittenAsAJSONLine() {
        #expect(EmbeddingText.summaryLine(ids: [101, 7, 102], vector: [0.6, 0.8]) == "3 tokens · 2 dims · norm 1.000000 · [+0.6000 +0.8000 …]")
        #expect(EmbeddingText.jsonLine(ids: [101, 102], vector: [0.5, -0.25]) == #"{"ids": [101, 102], "embedding": [0.5, -0.25]}"#)
    }

    @Test func sourcesAreListedByTheirNumberWhateverOrderTheAnswerCitesThemIn() throws {
        func citation(_ n: Int, _ line: Int) -> String {
            #"{"added": false, "chunk_id": \#(n), "chunk_ids": [\#(n)], "heading": "H", "line_end": \#(line), "line_start": \#(line), "n": \#(n), "path": "/elsewhere/a.md"}"#
        }
        let json = #"""
            {"question": "q", "kind": "copied", "answer": "x [1] y [3] z [2]", "unsupported": [], "passages": [], "dropped": [],
             "prompt_tokens": 1, "answer_tokens": 1, "citations": [\#(citation(1, 5)), \#(citation(3, 9)), \#(citation(2, 7))],
             "timings": {"retrieve_ms": 0, "prompt_ms": 0, "prefill_ms": 0, "decode_ms": 0, "ttft_ms": 0, "check_ms": 0}}
            """#
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let answer = try decoder.decode(Answer.self, from: Data(json.utf8))
        #expect(AnswerText(answer: answer, explain: false).sources == ["Sources", "[1] /elsewhere/a.md:5-5 § H", "[2] /elsewhere/a.md:7-7 § H", "[3] /elsewhere/a.md:9-9 § H"])
    }
}
