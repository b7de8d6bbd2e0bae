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

    /// The watcher syncs on a thread of its own: /healthz is answered all through a sync of 45
    /// notes copied in at once. Its latencies are printed, not asserted (they depend on the machine).
    @Test func healthzKeepsAnsweringWhileTheWatcherSyncsACopiedFolder() async throws {
        let space = try StoreCommandTests.workspace(files: ["labs/lab-instructions.md"])
        defer { try? FileManager.default.removeItem(at: space.root) }
        let server = try RagServer(["--store", space.store, "--ingest-root", space.notes, "--watch", space.notes])
        defer { server.stop() }
        let documents = { try await server.request("/v1/stats").json()["documents"] as? Int ?? 0 }
        let started = Date()
        while try await server.request("/v1/stats").status != 200 && Date().timeIntervalSince(started) < 120 { try await Task.sleep(for: .milliseconds(100)) }

        // What a scan of the folder finds, counted before the watcher can sync any of it.
        let corpus = RagBinary.repository.appendingPathComponent("corpora/ml-notes").path
        let plan = try RagBinary.run(["ingest", "--dry-run", "--json", corpus, "--store", space.root.appendingPathComponent("none").path])
        let expected = try #require(try StoreCommandTests.json(plan.stdout)["added"] as? Int)
        try FileManager.default.copyItem(atPath: corpus, toPath: space.notes + "/copied")
        var latencies: [Double] = []
        let start = Date()
        while try await documents() < 1 + expected && Date().timeIntervalSince(start) < 120 {
            let sent = Date()
            let reply = try server.raw("GET /healthz HTTP/1.1\nHost: 127.0.0.1\nConnection: close\n\n")
            #expect(reply.status == 200)
            latencies.append(Date().timeIntervalSince(sent))
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try await documents() == 1 + expected, "the copied folder was not synced: \(server.stderr)")
        latencies.sort()
        let p99 = latencies[min(latencies.count - 1, Int(Double(latencies.count) * 0.99))]
        print("watch: /healthz during the sync of \(expected) copied notes: \(latencies.count) requests, p50 \(Int(latencies[latencies.count / 2] * 1000)) ms, p99 \(Int(p99 * 1000)) ms")
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
