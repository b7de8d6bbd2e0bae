public import Retriever
import VectorIndex

/// `rag eval qa`: each gold question retrieved as `rag ask` retrieves it (first stage, then, with
/// a ranker, the second) and, with an asker, answered; the tallies in a `QAReport`.
public struct QAEvaluation {
    public let retriever: HybridRetriever
    public var mode = RetrievalMode.hybrid
    /// Passages per question that count for hit@k and MRR.
    public var k = 5
    public var ranker: AnswerRanker?
    /// Answers every question when set; `settings` are its settings.
    public var asker: Asker?
    public var settings = AskSettings()

    public init(retriever: HybridRetriever) {
        self.retriever = retriever
    }

    /// The report on `questions`; `answered` hears each answer, `progress` each question done.
    public func run(
        _ questions: [GoldQuestion], answered: (GoldQuestion, Answer) throws -> Void = { _, _ in },
        progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) throws -> QAReport {
        var report = QAReport(mode: mode.rawValue + (ranker == nil ? "" : " + answer ranking"), k: k)
        for (i, question) in questions.enumerated() {
            try retrieve(question, into: &report)
            if let asker {
                let answer = try asker.ask(question.question, settings: settings)
                report.addAnswer(question, answer, evidencePages: try evidencePages(question))
                try answered(question, answer)
            }
            progress(i + 1, questions.count)
        }
        return report
    }

    /// Retrieves `question` as `rag ask` does and tallies it; `asked` is the query a conversation
    /// completed it to (see `FollowUp`), searched as `rag chat` searches it, with the notes the
    /// turn before drew on. Returns the passages, best first.
    @discardableResult
    func retrieve(_ question: GoldQuestion, asked query: String? = nil, previousNotes: [String] = [], into report: inout QAReport) throws -> [RetrievedPassage] {
        let passages = try ranked(question.question, asked: query, previousNotes: previousNotes)
        report.addRetrieval(question, passages: Array(passages.prefix(k)), closest: passages.compactMap(\.denseScore).max())
        return passages
    }

    /// The passages `rag ask` (or, with `query`, `rag chat`) answers `question` from, best first.
    func ranked(_ question: String, asked query: String? = nil, previousNotes: [String] = []) throws -> [RetrievedPassage] {
        let query = query ?? question
        let asked = query == question ? nil : question
        let vector = retriever.embedder.embed([query])[0]
        var retriever = retriever
        retriever.alongside = asked
        retriever.previousNotes = FollowUp.previousNotes(previousNotes, asked: asked)
        // as many candidates as `rag ask` ranks, so that the second stage sees what it sees there
        var passages = try retriever.search(query, vector: vector, k: max(k, settings.k), mode: mode)
        if let ranker {
            let rankedBy = FollowUp.rankedBy(query: query, asked: asked)
            passages = ranker.rank(passages, question: rankedBy, vector: rankedBy == query ? vector : retriever.embedder.embed([rankedBy])[0])
        }
        return passages
    }

    /// The pages or slides of the expected file's chunks that hold the question's evidence, when
    /// that file has pages: what a citation must name to point a reader at the evidence.
    func evidencePages(_ question: GoldQuestion) throws -> (start: Int, end: Int)? {
        guard let path = question.path, let document = try retriever.store.document(path: path) else { return nil }
        let holding = try retriever.store.chunks(ofDocument: document.id).filter { question.isAnswered(byPassageFrom: path, text: $0.text) }
        let starts = holding.compactMap(\.pageStart)
        guard let start = starts.min() else { return nil }
        return (start, holding.compactMap { $0.pageEnd ?? $0.pageStart }.max() ?? start)
    }
}
