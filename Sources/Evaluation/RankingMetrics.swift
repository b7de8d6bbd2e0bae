import Foundation

/// The ranking measures BEIR reports, for one query's ranked results against graded judgements.
public enum RankingMetrics {
    /// nDCG@k with linear gains, as trec_eval and BEIR compute it.
    public static func ndcg<ID: Hashable>(_ ranked: [ID], _ relevant: [ID: Int], k: Int = 10) -> Double {
        let dcg = ranked.prefix(k).enumerated().reduce(0.0) { sum, item in
            sum + Double(relevant[item.element] ?? 0) / log2(Double(item.offset + 2))
        }
        let ideal = relevant.values.sorted(by: >).prefix(k).enumerated().reduce(0.0) { sum, item in
            sum + Double(item.element) / log2(Double(item.offset + 2))
        }
        return ideal > 0 ? dcg / ideal : 0
    }

    /// The share of relevant items found in the first k.
    public static func recall<ID: Hashable>(_ ranked: [ID], _ relevant: [ID: Int], k: Int) -> Double {
        let wanted = relevant.filter { $0.value > 0 }
        guard !wanted.isEmpty else { return 0 }
        return Double(ranked.prefix(k).filter { wanted[$0] != nil }.count) / Double(wanted.count)
    }

    /// 1 / rank of the first relevant item within the first k, else 0.
    public static func reciprocalRank<ID: Hashable>(_ ranked: [ID], _ relevant: [ID: Int], k: Int = 10) -> Double {
        guard let index = ranked.prefix(k).firstIndex(where: { (relevant[$0] ?? 0) > 0 }) else { return 0 }
        return 1 / Double(index + 1)
    }
}
