import Foundation
import Testing

/// Slides where a deck is cited: `rag search`, `rag inspect`, `rag chunks` and `rag ask` (plain
/// and `--json`) say "deck.pptx slide 3", as PowerPoint numbers it; a Word handout keeps lines.
@Suite(.serialized) struct SlidePlacesTests {
    @Test func everyCommandNamesTheSlide() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("rag-slides-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let notes = root.appendingPathComponent("notes")
        try FileManager.default.createDirectory(at: notes, withIntermediateDirectories: true)
        let fixtures = RagBinary.repository.appendingPathComponent("Tests/IngestTests/Fixtures/office")
        for file in ["deck.pptx", "handout.docx"] {
            try FileManager.default.copyItem(at: fixtures.appendingPathComponent(file), to: notes.appendingPathComponent(file))
        }
        let store = root.appendingPathComponent("store").path
        #expect(try RagBinary.run(["ingest", "--store", store, notes.path]).status == 0)

        let query = "After k layers a node has information from nodes up to k hops away"
        let found = try RagBinary.run(["search", "--store", store, "--json", "--k", "1", query])
        let first = try #require((try StoreCommandTests.json(found.stdout)["results"] as? [[String: Any]])?.first)
        #expect((first["path"] as? String)?.hasSuffix("deck.pptx") == true)
        #expect(first["page_start"] as? Int == 3 && first["place"] as? String == "slide 3", "\(first)")
        let shown = try RagBinary.run(["search", "--store", store, "--k", "1", query])
        #expect(shown.stdout.contains("deck.pptx slide 3"), "\(shown.stdout)")

        let id = "\(first["chunk_id"] as? Int ?? 0)"
        let chunk = try RagBinary.run(["inspect", "chunk", "--store", store, id])
        #expect(chunk.stdout.contains("deck.pptx slide 3") && !chunk.stdout.contains("p. 3"), "\(chunk.stdout)")
        let chunkJSON = try StoreCommandTests.json(try RagBinary.run(["inspect", "chunk", "--store", store, "--json", id]).stdout)
        #expect(chunkJSON["place"] as? String == "slide 3")

        let preview = try RagBinary.run(["chunks", notes.appendingPathComponent("deck.pptx").path])
        #expect(preview.stdout.contains("Message Passing › Speaker notes") && preview.stdout.contains("· slide 3 ·"), "\(preview.stdout)")
        let handout = try RagBinary.run(["chunks", notes.appendingPathComponent("handout.docx").path])
        #expect(handout.stdout.contains("Comparing Architectures") && handout.stdout.contains("· lines "), "\(handout.stdout)")

        let question = "How far does information travel after k layers of message passing?"
        let asked = try StoreCommandTests.json(try RagBinary.run(["ask", "--store", store, "--json", question]).stdout)
        let citations = try #require(asked["citations"] as? [[String: Any]])
        #expect(citations.contains { ($0["path"] as? String)?.hasSuffix("deck.pptx") == true && ($0["place"] as? String)?.hasPrefix("slide ") == true }, "\(citations)")
        let plain = try RagBinary.run(["ask", "--store", store, question])
        #expect(plain.stdout.contains("deck.pptx slide "), "\(plain.stdout)")
    }
}
