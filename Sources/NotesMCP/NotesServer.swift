public import LLM
public import MCP
public import Ingest
public import Retriever
import Foundation
import VectorIndex

/// `rag mcp`: the notes as an MCP server (the official Swift SDK) — the tools of `NotesTools`,
/// and each note as a resource `rag://doc/<path>`. The transport carries the protocol only;
/// whatever the store says goes to `log`.
public struct NotesServer: Sendable {
    /// What clients are told they talk to: rag's version.
    public static let version = "0.6.0"

    let tools: NotesTools
    let documents: NoteResources

    /// How `ask_notes` gets its answer generated: the generator takes one answer at a time, and a
    /// server that also answers elsewhere (`rag serve`) puts these in the same queue.
    public typealias Answering = @Sendable (_ asker: Asker, _ question: String, _ settings: AskSettings) async throws -> Answer

    /// `ingestRoots` offers the `ingest` tool for paths inside them.
    public init(
        storeDirectory: String, embedder: Embedder, generator: Generator, answering: Answering? = nil, ingestRoots: IngestRoots? = nil,
        log: @escaping @Sendable (String) -> Void
    ) {
        let store = NewestStore(directory: storeDirectory, notice: { log("notice: \($0)") })
        tools = NotesTools(
            store: store, embedder: embedder, generator: generator, answering: answering ?? Self.oneAtATime(), ingestRoots: ingestRoots)
        documents = NoteResources(store: store)
    }

    /// Answers one after another, for a server that has no other use for the generator.
    static func oneAtATime() -> Answering {
        let turn = NSLock()
        return { asker, question, settings in try turn.withLock { try asker.ask(question, settings: settings) } }
    }

    /// Serves the client on stdin and stdout until it disconnects.
    public func runOverStdio() async throws {
        let server = await makeServer()
        try await server.start(transport: LineTransport())
        await server.waitUntilCompleted()
    }

    /// An MCP server with the notes' tools and resources, to be started on a transport.
    public func makeServer() async -> MCP.Server {
        let server = MCP.Server(
            name: "rag", version: Self.version, title: "rag: your notes",
            instructions: """
                Search and ask the user's own notes (course notes, slides, papers), offline. Prefer ask_notes for \
                questions: its answers are checked against the notes and cite them; quote its citations as given.
                """,
            capabilities: .init(resources: .init(subscribe: false, listChanged: false), tools: .init(listChanged: false)))
        let (tools, documents) = (tools, documents)
        await server.withMethodHandler(ListTools.self) { _ in .init(tools: tools.catalogue) }
        await server.withMethodHandler(CallTool.self) { call in try await tools.call(call.name, call.arguments ?? [:]) }
        await server.withMethodHandler(ListResources.self) { _ in .init(resources: try documents.list(), nextCursor: nil) }
        await server.withMethodHandler(ReadResource.self) { request in .init(contents: [try documents.read(request.uri)]) }
        return server
    }
}
