import Foundation
import Hummingbird
import Retriever
import VectorIndex

/// `POST /v1/chat` and `GET /v1/conversations/ID`: `rag chat` over HTTP. A question joins a kept
/// conversation (or starts one) and is searched in its light, as in `rag chat`; the events are
/// `/v1/ask`'s, after a first `conversation` event with the id to send with the next question.
struct ChatEndpoint: Sendable {
    let ask: AskEndpoint

    /// The request body: `/v1/ask`'s (read by `AskEndpoint.Question` itself), plus the
    /// conversation to go on with (null or absent: a new one).
    struct Turn: Decodable {
        let conversation: Int64?
        let ask: AskEndpoint.Question

        enum CodingKeys: String, CodingKey { case conversation }

        init(from decoder: any Decoder) throws {
            conversation = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Int64.self, forKey: .conversation)
            ask = try AskEndpoint.Question(from: decoder)
        }
    }

    func respond(to request: Request) async throws -> Response {
        let body = try await request.decodeJSON(Turn.self)
        let turn = body.ask
        let settings = try AskEndpoint.settings(turn)
        let log = try self.log()
        var conversation = Conversation()
        if let id = body.conversation {
            guard let (resumed, _) = try log.resume(id) else { throw APIError(.notFound, "no conversation \(id) in the store") }
            conversation = resumed
        }
        // `in` replaces the conversation's scope (an empty list: all the notes again); without it the scope stays.
        if let paths = turn.scope { conversation.scope = ask.store.scope(paths) }
        let (query, asking) = conversation.asking(turn.question, settings: settings)
        let (events, ticket) = try ask.answer(query, settings: asking)
        let id = try body.conversation ?? log.start(scope: conversation.scope?.prefixes ?? [])
        let (keptConversation, question) = (conversation, turn.question)
        let sse = AsyncStream<ServerSentEvent> { output in
            let task = Task {
                output.yield(ServerSentEvent("conversation", Started(id: id, searchedAs: query)))
                for await event in events {
                    switch event {
                    case .text(let piece): output.yield(ServerSentEvent("text", ["text": piece]))
                    case .answer(let answer):
                        var kept = keptConversation
                        kept.add(Conversation.Turn(question: question, query: query, answer: answer))
                        do {
                            _ = try log.keepLastTurn(of: kept, as: id)
                        } catch {
                            ask.log("chat: turn of conversation \(id) not kept: \(error)")
                        }
                        output.yield(ServerSentEvent("answer", answer))
                    case .error(let message): output.yield(ServerSentEvent("error", ["error": message]))
                    }
                }
                output.finish()
            }
            output.onTermination = { _ in task.cancel() }
        }
        return .eventStream(sse, onEnd: { ticket.cancel() })
    }

    /// The first event of a turn: the conversation to send with the next question, and the
    /// question as it was searched (with the topic of the turn before, when it leans on it).
    struct Started: Encodable {
        let id: Int64
        let searchedAs: String
    }

    /// What `GET /v1/conversations/ID` answers.
    struct Kept: Encodable {
        struct Turn: Encodable {
            let question: String
            let searchedAs: String
            let answer: Answer
            let askedAt: Double
            /// Sources whose note has since been forgotten.
            let forgotten: [Int]
        }

        let id: Int64
        let scope: [String]
        let turns: [Turn]
    }

    func conversation(_ id: String?) throws -> Response {
        guard let id = id.flatMap(Int64.init) else { throw APIError(.badRequest, "a conversation id is a whole number") }
        guard let (scope, stored) = try log().conversation(id) else { throw APIError(.notFound, "no conversation \(id) in the store") }
        let turns = try stored.map { turn in
            Kept.Turn(
                question: turn.question, searchedAs: turn.query, answer: try ReportJSON.decode(Answer.self, from: Data(turn.answer.utf8)), askedAt: turn.askedAt,
                forgotten: turn.forgotten)
        }
        return JSONResponse.make(Kept(id: id, scope: scope, turns: turns))
    }

    /// The served store's conversation log; 404 before the first ingest, 503 when the server may not write it.
    private func log() throws -> ConversationLog {
        _ = try ask.store.current()
        do {
            return try ConversationLog(directory: ask.store.directory)
        } catch let error as StoreError {
            throw APIError(.serviceUnavailable, "conversations cannot be kept: \(error.message)")
        }
    }
}
