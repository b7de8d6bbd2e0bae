import Foundation
import Testing

/// `/v1/ingest` on the real binary: what it may read (`--ingest-root`), and that a sync neither
/// freezes the server nor outlives its client or a SIGTERM.
@Suite(.serialized) struct ServeIngestTests {
    /// A workspace whose notes are every note of corpora/ml-notes (48) plus two more: 50 files.
    static func fiftyNotes() throws -> StoreCommandTests.Workspace {
        let space = try StoreCommandTests.workspace(files: [])
        let notes = space.notes
        try FileManager.default.createDirectory(atPath: (notes as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: RagBinary.repository.appendingPathComponent("corpora/ml-notes").path, toPath: notes)
        for i in 1...2 {
            let text = (1...12).map { "Paragraph \($0) of extra note \(i): gradient clipping bounds the norm of update \($0 * i)." }
            try ("# Extra note \(i)\n\n" + text.joined(separator: "\n\n")).write(toFile: notes + "/extra-\(i).md", atomically: true, encoding: .utf8)
        }
        return space
    }

    static func ingest(_ path: String) -> String { #"{"paths": ["\#(path)"]}"# }

    @Test func withoutAnIngestRootTheEndpointRefusesAndSaysHowToEnableIt() async throws {
        let space = try StoreCommandTests.workspace(files: ["labs/lab-instructions.md"])
        defer { try? FileManager.default.removeItem(at: space.root) }
        for (arguments, headers) in [([String](), [String: String]()), (["--token", "s3cret"], ["Authorization": "Bearer s3cret"])] {
            let server = try RagServer(["--store", space.store] + arguments)
            defer { server.stop() }
            let refused = try await server.post("/v1/ingest", json: Self.ingest(space.notes), headers: headers)
            #expect(refused.status == 403, "\(refused.text)")
            #expect(refused.header("content-type")?.hasPrefix("application/json") == true)
            #expect(refused.error?.contains("--ingest-root DIR") == true, "\(refused.text)")
        }
        #expect(!FileManager.default.fileExists(atPath: space.store + "/default/rag.sqlite"))
        #expect(try RagBinary.run(["serve", "--ingest-root", space.root.path + "/nothing-here"]).status == 64)
    }

    @Test func onlyPathsInsideAnIngestRootAreSyncedLinksAndDotsResolved() async throws {
        let space = try StoreCommandTests.workspace(files: ["labs/lab-instructions.md"])
        defer { try? FileManager.default.removeItem(at: space.root) }
        let outside = space.root.path + "/private"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try "# Salaries\n\nThe zanzibar salary table is private.\n".write(toFile: outside + "/salaries.md", atomically: true, encoding: .utf8)
        let server = try RagServer(["--store", space.store, "--ingest-root", space.notes, "--token", "s3cret"])
        defer { server.stop() }
        let token = ["Authorization": "Bearer s3cret"]

        let escapes = [
            outside, outside + "/salaries.md", space.notes + "/../private", space.notes + "/labs/../../private/salaries.md",
            "/etc", space.notes + "/outward",
        ]
        try FileManager.default.createSymbolicLink(atPath: space.notes + "/outward", withDestinationPath: outside)
        for path in escapes {
            let refused = try await server.post("/v1/ingest", json: Self.ingest(path), headers: token)
            #expect(refused.status == 403 && refused.error?.contains("outside the folders this server may ingest") == true, "\(path): \(refused.text)")
        }
        // Inside a root, what a client gets wrong is still a 400.
        let missing = try await server.post("/v1/ingest", json: Self.ingest(space.notes + "/no/such"), headers: token)
        #expect(missing.status == 400 && missing.error?.contains("no such folder") == true, "\(missing.text)")

        try FileManager.default.removeItem(atPath: space.notes + "/outward")
        let inside = try await server.post("/v1/ingest", json: Self.ingest(space.notes + "/labs/../labs"), headers: token)
        #expect(inside.status == 200, "\(inside.text)")
        #expect(try inside.json()["added"] as? Int == 1)
        let found = try await server.request("/v1/search?q=zanzibar%20salary&k=3&mode=bm25", headers: token).json()
        #expect((found["results"] as? [Any])?.isEmpty == true, "\(found)")
    }

    /// The sync runs beside the server, not on its threads: /healthz keeps answering within 50 ms
    /// at the 99th percentile while /v1/ingest syncs 50 files.
    @Test func healthzAnswersPromptlyWhileAnIngestSyncsFiftyFiles() async throws {
        let space = try Self.fiftyNotes()
        defer { try? FileManager.default.removeItem(at: space.root) }
        let server = try RagServer(["--store", space.store, "--ingest-root", space.notes])
        defer { server.stop() }

        async let ingesting = server.post("/v1/ingest", json: Self.ingest(space.notes))
        let lockFile = space.store + "/default/lock"
        // Measure once the sync holds the store's lock, until it is done. The wait sleeps as a task
        // does, so that it leaves its thread to the request it waits for.
        let deadline = Date().addingTimeInterval(120)
        while !FileManager.default.fileExists(atPath: lockFile) {
            guard Date() < deadline else { throw RagServer.Failure("the ingest never took the lock: \(server.stderr)") }
            try await Task.sleep(for: .milliseconds(10))
        }
        let measuring = Task.detached {
            var seconds: [Double] = []
            while !Task.isCancelled {
                let start = Date()
                let reply = try server.raw("GET /healthz HTTP/1.1\nHost: 127.0.0.1\nConnection: close\n\n")
                seconds.append(reply.status == 200 ? Date().timeIntervalSince(start) : .infinity)
                usleep(20_000)
            }
            return seconds
        }
        let ingest = try await ingesting
        measuring.cancel()
        let latencies = try await measuring.value.sorted()
        #expect(ingest.status == 200, "\(ingest.text)")
        let summary = try ingest.json()
        #expect(summary["added"] as? Int == 50, "\(summary)")
        let p99 = latencies[min(latencies.count - 1, Int(Double(latencies.count) * 0.99))]
        print("healthz during a 50-file ingest: \(latencies.count) requests, p50 \(Int(latencies[latencies.count / 2] * 1000)) ms, p99 \(Int(p99 * 1000)) ms, max \(Int(latencies.last! * 1000)) ms")
        #expect(latencies.count >= 20, "the ingest ended too soon to measure")
        #expect(p99 <= 0.050, "p99 \(p99 * 1000) ms")
    }

    /// SIGTERM in the middle of a sync: the server exits within 3 s and the store verifies (at the
    /// generation before the sync or one it committed).
    @Test func sigtermDuringAnIngestExitsWithinThreeSecondsLeavingAStoreThatVerifies() async throws {
        let space = try Self.fiftyNotes()
        defer { try? FileManager.default.removeItem(at: space.root) }
        let server = try RagServer(["--store", space.store, "--ingest-root", space.notes])
        let body = Data(Self.ingest(space.notes).utf8)
        let request = "POST /v1/ingest HTTP/1.1\nHost: 127.0.0.1\nContent-Type: application/json\nContent-Length: \(body.count)\nConnection: close\n\n"
        let reply = Task.detached { try server.raw(request, body: body) }
        try Self.waitUntilEmbedding(server)

        let start = Date()
        #expect(server.stop() == 0)
        let seconds = Date().timeIntervalSince(start)
        print("SIGTERM during an ingest: exited after \(String(format: "%.2f", seconds)) s")
        #expect(seconds <= 3, "\(seconds) s")
        let answer = try await reply.value
        #expect(answer.status == 503 && answer.text.contains("stopped"), "\(answer.text.prefix(400))")
        let verify = try space.rag(["verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    /// A client that hangs up stops its sync: the lock is free again at once, and the next ingest syncs the rest.
    @Test func aClientThatHangsUpStopsItsIngest() async throws {
        let space = try Self.fiftyNotes()
        defer { try? FileManager.default.removeItem(at: space.root) }
        let server = try RagServer(["--store", space.store, "--ingest-root", space.notes])
        defer { server.stop() }
        let body = Data(Self.ingest(space.notes).utf8)
        try server.sendAndHangUp(
            "POST /v1/ingest HTTP/1.1\nHost: 127.0.0.1\nContent-Type: application/json\nContent-Length: \(body.count)\n\n", body: body)
        try Self.waitUntilEmbedding(server)
        let deadline = Date().addingTimeInterval(5)
        while !server.stderr.contains("stopped (its client left") && Date() < deadline { usleep(50_000) }
        #expect(server.stderr.contains("stopped (its client left"), "\(server.stderr)")
        let next = try await server.post("/v1/ingest", json: Self.ingest(space.notes))
        #expect(next.status == 200, "\(next.text)")
        #expect(try space.rag(["verify"]).status == 0)
    }

    /// Waits until the server's sync holds the store's lock and has had a moment to start embedding.
    static func waitUntilEmbedding(_ server: RagServer) throws {
        let deadline = Date().addingTimeInterval(60)
        let lockFile = server.process.arguments![server.process.arguments!.firstIndex(of: "--store")! + 1] + "/default/lock"
        while !FileManager.default.fileExists(atPath: lockFile) {
            guard Date() < deadline else { throw RagServer.Failure("the ingest never took the lock: \(server.stderr)") }
            usleep(20_000)
        }
        usleep(1_500_000)
    }
}
