import Foundation
import Ingest
import LLM
import MCP
import Retriever
import VectorIndex

/// The tools `rag mcp` offers an assistant. Each answers what the matching `rag` command prints
/// with `--json`, as structured content and as the same JSON in a text block for clients that
/// read only text.
final class NotesTools: Sendable {
    let store: NewestStore
    let embedder: Embedder
    let generator: Generator
    let answering: NotesServer.Answering
    /// The folders the `ingest` tool may sync; nil offers no such tool.
    let ingestRoots: IngestRoots?

    init(store: NewestStore, embedder: Embedder, generator: Generator, answering: @escaping NotesServer.Answering, ingestRoots: IngestRoots?) {
        self.store = store
        self.embedder = embedder
        self.generator = generator
        self.answering = answering
        self.ingestRoots = ingestRoots
    }

    /// The tools this server offers: `ingest` only when it was given folders to sync.
    var catalogue: [Tool] { Self.reading + (ingestRoots == nil ? [] : [Self.ingestTool]) }

    /// The `in` argument: the folders (or path prefixes) a search or question keeps to.
    static let scopeSchema: Value = .object([
        "type": "array", "items": .object(["type": "string"]),
        "description": "Only the notes under these folders, or whose paths start with these (absolute paths, as list_documents gives them).",
    ])

    static let reading: [Tool] = [
        Tool(
            name: "search_notes",
            description: """
                Find the passages of the user's notes that best match a query, by meaning and by words. \
                Returns each passage with its file path, lines, heading, score and text. Use it to look \
                things up; use ask_notes for a checked answer with citations.
                """,
            inputSchema: .object([
                "type": "object",
                "properties": .object([
                    "query": .object(["type": "string", "description": "What to look for, in words."]),
                    "k": .object(["type": "integer", "minimum": 1, "maximum": 50, "default": 5, "description": "How many passages."]),
                    "mode": .object([
                        "type": "string", "enum": .array(RetrievalMode.allCases.map { .string($0.rawValue) }), "default": "hybrid",
                        "description": "hybrid (meaning and words), dense (meaning) or bm25 (words).",
                    ]),
                    "in": scopeSchema,
                ]),
                "required": .array(["query"]),
            ]),
            annotations: .init(readOnlyHint: true, openWorldHint: false)),
        Tool(
            name: "ask_notes",
            description: """
                Answer a question from the user's notes only, with citations [n] to the passages it used, \
                the passage sentence that best supports it, and the sentences no passage supports. When \
                the notes do not cover the question, kind is "not_in_notes" with why and the closest \
                passages. Slow (seconds): a local model writes the answer.
                """,
            inputSchema: .object([
                "type": "object",
                "properties": .object([
                    "question": .object(["type": "string", "description": "The question, as the user asked it."]),
                    "style": .object([
                        "type": "string", "enum": .array(AnswerStyle.allCases.map { .string($0.rawValue) }), "default": "copied",
                        "description": "copied (the notes' own sentences), free-form (the model's words) or extractive (no model).",
                    ]),
                    "in": scopeSchema,
                ]),
                "required": .array(["question"]),
            ]),
            annotations: .init(readOnlyHint: true, openWorldHint: false)),
        Tool(
            name: "get_passage",
            description: """
                The whole stored passage (chunk), as search_notes and ask_notes cite it: path, lines (and pages or slides, with their place), heading, \
                text. Give its chunk_id, or a note's path with a line or a page in it.
                """,
            inputSchema: .object([
                "type": "object",
                "properties": .object([
                    "chunk_id": .object(["type": "integer", "minimum": 1, "description": "A chunk_id from search_notes or ask_notes."]),
                    "path": .object(["type": "string", "description": "A note's absolute path, as list_documents gives it."]),
                    "line": .object(["type": "integer", "minimum": 1, "description": "With path: a line of the passage."]),
                    "page": .object(["type": "integer", "minimum": 1, "description": "With path: a page of the passage (PDF), or its slide in a deck (.pptx, .odp)."]),
                ]),
            ]),
            annotations: .init(readOnlyHint: true, openWorldHint: false)),
        Tool(
            name: "list_documents",
            description: "Every note in the store (or in the folders `in` names): path, title, format, chunk count and when it was ingested.",
            inputSchema: .object(["type": "object", "properties": .object(["in": scopeSchema])]),
            annotations: .init(readOnlyHint: true, openWorldHint: false)),
    ]

    static let ingestTool = Tool(
        name: "ingest",
        description: """
            Bring the store up to date with folders or files of notes, as `rag ingest` does: new files added, \
            changed ones read again, deleted ones removed. Only paths inside the folders rag mcp was started \
            with (--allow-ingest) are taken.
            """,
        inputSchema: .object([
            "type": "object",
            "properties": .object([
                "paths": .object(["type": "array", "items": .object(["type": "string"]), "description": "Absolute paths of folders or files."])
            ]),
            "required": .array(["paths"]),
        ]),
        annotations: .init(readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false))

    /// The result of calling `name`; a bad argument or an unknown tool is thrown as a protocol error,
    /// a failure while answering (no store yet, say) comes back as an error result the assistant can read.
    func call(_ name: String, _ values: [String: Value]) async throws -> CallTool.Result {
        let arguments = ToolArguments(tool: name, values: values)
        let run: () async throws -> any Encodable
        switch name {
        case "search_notes":
            let (query, k, mode) = (try arguments.string("query"), try arguments.integer("k", default: 5, in: 1...50), try arguments.choice("mode", default: RetrievalMode.hybrid))
            run = { try self.search(query, k: k, mode: mode, scope: try self.scope(arguments)) }
        case "ask_notes":
            var settings = AskSettings()
            settings.style = try arguments.choice("style", default: AnswerStyle.copied)
            let question = try arguments.string("question")
            run = { [settings] in
                var settings = settings
                settings.scope = try self.scope(arguments)
                return try await self.ask(question, settings: settings)
            }
        case "get_passage" where values["chunk_id"] == nil:
            let path = try arguments.string("path")
            let (line, page) = (try arguments.optionalInteger("line"), try arguments.optionalInteger("page"))
            guard (line == nil) != (page == nil) else { throw MCPError.invalidParams("get_passage: give chunk_id, or path with a line or a page") }
            run = { try self.passage(at: path, line: line, page: page) }
        case "get_passage":
            let id = try arguments.integer("chunk_id", in: 1...Int.max)
            run = { try self.passage(Int64(id)) }
        case "list_documents":
            run = { try self.store.current().documentList(in: try self.scope(arguments)) }
        case "ingest" where ingestRoots != nil:
            let paths = try arguments.strings("paths")
            run = { try self.ingest(paths) }
        default:
            throw MCPError.invalidParams("no tool named \(name); the tools are \(catalogue.map(\.name).joined(separator: ", "))")
        }
        do {
            return try Self.result(await run())
        } catch let error as StoreError where error.isMissing {
            return .init(content: [.text(text: "no notes yet: run `rag ingest FOLDER` with this store first", annotations: nil, _meta: nil)], isError: true)
        } catch let error as MCPError {
            throw error
        } catch {
            return .init(content: [.text(text: "\(error)", annotations: nil, _meta: nil)], isError: true)
        }
    }

    /// The `in` argument as a scope, checked against the store: a path that holds no note is the client's mistake.
    private func scope(_ arguments: ToolArguments) throws -> Scope? {
        guard let paths = try arguments.optionalStrings("in") else { return nil }
        let scope = Scope(paths)
        do {
            try store.current().check(scope)
        } catch let error as StoreError where !error.isMissing {
            throw MCPError.invalidParams("\(arguments.tool): in: \(error.message)")
        }
        return scope
    }

    private func search(_ query: String, k: Int, mode: RetrievalMode, scope: Scope?) throws -> SearchReport {
        var retriever = HybridRetriever(store: try store.current(), embedder: embedder)
        retriever.scope = scope
        let passages = try AnswerRanker(embedder: embedder).search(query, with: retriever, k: k, mode: mode)
        return SearchReport(query: query, mode: mode.rawValue, passages: passages, explain: false)
    }

    private func ask(_ question: String, settings: AskSettings) async throws -> Answer {
        let asker = Asker(retriever: HybridRetriever(store: try store.current(), embedder: embedder), generator: generator)
        return try await answering(asker, question, settings)
    }

    private func passage(_ id: Int64) throws -> ChunkReport {
        guard let (chunk, document) = try store.current().chunk(id: id) else { throw MCPError.invalidParams("get_passage: no chunk \(id) in the store") }
        return ChunkReport(chunk: chunk, path: document.path)
    }

    /// The first passage of the note at `path` that holds `line` or `page`.
    private func passage(at path: String, line: Int?, page: Int?) throws -> ChunkReport {
        let opened = try store.current()
        guard let id = try opened.document(path: path)?.id else { throw MCPError.invalidParams("get_passage: no note \(path) in the store") }
        let holding = try opened.chunks(ofDocument: id).first { chunk in
            if let line { return (chunk.lineStart...chunk.lineEnd).contains(line) }
            guard let page, let start = chunk.pageStart else { return false }
            return (start...(chunk.pageEnd ?? start)).contains(page)
        }
        guard let holding else { throw MCPError.invalidParams("get_passage: no passage of \(path) holds \(line.map { "line \($0)" } ?? "page \(page ?? 0)")") }
        return ChunkReport(chunk: holding, path: path)
    }

    /// A sync of `paths`, each inside the roots; another writer at work is an error to retry.
    private func ingest(_ paths: [String]) throws -> IngestReport {
        let checked: [String]
        do {
            checked = try ingestRoots?.check(paths) ?? []
        } catch {
            throw MCPError.invalidParams("ingest: \(error.description)")
        }
        let lock = try WriteLock(directory: store.directory, wait: 0)
        return try Ingestor(directory: store.directory, lock: lock, embedder: embedder).sync(checked, lock: lock)
    }

    /// `report` as rag's JSON: structured content, and the same text for clients that show only text.
    static func result(_ report: any Encodable) throws -> CallTool.Result {
        let data = try ReportJSON.encode(report, pretty: false)
        return try .init(
            content: [.text(text: String(decoding: data, as: UTF8.self), annotations: nil, _meta: nil)],
            structuredContent: try JSONDecoder().decode(Value.self, from: data), isError: false)
    }
}
