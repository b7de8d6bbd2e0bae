import Foundation
import Testing

@testable import LLM

/// all-MiniLM-L6-v2 against sentence-transformers 6.2.0 (../shared/golden/minilm_golden.jsonl).
@Suite struct GoldenEmbeddingTests {
    struct Row {
        let id: String
        let text: String
        let ids: [Int32]
        let embedding: [Float]
    }

    static let embedder = Result { try Embedder() }

    static func rows() throws -> [Row] {
        try Fixtures.jsonLines(Fixtures.shared.appendingPathComponent("golden/minilm_golden.jsonl")).map {
            Row(
                id: $0["id"] as! String, text: $0["text"] as! String,
                ids: ($0["input_ids"] as! [Int]).map(Int32.init),
                embedding: ($0["embedding"] as! [Double]).map(Float.init))
        }
    }

    static func compare(_ vector: [Float], _ expected: [Float], _ id: String) {
        #expect(vector.count == expected.count, "\(id): dimension")
        let cosine =
            zip(vector, expected).reduce(0) { $0 + $1.0 * $1.1 }
            / (vector.reduce(0) { $0 + $1 * $1 }.squareRoot() * expected.reduce(0) { $0 + $1 * $1 }.squareRoot())
        let maxDelta = zip(vector, expected).map { abs($0 - $1) }.max() ?? .infinity
        #expect(cosine >= 0.99999, "\(id): cosine \(cosine)")
        #expect(maxDelta <= 1e-4, "\(id): max |Δ| \(maxDelta)")
    }

    @Test func tokenIDsMatchOnEveryRow() throws {
        let tokenizer = try Self.embedder.get().tokenizer
        let rows = try Self.rows()
        #expect(rows.count == 26)
        for row in rows {
            #expect(tokenizer.encode(row.text) == row.ids, "\(row.id): \(row.text.prefix(60))")
        }
    }

    @Test func eachTextAloneMatches() throws {
        let embedder = try Self.embedder.get()
        for row in try Self.rows() {
            Self.compare(embedder.embed([row.text])[0], row.embedding, row.id)
        }
    }

    @Test func allTextsInOneBatchMatch() throws {
        let rows = try Self.rows()
        let vectors = try Self.embedder.get().embed(rows.map(\.text))
        #expect(vectors.count == rows.count)
        for (vector, row) in zip(vectors, rows) { Self.compare(vector, row.embedding, row.id) }
    }
}
