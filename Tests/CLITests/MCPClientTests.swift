import Foundation
import Testing

/// `rag mcp` driven by the official MCP Python SDK (Tests/clients/mcp_client.py), installed by
/// scripts/clients.sh into a virtual environment, as an assistant would drive it.
@Suite(.serialized) struct MCPClientTests {
    /// The client's Python, which scripts/test.sh sets up before the tests run.
    static var python: URL {
        let python = RagBinary.repository.appendingPathComponent(".build/clients-venv/bin/python")
        precondition(
            FileManager.default.isExecutableFile(atPath: python.path),
            "no client environment at \(python.path): run scripts/clients.sh (scripts/test.sh does)")
        return python
    }

    @Test func theOfficialClientListsAndCallsEveryToolOverStdio() throws {
        let space = try StoreCommandTests.workspace()
        defer { try? FileManager.default.removeItem(at: space.root) }
        #expect(try space.rag(["ingest", space.notes]).status == 0)

        let script = RagBinary.repository.appendingPathComponent("Tests/clients/mcp_client.py").path
        let run = try RagBinary.run([script, RagBinary.url.path, space.store], timeout: 300, executable: Self.python)
        #expect(run.status == 0, "\(run.stderr)")
        let report = try StoreCommandTests.json(run.stdout.split(separator: "\n").last.map(String.init) ?? "")
        #expect(report["tools"] as? Int == 4 && report["documents"] as? Int == StoreCommandTests.sample.count)
    }

    @Test func theIngestToolSyncsOnlyInsideTheAllowedFolder() throws {
        let space = try StoreCommandTests.workspace()
        defer { try? FileManager.default.removeItem(at: space.root) }
        #expect(try space.rag(["ingest", space.notes]).status == 0)
        let script = RagBinary.repository.appendingPathComponent("Tests/clients/mcp_client.py").path
        let run = try RagBinary.run(
            [script, RagBinary.url.path, space.store], environment: ["RAG_ALLOW_INGEST": space.notes], timeout: 300, executable: Self.python)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains(#""tools": 5"#), "\(run.stdout)")
    }

    @Test func stdoutCarriesTheProtocolOnly() throws {
        // A client that sends nothing gets nothing on stdout, not even the store's notices, and
        // rag mcp ends when stdin closes.
        let space = try StoreCommandTests.workspace()
        defer { try? FileManager.default.removeItem(at: space.root) }
        let run = try RagBinary.run(["mcp", "--store", space.store], input: Data(), timeout: 120)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.isEmpty, "\(run.stdout)")
    }
}

/// `/mcp` of `rag serve`: the same client over Streamable HTTP, behind the token.
@Suite(.serialized) struct ServeMCPClientTests {
    @Test func theOfficialClientCallsEveryToolOverHTTPWithTheToken() async throws {
        let space = try StoreCommandTests.workspace()
        defer { try? FileManager.default.removeItem(at: space.root) }
        #expect(try space.rag(["ingest", space.notes]).status == 0)
        let server = try RagServer(["--store", space.store, "--token", "s3cret"])
        defer { server.stop() }

        let script = RagBinary.repository.appendingPathComponent("Tests/clients/mcp_client.py").path
        let url = "http://127.0.0.1:\(server.port)/mcp"
        let run = try RagBinary.run([script, RagBinary.url.path, space.store, url, "s3cret"], timeout: 300, executable: MCPClientTests.python)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains(#""transport": "http""#), "\(run.stdout)")

        let refused = try RagBinary.run([script, RagBinary.url.path, space.store, url, "wrong"], timeout: 120, executable: MCPClientTests.python)
        #expect(refused.status != 0 && !refused.stdout.contains("transport"), "\(refused.stderr)")
        let initialize = #"{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {}}"#
        let wrong = try await server.post("/mcp", json: initialize, headers: ["Authorization": "Bearer wrong"])
        #expect(wrong.status == 401)
    }
}
