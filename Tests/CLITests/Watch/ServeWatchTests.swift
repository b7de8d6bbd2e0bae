import Foundation
import Testing

/// `rag serve --watch` on the real binary: `GET /v1/search` follows edits, renames and deletions,
/// the store verifies, and watched paths must lie inside an `--ingest-root`.
@Suite(.serialized) struct ServeWatchTests {
    @Test func searchesFollowEditsRenamesAndDeletionsUnderTheWatchedFolder() async throws {
        let space = try WatchScenario.workspace()
        defer { try? FileManager.default.removeItem(at: space.root) }
        let server = try RagServer(["--store", space.store, "--ingest-root", space.notes, "--watch", space.notes])
        defer { server.stop() }
        let search = { (query: String) in
            let reply = try await server.request("/v1/search?q=\(query.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&k=10&mode=bm25")
            // Before the first sync commits there is no store yet: no results.
            guard reply.status != 404 else { return [String]() }
            guard reply.status == 200 else { throw RagServer.Failure("GET /v1/search: \(reply.status) \(reply.text)") }
            return (try reply.json()["results"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        }
        try await WatchScenario(space: space, search: search).run()
        #expect(try space.rag(["verify"]).status == 0)
        #expect(server.stop() == 0, "\(server.stderr)")
        #expect(server.stderr.contains("rag serve: watch: synced:"), "\(server.stderr)")
        #expect(try space.rag(["verify"]).status == 0)
    }

    @Test func watchedPathsMustLieInsideAnIngestRoot() throws {
        let space = try StoreCommandTests.workspace(files: ["labs/lab-instructions.md"])
        defer { try? FileManager.default.removeItem(at: space.root) }
        let outside = try RagBinary.run(["serve", "--store", space.store, "--ingest-root", space.notes + "/labs", "--watch", space.notes])
        #expect(outside.status == 64 && outside.stderr.contains("--watch") && outside.stderr.contains("outside"), "\(outside.stderr)")
        let noRoot = try RagBinary.run(["serve", "--store", space.store, "--watch", space.notes])
        #expect(noRoot.status == 64 && noRoot.stderr.contains("--ingest-root"), "\(noRoot.stderr)")
    }
}
