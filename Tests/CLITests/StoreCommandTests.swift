import Foundation
import Testing

/// The store commands as a user runs them, on the real binary, a real store and the real models.
@Suite(.serialized) struct StoreCommandTests {
    static let sample = [
        "week01-foundations/bias-variance.md", "week03-neural-networks/cnns.html",
        "week05-attention-transformers/attention.md", "exports/flashcards.jsonl", "labs/lab-instructions.md",
    ]

    /// A temporary folder with a copy of some notes and room for a store.
    struct Workspace {
        let root: URL
        var notes: String { root.appendingPathComponent("notes").path }
        var store: String { root.appendingPathComponent("store").path }

        func rag(_ arguments: [String]) throws -> RagBinary.Result {
            try RagBinary.run(arguments + ["--store", store])
        }
    }

    static func workspace(files: [String] = sample) throws -> Workspace {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("rag-cli-\(UUID().uuidString)")
        let corpus = RagBinary.repository.appendingPathComponent("corpora/ml-notes").path
        for file in files {
            let target = root.appendingPathComponent("notes/" + file).path
            try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: corpus + "/" + file, toPath: target)
        }
        return Workspace(root: root)
    }

    static func json(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
    }

    @Test func ingestSearchStatsInspectVerifyForget() throws {
        let space = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: space.root) }

        let ingest = try space.rag(["ingest", "--json", space.notes])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let summary = try Self.json(ingest.stdout)
        #expect(summary["added"] as? Int == Self.sample.count)
        #expect((summary["chunks_embedded"] as? Int ?? 0) > 10)
        for key in ["changed", "renamed", "removed", "unchanged", "failed", "seconds", "warnings"] { #expect(summary[key] != nil) }

        let search = try space.rag(["search", "--json", "--k", "3", "why divide the scores by the square root of d_k"])
        #expect(search.status == 0)
        let results = try #require(try Self.json(search.stdout)["results"] as? [[String: Any]])
        #expect(results.count == 3)
        #expect((results[0]["path"] as? String)?.hasSuffix("attention.md") == true)
        for key in ["rank", "chunk_id", "path", "heading", "line_start", "line_end", "score", "text"] { #expect(results[0][key] != nil) }

        for (mode, fusion) in [("dense", "scores"), ("bm25", "scores"), ("hybrid", "scores"), ("hybrid", "rrf")] {
            let result = try space.rag(["search", "--json", "--explain", "--mode", mode, "--fusion", fusion, "--k", "2", "Adam beta2 \"NEAR(x*) ^:"])
            #expect(result.status == 0, "\(mode): \(result.stderr)")
            let explained = try #require(try Self.json(result.stdout)["results"] as? [[String: Any]])
            #expect((explained.first?["explain"] as? [String: Any])?["fused_score"] != nil, "\(mode)")
        }
        #expect(try space.rag(["search", "   "]).status == 64)
        #expect(try space.rag(["search", "--mode", "magic", "x"]).status == 64)
        #expect(try space.rag(["search", "--fusion", "magic", "x"]).status == 64)
        #expect(try space.rag(["search", String(repeating: "attention ", count: 1000)]).status == 0)

        let stats = try Self.json(try space.rag(["stats", "--json"]).stdout)
        #expect(stats["documents"] as? Int == Self.sample.count && stats["index_type"] as? String == "flat")
        #expect(stats["index_choice"] as? String == "size", "a new store picks its index by size")
        #expect(stats["chunks"] as? Int == stats["vectors"] as? Int)

        let chunkID = try #require(results[0]["chunk_id"] as? Int)
        let chunk = try Self.json(try space.rag(["inspect", "chunk", "\(chunkID)", "--json"]).stdout)
        #expect(chunk["text"] as? String == results[0]["text"] as? String)
        let document = try Self.json(try space.rag(["inspect", "doc", space.notes + "/labs/lab-instructions.md", "--json"]).stdout)
        #expect((document["chunks"] as? [Any])?.isEmpty == false)

        let verify = try space.rag(["verify", "--json"])
        let verified = try Self.json(verify.stdout)
        #expect(verify.status == 0 && verified["ok"] as? Bool == true)

        let forget = try space.rag(["forget", space.notes + "/exports"])
        #expect(forget.status == 0 && forget.stdout.contains("flashcards.jsonl"))
        let after = try Self.json(try space.rag(["stats", "--json"]).stdout)
        #expect(after["documents"] as? Int == Self.sample.count - 1)

        let rebuild = try space.rag(["rebuild", "--index", "hnsw"])
        #expect(rebuild.status == 0)
        let rebuilt = try Self.json(try space.rag(["stats", "--json"]).stdout)
        #expect(rebuilt["index_type"] as? String == "hnsw" && rebuilt["index_choice"] as? String == "fixed")
        #expect(try space.rag(["verify"]).status == 0)
        #expect(try space.rag(["rebuild", "--index", "auto"]).status == 0)
        let automatic = try Self.json(try space.rag(["stats", "--json"]).stdout)
        #expect(automatic["index_type"] as? String == "flat" && automatic["index_choice"] as? String == "size")
    }

    @Test func commandsOnAMissingStoreExplainAndExit1() throws {
        let space = try Self.workspace(files: [])
        defer { try? FileManager.default.removeItem(at: space.root) }
        for command in [["search", "x"], ["stats"], ["verify"], ["inspect", "chunk", "1"]] {
            let result = try space.rag(command)
            #expect(result.status == 1 && result.stderr.contains("rag ingest"), "\(command)")
        }
        #expect(try space.rag(["ingest", "/nonexistent/notes"]).status == 1)
        #expect(try space.rag(["search", "--k", "0", "x"]).status == 64)
        #expect(try space.rag(["ingest", "--index", "lsh", "x"]).status == 64)
    }

    /// One writer at a time: a second ingest that will not wait fails naming the holder, and a
    /// search during an ingest answers.
    @Test func aSecondIngestFailsClearlyAndSearchesGoOnDuringAnIngest() throws {
        let space = try Self.workspace(files: Self.sample + ["week06-embeddings-retrieval/vector-search.md", "week05-attention-transformers/transformers.md"])
        defer { try? FileManager.default.removeItem(at: space.root) }
        #expect(try space.rag(["ingest", space.notes + "/labs"]).status == 0)

        let long = Process()
        long.executableURL = RagBinary.url
        long.arguments = ["ingest", space.notes, "--store", space.store, "--commit-every", "8"]
        long.standardOutput = FileHandle.nullDevice
        long.standardError = FileHandle.nullDevice
        try long.run()
        defer { #expect(long.exits(within: 900), "the long ingest never ended") }
        // Wait until the long ingest holds the lock (its pid is in the lock file).
        let lockFile = space.store + "/default/lock"
        for _ in 0..<100 where (try? String(contentsOfFile: lockFile, encoding: .utf8))?.hasPrefix("\(long.processIdentifier)") != true {
            usleep(50_000)
        }
        let second = try space.rag(["ingest", "--wait", "0", space.notes])
        let search = try space.rag(["search", "--json", "lab report"])
        #expect(long.isRunning, "the long ingest ended before the checks; make it longer")
        #expect(second.status == 1)
        #expect(second.stderr.contains("pid \(long.processIdentifier)") && second.stderr.contains("--wait"))
        #expect(search.status == 0 && search.stdout.contains("\"results\""))
    }
}
