import Foundation
import Hummingbird
import Ingest
import Retriever
import VectorIndex

/// The endpoints of `rag serve`. Each answers what the matching CLI command prints with `--json`.
struct Routes: Sendable {
    let store: ServedStore
    let queries: QueryEmbedder
    let ask: AskEndpoint
    let roots: IngestRoots
    let ingests: BackgroundIngest
    let mcp: MCPEndpoint

    func add(to router: Router<ServeRequestContext>) {
        router.get("/") { _, _ in WebPage.response }
        router.get("/openapi.json") { _, _ in OpenAPI.response }
        router.get("/healthz") { _, _ in JSONResponse.make(["status": "ok"]) }
        router.get("/v1/search") { request, _ in try await search(request) }
        router.post("/v1/ask") { request, _ in try await ask.respond(to: request) }
        router.post("/v1/chat") { request, _ in try await ChatEndpoint(ask: ask).respond(to: request) }
        router.get("/v1/conversations/:id") { _, context in try ChatEndpoint(ask: ask).conversation(context.parameters.get("id")) }
        router.get("/v1/stats") { _, _ in JSONResponse.make(try store.current().stats()) }
        router.get("/v1/documents") { request, _ in
            JSONResponse.make(try store.current().documentList(in: store.scope(request.uri.queryParameters[values: "in"].map(String.init))))
        }
        router.get("/v1/chunks/:id") { _, context in try chunk(context.parameters.get("id")) }
        router.post("/v1/ingest") { request, context in try await ingest(request, context: context) }
        OpenAIRoutes(queries: queries, ask: ask).add(to: router)
        // MCP's Streamable HTTP: POST carries the messages; GET and DELETE get 405 from the transport.
        for method in [HTTPRequest.Method.post, .get, .delete] {
            router.on("/mcp", method: method) { request, _ in try await mcp.respond(to: request) }
        }
    }

    /// How many passages a search may ask for.
    static let searchK = 1...1000

    /// `rag search --json`. Searches run side by side, each on its own read transaction; their
    /// queries are embedded in batches.
    func search(_ request: Request) async throws -> Response {
        let parameters = request.uri.queryParameters
        guard let query = parameters["q"].map(String.init), !query.allSatisfy(\.isWhitespace) else {
            throw APIError(.badRequest, "give the query as ?q=WORDS")
        }
        let k = try Self.integer(parameters["k"], name: "k", default: 10, in: Self.searchK)
        guard let mode = RetrievalMode(rawValue: parameters["mode"].map(String.init) ?? RetrievalMode.hybrid.rawValue) else {
            throw APIError(.badRequest, "mode takes hybrid, dense or bm25")
        }
        let rerank = try Self.boolean(parameters["rerank"], name: "rerank", default: true)
        var retriever = HybridRetriever(store: try store.current(), embedder: store.embedder)
        retriever.scope = store.scope(parameters[values: "in"].map(String.init))
        let vector = mode == .bm25 && !rerank ? nil : await queries.embed(query)
        let passages =
            rerank
            ? try AnswerRanker(embedder: store.embedder).search(query, with: retriever, vector: vector, k: k, mode: mode)
            : try retriever.search(query, vector: vector, k: k, mode: mode)
        return JSONResponse.make(SearchReport(query: query, mode: mode.rawValue, passages: passages, explain: false))
    }

    /// `rag inspect chunk --json`: text from the store only, never from the notes' files.
    func chunk(_ id: String?) throws -> Response {
        guard let id = id.flatMap(Int64.init) else { throw APIError(.badRequest, "a chunk id is a whole number") }
        guard let (chunk, document) = try store.current().chunk(id: id) else {
            throw APIError(.notFound, "no chunk \(id) in the store")
        }
        return JSONResponse.make(ChunkReport(chunk: chunk, path: document.path))
    }

    struct IngestRequest: Decodable {
        let paths: [String]
    }

    /// `rag ingest --json PATH...` of paths inside the ingest roots. The sync runs in the
    /// background (see `BackgroundIngest`) and stops if the client hangs up.
    func ingest(_ request: Request, context: ServeRequestContext) async throws -> Response {
        let named = try await request.decodeJSON(IngestRequest.self).paths
        let paths: [String]
        do {
            paths = try roots.check(named)
        } catch {
            throw APIError(error.outside ? .forbidden : .badRequest, error.description)
        }
        let watch = HangUpWatch(context.channel)
        let report = try await ingests.run(abandoned: { watch.clientGone }) { [store] shouldStop in
            try store.ingest(paths, until: shouldStop)
        }
        return JSONResponse.make(report)
    }

    /// A true/false query parameter, or `fallback` when absent.
    static func boolean(_ text: Substring?, name: String, default fallback: Bool) throws -> Bool {
        guard let text else { return fallback }
        guard let value = Bool(String(text)) else { throw APIError(.badRequest, "\(name) takes true or false") }
        return value
    }

    /// A whole-number query parameter within `range`, or `fallback` when absent.
    static func integer(_ text: Substring?, name: String, default fallback: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw APIError(.badRequest, "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }
}
