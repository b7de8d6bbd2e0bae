/// Reciprocal rank fusion (Cormack et al., 2009): an item's score is the sum over the ranked lists
/// of 1 / (k + rank), rank counted from 1. It needs no score calibration between dense cosine and
/// BM25, which live on different scales.
public enum ReciprocalRankFusion {
    public static let defaultK = 60.0

    /// The items of all `lists` by fused score, best first; ties keep the order of first appearance.
    public static func fuse<ID: Hashable>(_ lists: [[ID]], k: Double = defaultK) -> [(id: ID, score: Double)] {
        var scores: [ID: Double] = [:]
        var order: [ID] = []
        for list in lists {
            for (index, id) in list.enumerated() {
                if scores[id] == nil { order.append(id) }
                scores[id, default: 0] += 1 / (k + Double(index + 1))
            }
        }
        return FusedRanking.sorted(order, by: scores)
    }
}
