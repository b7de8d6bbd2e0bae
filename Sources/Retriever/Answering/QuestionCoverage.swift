/// How much of what a question asks its best passages say: the largest share of the question's
/// content words that one of the first three passages (heading included) holds. A question on a
/// method the notes never explain ("How does batch normalization speed up the training of a deep
/// network?") still finds passages close to it in meaning, on the same field, but none of them
/// says most of what it asks; an answerable question's passage nearly always does.
///
/// Chosen on the tune halves (corpora/qa.jsonl with unanswerable.jsonl, sklearn-qa tune with its
/// near-misses; `rag search --k 3` for each question): below 0.4 fell 1 of 119 answerable
/// questions, 4 of the 9 near-misses and 29 of the 39 questions the notes do not answer; below 0.5,
/// 6 answerable ones (docs/RETRIEVAL.md "Answers").
enum QuestionCoverage {
    /// The share below which the notes are taken not to answer.
    static let least = 0.4

    static func best(of question: String, in passages: some Sequence<SourcePassage>) -> Double {
        let asked = ContentWords(question)
        return passages.prefix(3).map { asked.coverage(by: ContentWords($0.heading + "\n" + $0.text)) }.max() ?? 0
    }
}
