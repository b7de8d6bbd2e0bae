import Foundation

/// How `rag embed` prints each text's embedding: a JSON line, or a summary to read.
public enum EmbeddingText {
    public static func jsonLine(ids: [Int32], vector: [Float]) -> String {
        let idList = ids.map(String.init).joined(separator: ", ")
        let values = vector.map { "\($0)" }.joined(separator: ", ")
        return "{\"ids\": [\(idList)], \"embedding\": [\(values)]}"
    }

    public static func summaryLine(ids: [Int32], vector: [Float]) -> String {
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let head = vector.prefix(4).map { String(format: "%+.4f", $0) }.joined(separator: " ")
        return "\(ids.count) tokens · \(vector.count) dims · norm \(String(format: "%.6f", norm)) · [\(head) …]"
    }
}
