import Foundation
public import Retriever
import VectorIndex

/// How `rag search` shows its results: place, heading and score, then the passage's first lines.
public enum SearchText {
    /// Every result, or a line saying there is none; `explain` adds each one's dense and BM25 ranks.
    public static func results(_ passages: [RetrievedPassage], explain: Bool) -> String {
        guard !passages.isEmpty else { return "No passages found.\n" }
        return passages.enumerated().map { result(rank: $0, passage: $1, explain: explain) }.joined(separator: "\n")
    }

    static func result(rank: Int, passage: RetrievedPassage, explain: Bool) -> String {
        let hit = passage.hit
        let place = Paths.display(hit.path) + Place.suffix(path: hit.path, lineStart: hit.lineStart, lineEnd: hit.chunk.lineEnd, pageStart: hit.chunk.pageStart, pageEnd: hit.chunk.pageEnd)
        let heading = hit.chunk.heading.isEmpty ? "" : " § " + Terminal.safe(hit.chunk.heading, oneLine: true)
        var header = Terminal.bold("[\(rank + 1)]") + " \(place)\(heading)  " + String(format: "score %.4f", passage.rankingScore)
        if explain {
            let dense = passage.denseRank.map { String(format: "dense #%d (%.3f)", $0, passage.denseScore!) } ?? "dense –"
            let words = passage.keywordRank.map { String(format: "bm25 #%d (%.2f)", $0, passage.keywordScore!) } ?? "bm25 –"
            header += "  · \(dense) · \(words)" + (passage.answerScore == nil ? "" : String(format: " · first stage %.4f", passage.score))
        }
        let body = Terminal.safe(hit.text).split(separator: "\n", omittingEmptySubsequences: false).prefix(8).map { "    " + $0 }.joined(separator: "\n")
        return header + "\n" + body + "\n"
    }
}
