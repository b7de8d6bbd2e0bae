import Foundation
import LLM
import Testing

/// kill -9 at random moments of `rag ingest`, with files edited and deleted between some of the
/// kills: every time the store must verify, and a last ingest must end exactly where a clean one does.
@Suite(.serialized) struct CrashTests {
    static let files =
        StoreCommandTests.sample + [
            "week06-embeddings-retrieval/vector-search.md", "week05-attention-transformers/transformers.md",
            "week03-neural-networks/backpropagation.md", "exports/glossary.json",
        ]

    func chunkCount(_ space: StoreCommandTests.Workspace, store: String) throws -> Int {
        let stats = try RagBinary.run(["stats", "--json", "--store", store])
        return try StoreCommandTests.json(stats.stdout)["chunks"] as? Int ?? -1
    }

    @Test func killedIngestsLeaveAConsistentStoreThatAFinalIngestCompletes() throws {
        let space = try StoreCommandTests.workspace(files: Self.files)
        defer { try? FileManager.default.removeItem(at: space.root) }
        #expect(try space.rag(["ingest", space.notes + "/labs"]).status == 0)

        // A full ingest's length, to aim the kills inside it.
        let probe = space.root.appendingPathComponent("probe").path
        let start = Date()
        #expect(try RagBinary.run(["ingest", space.notes, "--store", probe]).status == 0)
        let fullIngest = Date().timeIntervalSince(start)

        var random = SplitMix64(seed: 20_261_122)  // the same kill times on every run, so a failure can be replayed
        var removed: [(path: String, text: String)] = []
        let trials = 12
        for trial in 0..<trials {
            let ingest = Process()
            ingest.executableURL = RagBinary.url
            ingest.arguments = ["ingest", space.notes, "--store", space.store, "--commit-every", "16"]
            ingest.standardOutput = FileHandle.nullDevice
            ingest.standardError = FileHandle.nullDevice
            try ingest.run()
            usleep(UInt32((0.02 + random.nextUnit() * (max(0.1, fullIngest) - 0.02)) * 1_000_000))
            kill(ingest.processIdentifier, SIGKILL)
            ingest.waitUntilExit()

            let verify = try space.rag(["verify", "--json"])
            #expect(verify.status == 0, "trial \(trial): \(verify.stdout) \(verify.stderr)")

            // Change the notes between some of the kills.
            let file = space.notes + "/" + Self.files[trial % Self.files.count]
            switch trial % 4 {
            case 1 where FileManager.default.fileExists(atPath: file):
                let text = try String(contentsOfFile: file, encoding: .utf8)
                try (text + "\n\nAdded in crash trial \(trial): gradient clipping caps the norm at 1.0.\n")
                    .write(toFile: file, atomically: true, encoding: .utf8)
            case 2 where FileManager.default.fileExists(atPath: file):
                removed.append((file, try String(contentsOfFile: file, encoding: .utf8)))
                try FileManager.default.removeItem(atPath: file)
            case 3 where !removed.isEmpty:
                let back = removed.removeFirst()
                try back.text.write(toFile: back.path, atomically: true, encoding: .utf8)
            default:
                break
            }
        }

        let final = try space.rag(["ingest", space.notes])
        #expect(final.status == 0, "\(final.stderr)")
        #expect(try space.rag(["verify"]).status == 0)
        let clean = space.root.appendingPathComponent("clean").path
        #expect(try RagBinary.run(["ingest", space.notes, "--store", clean]).status == 0)
        let (crashed, expected) = (try chunkCount(space, store: space.store), try chunkCount(space, store: clean))
        #expect(crashed == expected && expected > 0, "after \(trials) kills: \(crashed) chunks, a clean ingest has \(expected)")
    }
}
