public import VectorIndex

/// A conversation with the notes: each question is searched in the light of the turns before it
/// (see `FollowUp`), and answered as `rag ask` answers.
public struct Conversation: Sendable {
    public struct Turn: Sendable {
        public let question: String
        /// What was searched: the question, completed from the turns before when it leans on them.
        public let query: String
        public let answer: Answer

        public init(question: String, query: String, answer: Answer) {
            self.question = question
            self.query = query
            self.answer = answer
        }
    }

    public private(set) var turns: [Turn]
    /// The notes the conversation keeps to; nil for all of them.
    public var scope: Scope?

    /// A conversation, new or resumed from its `turns`.
    public init(scope: Scope? = nil, turns: [Turn] = []) {
        self.scope = scope
        self.turns = turns
    }

    /// What `question` is searched as, asked now.
    public func query(for question: String) -> String {
        FollowUp.query(for: question, after: turns.map(\.query))
    }

    /// What asking `question` now takes: the query it is searched as, and `settings` with the
    /// conversation's scope, the question as asked, and the notes the last answer cited.
    public func asking(_ question: String, settings: AskSettings) -> (query: String, settings: AskSettings) {
        let query = query(for: question)
        var settings = settings
        settings.scope = scope
        settings.asked = query == question ? nil : question
        settings.previousNotes = Self.notes(citedBy: turns.last?.answer)
        return (query, settings)
    }

    /// The notes an answer cites, each once, in citation order.
    private static func notes(citedBy answer: Answer?) -> [String] {
        var seen: Set<String> = []
        return (answer?.citations ?? []).map(\.path).filter { seen.insert($0).inserted }
    }

    /// Answers `question` in this conversation and keeps the turn, also when `onText` stopped
    /// the answer part way (the conversation goes on from what was said).
    @discardableResult
    public mutating func ask(_ question: String, asker: Asker, settings: AskSettings, onText: (String) -> Bool = { _ in true }) throws -> Answer {
        let (query, settings) = asking(question, settings: settings)
        let answer = try asker.ask(query, settings: settings, onText: onText)
        add(Turn(question: question, query: query, answer: answer))
        return answer
    }

    /// Adds a turn answered elsewhere (the server's generation queue answers `query(for:)`).
    public mutating func add(_ turn: Turn) {
        turns.append(turn)
    }
}
