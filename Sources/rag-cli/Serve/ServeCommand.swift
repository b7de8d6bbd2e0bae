import ArgumentParser
import Foundation
import Hummingbird
import LLM
import NIOCore
import ServiceLifecycle

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Answer questions over HTTP: a JSON API with streamed answers, and a page for the browser.",
        discussion: """
            Loads the models once, then serves the store until Ctrl-C or SIGTERM (requests
            in progress finish; an answer being generated stops). Open the address it
            prints in a browser to ask questions there.

              GET  /                    a page: ask, watch the answer stream in, open sources
              GET  /healthz             {"status": "ok"}
              GET  /v1/search?q=&k=&mode=   as `rag search --json`
              POST /v1/ask              {"question", "k", "max_tokens", "temperature"}:
                                        Server-Sent Events, a "text" event per piece of
                                        the answer, then "answer": as `rag ask --json`
              POST /v1/ingest           {"paths": ["/abs/notes", ...]}: as `rag ingest --json`,
                                        for paths inside an --ingest-root only
              GET  /v1/stats            as `rag stats --json`
              GET  /v1/chunks/ID        as `rag inspect chunk ID --json`

            Searches run side by side. Answers are generated one at a time, with up to
            --queue more waiting; beyond that a request gets 503 and Retry-After. Errors
            are JSON, {"error": "..."}. POST bodies are JSON, at most 64 KiB.

            Only this machine can connect unless --host says otherwise, and then a token
            is required: every request (but the page, which asks for it) must carry
            "Authorization: Bearer TOKEN". Pages from other sites can call the API
            only with --cors.

            /v1/ingest reads files with this server's rights, so it syncs only folders and
            files inside an --ingest-root (links and '..' count where they lead), token or
            not; without --ingest-root it refuses every request. A sync runs in the
            background at low priority, and stops when its client hangs up or the server stops.

            Examples:
              rag serve
              rag serve --store ~/courses/store --port 9000 --queue 8
              rag serve --ingest-root ~/courses      # let /v1/ingest sync folders in ~/courses
              RAG_TOKEN=$(openssl rand -hex 16) rag serve --host 0.0.0.0
              curl -s 'localhost:8080/v1/search?q=LoRA%20rank&k=3' | jq '.results[].path'
              curl -N localhost:8080/v1/ask -H 'Content-Type: application/json' \\
                   -d '{"question": "What does Appendix E cover?"}'
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "The address to listen on. Anything but loopback needs --token.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0: any free port, printed at start).")
    var port = 8080

    @Option(help: ArgumentHelp("Require 'Authorization: Bearer TOKEN' on every request (default: $RAG_TOKEN).", valueName: "token"))
    var token: String?

    @Option(help: ArgumentHelp("Questions that may wait while one answer is generated; more get 503.", valueName: "requests"))
    var queue = 4

    @Option(help: ArgumentHelp("Let pages from this origin (e.g. http://localhost:3000) call the API from a browser.", valueName: "origin"))
    var cors: String?

    @Option(
        name: .customLong("ingest-root"),
        help: ArgumentHelp("A folder whose notes /v1/ingest may sync (repeatable); without one, /v1/ingest is refused.", valueName: "dir"))
    var ingestRoots: [String] = []

    @Option(help: ArgumentHelp("Seconds a client has to send a whole request; a connection that takes longer is closed.", valueName: "seconds"))
    var requestTimeout: Double = 10

    /// --token, else $RAG_TOKEN, which keeps the secret out of the process list.
    var requiredToken: String? {
        token ?? ProcessInfo.processInfo.environment["RAG_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
    }

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535.") }
        guard (0...1000).contains(queue) else { throw ValidationError("--queue must be from 0 to 1000.") }
        guard requestTimeout > 0, requestTimeout <= 3600 else { throw ValidationError("--request-timeout must be from 0 to 3600 seconds.") }
        if token?.isEmpty == true { throw ValidationError("--token is empty.") }
        if let cors, !(cors.hasPrefix("http://") || cors.hasPrefix("https://")) || cors.hasSuffix("/") {
            throw ValidationError("--cors takes an origin such as http://localhost:3000, not '\(cors)'.")
        }
        do {
            _ = try IngestRoots(ingestRoots)
        } catch {
            throw ValidationError("--ingest-root takes a folder that exists, not '\(error.root)'.")
        }
        if !Loopback.isAddress(host) && requiredToken == nil {
            throw ValidationError(
                """
                Refusing to listen on \(host) without a token: anyone who can reach this machine could read \
                your notes and run the models. Give --token SECRET (or set RAG_TOKEN) and send \
                'Authorization: Bearer SECRET', or keep the default --host 127.0.0.1.
                """)
        }
    }

    func run() async throws {
        let embedder: Embedder
        let generator: Generator
        do {
            embedder = try Embedder()
            generator = try Generator()
        } catch {
            throw Terminal.fail("\(error)")
        }
        let served = ServedStore(directory: store.directory, embedder: embedder)
        let generation = GenerationQueue(waiting: queue)
        let ingests = BackgroundIngest()
        let roots = try IngestRoots(ingestRoots)  // validate() named any that is not a folder

        // Outermost first: CORS, so that preflights are answered and every response has its
        // headers, refusals included; then errors become JSON; then the access checks.
        let router = Router(context: ServeRequestContext.self)
        if let cors {
            router.add(middleware: CORSMiddleware(allowOrigin: .oneOf(cors), allowHeaders: [.authorization, .contentType], allowMethods: [.get, .post]))
        }
        router.add(middleware: JSONErrorMiddleware())
        if let token = requiredToken {
            router.add(middleware: BearerTokenMiddleware(token: token))
        } else {
            router.add(middleware: LoopbackHostMiddleware())
        }
        Routes(
            store: served, queries: QueryEmbedder(embedder: embedder),
            ask: AskEndpoint(store: served, generator: generator, queue: generation), roots: roots, ingests: ingests
        ).add(to: router)

        let (host, directory, requestLimit) = (host, store.directory, TimeAmount.milliseconds(Int64(requestTimeout * 1000)))
        var app = Application(
            router: router,
            server: .http1(configuration: .init(additionalChannelHandlers: [RequestDeadline(limit: requestLimit)], idleTimeout: .seconds(30))),
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                let shown = host.contains(":") ? "[\(host)]" : host
                Terminal.note("rag serve: listening on http://\(shown):\(port)/ (store \(directory)); Ctrl-C stops")
            })
        app.logger.logLevel = .warning
        // The queue and the ingests stop before the server drains, so that answers being streamed
        // and syncs at work end promptly.
        let services = ServiceGroup(
            configuration: .init(services: [app, generation, ingests], gracefulShutdownSignals: [.sigterm, .sigint], logger: app.logger))
        do {
            try await services.run()
        } catch {
            let hint = "\(error)".contains("Address already in use") ? "; another program has this port (--port 0 takes a free one)" : ""
            throw Terminal.fail("cannot serve on \(host):\(port): \(error)\(hint)")
        }
        Terminal.note("rag serve: stopped")
    }
}
