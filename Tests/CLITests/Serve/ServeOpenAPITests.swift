import Foundation
import Testing

/// `GET /openapi.json`: the document of every route, held to the real server by schemathesis
/// (Tests/clients/api_schema.py, installed by scripts/clients.sh), and the defects it found.
@Suite(.serialized) struct ServeOpenAPITests {
    /// schemathesis's examples, coverage and fuzzing phases on every operation, 20 cases each,
    /// against a served store with an ingest root: any 5xx but 503, a response off the document,
    /// bad input accepted or a request slower than 60 s fails it.
    @Test func theServerKeepsToItsDocument() throws {
        let space = try StoreCommandTests.workspace()
        defer { try? FileManager.default.removeItem(at: space.root) }
        #expect(try space.rag(["ingest", space.notes]).status == 0)
        let server = try RagServer(["--store", space.store, "--ingest-root", space.notes])
        defer { server.stop() }

        let script = RagBinary.repository.appendingPathComponent("Tests/clients/api_schema.py").path
        let run = try RagBinary.run([script, server.base, "20"], timeout: 1200, executable: MCPClientTests.python)
        #expect(run.status == 0, "\(run.stderr)")
        let report = try StoreCommandTests.json(run.stdout.split(separator: "\n").last.map(String.init) ?? "")
        #expect((report["ask_events"] as? Int ?? 0) > 1 && (report["chat_chunks"] as? Int ?? 0) > 2, "\(run.stdout)")
    }

    /// docs/openapi.json is what the server serves (regenerate it with
    /// `curl -s localhost:8080/openapi.json | python3 -m json.tool --indent 2 > docs/openapi.json`).
    @Test func theDocumentInDocsIsTheServedOne() async throws {
        let server = try RagServer(["--store", FileManager.default.temporaryDirectory.appendingPathComponent("rag-none-\(UUID().uuidString)").path])
        defer { server.stop() }
        let served = try await server.request("/openapi.json")
        #expect(served.status == 200 && served.header("content-type")?.hasPrefix("application/json") == true)
        let docs = try Data(contentsOf: RagBinary.repository.appendingPathComponent("docs/openapi.json"))
        let (a, b) = (try JSONSerialization.jsonObject(with: served.body) as? NSDictionary, try JSONSerialization.jsonObject(with: docs) as? NSDictionary)
        #expect(a != nil && a == b, "docs/openapi.json differs from GET /openapi.json: regenerate it")
    }

    /// Found by schemathesis: a route asked with a method it does not take answered 404, as if
    /// the path did not exist; HTTP wants 405 and the methods it takes.
    @Test func aMethodARouteDoesNotTakeGets405WithAllow() throws {
        let server = try RagServer(["--store", FileManager.default.temporaryDirectory.appendingPathComponent("rag-none-\(UUID().uuidString)").path])
        defer { server.stop() }
        for (head, allow) in [("DELETE /v1/search?q=x", "GET"), ("TRACE /healthz", "GET"), ("GET /v1/ask", "POST"), ("PUT /v1/chunks/7", "GET")] {
            let reply = try server.raw("\(head) HTTP/1.1\nHost: 127.0.0.1\nConnection: close\n\n")
            #expect(reply.status == 405 && reply.text.lowercased().contains("allow: \(allow.lowercased())"), "\(head): \(reply.text)")
        }
        #expect(try server.raw("GET /v2/nothing HTTP/1.1\nHost: 127.0.0.1\nConnection: close\n\n").status == 404)
    }

    /// Found by schemathesis: a JSON-RPC message whose id is `true` or `false` was taken for a
    /// request by the MCP transport, which then waited for ever for an answer it could not match.
    @Test func anMCPMessageWithABooleanIDIsRefusedNotLeftWaiting() async throws {
        let space = try StoreCommandTests.workspace(files: [StoreCommandTests.sample[0]])
        defer { try? FileManager.default.removeItem(at: space.root) }
        #expect(try space.rag(["ingest", space.notes]).status == 0)
        let server = try RagServer(["--store", space.store])
        defer { server.stop() }
        let accept = ["Accept": "application/json, text/event-stream"]
        for id in ["true", "false", "1.5", "{}"] {
            let reply = try await server.post("/mcp", json: #"{"jsonrpc": "2.0", "id": \#(id), "method": "tools/list"}"#, headers: accept)
            #expect(reply.status == 400 && reply.text.contains("-32600"), "id \(id): \(reply.status) \(reply.text)")
        }
        let listed = try await server.post("/mcp", json: #"{"jsonrpc": "2.0", "id": 7, "method": "tools/list"}"#, headers: accept)
        #expect(listed.status == 200 && listed.text.contains("search_notes"))
    }
}
