import Foundation
import Synchronization
import Testing

/// `POST /v1/ask` on the real server: the answer streamed as Server-Sent Events, the queue in
/// front of the generator, and a stop in the middle of an answer.
@Suite(.serialized) struct ServeAskTests {
    static let question = "Why divide the attention scores by the square root of d_k?"

    @Test func streamsTheAnswerThenWhatAskJSONPrints() async throws {
        let space = try StoreCommandTests.workspace()
        defer { try? FileManager.default.removeItem(at: space.root) }
        #expect(try space.rag(["ingest", space.notes]).status == 0)
        let server = try RagServer(["--store", space.store])
        defer { server.stop() }

        let stream = try server.events("/v1/ask", json: #"{"question": "\#(Self.question)", "max_tokens": 48}"#)
        #expect(stream.status == 200 && stream.head.lowercased().contains("content-type: text/event-stream"), "\(stream.head)")
        let texts = stream.events.filter { $0.name == "text" }
        let final = try #require(stream.events.last)
        #expect(final.name == "answer", "\(final.data)")
        try #require(texts.count >= 2 && stream.events.count == texts.count + 1)
        // streamed: the first words arrive well before the whole answer is done
        #expect(texts[0].seconds < final.seconds - 0.1, "first text at \(texts[0].seconds) s, answer at \(final.seconds) s")

        // the final event is what `rag ask --json` prints for the same question
        let answer = final.data
        let cli = try StoreCommandTests.json(try space.rag(["ask", "--json", "--max-tokens", "48", Self.question]).stdout)
        #expect(Set(answer.keys) == Set(cli.keys))
        #expect(answer["kind"] as? String == "copied" && answer["answer"] as? String == cli["answer"] as? String)
        #expect((answer["answer"] as? String)?.hasPrefix(texts.compactMap { $0.data["text"] as? String }.joined().prefix(20)) == true)

        // the chunks the answer cites, and those its prompt held, open by id (what the page's links do)
        let citations = try #require(answer["citations"] as? [[String: Any]])
        #expect(!citations.isEmpty)
        let passages = try #require(answer["passages"] as? [[String: Any]])
        let cited =
            citations.map { ($0["chunk_id"] as? Int, $0["path"] as? String) }
            + passages.flatMap { passage in (passage["chunk_ids"] as? [Int] ?? []).map { ($0, passage["path"] as? String) } }
        #expect(!passages.isEmpty)
        for (id, path) in cited {
            let chunk = try await server.request("/v1/chunks/\(try #require(id))")
            #expect(try chunk.status == 200 && chunk.json()["path"] as? String == path)
        }
    }

    /// `POST /v1/chat`: a conversation kept in the store, its follow-up searched with the topic of
    /// the turn before (as `rag chat` searches it), and read back through `GET /v1/conversations/ID`.
    @Test func aConversationIsKeptAndItsFollowUpSearchedInItsLight() async throws {
        let space = try StoreCommandTests.workspace()
        defer { try? FileManager.default.removeItem(at: space.root) }
        #expect(try space.rag(["ingest", space.notes]).status == 0)
        let server = try RagServer(["--store", space.store])
        defer { server.stop() }

        let first = try server.events("/v1/chat", json: #"{"question": "\#(Self.question)", "max_tokens": 48}"#)
        #expect(first.status == 200 && first.events.first?.name == "conversation", "\(first.head) \(first.events.map(\.name))")
        let id = try #require(first.events.first?.data["id"] as? Int)
        #expect(first.events.last?.name == "answer" && first.events.last?.data["kind"] as? String == "copied")

        let followUp = "And what does softmax do with them?"
        let second = try server.events("/v1/chat", json: #"{"conversation": \#(id), "question": "\#(followUp)", "max_tokens": 48}"#)
        #expect(second.events.first?.data["id"] as? Int == id)
        let answer = try #require(second.events.last)
        #expect(answer.name == "answer" && answer.data["question"] as? String != followUp, "the follow-up was answered as asked: \(answer.data)")

        let kept = try await server.request("/v1/conversations/\(id)").json()
        let turns = try #require(kept["turns"] as? [[String: Any]])
        #expect(turns.map { $0["question"] as? String } == [Self.question, followUp])
        #expect(turns[0]["searched_as"] as? String == Self.question)
        let searchedAs = try #require(turns[1]["searched_as"] as? String)
        #expect(searchedAs.hasPrefix(followUp + " — ") && searchedAs.contains("attention"), "\(searchedAs)")
        #expect(first.events.first?.data["searched_as"] as? String == Self.question)
        #expect(second.events.first?.data["searched_as"] as? String == searchedAs, "the stream says what the turn was searched as")

        #expect(try await server.request("/v1/conversations/987654").status == 404)
        let unknown = try server.events("/v1/chat", json: #"{"conversation": 987654, "question": "Why?"}"#)
        #expect(unknown.status == 404, "\(unknown.head)")
    }

    @Test func questionsBeyondTheQueueGet503WithRetryAfterAtOnce() async throws {
        let space = try StoreCommandTests.workspace()
        defer { try? FileManager.default.removeItem(at: space.root) }
        #expect(try space.rag(["ingest", space.notes]).status == 0)
        let server = try RagServer(["--store", space.store, "--queue", "1"])
        defer { server.stop() }

        // six at once: one is answered, one waits its turn, the others are turned away
        let replies = try Self.atOnce(6) { try server.events("/v1/ask", json: #"{"question": "\#(Self.question)", "max_tokens": 32}"#) }
        let answered = replies.filter { $0.status == 200 }
        let busy = replies.filter { $0.status == 503 }
        #expect(answered.count + busy.count == 6)
        #expect(answered.count >= 1 && answered.count <= 2 && busy.count >= 4, "\(replies.map(\.status))")
        for reply in answered { #expect(reply.events.last?.name == "answer") }
        for reply in busy {
            let retry = reply.head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("retry-after:") }
            #expect(retry.flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) }.map { $0 >= 1 } == true, "\(reply.head)")
        }
        // with the queue empty again, a question is answered
        #expect(try server.events("/v1/ask", json: #"{"question": "\#(Self.question)", "max_tokens": 8}"#).status == 200)

        for (body, words) in [
            (#"{"k": 3}"#, "needs \"question\""), (#"{"question": "  "}"#, "empty"), (#"{"question": 7}"#, "must be a string"),
            (#"{"question": "x", "k": 0}"#, "\"k\""), (#"{"question": "x", "max_tokens": 100000}"#, "\"max_tokens\""),
            (#"{"question": "x", "temperature": -1}"#, "\"temperature\""), (#"{"question": "x", "style": "poem"}"#, "\"style\""), (#"{"question": "#, "not valid JSON"),
        ] {
            let reply = try await server.post("/v1/ask", json: body)
            #expect(reply.status == 400 && reply.error?.contains(words) == true, "\(body): \(reply.text)")
        }
    }

    @Test func aClientThatLeavesStopsItsAnswerAndFreesTheGenerator() throws {
        let space = try StoreCommandTests.workspace()
        defer { try? FileManager.default.removeItem(at: space.root) }
        #expect(try space.rag(["ingest", space.notes]).status == 0)
        let server = try RagServer(["--store", space.store, "--queue", "0"])
        defer { server.stop() }

        // a long answer, left after its first words: the generator is free again within moments,
        // not after the 400 tokens (several seconds) it would have written
        let left = try server.events("/v1/ask", json: #"{"question": "\#(Self.question)", "max_tokens": 400, "style": "free-form"}"#, leavingAfter: "event: text")
        #expect(left.status == 200)
        let leftAt = Date()
        var statuses: [Int] = []
        while statuses.last != 200 && Date().timeIntervalSince(leftAt) < 10 {
            // the status line is enough: 200 means admitted
            statuses.append(try server.events("/v1/ask", json: #"{"question": "\#(Self.question)", "max_tokens": 4}"#, leavingAfter: "\r\n\r\n").status)
            if statuses.last != 200 { usleep(100_000) }
        }
        #expect(statuses.last == 200, "\(statuses) after \(Date().timeIntervalSince(leftAt)) s")
        // the server says how far the answer it stopped had got: nowhere near its 400 tokens
        let log = server.stderr
        let stopped = try #require(log.firstMatch(of: /an answer stopped after (\d+) of at most 400 tokens/), "\(log)")
        #expect(Int(String(stopped.output.1))! < 200, "\(String(stopped.output.0))")
    }

    /// Runs `body` on `count` threads of its own at the same moment (a task group would share two threads).
    static func atOnce<T: Sendable>(_ count: Int, _ body: @escaping @Sendable () throws -> T) throws -> [T] {
        let results = Mutex<[Result<T, any Error>]>([])
        let start = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        for _ in 0..<count {
            done.enter()
            Thread.detachNewThread {
                start.wait()
                let result = Result { try body() }
                results.withLock { $0.append(result) }
                done.leave()
            }
        }
        for _ in 0..<count { start.signal() }
        done.wait()
        return try results.withLock { $0 }.map { try $0.get() }
    }

    @Test func sigtermStopsAnAnswerInProgressAndExitsCleanly() async throws {
        let space = try StoreCommandTests.workspace()
        defer { try? FileManager.default.removeItem(at: space.root) }
        #expect(try space.rag(["ingest", space.notes]).status == 0)
        let server = try RagServer(["--store", space.store])

        // a long answer, stopped a moment after it starts
        async let stream = try server.events("/v1/ask", json: #"{"question": "\#(Self.question)", "max_tokens": 400, "temperature": 0.8, "style": "free-form"}"#)
        try await Task.sleep(for: .seconds(1.5))
        let stopping = Date()
        #expect(server.stop() == 0)
        #expect(Date().timeIntervalSince(stopping) < 10)
        let ended = try await stream
        #expect(ended.status == 200)
        #expect(ended.events.last?.name == "error" || ended.events.last?.name == "answer", "\(ended.events.map(\.name))")
        #expect(server.stderr.contains("rag serve: stopped"))
    }
}
