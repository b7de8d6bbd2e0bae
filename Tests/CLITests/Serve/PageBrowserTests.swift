import Foundation
import Testing

/// The page at `/` in a real browser: Debian's headless Chromium (installed by scripts/clients.sh)
/// driven by Tests/clients/page_browser.py through its DevTools protocol.
@Suite(.serialized) struct PageBrowserTests {
    @Test func aConversationOnThePageStreamsFollowsUpOpensSourcesAndKeepsToAFolder() throws {
        let space = try StoreCommandTests.workspace()
        defer { try? FileManager.default.removeItem(at: space.root) }
        #expect(try space.rag(["ingest", space.notes]).status == 0)
        let server = try RagServer(["--store", space.store])
        defer { server.stop() }

        let script = RagBinary.repository.appendingPathComponent("Tests/clients/page_browser.py").path
        let folder = space.notes + "/week05-attention-transformers"
        let run = try RagBinary.run(
            [script, server.base, folder, ServeAskTests.question, "And what does softmax do with them?", "What does a convolutional layer learn?"],
            timeout: 900, executable: MCPClientTests.python)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        let report = try StoreCommandTests.json(run.stdout.split(separator: "\n").last.map(String.init) ?? "")
        #expect((report["failures"] as? [String])?.isEmpty == true, "\(report)")
    }
}
