import Foundation
import Hummingbird
import Retriever

/// The OpenAI-compatible routes, so that the official `openai` clients and chat front ends can use
/// rag: `GET /v1/models`, `POST /v1/embeddings` (the embedder) and `POST /v1/chat/completions`
/// (`rag ask`: the last user message is the question; citations `[n]` in the text and in full in
/// the extra `rag` field). Their errors take OpenAI's shape (see `APIError`).
struct OpenAIRoutes: Sendable {
    let queries: QueryEmbedder
    let ask: AskEndpoint

    static let paths: Set<String> = ["/v1/models", "/v1/embeddings", "/v1/chat/completions"]

    /// The most texts one embeddings request takes, as OpenAI's API.
    static let inputLimit = 2048

    func add(to router: Router<ServeRequestContext>) {
        router.get("/v1/models") { _, _ in JSONResponse.make(OpenAI.ModelList()) }
        router.post("/v1/embeddings") { request, _ in try await embeddings(request) }
        router.post("/v1/chat/completions") { request, _ in try await chat(request) }
    }

    func embeddings(_ request: Request) async throws -> Response {
        let body = try await request.decodeJSON(OpenAI.EmbeddingRequest.self)
        try Self.check(model: body.model, is: OpenAI.embeddingModel)
        let texts = body.input.texts
        guard (1...Self.inputLimit).contains(texts.count) else {
            throw APIError(.badRequest, "\"input\" takes from 1 to \(Self.inputLimit) texts")
        }
        let base64 = try Self.isBase64(body.encodingFormat)
        let vectors = await queries.embed(texts)
        let tokens = texts.reduce(0) { $0 + queries.embedder.tokenizer.encode($1).count }
        let data = vectors.enumerated().map { index, vector in
            OpenAI.EmbeddingList.Embedding(
                index: index, embedding: base64 ? .base64(vector.withUnsafeBytes { Data($0) }.base64EncodedString()) : .floats(vector))
        }
        return JSONResponse.make(OpenAI.EmbeddingList(data: data, usage: OpenAI.Usage(promptTokens: tokens, completionTokens: nil, totalTokens: tokens)))
    }

    func chat(_ request: Request) async throws -> Response {
        let body = try await request.decodeJSON(OpenAI.ChatRequest.self)
        try Self.check(model: body.model, is: OpenAI.chatModel)
        let asked = body.messages.filter { $0.role == "user" }.compactMap { $0.content?.text }.filter { !$0.allSatisfy(\.isWhitespace) }
        guard let question = asked.last else { throw APIError(.badRequest, "\"messages\" needs a user message with text: the question") }
        var settings = try AskEndpoint.settings(
            AskEndpoint.Question(
                question: question, k: nil, maxTokens: body.maxCompletionTokens ?? body.maxTokens, temperature: body.temperature, style: nil, scope: nil))
        // the earlier user messages are the conversation: the last is searched as `rag chat` searches a follow-up
        let query = FollowUp.queries(for: asked).last ?? question
        settings.asked = query == question ? nil : question
        let (events, ticket) = try ask.answer(query, settings: settings)
        let (id, created) = ("chatcmpl-" + UUID().uuidString.lowercased(), Int(Date().timeIntervalSince1970))
        guard body.stream == true else {
            let answer = try await AskEndpoint.whole(events)
            let choice = OpenAI.ChatCompletion.Choice(message: .init(content: OpenAI.content(of: answer)), finishReason: OpenAI.finishReason(of: answer))
            return JSONResponse.make(OpenAI.ChatCompletion(id: id, created: created, choices: [choice], usage: OpenAI.usage(of: answer), rag: answer))
        }
        let chunks = AsyncStream<ServerSentEvent> { stream in
            let task = Task {
                await Self.stream(events, id: id, created: created, into: stream)
                stream.finish()
            }
            stream.onTermination = { _ in task.cancel() }
        }
        return .eventStream(chunks, onEnd: { ticket.cancel() })
    }

    /// The chunks of a streamed completion: the role, each piece, then the finish with `rag` and
    /// `[DONE]`. Should the whole answer not begin with what was streamed, the last chunk carries
    /// nothing more and `rag.answer` is the answer.
    private static func stream(
        _ events: AsyncStream<AskEndpoint.Event>, id: String, created: Int, into stream: AsyncStream<ServerSentEvent>.Continuation
    ) async {
        func chunk(role: String? = nil, _ content: String?, finish: String? = nil) -> OpenAI.ChatChunk {
            OpenAI.ChatChunk(id: id, created: created, choices: [.init(delta: .init(role: role, content: content), finishReason: finish)])
        }
        stream.yield(ServerSentEvent(nil, chunk(role: "assistant", "")))
        var streamed = ""
        for await event in events {
            switch event {
            case .text(let piece):
                streamed += piece
                stream.yield(ServerSentEvent(nil, chunk(piece)))
            case .answer(let answer):
                let whole = OpenAI.content(of: answer)
                var last = chunk(whole.hasPrefix(streamed) ? String(whole.dropFirst(streamed.count)) : nil, finish: OpenAI.finishReason(of: answer))
                (last.usage, last.rag) = (OpenAI.usage(of: answer), answer)
                stream.yield(ServerSentEvent(nil, last))
                stream.yield(ServerSentEvent(unnamed: "[DONE]"))
            case .error(let message):
                stream.yield(ServerSentEvent(nil, APIError.OpenAIBody(message: message, status: .internalServerError)))
            }
        }
    }

    private static func check(model: String?, is expected: String) throws {
        guard let model, model != expected else { return }
        throw APIError(.notFound, "no model \"\(model)\": this route answers as \"\(expected)\" (see GET /v1/models)")
    }

    private static func isBase64(_ format: String?) throws -> Bool {
        switch format ?? "float" {
        case "float": false
        case "base64": true
        default: throw APIError(.badRequest, "\"encoding_format\" takes \"float\" or \"base64\"")
        }
    }
}
