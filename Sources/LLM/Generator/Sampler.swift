/// Picks the next token from the logits: greedy when the temperature is 0, otherwise a random
/// draw after a repetition penalty, top-k, temperature and top-p (nucleus) cut, in llama.cpp's
/// order. The same seed and logits always give the same tokens.
public struct Sampler: Sendable {
    /// How to pick; the defaults give greedy decoding.
    public struct Settings: Sendable, Equatable {
        /// 0 picks the most likely token; higher values flatten the distribution.
        public var temperature: Float
        /// Keep only the k most likely tokens (0 keeps all).
        public var topK: Int
        /// Keep the most likely tokens whose probabilities add up to at least p (1 keeps all).
        public var topP: Float
        /// Logits of tokens among the last `penaltyWindow` are divided by this (multiplied when negative); 1 is off.
        public var repetitionPenalty: Float
        public var penaltyWindow: Int
        public var seed: UInt64

        public init(
            temperature: Float = 0, topK: Int = 40, topP: Float = 0.95, repetitionPenalty: Float = 1,
            penaltyWindow: Int = 64, seed: UInt64 = 0
        ) {
            self.temperature = temperature
            self.topK = topK
            self.topP = topP
            self.repetitionPenalty = repetitionPenalty
            self.penaltyWindow = penaltyWindow
            self.seed = seed
        }
    }

    public let settings: Settings
    private var random: SplitMix64

    public init(_ settings: Settings = Settings()) {
        self.settings = settings
        random = SplitMix64(seed: settings.seed)
    }

    /// The next token for `logits` (V floats), given the tokens so far (prompt and answer).
    public mutating func next(_ logits: UnsafeBufferPointer<Float>, history: [Int32]) -> Int32 {
        var penalized: [Int: Float] = [:]
        if settings.repetitionPenalty != 1 {
            for id in history.suffix(settings.penaltyWindow) where logits.indices.contains(Int(id)) {
                let logit = logits[Int(id)]
                penalized[Int(id)] = logit > 0 ? logit / settings.repetitionPenalty : logit * settings.repetitionPenalty
            }
        }
        func logit(_ id: Int) -> Float { penalized[id] ?? logits[id] }

        guard settings.temperature > 0 else {
            var best = 0
            for id in logits.indices where logit(id) > logit(best) { best = id }
            return Int32(best)
        }

        // top-k, most likely first
        let candidates = Self.mostLikely(settings.topK > 0 ? settings.topK : logits.count, of: logits.indices, logit: logit)

        // softmax at the temperature
        let maximum = candidates[0].logit
        var probabilities = candidates.map { Double(VectorMath.exp(($0.logit - maximum) / settings.temperature)) }
        let total = probabilities.reduce(0, +)
        probabilities = probabilities.map { $0 / total }

        // top-p: the shortest head whose mass reaches p
        if settings.topP < 1 {
            var mass = 0.0
            var keep = 0
            while keep < probabilities.count && mass < Double(settings.topP) {
                mass += probabilities[keep]
                keep += 1
            }
            probabilities.removeLast(probabilities.count - max(keep, 1))
        }

        // draw
        var target = random.nextUnit() * probabilities.reduce(0, +)
        for (index, probability) in probabilities.enumerated() {
            target -= probability
            if target <= 0 { return Int32(candidates[index].id) }
        }
        return Int32(candidates[probabilities.count - 1].id)
    }
}

extension Sampler {
    /// The `k` ids with the highest logits, highest first (lower id first among equals). Kept in a
    /// sorted array that most logits never enter, so a small k costs one pass over the vocabulary;
    /// a large k sorts them all.
    static func mostLikely(_ k: Int, of ids: Range<Int>, logit: (Int) -> Float) -> [(id: Int, logit: Float)] {
        guard k <= 1024 else {
            let sorted = ids.map { (id: $0, logit: logit($0)) }.sorted { $0.logit > $1.logit || ($0.logit == $1.logit && $0.id < $1.id) }
            return Array(sorted.prefix(k))
        }
        var top: [(id: Int, logit: Float)] = []
        top.reserveCapacity(k + 1)
        for id in ids {
            let value = logit(id)
            if top.count == k, let last = top.last, value <= last.logit { continue }
            var at = top.count
            while at > 0 && top[at - 1].logit < value { at -= 1 }
            top.insert((id, value), at: at)
            if top.count > k { top.removeLast() }
        }
        return top
    }
}

/// A small, fast, seedable generator (Steele, Lea & Flood's SplitMix64), so a seed means the same
/// tokens on every platform, which Swift's SystemRandomNumberGenerator cannot promise.
public struct SplitMix64: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func nextUnit() -> Double { Double(next() >> 11) / Double(UInt64(1) << 53) }
}
