import Foundation
import Testing

/// `rag eval qa` on the real binary: the report and, with --answers, every answer beside its gold row.
@Suite(.serialized) struct EvalQACommandTests {
    @Test func answersAreWrittenBesideTheirGoldRows() throws {
        let space = try StoreCommandTests.workspace()
        defer { try? FileManager.default.removeItem(at: space.root) }
        #expect(try space.rag(["ingest", space.notes]).status == 0)
        let gold = space.root.appendingPathComponent("gold.jsonl")
        try Data(
            """
            {"question": "Why divide the attention scores by the square root of d_k?", "file": "notes/week05-attention-transformers/attention.md", "evidence": "variance", "answer_any": ["variance"]}
            {"question": "How do I bake sourdough bread at home?", "file": null}

            """.utf8
        ).write(to: gold)
        let log = space.root.appendingPathComponent("answers.jsonl").path

        let run = try space.rag(["eval", "qa", "--generate", "--json", "--answers", log, gold.path])
        #expect(run.status == 0, "\(run.stderr)")
        let generation = try #require(try StoreCommandTests.json(run.stdout)["generation"] as? [String: Any])
        let rows = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map { try StoreCommandTests.json(String($0)) }
        #expect(rows.count == 2)
        let answered = try #require(rows.first { $0["file"] != nil })
        let rag = try #require(answered["rag"] as? [String: Any])
        #expect(answered["answer_any"] as? [String] == ["variance"] && rag["kind"] as? String == "copied")
        // the row's verdict is the report's: the one answerable question, right or not
        let rate = try #require(generation["keyword_rate"] as? Double)
        #expect((answered["has_keyword"] as? Bool) == (rate == 1))
        #expect(((rows.first { $0["file"] == nil })?["rag"] as? [String: Any])?["kind"] as? String == "not_in_notes")

        let alone = try space.rag(["eval", "qa", "--answers", log, gold.path])
        #expect(alone.status == 64 && alone.stderr.contains("--answers needs --generate"))
    }
}
