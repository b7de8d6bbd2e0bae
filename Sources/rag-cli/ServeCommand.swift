import ArgumentParser
import Console
import Foundation
import LLM
import Server

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Answer questions over HTTP: a JSON API with streamed answers, and a page for the browser.",
        discussion: """
            Loads the models once, then serves the store until Ctrl-C or SIGTERM (requests \
            in progress finish; an answer being generated stops). Open the address it \
            prints in a browser to ask questions there.

              GET  /                    a page: ask, watch the answer stream, open sources
              GET  /healthz             {"status": "ok"}
              GET  /v1/search?q=&k=&mode=   as `rag search --json`
              POST /v1/ask              {"question", "k", "max_tokens", "temperature"}:
                                        Server-Sent Events, a "text" event per piece of
                                        the answer, then "answer": as `rag ask --json`
              POST /v1/ingest           {"paths": ["/abs/notes", ...]}: as
                                        `rag ingest --json`, for paths inside an
                                        --ingest-root only
              GET  /v1/stats            as `rag stats --json`
              GET  /v1/chunks/ID        as `rag inspect chunk ID --json`
              POST /mcp                 the tools and notes of `rag mcp`, over MCP's
                                        Streamable HTTP (stateless JSON responses)
              GET  /v1/models, POST /v1/embeddings, POST /v1/chat/completions
                                        OpenAI-compatible, for the `openai` clients:
                                        models "rag" and "all-MiniLM-L6-v2"

            Searches run side by side. Answers are generated one at a time, with up to \
            --queue more waiting; beyond that a request gets 503 and Retry-After. Errors \
            are JSON, {"error": "..."}. POST bodies are JSON, at most 64 KiB.

            Only this machine can connect unless --host says otherwise, and then a token \
            is required: every request (but the page, which asks for it) must carry \
            "Authorization: Bearer TOKEN". Pages from other sites can call the API \
            only with --cors.

            /v1/ingest reads files with this server's rights, so it syncs only folders and \
            files inside an --ingest-root (links and '..' count where they lead), token or \
            not; without --ingest-root it refuses every request. A sync runs in the \
            background at low priority, and stops when its client hangs up or the server stops.
            --watch keeps folders inside an --ingest-root in sync as their files change, the \
            same way, in batches of about a second.

            Examples:
              rag serve
              rag serve --store ~/courses/store --port 9000 --queue 8
              rag serve --ingest-root ~/courses  # /v1/ingest may sync folders there
              rag serve --ingest-root ~/courses --watch ~/courses/ml   # and follow edits
              RAG_TOKEN=$(openssl rand -hex 16) rag serve --host 0.0.0.0
              curl -s 'localhost:8080/v1/search?q=LoRA%20rank&k=3' | jq '.results[].path'
              curl -N localhost:8080/v1/ask -H 'Content-Type: application/json' \\
                   -d '{"question": "What does Appendix E cover?"}'
              python3 -c 'from openai import OpenAI; \\
                c = OpenAI(base_url="http://127.0.0.1:8080/v1", api_key="-"); \\
                r = c.chat.completions.create(model="rag", \\
                  messages=[{"role": "user", "content": "What is LoRA?"}]); \\
                print(r.choices[0].message.content)'
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

    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp("Keep these folders or files (inside an --ingest-root) in sync with the store as they change.", valueName: "path"))
    var watch: [String] = []

    @Option(help: ArgumentHelp("Seconds a client has to send a whole request; a connection that takes longer is closed.", valueName: "seconds"))
    var requestTimeout: Double = 10

    /// --token, else $RAG_TOKEN, which keeps the secret out of the process list.
    var requiredToken: String? {
        token ?? ProcessInfo.processInfo.environment["RAG_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
    }

    var settings: Server.Settings {
        var settings = Server.Settings(storeDirectory: store.directory)
        (settings.host, settings.port, settings.token, settings.queue) = (host, port, requiredToken, queue)
        (settings.cors, settings.ingestRoots, settings.requestTimeout, settings.watch) = (cors, ingestRoots, requestTimeout, watch)
        return settings
    }

    func validate() throws {
        do {
            try settings.check()
        } catch  where error.setting == .host {
            throw ValidationError(
                """
                Refusing to listen on \(host) without a token: anyone who can reach this machine could read \
                your notes and run the models. Give --token SECRET (or set RAG_TOKEN) and send \
                'Authorization: Bearer SECRET', or keep the default --host 127.0.0.1.
                """)
        } catch {
            throw ValidationError("--\(error.setting.rawValue) \(error.rule).")
        }
    }

    func run() async throws {
        let (embedder, generator) = try Terminal.failing { (try Embedder(), try Generator()) }
        let (host, directory) = (host, store.directory)
        let server = Server(settings, embedder: embedder, generator: generator, log: Terminal.note)
        do {
            try await server.run { port in
                let shown = host.contains(":") ? "[\(host)]" : host
                Terminal.note("rag serve: listening on http://\(shown):\(port)/ (store \(directory)); Ctrl-C stops")
            }
        } catch {
            let hint = "\(error)".contains("Address already in use") ? "; another program has this port (--port 0 takes a free one)" : ""
            throw Terminal.fail("cannot serve on \(host):\(port): \(error)\(hint)")
        }
        Terminal.note("rag serve: stopped")
    }
}
