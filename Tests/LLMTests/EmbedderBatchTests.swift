import Testing

@testable import LLM

/// How `Embedder` cuts a job into batches, one core each.
@Suite struct EmbedderBatchTests {
    static func sequences(_ count: Int, tokens: Int) -> [[Int32]] {
        [[Int32]](repeating: [Int32](repeating: 1, count: tokens), count: count)
    }

    @Test func aSmallJobIsCutSoThatEveryCoreHasABatch() {
        // the sentences of a search's first ten passages: about 1,500 tokens
        let batches = Embedder.batches(of: Self.sequences(50, tokens: 30), cores: 2)
        #expect(batches.map(\.count) == [25, 25])
        #expect(batches.flatMap { $0 } == Array(0..<50))
    }

    @Test func aLoneQueryIsOneBatch() {
        #expect(Embedder.batches(of: Self.sequences(1, tokens: 12), cores: 2).count == 1)
        #expect(Embedder.batches(of: Self.sequences(4, tokens: 30), cores: 2).count == 1)  // 120 tokens: below the smallest batch
    }

    @Test func aLargeJobKeepsFullBatches() {
        // 10,000 tokens: batches of at most 2,048 tokens (81 sequences of 25), in order
        let batches = Embedder.batches(of: Self.sequences(400, tokens: 25), cores: 2)
        #expect(batches.map(\.count) == [81, 81, 81, 81, 76])
        #expect(batches.flatMap { $0 } == Array(0..<400))
    }
}
