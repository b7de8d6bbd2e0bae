import Foundation
import Hummingbird
import Ingest
public import LLM
import NIOCore
import NotesMCP
import ServiceLifecycle

/// `rag serve`: the JSON API, the generation queue, the access rules and the page, on one
/// address, until SIGTERM or SIGINT. Requests in progress finish; an answer being generated and a
/// sync at work stop first.
public struct Server: Sendable {
    /// Where the server's messages go (stderr, for `rag serve`), one line each.
    public typealias Log = @Sendable (String) -> Void

    public struct Settings: Sendable {
        public var storeDirectory: String
        public var host = "127.0.0.1"
        /// 0 takes any free port; `run` tells which.
        public var port = 8080
        /// Required as "Authorization: Bearer TOKEN" on every request but the page's; without one,
        /// only requests to a loopback name are answered.
        public var token: String?
        /// Questions that may wait while one answer is generated; more get 503.
        public var queue = 4
        /// The one origin whose pages may call the API from a browser.
        public var cors: String?
        /// Folders `/v1/ingest` may sync; none refuses it.
        public var ingestRoots: [String] = []
        /// Folders (or files) inside the ingest roots kept in sync as they change.
        public var watch: [String] = []
        /// Seconds a client has to send a whole request.
        public var requestTimeout: Double = 10

        public init(storeDirectory: String) {
            self.storeDirectory = storeDirectory
        }
    }

    let settings: Settings
    let embedder: Embedder
    let generator: Generator
    let log: Log

    public init(_ settings: Settings, embedder: Embedder, generator: Generator, log: @escaping Log) {
        self.settings = settings
        self.embedder = embedder
        self.generator = generator
        self.log = log
    }

    /// Serves until a signal stops it; `listening` hears the port once requests are taken.
    public func run(listening: @escaping @Sendable (_ port: Int) -> Void = { _ in }) async throws {
        let served = ServedStore(directory: settings.storeDirectory, embedder: embedder, log: log)
        let generation = GenerationQueue(waiting: settings.queue)
        let ingests = BackgroundIngest()
        let roots = try IngestRoots(settings.ingestRoots, option: "--ingest-root")

        // Outermost first: CORS, so that preflights are answered and every response has its
        // headers, refusals included; then errors become JSON; then the access checks.
        let router = Router(context: ServeRequestContext.self)
        if let cors = settings.cors {
            router.add(middleware: CORSMiddleware(allowOrigin: .oneOf(cors), allowHeaders: [.authorization, .contentType], allowMethods: [.get, .post]))
        }
        router.add(middleware: JSONErrorMiddleware())
        router.add(middleware: MethodNotAllowedMiddleware())
        if let token = settings.token {
            router.add(middleware: BearerTokenMiddleware(token: token))
        } else {
            router.add(middleware: LoopbackHostMiddleware())
        }
        let ask = AskEndpoint(store: served, generator: generator, queue: generation, log: log)
        let mcp = MCPEndpoint(
            NotesServer(
                storeDirectory: settings.storeDirectory, embedder: embedder, generator: generator, answering: MCPEndpoint.answering(through: ask),
                log: log))
        Routes(store: served, queries: QueryEmbedder(embedder: embedder), ask: ask, roots: roots, ingests: ingests, mcp: mcp).add(to: router)

        let requestLimit = TimeAmount.milliseconds(Int64(settings.requestTimeout * 1000))
        var app = Application(
            router: router,
            server: .http1(configuration: .init(additionalChannelHandlers: [RequestDeadline(limit: requestLimit)], idleTimeout: .seconds(30))),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: nil),
            onServerRunning: { channel in listening(channel.localAddress?.port ?? 0) })
        app.logger.logLevel = .warning
        // The queue and the ingests stop before the server drains, so that answers being streamed
        // and syncs at work end promptly.
        let watching: [any Service] = settings.watch.isEmpty ? [] : [WatchedFolders(try settings.watched(in: roots), server: self, ingests: ingests)]
        let services = ServiceGroup(
            configuration: .init(services: [app, generation, ingests, mcp] + watching, gracefulShutdownSignals: [.sigterm, .sigint], logger: app.logger))
        try await services.run()
    }
}
