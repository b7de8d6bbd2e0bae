import Foundation
import Hummingbird
import LLM
import Retriever

/// `POST /v1/ask`: the answer as Server-Sent Events, a `text` event for each piece as the model
/// writes it, then `answer` with what `rag ask --json` prints (or `error`). Questions take turns
/// at the generator through the queue; a full queue answers 503 at once.
struct AskEndpoint: Sendable {
    let store: ServedStore
    let generator: Generator
    let queue: GenerationQueue
    let log: Server.Log

    /// The request body; absent settings take `rag ask`'s defaults.
    struct Question: Decodable {
        let question: String
        let k: Int?
        let maxTokens: Int?
        let temperature: Float?
        /// "copied" (the default), "free-form" or "extractive", as `rag ask`'s flags.
        let style: String?
        /// Folders or path prefixes the question is asked within, as `rag ask --in`.
        let scope: [String]?

        enum CodingKeys: String, CodingKey {
            case question, k, maxTokens, temperature, style
            case scope = "in"
        }
    }

    func respond(to request: Request) async throws -> Response {
        let question = try await request.decodeJSON(Question.self)
        var settings = try Self.settings(question)
        settings.scope = store.scope(question.scope)
        let (events, ticket) = try answer(question.question, settings: settings)
        let sse = events.map { event in
            switch event {
            case .text(let piece): ServerSentEvent("text", ["text": piece])
            case .answer(let answer): ServerSentEvent("answer", answer)
            case .error(let message): ServerSentEvent("error", ["error": message])
            }
        }
        // A client that leaves stops its answer, or takes it out of the queue.
        return .eventStream(sse, onEnd: { ticket.cancel() })
    }

    /// What answering a question gives, in order: pieces of text as the model writes them, then the
    /// whole answer, or an error.
    enum Event: Sendable {
        case text(String)
        case answer(Answer)
        case error(String)
    }

    /// Queues `question` for the generator (asked by `asker`, else one on the served store); its
    /// events arrive as it is answered. Cancelling the ticket stops the answer, or takes it out of
    /// the queue. A full queue is a 503 at once.
    func answer(_ question: String, settings: AskSettings, asker: Asker? = nil) throws -> (AsyncStream<Event>, GenerationQueue.Ticket) {
        let asker = try asker ?? Asker(retriever: HybridRetriever(store: try store.current(), embedder: store.embedder), generator: generator)
        let (events, stream) = AsyncStream.makeStream(of: Event.self)
        do {
            let ticket = try queue.submit { ticket in self.answer(question, settings: settings, asker: asker, ticket: ticket, into: stream) }
            return (events, ticket)
        } catch .full(let seconds) {
            throw APIError(
                .serviceUnavailable, "busy: an answer is being written and \(queue.waiting) more questions wait; try again in \(seconds) s",
                headers: [.retryAfter: "\(seconds)"])
        } catch .shuttingDown {
            throw APIError(.serviceUnavailable, "the server is shutting down")
        }
    }

    /// The whole answer, once `events` have been written; an error event is thrown (500).
    static func whole(_ events: AsyncStream<Event>) async throws -> Answer {
        for await event in events {
            switch event {
            case .text: continue
            case .answer(let answer): return answer
            case .error(let message): throw APIError(.internalServerError, message)
            }
        }
        throw APIError(.internalServerError, "the answer ended without a result")
    }

    /// `rag ask`'s limits: the answer must fit the context beside the prompt's budget.
    static func settings(_ question: Question) throws -> AskSettings {
        var settings = AskSettings()
        guard !question.question.allSatisfy(\.isWhitespace) else { throw APIError(.badRequest, "\"question\" is empty") }
        settings.k = question.k ?? settings.k
        settings.maxTokens = question.maxTokens ?? settings.maxTokens
        settings.temperature = question.temperature ?? settings.temperature
        if let style = question.style {
            guard let known = AnswerStyle(rawValue: style) else {
                throw APIError(.badRequest, "\"style\" takes " + AnswerStyle.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))
            }
            settings.style = known
        }
        do {
            try settings.check()
        } catch {
            throw APIError(.badRequest, "\"\(error.setting.rawValue)\" \(error.rule)")
        }
        return settings
    }

    /// Runs on the generation thread when the question's turn comes; returns whether it ran to the end.
    private func answer(
        _ question: String, settings: AskSettings, asker: Asker, ticket: GenerationQueue.Ticket, into stream: AsyncStream<Event>.Continuation
    ) -> Bool {
        defer { stream.finish() }
        guard !ticket.shouldStop else {
            stream.yield(.error("the server is shutting down"))
            return false
        }
        do {
            let answer = try asker.ask(question, settings: settings) { piece in
                if !piece.isEmpty { stream.yield(.text(piece)) }
                return !ticket.shouldStop
            }
            guard !ticket.shouldStop else {
                log("ask: an answer stopped after \(answer.answerTokens) of at most \(settings.maxTokens) tokens (its client left, or the server is stopping)")
                stream.yield(.error("the answer was stopped: the server is shutting down"))
                return false
            }
            stream.yield(.answer(answer))
            return true
        } catch {
            stream.yield(.error("\(error)"))
            return false
        }
    }
}
