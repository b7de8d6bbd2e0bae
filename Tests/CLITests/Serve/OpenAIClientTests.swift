import Foundation
import Testing

/// `rag serve`'s OpenAI-compatible routes driven by the official `openai` package
/// (Tests/clients/openai_client.py), installed by scripts/clients.sh.
@Suite(.serialized) struct OpenAIClientTests {
    @Test func theOfficialClientEmbedsAndChatsAsRagDoes() throws {
        let space = try StoreCommandTests.workspace()
        defer { try? FileManager.default.removeItem(at: space.root) }
        #expect(try space.rag(["ingest", space.notes]).status == 0)
        let server = try RagServer(["--store", space.store, "--token", "s3cret"])
        defer { server.stop() }

        let script = RagBinary.repository.appendingPathComponent("Tests/clients/openai_client.py").path
        let run = try RagBinary.run(
            [script, RagBinary.url.path, space.store, "\(server.base)/v1", "s3cret"], timeout: 600, executable: MCPClientTests.python)
        #expect(run.status == 0, "\(run.stderr)")
        let report = try StoreCommandTests.json(run.stdout.split(separator: "\n").last.map(String.init) ?? "")
        #expect(report["models"] as? Int == 2 && (report["pieces"] as? Int ?? 0) > 1)
    }
}
