import Foundation
import Testing

@testable import Evaluation

/// Every measure against a value worked out by hand.
@Suite struct RankingMetricsTests {
    @Test func ndcgUsesTheGradesAsGains() {
        // DCG = 1/log2(2) + 0 + 2/log2(4) = 2; the ideal order (2, 1) gives 2 + 1/log2(3).
        let relevant = ["a": 2, "b": 1, "c": 0]
        let expected = 2 / (2 + 1 / log2(3.0))
        #expect(abs(RankingMetrics.ndcg(["b", "x", "a"], relevant) - expected) < 1e-12)
        #expect(RankingMetrics.ndcg(["a", "b"], relevant) == 1)
    }

    @Test func equallyRelevantDocumentsInEitherOrderScoreTheSame() {
        let relevant = ["a": 1, "b": 1]
        #expect(RankingMetrics.ndcg(["a", "b", "x"], relevant) == RankingMetrics.ndcg(["b", "a", "x"], relevant))
        #expect(RankingMetrics.ndcg(["a", "b", "x"], relevant) == 1)
    }

    @Test func recallCountsOnlyDocumentsJudgedRelevant() {
        let relevant = ["a": 2, "b": 1, "c": 0]
        #expect(RankingMetrics.recall(["c", "b"], relevant, k: 2) == 0.5)  // "c" is judged, but not relevant
        #expect(RankingMetrics.recall(["c", "b", "a"], relevant, k: 3) == 1)
        #expect(RankingMetrics.recall(["a", "b"], relevant, k: 1) == 0.5)
    }

    @Test func reciprocalRankOfTheFirstRelevantDocument() {
        let relevant = ["d1": 1, "d4": 1]
        #expect(RankingMetrics.reciprocalRank(["d3", "d1", "d2", "d4"], relevant) == 0.5)
        #expect(RankingMetrics.reciprocalRank(["d4"], relevant) == 1)
        #expect(RankingMetrics.reciprocalRank(["x", "y", "z", "d1"], ["d1": 0]) == 0)  // grade 0 is not relevant
    }

    @Test func nothingBeyondTheCutOffCounts() {
        let ranked = (1...10).map { "x\($0)" } + ["a"]
        #expect(RankingMetrics.ndcg(ranked, ["a": 1]) == 0)
        #expect(RankingMetrics.reciprocalRank(ranked, ["a": 1]) == 0)
        #expect(RankingMetrics.recall(ranked, ["a": 1], k: 10) == 0 && RankingMetrics.recall(ranked, ["a": 1], k: 100) == 1)
    }

    @Test func aQueryWithNoRelevantDocumentScoresZeroEverywhere() {
        for relevant in [[:], ["a": 0]] {
            #expect(RankingMetrics.ndcg(["a", "b"], relevant) == 0)
            #expect(RankingMetrics.recall(["a", "b"], relevant, k: 10) == 0)
            #expect(RankingMetrics.reciprocalRank(["a", "b"], relevant) == 0)
        }
    }

    @Test func theReportAveragesOverQueries() {
        var totals = BEIRReport.Totals()
        totals.add(["a", "x"], ["a": 1])  // nDCG 1, recall 1, RR 1
        totals.add(["x", "b"], ["b": 1, "c": 1])  // RR 1/2, recall@10 1/2, nDCG (1/log2 3) / (1 + 1/log2 3)
        let report = BEIRReport(totals, mode: "hybrid", fusion: "scores", reranked: false)
        let second = (1 / log2(3.0)) / (1 + 1 / log2(3.0))
        #expect(report.queries == 2)
        #expect(abs(report.ndcg10 - (1 + second) / 2) < 1e-12)
        #expect(report.mrr10 == 0.75 && report.recall10 == 0.75 && report.recall100 == 0.75)
        #expect(report.text.hasPrefix("hybrid on 2 queries: nDCG@10 0."))
    }
}

@Suite struct PercentileTests {
    @Test func theNearestRankOverTheSortedValues() {
        #expect(percentile([], 0.5) == 0)
        #expect(percentile([7], 0.99) == 7)
        #expect(percentile([5, 1, 3], 0.5) == 3)  // the median of an odd count, whatever the order
        #expect(percentile([1, 2, 3, 4], 0.5) == 3)  // rank 1.5 rounds to 2
        #expect(percentile(Array(1...100).map(Double.init), 0.95) == 95)  // rank 94.05 → 94, the 95th value
        #expect(percentile([1, 2, 3], 1) == 3 && percentile([1, 2, 3], 0) == 1)
    }
}
