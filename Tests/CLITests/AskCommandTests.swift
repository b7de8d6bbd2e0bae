import Foundation
import Testing

/// `rag ask` as a user runs it: the streamed answer and its sources, the JSON contract, the
/// not-in-notes answer, and questions that must not break it.
@Suite(.serialized) struct AskCommandTests {
    /// One store for the suite: ingesting is the slow part and no test here changes it.
    static let space: Result<StoreCommandTests.Workspace, any Error> = Result {
        let space = try StoreCommandTests.workspace(files: ["week01-foundations/course-overview.md", "week05-attention-transformers/attention.md"])
        let ingest = try space.rag(["ingest", space.notes])
        guard ingest.status == 0 else { throw CocoaError(.fileReadUnknown, userInfo: [NSDebugDescriptionErrorKey: ingest.stderr]) }
        return space
    }

    @Test func theAnswerStreamsThenItsSources() throws {
        let space = try Self.space.get()
        let result = try space.rag(["ask", "When and where are Prof. Halvorsen's office hours?"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("From your notes:") && result.stdout.contains("Sources"))
        #expect(result.stdout.contains("course-overview.md:"))
        #expect(result.stderr.contains("first token after"))
        // the copied answer reads as plain text in a terminal, in whole lines, the fact included
        let answer = result.stdout.components(separatedBy: "\n\nFrom your notes:")[0]
        #expect(answer.contains("Thursdays") && answer.contains("14:00"), "\(answer)")
        #expect(!answer.contains("**") && !answer.hasPrefix("- "), "\(answer)")
        #expect(answer.split(separator: "\n").allSatisfy { $0.hasSuffix("]") }, "\(answer)")
        // and so does the quote under it
        let quote = result.stdout.components(separatedBy: "From your notes:").last?.components(separatedBy: "\n")[0] ?? ""
        #expect(quote.contains("Thursdays") && !quote.contains("**") && !quote.contains("“- "), "\(quote)")
    }

    /// `-` reads the question from stdin, where it may be longer than an argument can be.
    @Test func aDashReadsTheQuestionFromStdin() throws {
        let space = try Self.space.get()
        let question = "When and where are Prof. Halvorsen's office hours?"
        let result = try RagBinary.run(["ask", "--json", "--extractive", "-", "--store", space.store], input: Data("  \(question)\n".utf8))
        #expect(result.status == 0, "\(result.stderr)")
        let answer = try StoreCommandTests.json(result.stdout)
        #expect(answer["question"] as? String == question)
        #expect((answer["answer"] as? String)?.contains("Thursdays") == true, "\(answer)")
        let empty = try RagBinary.run(["ask", "-", "--store", space.store], input: Data("\n".utf8))
        #expect(empty.status == 64 && empty.stderr.contains("stdin is empty"), "\(empty.stderr)")
    }

    @Test func jsonCarriesTheContract() throws {
        let space = try Self.space.get()
        let result = try space.rag(["ask", "--json", "--explain", "Why are attention scores divided by the square root of d_k?"])
        #expect(result.status == 0, "\(result.stderr)")
        let answer = try StoreCommandTests.json(result.stdout)
        for key in ["question", "kind", "answer", "quote", "citations", "unsupported", "passages", "dropped", "prompt_tokens", "timings"] {
            #expect(answer[key] != nil, "\(key)")
        }
        #expect(answer["kind"] as? String == "copied")
        let timings = try #require(answer["timings"] as? [String: Double])
        for key in ["retrieve_ms", "prefill_ms", "decode_ms", "ttft_ms"] { #expect((timings[key] ?? 0) > 0, "\(key)") }
        let passages = try #require(answer["passages"] as? [[String: Any]])
        #expect((passages.first?["path"] as? String)?.hasSuffix("attention.md") == true)
        #expect((answer["prompt_tokens"] as? Int ?? 9999) <= 1536)
        let citations = answer["citations"] as? [[String: Any]] ?? []
        #expect(!citations.isEmpty)
        for citation in citations {
            for key in ["n", "chunk_id", "chunk_ids", "path", "heading", "line_start", "line_end"] { #expect(citation[key] != nil, "\(key)") }
            #expect((citation["chunk_ids"] as? [Int])?.first == citation["chunk_id"] as? Int)
        }
    }

    @Test func questionsTheNotesDoNotCoverAreDeclined() throws {
        let space = try Self.space.get()
        let result = try space.rag(["ask", "--json", "Which wine goes best with grilled salmon?"])
        #expect(result.status == 0)
        let answer = try StoreCommandTests.json(result.stdout)
        #expect(answer["kind"] as? String == "not_in_notes" && answer["answer"] as? String == "")
        let text = try space.rag(["ask", "Which wine goes best with grilled salmon?"])
        #expect(text.stdout.contains("do not seem to cover this"))
    }

    @Test func hostileQuestionsGetAnAnswerOrAClearError() throws {
        let space = try Self.space.get()
        for question in [#"NEAR("attention" *) ^: AND"#, "注意力机制为什么要除以根号d？", "Почему внимание делится на корень?"] {
            let result = try space.rag(["ask", "--extractive", "--json", question])
            #expect(result.status == 0, "\(question): \(result.stderr)")
            #expect((try? StoreCommandTests.json(result.stdout)) != nil)
        }
        let empty = try space.rag(["ask", "  "])
        #expect(empty.status == 64 && empty.stderr.contains("empty"))
        let long = try space.rag(["ask", String(repeating: "attention softmax scaling ", count: 400)])
        #expect(long.status == 1 && long.stderr.contains("question is") && long.stderr.contains("tokens"))
        let budget = try space.rag(["ask", "--prompt-budget", "1800", "--max-tokens", "512", "x"])
        #expect(budget.status == 64 && budget.stderr.contains("context"))
        let both = try space.rag(["ask", "--free-form", "--extractive", "x"])
        #expect(both.status == 64 && both.stderr.contains("give one"))
    }
}
