public import LLM
public import MCP
import VectorIndex

/// `rag mcp`: the notes as an MCP server (the official Swift SDK) — the tools of `NotesTools`,
/// and each note as a resource `rag://doc/<path>`. The transport carries the protocol only;
/// whatever the store says goes to `log`.
public struct NotesServer: Sendable {
    let tools: NotesTools
    let documents: NoteResources

    public init(storeDirectory: String, embedder: Embedder, generator: Generator, log: @escaping @Sendable (String) -> Void) {
        let store = NewestStore(directory: storeDirectory, notice: { log("notice: \($0)") })
        tools = NotesTools(store: store, embedder: embedder, generator: generator)
        documents = NoteResources(store: store)
    }

    /// Serves the client on stdin and stdout until it disconnects.
    public func runOverStdio(version: String) async throws {
        try await run(on: StdioTransport(), version: version)
    }

    /// Serves one client on `transport` until it disconnects.
    public func run(on transport: any Transport, version: String) async throws {
        let server = MCP.Server(
            name: "rag", version: version, title: "rag: your notes",
            instructions: """
                Search and ask the user's own notes (course notes, slides, papers), offline. Prefer ask_notes for \
                questions: its answers are checked against the notes and cite them; quote its citations as given.
                """,
            capabilities: .init(resources: .init(subscribe: false, listChanged: false), tools: .init(listChanged: false)))
        let (tools, documents) = (tools, documents)
        await server.withMethodHandler(ListTools.self) { _ in .init(tools: NotesTools.catalogue) }
        await server.withMethodHandler(CallTool.self) { call in try tools.call(call.name, call.arguments ?? [:]) }
        await server.withMethodHandler(ListResources.self) { _ in .init(resources: try documents.list(), nextCursor: nil) }
        await server.withMethodHandler(ReadResource.self) { request in .init(contents: [try documents.read(request.uri)]) }
        try await server.start(transport: transport)
        await server.waitUntilCompleted()
    }
}
