import Foundation
import Ingest
import LLM
import Retriever
import VectorIndex

/// The parsers of untrusted input, each a function from the fuzzer's bytes to nothing: a target
/// passes when it returns, whatever it returned; a crash, a sanitizer report, a leak or a hang is
/// a finding. `RAG_FUZZ` names the one a run exercises (one binary, one sanitized build, for all).
enum Target: String, CaseIterable {
    case markdown, html, json, jsonl, notebook, pdf, gguf, safetensors, tokenizers, keywords

    func run(_ bytes: [UInt8]) {
        switch self {
        case .markdown: _ = NoteReader.parse(bytes, path: "fuzz.md", format: .markdown)
        case .html: _ = NoteReader.parse(bytes, path: "fuzz.html", format: .html)
        case .json: _ = NoteReader.parse(bytes, path: "fuzz.json", format: .json)
        case .jsonl: _ = NoteReader.parse(bytes, path: "fuzz.jsonl", format: .jsonLines)
        case .notebook: _ = NoteReader.parse(bytes, path: "fuzz.ipynb", format: .notebook)
        case .pdf: _ = NoteReader.parse(bytes, path: "fuzz.pdf", format: .pdf)
        case .gguf:
            // The readers map a file: the input becomes one, then the tokenizer reads its vocabulary.
            ModelFile.with(bytes) { path in
                if let file = try? GGUFFile(path: path) { _ = try? BPETokenizer(file: file) }
            }
        case .safetensors: ModelFile.with(bytes) { path in _ = try? SafetensorsFile(path: path) }
        case .tokenizers:
            let text = String(decoding: bytes, as: UTF8.self)
            _ = Models.wordPiece.encode(text)
            let ids = Models.bpe.encode(text, parseSpecial: true)
            _ = Models.bpe.decode(ids)
        case .keywords:
            // Whatever a user types must make an FTS5 query that SQLite accepts.
            let query = KeywordQuery.fts(String(decoding: bytes, as: UTF8.self))
            do {
                _ = try Models.keywordStore.keywordSearch(query, limit: 5)
            } catch {
                fatalError("KeywordQuery made a query FTS5 refuses: \(query.debugDescription): \(error)")
            }
        }
    }
}

/// A model file on a memory file system, rewritten for each input.
enum ModelFile {
    static let path = "/dev/shm/rag-fuzz-\(getpid()).bin"

    static func with(_ bytes: [UInt8], _ body: (String) -> Void) {
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { fatalError("cannot write \(path)") }
        body(path)
    }
}

/// What the tokenizer and keyword targets need, loaded once.
enum Models {
    static let wordPiece = try! WordPieceTokenizer(vocabularyPath: ModelCache.embedderDirectory + "/vocab.txt")
    static let bpe = try! BPETokenizer(file: try! GGUFFile(path: ModelCache.generatorFile))

    /// A store of a few notes, for FTS5 to run the queries on.
    static let keywordStore: Store = {
        let directory = "/dev/shm/rag-fuzz-store-\(getpid())"
        try? FileManager.default.removeItem(atPath: directory)
        let store = try! Store(directory: directory, creating: (4, .flat))
        let lock = try! WriteLock(directory: directory, wait: 0)
        var changes = StoreChanges()
        let texts = ["Ridge regression shrinks weights", "Attention is softmax(QKᵀ/√d_k)V", "数据 与 模型", "don't stop: C++ & F#"]
        changes.documents = texts.enumerated().map { i, text in
            DocumentContent(
                document: NewDocument(path: "/notes/\(i).md", sha256: "\(i)", modified: 0, size: 1, title: "n\(i)", format: "markdown", ingestedAt: 0),
                chunks: [(NewChunk(ordinal: 0, heading: "", lineStart: 1, lineEnd: 1, text: text, overlap: 0, tokenCount: 8, textHash: "\(i)"), [1, 0, 0, 0])])
        }
        try! store.commit(changes, lock: lock)
        return store
    }()
}
