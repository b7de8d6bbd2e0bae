import ArgumentParser
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
            or not_in_notes with the closest passages), get_passage (chunk_id), list_documents. Each note \
            is also a resource, rag://doc/<path>. Answers are generated one at a time.

            To use it from an assistant, add to its MCP configuration (Claude Desktop's \
            claude_desktop_config.json, Cursor's .cursor/mcp.json, Zed's context_servers):
              {"mcpServers": {"notes": {"command": "rag", "args": ["mcp", "--store", "/home/me/courses/store"]}}}

            Examples:
              rag mcp
              rag mcp --store ~/courses/store --collection ml
            """
    )

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let (embedder, generator) = try Terminal.failing { (try Embedder(), try Generator()) }
        let server = NotesServer(storeDirectory: store.directory, embedder: embedder, generator: generator, log: Terminal.note)
        do {
            try await server.runOverStdio()
        } catch {
            throw Terminal.fail("rag mcp: \(error)")
        }
    }
}
