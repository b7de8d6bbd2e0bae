public import ArgumentParser
import LLM
public import Retriever
import VectorIndex

/// `--mode` and `--fusion`, for the commands that retrieve.
struct RetrievalOptions: ParsableArguments {
    @Option(help: "hybrid (meaning and words), dense (meaning) or bm25 (words).")
    var mode = RetrievalMode.hybrid

    @Option(help: "How hybrid merges the two rankings: scores (each rescaled to 0-1, then averaged) or rrf (reciprocal rank, k = 60).")
    var fusion = Fusion.scores

    func retriever(store: Store, embedder: Embedder) -> HybridRetriever {
        var retriever = HybridRetriever(store: store, embedder: embedder)
        retriever.fusion = fusion
        return retriever
    }
}

extension RetrievalMode: ExpressibleByArgument {}
extension Fusion: ExpressibleByArgument {}
