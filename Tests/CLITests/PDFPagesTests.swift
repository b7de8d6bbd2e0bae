import Foundation
import Testing

/// Pages where a PDF is cited: `rag search`, `rag ask --json`, `rag inspect` name the page, as a
/// viewer numbers it, instead of lines.
@Suite(.serialized) struct PDFPagesTests {
    @Test func searchAskAndInspectNameThePage() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("rag-pdf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let notes = root.appendingPathComponent("notes")
        try FileManager.default.createDirectory(at: notes, withIntermediateDirectories: true)
        let fixtures = RagBinary.repository.appendingPathComponent("Tests/IngestTests/Fixtures/pdf")
        for file in ["slides.pdf", "paper.pdf"] {
            try FileManager.default.copyItem(at: fixtures.appendingPathComponent(file), to: notes.appendingPathComponent(file))
        }
        let store = root.appendingPathComponent("store").path
        #expect(try RagBinary.run(["ingest", "--store", store, notes.path]).status == 0)

        let query = "Depth grows the receptive field while keeping every layer small"
        let found = try RagBinary.run(["search", "--store", store, "--json", "--k", "1", query])
        let first = try #require((try StoreCommandTests.json(found.stdout)["results"] as? [[String: Any]])?.first)
        #expect((first["path"] as? String)?.hasSuffix("slides.pdf") == true)
        #expect(first["page_start"] as? Int == 9 && first["page_end"] as? Int == 9, "\(first)")  // the summary slide, the deck's ninth page
        let shown = try RagBinary.run(["search", "--store", store, "--k", "1", query])
        #expect(shown.stdout.contains("slides.pdf p. 9"), "\(shown.stdout)")

        let chunk = try RagBinary.run(["inspect", "chunk", "--store", store, "\(first["chunk_id"] as? Int ?? 0)"])
        #expect(chunk.stdout.contains("slides.pdf p. 9"), "\(chunk.stdout)")

        let asked = try RagBinary.run(["ask", "--store", store, "--json", "What does depth do to the receptive field?"])
        let answer = try StoreCommandTests.json(asked.stdout)
        let citations = try #require(answer["citations"] as? [[String: Any]])
        #expect(citations.contains { ($0["path"] as? String)?.hasSuffix(".pdf") == true && $0["page_start"] is Int }, "\(citations)")
    }
}
