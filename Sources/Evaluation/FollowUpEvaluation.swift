public import Retriever

/// `rag eval followups`: the later turns of gold conversations retrieved three ways — as asked
/// with no conversation, as asked in the conversation (completed by `FollowUp`, as `rag chat`
/// does), and written out in full — and, with an asker, answered in the conversation.
public struct FollowUpEvaluation {
    public var qa: QAEvaluation

    public init(qa: QAEvaluation) {
        self.qa = qa
    }

    public struct Report: Sendable {
        public var alone: QAReport
        public var inConversation: QAReport
        public var writtenOut: QAReport
    }

    /// The report on `conversations`; `answered` hears each later turn's answer in the conversation.
    public func run(
        _ conversations: [GoldConversation], answered: (GoldQuestion, Answer) throws -> Void = { _, _ in },
        progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) throws -> Report {
        let label = qa.mode.rawValue + (qa.ranker == nil ? "" : " + answer ranking")
        var report = Report(alone: QAReport(mode: label, k: qa.k), inConversation: QAReport(mode: label, k: qa.k), writtenOut: QAReport(mode: label, k: qa.k))
        for (i, conversation) in conversations.enumerated() {
            var earlier: [String] = []
            // the note of the turn before's best passage: what its answer cites
            var previousNotes: [String] = []
            for turn in conversation.turns {
                let query = FollowUp.query(for: turn.question.question, after: earlier)
                earlier.append(query)
                guard let full = turn.full else {
                    previousNotes = try qa.ranked(turn.question.question, asked: query).prefix(1).map(\.hit.path)
                    continue
                }
                try qa.retrieve(turn.question, into: &report.alone)
                let passages = try qa.retrieve(turn.question, asked: query, previousNotes: previousNotes, into: &report.inConversation)
                try qa.retrieve(full, into: &report.writtenOut)
                if let asker = qa.asker {
                    var settings = qa.settings
                    settings.asked = query == turn.question.question ? nil : turn.question.question
                    settings.previousNotes = previousNotes
                    let answer = try asker.ask(query, settings: settings)
                    report.inConversation.addAnswer(turn.question, answer)
                    try answered(turn.question, answer)
                }
                previousNotes = passages.prefix(1).map(\.hit.path)
            }
            progress(i + 1, conversations.count)
        }
        return report
    }
}
