import Testing

@testable import LLM

/// The sampler's cuts and its determinism, on hand-made logits.
@Suite struct SamplerTests {
    static let logits: [Float] = [1, 5, 3, 4.9, -2, 0, 2, 4.8]

    func draws(_ settings: Sampler.Settings, count: Int = 400, history: [Int32] = []) -> [Int32] {
        var sampler = Sampler(settings)
        return Self.logits.withUnsafeBufferPointer { logits in (0..<count).map { _ in sampler.next(logits, history: history) } }
    }

    @Test func greedyPicksTheLargestLogit() {
        #expect(Set(draws(Sampler.Settings(), count: 5)) == [1])
    }

    @Test func repetitionPenaltyDemotesSeenTokens() {
        // 5 / 1.1 < 4.9: token 1 loses to token 3 once it has been seen
        #expect(draws(Sampler.Settings(repetitionPenalty: 1.1), count: 1, history: [1]) == [3])
        #expect(draws(Sampler.Settings(repetitionPenalty: 1.1), count: 1, history: [6]) == [1])
    }

    @Test func topKAndTopPLimitTheCandidates() {
        #expect(Set(draws(Sampler.Settings(temperature: 1, topK: 2, topP: 1))) == [1, 3])
        // At temperature 1 the three leaders hold most of the mass; p = 0.5 keeps the first two.
        #expect(Set(draws(Sampler.Settings(temperature: 1, topK: 0, topP: 0.5))) == [1, 3])
        #expect(Set(draws(Sampler.Settings(temperature: 1, topK: 3, topP: 1))) == [1, 3, 7])
    }

    @Test func sameSeedSameTokensAndTemperatureFlattens() {
        let settings = Sampler.Settings(temperature: 1.5, topK: 0, topP: 1, seed: 42)
        #expect(draws(settings) == draws(settings))
        var other = settings
        other.seed = 43
        #expect(draws(settings) != draws(other))
        let hot = draws(settings)
        #expect(Set(hot).count >= 5)
        let cold = draws(Sampler.Settings(temperature: 0.05, topK: 0, topP: 1, seed: 42))
        #expect(cold.filter { $0 == 1 }.count > 300)
    }

    @Test func mostLikelyOrdersAndBreaksTiesByID() {
        let values: [Float] = [2, 7, 7, 1, 9]
        #expect(Sampler.mostLikely(3, of: 0..<5) { values[$0] }.map(\.id) == [4, 1, 2])
        #expect(Sampler.mostLikely(5000, of: 0..<5) { values[$0] }.map(\.id) == [4, 1, 2, 0, 3])
    }
}
