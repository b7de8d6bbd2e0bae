import ArgumentParser
import Foundation
import LLM
import VectorIndex

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find the passages of your notes closest to a query, with their scores.",
        discussion: """
            Retrieval only, no answer: each result shows where it comes from (path, lines, heading),
            its cosine similarity to the query and its text.

            Examples:
              rag search "LoRA rank" --k 5
              rag search --json "why scale by sqrt(d_k)" | jq '.results[0].path'
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "How many passages to show.")
    var k = 10

    @Flag(help: "Print one JSON document instead of text.")
    var json = false

    @Option(help: "HNSW only: candidates explored per query (more is slower and finds more; default 64).")
    var efSearch: Int?

    @Option(help: "IVF only: clusters searched per query (more is slower and finds more; default 16).")
    var nprobe: Int?

    @Argument(help: "What to look for.")
    var query: String

    func validate() throws {
        guard (1...1000).contains(k) else { throw ValidationError("--k must be between 1 and 1000.") }
        guard !query.allSatisfy(\.isWhitespace) else { throw ValidationError("The query is empty.") }
        if efSearch != nil && nprobe != nil { throw ValidationError("--ef-search is for HNSW and --nprobe for IVF; give one.") }
        if let value = efSearch ?? nprobe, value < 1 { throw ValidationError("--ef-search and --nprobe must be positive.") }
    }

    func run() throws {
        let opened = try store.openForReading()
        let hits: [SearchHit]
        do {
            if let value = efSearch ?? nprobe { try opened.tune(value) }
            let embedder = try Embedder()
            hits = try opened.search(embedder.embed([query])[0], k: k)
        } catch {
            throw Terminal.fail("\(error)")
        }
        if json {
            try Output.printJSON(SearchReport(query: query, hits: hits))
        } else {
            Output.print(hits.isEmpty ? "No passages: the store is empty.\n" : hits.enumerated().map(Self.describe).joined(separator: "\n"))
        }
    }

    static func describe(rank: Int, hit: SearchHit) -> String {
        let place = "\(Paths.display(hit.path)):\(hit.chunk.lineStart)-\(hit.chunk.lineEnd)"
        let heading = hit.chunk.heading.isEmpty ? "" : " § \(hit.chunk.heading)"
        let header = Terminal.bold("[\(rank + 1)]") + " \(place)\(heading)  " + String(format: "score %.3f", hit.score)
        let body = hit.chunk.text.split(separator: "\n", omittingEmptySubsequences: false).prefix(8).map { "    " + $0 }.joined(separator: "\n")
        return header + "\n" + body + "\n"
    }
}

/// `rag search --json`.
struct SearchReport: Encodable {
    struct Result: Encodable {
        let rank: Int
        let chunkId: Int64
        let path: String
        let heading: String
        let lineStart: Int
        let lineEnd: Int
        let score: Float
        let text: String
    }

    let query: String
    let results: [Result]

    init(query: String, hits: [SearchHit]) {
        self.query = query
        results = hits.enumerated().map { i, hit in
            Result(
                rank: i + 1, chunkId: hit.chunk.id ?? 0, path: hit.path, heading: hit.chunk.heading,
                lineStart: hit.chunk.lineStart, lineEnd: hit.chunk.lineEnd, score: hit.score, text: hit.chunk.text)
        }
    }
}
