import ArgumentParser
import Console
import Foundation
import LLM
import Retriever
import VectorIndex

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find the passages of your notes closest to a query, with their scores.",
        discussion: """
            Retrieval only, no answer: each result shows where it comes from (path, lines, heading), \
            its score and its text. By default passages are found both by meaning (dense vectors, \
            cosine similarity) and by words (BM25), and the two rankings are fused by their scores, \
            each rescaled to 0-1 (--fusion rrf fuses by rank instead). The first ten are then ranked \
            again by how well their best sentence answers the query, as rag ask ranks what it reads \
            (--no-rerank shows the first stage alone).
            The query is always taken as plain words: quotes, *, :, ^ or NEAR are not search syntax.

            Examples:
              rag search "LoRA rank" --k 5
              rag search --mode bm25 "Adam epsilon"
              rag search --in notes/week05 "multi-head attention"  # week 5 only
              rag search --explain "why scale by sqrt(d_k)"  # each retriever's rank
              rag search --json "why scale by sqrt(d_k)" | jq '.results[0].path'
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "How many passages to show.")
    var k = 10

    @Flag(help: "Print one JSON document instead of text.")
    var json = false

    @OptionGroup var retrieval: RetrievalOptions

    @OptionGroup var scope: ScopeOptions

    @Flag(help: "Show each result's dense and BM25 rank and score, and the fused score.")
    var explain = false

    @Flag(inversion: .prefixedNo, help: "Rank the first \(AnswerRanker.searchDepth) results again by how well their best sentence answers the query, as rag ask does.")
    var rerank = true

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
        let passages: [RetrievedPassage] = try Terminal.failing {
            if let value = efSearch ?? nprobe { try opened.tune(value) }
            var retriever = retrieval.retriever(store: opened, embedder: try Embedder())
            retriever.scope = try scope.scope(in: opened)
            guard rerank else { return try retriever.search(query, k: k, mode: retrieval.mode) }
            return try AnswerRanker(embedder: retriever.embedder).search(query, with: retriever, k: k, mode: retrieval.mode)
        }
        if json {
            try Output.printJSON(SearchReport(query: query, mode: retrieval.mode.rawValue, passages: passages, explain: explain))
        } else {
            Output.print(SearchText.results(passages, explain: explain))
        }
    }
}
