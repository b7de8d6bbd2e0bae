import ArgumentParser
import Console
import Ingest
import LLM
import NotesMCP

struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve the store to an assistant (Claude, Cursor, VS Code, Zed) over the Model Context Protocol, on stdin and stdout.",
        discussion: """
            An assistant starts `rag mcp` itself and talks to it over stdin and stdout; stdout carries \
            the protocol only, messages go to stderr. The models load once, when it starts.

            Tools: search_notes (query, k, mode), ask_notes (question, style: an answer with citations, \
            or not_in_notes with the closest passages), get_passage (chunk_id, or path with line or page), list_documents. Each note \
            is also a resource, rag://doc/<path>. Answers are generated one at a time. With \
            --allow-ingest DIR there is also ingest (paths): a sync of folders or files inside DIR.

            To use it from an assistant, add to its MCP configuration (Claude Desktop's \
            claude_desktop_config.json, Cursor's .cursor/mcp.json, Zed's context_servers):
              {"mcpServers": {"notes": {"command": "rag",
                 "args": ["mcp", "--store", "/home/me/courses/store"]}}}

            Examples:
              rag mcp
              rag mcp --store ~/courses/store --collection ml
              rag mcp --allow-ingest ~/courses   # the assistant may sync notes there
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(
        name: .customLong("allow-ingest"),
        help: ArgumentHelp("Offer the ingest tool, for folders and files inside this folder (repeatable).", valueName: "dir"))
    var ingestRoots: [String] = []

    func validate() throws {
        do {
            _ = try IngestRoots(ingestRoots, option: "--allow-ingest")
        } catch {
            throw ValidationError("--allow-ingest takes a folder that exists, not '\(error.root)'.")
        }
    }

    func run() async throws {
        let (embedder, generator) = try Terminal.failing { (try Embedder(), try Generator()) }
        let roots = ingestRoots.isEmpty ? nil : try IngestRoots(ingestRoots, option: "--allow-ingest")
        let server = NotesServer(
            storeDirectory: store.directory, embedder: embedder, generator: generator, ingestRoots: roots, log: Terminal.note)
        do {
            try await server.runOverStdio()
        } catch {
            throw Terminal.fail("rag mcp: \(error)")
        }
    }
}
