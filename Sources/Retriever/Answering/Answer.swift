/// What `rag ask` answered and how it got there; encoded (snake_case keys) as `rag ask --json`.
public struct Answer: Sendable, Codable {
    /// How the answer was made.
    public enum Kind: String, Sendable, Codable {
        /// Written by the generator copying the best passage's sentences (the default).
        case copied
        /// Written freely by the generator from the passages (`--free-form`).
        case generated
        /// The best passage's sentences, without the generator (`--extractive`).
        case extractive
        /// The notes do not answer the question (nothing retrieved is close enough to it, or it names
        /// something the notes never mention): no answer, only the closest passages.
        case notInNotes = "not_in_notes"
    }

    /// A passage as given to the generator (or, for `not_in_notes`, the closest ones found).
    public struct Passage: Sendable, Codable {
        public let n: Int
        public let chunkIds: [Int64]
        public let path: String
        public let heading: String
        public let lineStart: Int
        public let lineEnd: Int
        /// Pages (1-based) in a paged format such as PDF; absent otherwise.
        public let pageStart: Int?
        public let pageEnd: Int?
        /// "p. 12" or "slide 7" as `Place` says it; absent without pages.
        public let place: String?
        /// Retrieval score (fused) and cosine similarity to the question.
        public let score: Double
        public let similarity: Float?
        /// The text the generator read.
        public let text: String
        public let tokens: Int
    }

    /// A passage the answer cites.
    public struct Citation: Sendable, Codable {
        public let n: Int
        /// The passage's first chunk, and all of its chunks (adjacent ones merge into one passage).
        public let chunkId: Int64
        public let chunkIds: [Int64]
        public let path: String
        public let heading: String
        public let lineStart: Int
        public let lineEnd: Int
        public let pageStart: Int?
        public let pageEnd: Int?
        /// "p. 12" or "slide 7" as `Place` says it; absent without pages.
        public let place: String?
        /// True when the model cited nothing for a sentence and rag attached the passage that backs it.
        public let added: Bool
    }

    /// The passage sentence that best supports the answer.
    public struct Quote: Sendable, Codable {
        public let text: String
        public let n: Int
        public let path: String
        public let lineStart: Int
        public let lineEnd: Int
        public let pageStart: Int?
        public let pageEnd: Int?
        /// "p. 12" or "slide 7" as `Place` says it; absent without pages.
        public let place: String?
    }

    /// A passage left out of the prompt.
    public struct Dropped: Sendable, Codable {
        public let path: String
        public let heading: String
        public let reason: String
    }

    public struct Timings: Sendable, Codable {
        public var retrieveMs: Double = 0
        public var promptMs: Double = 0
        public var prefillMs: Double = 0
        public var decodeMs: Double = 0
        /// From the question to the first piece of answer text.
        public var ttftMs: Double = 0
        public var checkMs: Double = 0
    }

    public let question: String
    public let kind: Kind
    /// For `not_in_notes`: what showed the notes do not answer the question.
    public var whyNotInNotes: String? = nil
    public let answer: String
    public let quote: Quote?
    public let citations: [Citation]
    public let unsupported: [UnsupportedSentence]
    public let passages: [Passage]
    public let dropped: [Dropped]
    public let promptTokens: Int
    public let answerTokens: Int
    /// Why generation ended ("end_of_generation", "max_tokens", "repetition", …), nil without generating.
    public let stop: String?
    public let timings: Timings
}

extension Answer.Kind {
    init(_ style: AnswerStyle) {
        self =
            switch style {
            case .copied: .copied
            case .freeForm: .generated
            case .extractive: .extractive
            }
    }
}
