import Foundation
import Testing

/// `rag serve` as clients use it: the real binary on a free loopback port, a real store, the real models.
@Suite(.serialized) struct ServeTests {
    @Test func helpTeachesTheEndpointsAndOptions() throws {
        let help = try RagBinary.run(["serve", "--help"])
        #expect(help.status == 0)
        for text in ["--host", "--port", "--token", "--queue", "--cors", "--ingest-root", "/v1/search", "/v1/ask", "/v1/ingest", "Examples:"] {
            #expect(help.stdout.contains(text), "\(text)")
        }
        #expect(try RagBinary.run(["--help"]).stdout.contains("serve"))
    }

    @Test func refusesToListenBeyondLoopbackWithoutAToken() throws {
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("rag-serve-\(UUID().uuidString)").path
        for host in ["0.0.0.0", "::", "192.168.1.10"] {
            let refused = try RagBinary.run(["serve", "--host", host, "--store", store], environment: ["RAG_TOKEN": ""])
            #expect(refused.status == 64, "\(host)")
            #expect(refused.stderr.contains("Refusing to listen on \(host) without a token"), "\(refused.stderr)")
        }
        #expect(try RagBinary.run(["serve", "--port", "70000"]).status == 64)
        #expect(try RagBinary.run(["serve", "--cors", "*"]).status == 64)
        #expect(!FileManager.default.fileExists(atPath: store))
    }

    @Test func everyEndpointOnAStoreIngestedThroughTheAPI() async throws {
        let space = try StoreCommandTests.workspace()
        defer { try? FileManager.default.removeItem(at: space.root) }
        let server = try RagServer(["--store", space.store, "--ingest-root", space.notes])

        // before anything is ingested
        #expect(try await server.request("/healthz").json()["status"] as? String == "ok")
        let empty = try await server.request("/v1/stats")
        #expect(empty.status == 404 && empty.error?.contains("ingest") == true)

        // ingest, as `rag ingest --json` reports it, while searches go on: each finds nothing yet
        // (404) or finds passages, never fails
        async let ingesting = server.post("/v1/ingest", json: #"{"paths": ["\#(space.notes)"]}"#)
        var during: [Int] = []
        while during.count < 200 && !during.suffix(3).allSatisfy({ $0 == 200 }) || during.count < 3 {
            during.append(try await server.request("/v1/search?q=attention&k=3").status)
        }
        #expect(during.allSatisfy { $0 == 200 || $0 == 404 }, "\(during)")
        let ingest = try await ingesting
        #expect(ingest.status == 200, "\(ingest.text)")
        let summary = try ingest.json()
        #expect(summary["added"] as? Int == StoreCommandTests.sample.count)
        #expect((summary["chunks_embedded"] as? Int ?? 0) > 10)

        // stats, search and chunks answer what the CLI prints
        let stats = try await server.request("/v1/stats").json()
        let cliStats = try StoreCommandTests.json(try space.rag(["stats", "--json"]).stdout)
        for key in ["documents", "chunks", "vectors", "generation", "index_type", "dimension"] {
            #expect("\(stats[key] ?? "-")" == "\(cliStats[key] ?? "+")", "\(key)")
        }
        let question = "why divide the scores by the square root of d_k"
        let search = try await server.request("/v1/search?q=\(question.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&k=3")
        #expect(search.status == 200 && search.header("content-type")?.hasPrefix("application/json") == true)
        let results = try #require(try search.json()["results"] as? [[String: Any]])
        let cliResults = try #require(try StoreCommandTests.json(try space.rag(["search", "--json", "--k", "3", question]).stdout)["results"] as? [[String: Any]])
        #expect(results.map { $0["chunk_id"] as? Int } == cliResults.map { $0["chunk_id"] as? Int })
        #expect((results.first?["path"] as? String)?.hasSuffix("attention.md") == true)
        let bm25 = try await server.request("/v1/search?q=attention&k=2&mode=bm25").json()
        #expect(bm25["mode"] as? String == "bm25" && (bm25["results"] as? [Any])?.count == 2)

        let id = try #require(results.first?["chunk_id"] as? Int)
        let chunk = try await server.request("/v1/chunks/\(id)").json()
        let cliChunk = try StoreCommandTests.json(try space.rag(["inspect", "chunk", "\(id)", "--json"]).stdout)
        #expect(NSDictionary(dictionary: chunk).isEqual(to: cliChunk))

        // searches side by side all succeed
        try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<16 { group.addTask { try await server.request("/v1/search?q=attention%20head%20\(i)&k=5").status } }
            for try await status in group { #expect(status == 200) }
        }

        // an edited note is searchable after the next ingest, without restarting
        let lab = space.notes + "/labs/lab-instructions.md"
        try (try String(contentsOfFile: lab, encoding: .utf8) + "\n\n## Zanzibar\n\nThe zanzibar checkpoint is due on Friday.\n")
            .write(toFile: lab, atomically: true, encoding: .utf8)
        let resync = try await server.post("/v1/ingest", json: #"{"paths": ["\#(space.notes)"]}"#).json()
        #expect(resync["changed"] as? Int == 1 && resync["unchanged"] as? Int == StoreCommandTests.sample.count - 1)
        let found = try await server.request("/v1/search?q=zanzibar%20checkpoint&k=1&mode=bm25").json()
        #expect(((found["results"] as? [[String: Any]])?.first?["text"] as? String)?.contains("zanzibar") == true)

        // the page: self-contained, with a policy that lets only its own script run
        let page = try await server.request("/")
        #expect(page.status == 200 && page.header("content-type")?.hasPrefix("text/html") == true)
        #expect(page.text.contains("<form") && page.text.contains("/v1/chat") && page.text.contains("/v1/chunks/"))
        #expect(!page.text.contains("src=\"http") && !page.text.contains("href=\"http") && !page.text.contains("@import"))
        #expect(page.header("content-security-policy")?.contains("default-src 'none'") == true)

        // SIGTERM: a graceful stop, exit status 0
        #expect(server.stop() == 0)
        #expect(server.stderr.contains("rag serve: stopped"))
    }

    @Test func badRequestsGetJSONErrorsWithTheirStatus() async throws {
        let space = try StoreCommandTests.workspace(files: ["labs/lab-instructions.md"])
        defer { try? FileManager.default.removeItem(at: space.root) }
        #expect(try space.rag(["ingest", space.notes]).status == 0)
        let server = try RagServer(["--store", space.store, "--ingest-root", space.notes])
        defer { server.stop() }
        #expect(mkfifo(space.notes + "/pipe.md", 0o644) == 0)

        func expectError(_ reply: RagServer.Reply, _ status: Int, _ words: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            #expect(reply.status == status, "\(reply.text)", sourceLocation: sourceLocation)
            #expect(reply.header("content-type")?.hasPrefix("application/json") == true, sourceLocation: sourceLocation)
            #expect(reply.error?.contains(words) == true, "\(reply.text)", sourceLocation: sourceLocation)
        }
        try expectError(try await server.request("/v1/search"), 400, "?q=")
        try expectError(try await server.request("/v1/search?q=%20%20"), 400, "?q=")
        try expectError(try await server.request("/v1/search?q=x&k=0"), 400, "k must be")
        try expectError(try await server.request("/v1/search?q=x&k=many"), 400, "k must be")
        try expectError(try await server.request("/v1/search?q=x&mode=magic"), 400, "mode")
        try expectError(try await server.request("/v1/chunks/abc"), 400, "whole number")
        try expectError(try await server.request("/v1/chunks/999999"), 404, "no chunk 999999")
        try expectError(try await server.request("/v1/nothing"), 404, "no such endpoint")
        try expectError(try await server.request("/v1/stats", method: "DELETE"), 405, "GET")

        try expectError(try await server.post("/v1/ingest", json: #"{"paths": ["#), 400, "not valid JSON")
        try expectError(try await server.post("/v1/ingest", json: #"{"folders": []}"#), 400, "needs \"paths\"")
        try expectError(try await server.post("/v1/ingest", json: #"{"paths": "notes"}"#), 400, "must be a list")
        try expectError(try await server.post("/v1/ingest", json: #"{"paths": []}"#), 400, "at least one")
        try expectError(try await server.post("/v1/ingest", json: #"{"paths": ["notes"]}"#), 400, "absolute")
        try expectError(try await server.post("/v1/ingest", json: #"{"paths": ["\#(space.notes)/no/such"]}"#), 400, "no such folder")
        try expectError(try await server.post("/v1/ingest", json: #"{"paths": ["\#(space.notes)/pipe.md"]}"#), 400, "not a folder or a regular file")
        try expectError(try await server.post("/v1/ingest", json: #"{"paths": ["/dev/null"]}"#), 403, "outside")
        try expectError(
            try await server.post("/v1/ingest", json: #"{"paths": ["/tmp"]}"#, headers: ["Content-Type": "text/plain"]), 415, "JSON")

        // a body over 64 KiB: announced by its length, or sent in chunks without one
        let big = Data(#"{"paths": [""#.utf8) + Data(repeating: UInt8(ascii: "a"), count: 100_000) + Data(#""]}"#.utf8)
        let announced = try server.raw(
            "POST /v1/ingest HTTP/1.1\nHost: 127.0.0.1\nContent-Type: application/json\nContent-Length: \(big.count)\nConnection: close\n\n", body: big)
        #expect(announced.status == 413 && announced.text.contains("larger than 64 KiB"), "\(announced.text.prefix(300))")
        let chunked = Data(String(big.count, radix: 16).utf8) + Data("\r\n".utf8) + big + Data("\r\n0\r\n\r\n".utf8)
        let streamed = try server.raw(
            "POST /v1/ingest HTTP/1.1\nHost: 127.0.0.1\nContent-Type: application/json\nTransfer-Encoding: chunked\nConnection: close\n\n", body: chunked)
        #expect(streamed.status == 413, "\(streamed.text.prefix(300))")
        let broken = try server.raw(
            "POST /v1/ingest HTTP/1.1\nHost: 127.0.0.1\nContent-Type: application/json\nTransfer-Encoding: chunked\nConnection: close\n\n",
            body: Data("zz\r\n{}\r\n0\r\n\r\n".utf8))
        #expect(broken.status == 400 && broken.text.contains("malformed: invalid character in chunk size"), "\(broken.text.prefix(300))")

        // a page elsewhere whose name was pointed at 127.0.0.1 (DNS rebinding) is turned away
        let rebound = try server.raw("GET /v1/stats HTTP/1.1\nHost: notes.attacker.example:\(server.port)\nConnection: close\n\n")
        #expect(rebound.status == 403, "\(rebound.text)")
        #expect(try server.raw("GET /healthz HTTP/1.1\nHost: localhost:\(server.port)\nConnection: close\n\n").status == 200)
    }

    /// A client that sends part of a request and trickles the rest is cut off at the
    /// `--request-timeout`, whether the head or the body is unfinished (the idle timeout never
    /// fires while bytes come); a whole request is answered.
    @Test func aHalfSentRequestIsClosedAtTheRequestTimeout() async throws {
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("rag-serve-\(UUID().uuidString)").path
        let server = try RagServer(["--store", store, "--request-timeout", "1"])
        defer { server.stop() }
        #expect(try server.closes(afterSending: "GET /healthz HTTP/1.1\nHost: 127.0.0.1\nX-Slow: ", patience: 20))
        let head = "POST /v1/ask HTTP/1.1\nHost: 127.0.0.1\nContent-Type: application/json\nContent-Length: 1000\n\n"
        #expect(try server.closes(afterSending: head, body: Data(#"{"q": "#.utf8), patience: 20))
        #expect(try await server.request("/healthz").status == 200)
    }

    @Test func aTokenGuardsEveryRequestButThePage() async throws {
        let space = try StoreCommandTests.workspace(files: ["labs/lab-instructions.md"])
        defer { try? FileManager.default.removeItem(at: space.root) }
        #expect(try space.rag(["ingest", space.notes]).status == 0)
        // beyond loopback with a token: allowed (the test still connects through 127.0.0.1)
        let server = try RagServer(["--store", space.store, "--host", "0.0.0.0", "--token", "s3cret-token"])
        defer { server.stop() }

        for path in ["/healthz", "/v1/stats", "/v1/search?q=lab", "/v1/chunks/1"] {
            let missing = try await server.request(path)
            #expect(missing.status == 401 && missing.header("www-authenticate") == "Bearer", "\(path)")
            #expect(missing.error?.contains("needs a token") == true)
            let wrong = try await server.request(path, headers: ["Authorization": "Bearer s3cret-tokeN"])
            #expect(wrong.status == 401 && wrong.error?.contains("wrong") == true, "\(path)")
            #expect(try await server.request(path, headers: ["Authorization": "Bearer s3cret-token"]).status == 200, "\(path)")
        }
        let ingest = try await server.post("/v1/ingest", json: #"{"paths": ["\#(space.notes)"]}"#, headers: ["Authorization": "s3cret-token"])
        #expect(ingest.status == 401)
        #expect(try await server.request("/").status == 200)
    }
}
