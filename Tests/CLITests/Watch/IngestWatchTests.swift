import Foundation
import Testing

/// `rag ingest --watch` as a child process: changes reach the store in batches, SIGTERM leaves it
/// consistent, another writer can run between batches, and kill -9 in the middle of a sync leaves a
/// store that verifies and that the next `rag ingest` completes.
@Suite(.serialized) struct IngestWatchTests {
    static func stats(_ space: StoreCommandTests.Workspace) throws -> [String: Any] {
        try StoreCommandTests.json(try space.rag(["stats", "--json"]).stdout)
    }

    static func bm25(_ space: StoreCommandTests.Workspace) -> (String) async throws -> [String] {
        { query in
            let search = try space.rag(["search", "--json", "--mode", "bm25", "--k", "10", query])
            guard search.status == 0 else { throw RagWatcher.Failure("rag search \(query): \(search.stderr)") }
            return (try StoreCommandTests.json(search.stdout)["results"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        }
    }

    @Test func editsRenamesAndDeletionsReachTheStoreAndSigtermLeavesItConsistent() async throws {
        let space = try WatchScenario.workspace()
        defer { try? FileManager.default.removeItem(at: space.root) }
        let watcher = try RagWatcher([space.notes, "--store", space.store])
        try await WatchScenario(space: space, search: Self.bm25(space)).run()
        #expect(try space.rag(["verify"]).status == 0)

        // Between batches the lock is free: another writer runs at once and finds nothing to do.
        let other = try RagBinary.run(["ingest", "--wait", "10", "--json", space.notes, "--store", space.store], timeout: 120)
        #expect(other.status == 0, "\(other.stderr)")
        let summary = try StoreCommandTests.json(other.stdout)
        #expect(summary["added"] as? Int == 0 && summary["removed"] as? Int == 0, "\(summary)")

        #expect(watcher.stop(SIGTERM) == 0, "\(watcher.stderr)")
        #expect(watcher.stderr.contains("stopped watching"), "\(watcher.stderr)")
        #expect(!watcher.stderr.contains("error"), "\(watcher.stderr)")
        #expect(try space.rag(["verify"]).status == 0)
    }

    /// 50 notes written at once are synced in a batch or two, not one commit each.
    @Test func aBurstOfFiftyNotesGivesFewCommits() async throws {
        let space = try StoreCommandTests.workspace(files: ["labs/lab-instructions.md"])
        defer { try? FileManager.default.removeItem(at: space.root) }
        let watcher = try RagWatcher([space.notes, "--store", space.store])
        defer { watcher.stop() }
        let (generation, syncs) = (try Self.stats(space)["generation"] as? Int ?? -1, watcher.syncs)

        for i in 1...50 {
            try WatchScenario.write("# Burst \(i)\n\nBurst note \(i) says momentum \(i) smooths the updates.\n", to: space.notes + "/burst/note-\(i).md")
        }
        try RagWatcher.eventually("50 burst notes in the store", limit: 120) { try Self.stats(space)["documents"] as? Int == 51 }
        let commits = (try Self.stats(space)["generation"] as? Int ?? -1) - generation
        print("watch: 50 notes written at once gave \(commits) commits in \(watcher.syncs - syncs) syncs")
        #expect((1...3).contains(commits), "\(commits) commits for 50 notes: \(watcher.stderr)")
        #expect((1...3).contains(watcher.syncs - syncs), "\(watcher.stderr)")
    }

    /// kill -9 while the watcher syncs a large batch (after some of its commits, before its last):
    /// the store verifies, and the next `rag ingest` ends where a clean one does.
    @Test func killNineInTheMiddleOfABatchLeavesAStoreThatVerifiesAndTheNextIngestCompletes() async throws {
        let space = try StoreCommandTests.workspace()
        defer { try? FileManager.default.removeItem(at: space.root) }
        let watcher = try RagWatcher([space.notes, "--store", space.store, "--commit-every", "16"])
        let (documents, syncs) = (try Self.stats(space)["documents"] as? Int ?? -1, watcher.syncs)

        let paragraph = (1...30).map { "Paragraph \($0) on regularisation: weight decay \($0) shrinks each coefficient toward zero." }
        for i in 1...80 {
            try WatchScenario.write("# Large note \(i)\n\n" + paragraph.map { "\($0) (note \(i))" }.joined(separator: "\n\n"), to: space.notes + "/large/note-\(i).md")
        }
        try RagWatcher.eventually("a commit of the large batch", limit: 120) { (try Self.stats(space)["documents"] as? Int ?? 0) > documents }
        #expect(watcher.syncs == syncs, "the batch was synced whole before the kill: the kill did not land in it")
        #expect(watcher.stop(SIGKILL) == SIGKILL)
        print("watch: killed with \((try Self.stats(space)["documents"] as? Int ?? 0) - documents) of the 80 new notes committed")

        let verify = try space.rag(["verify", "--json"])
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
        let final = try space.rag(["ingest", "--json", space.notes])
        #expect(final.status == 0, "\(final.stderr)")
        #expect((try StoreCommandTests.json(final.stdout)["added"] as? Int ?? 0) > 0, "the kill left nothing for the next ingest: \(final.stdout)")
        #expect(try space.rag(["verify"]).status == 0)
        let clean = space.root.appendingPathComponent("clean").path
        #expect(try RagBinary.run(["ingest", space.notes, "--store", clean]).status == 0)
        let chunks = { (store: String) in try StoreCommandTests.json(try RagBinary.run(["stats", "--json", "--store", store]).stdout)["chunks"] as? Int }
        #expect(try chunks(space.store) == chunks(clean))
    }

    @Test func watchRefusesDryRunAndJSON() throws {
        for flag in ["--dry-run", "--json"] {
            let refused = try RagBinary.run(["ingest", "--watch", flag, "/tmp"])
            #expect(refused.status == 64 && refused.stderr.contains("--watch"), "\(flag): \(refused.stderr)")
        }
    }
}
