import Foundation

/// What `rag eval beir` reports: BEIR's measures averaged over the judged queries.
public struct BEIRReport: Encodable, Sendable {
    public let ndcg10: Double
    public let recall10: Double
    public let recall100: Double
    public let mrr10: Double
    public let queries: Int
    public let mode: String
    /// How hybrid fused the rankings; nil for dense and bm25.
    public let fusion: String?
    /// Whether the second stage ranked hybrid's first documents again.
    public let reranked: Bool

    enum CodingKeys: String, CodingKey {
        case ndcg10 = "ndcg@10", recall10 = "recall@10", recall100 = "recall@100", mrr10 = "mrr@10", queries, mode, fusion, reranked
    }

    /// The sums the averages are made of.
    struct Totals {
        var ndcg = 0.0, recall10 = 0.0, recall100 = 0.0, mrr = 0.0
        var queries = 0

        mutating func add(_ ranked: [String], _ relevant: [String: Int]) {
            ndcg += RankingMetrics.ndcg(ranked, relevant)
            recall10 += RankingMetrics.recall(ranked, relevant, k: 10)
            recall100 += RankingMetrics.recall(ranked, relevant, k: 100)
            mrr += RankingMetrics.reciprocalRank(ranked, relevant)
            queries += 1
        }
    }

    init(_ totals: Totals, mode: String, fusion: String?, reranked: Bool) {
        let n = Double(max(totals.queries, 1))
        ndcg10 = totals.ndcg / n
        recall10 = totals.recall10 / n
        recall100 = totals.recall100 / n
        mrr10 = totals.mrr / n
        queries = totals.queries
        self.mode = mode
        self.fusion = fusion
        self.reranked = reranked
    }

    /// The report as `rag eval beir` prints it.
    public var text: String {
        String(
            format: "%@ on %d queries: nDCG@10 %.4f · Recall@10 %.4f · Recall@100 %.4f · MRR@10 %.4f\n", mode, queries, ndcg10, recall10, recall100,
            mrr10)
    }
}
