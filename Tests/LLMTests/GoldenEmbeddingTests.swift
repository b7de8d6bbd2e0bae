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

    /// fp32: the reference path, held to sentence-transformers' own figures.
    static let embedder = Result { try Embedder(precision: .fp32) }
    /// bfloat16 products, where the CPU has them (the default there): a looser but still tight bar.
    static let bf16Embedder = Result { try Embedder(precision: .bf16) }

    static func rows() throws -> [Row] {
        try Fixtures.jsonLines(Fixtures.shared.appendingPathComponent("golden/minilm_golden.jsonl")).map {
            Row(
                id: $0["id"] as! String, text: $0["text"] as! String,
                ids: ($0["input_ids"] as! [Int]).map(Int32.init),
                embedding: ($0["embedding"] as! [Double]).map(Float.init))
        }
    }

    static func compare(_ vector: [Float], _ expected: [Float], _ id: String, cosine least: Float = 0.99999, maxDelta most: Float = 1e-4) {
        #expect(vector.count == expected.count, "\(id): dimension")
        let cosine =
            zip(vector, expected).reduce(0) { $0 + $1.0 * $1.1 }
            / (vector.reduce(0) { $0 + $1 * $1 }.squareRoot() * expected.reduce(0) { $0 + $1 * $1 }.squareRoot())
        let maxDelta = zip(vector, expected).map { abs($0 - $1) }.max() ?? .infinity
        #expect(cosine >= least, "\(id): cosine \(cosine)")
        #expect(maxDelta <= most, "\(id): max |Δ| \(maxDelta)")
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

    @Test(.enabled(if: Embedder.Precision.bf16.isAvailable, "this CPU has no AVX-512 BF16"))
    func bfloat16ProductsStayWithinTheGoldenTolerance() throws {
        let rows = try Self.rows()
        let embedder = try Self.bf16Embedder.get()
        #expect(embedder.precision == .bf16)
        let batched = embedder.embed(rows.map(\.text))
        #expect(batched.count == 26)
        for (vector, row) in zip(batched, rows) {
            Self.compare(vector, row.embedding, row.id, cosine: 0.9999, maxDelta: 3e-3)
            Self.compare(embedder.embed([row.text])[0], row.embedding, row.id, cosine: 0.9999, maxDelta: 3e-3)
        }
    }
}
