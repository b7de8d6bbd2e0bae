import LLM

/// A sentence of a passage, with what is needed to compare it to a question or an answer.
struct PassageSentence: Sendable {
    /// Index of its passage, and its position there.
    let passage: Int
    let position: Int
    let text: String
    let words: ContentWords
    let vector: [Float]
    /// How well it answers the question (`AnswerScore`).
    let relevance: Double
}

/// Which sentences of each passage the prompt keeps, and how well each answers the question
/// (`AnswerScore`). A 135M-parameter model loses a fact in long context: on the first 15
/// questions of corpora/qa.jsonl, answers from whole chunks held an expected keyword 4–6 times,
/// from the three best sentences of each passage 9 times; and the shorter prompt (about 400
/// tokens instead of 700) reaches its first token sooner.
struct PassageFocus {
    let sentences: [PassageSentence]
    /// For each passage, the kept sentences' positions in note order.
    let kept: [[Int]]

    init(scorer: AnswerScore, passages: [SourcePassage], vectors: SentenceVectors, perPassage: Int) {
        let split = passages.map { Sentences.split($0.text) }
        let texts = split.enumerated().flatMap { index, sentences in sentences.enumerated().map { (index, $0, $1) } }
        let headings = passages.map { ContentWords($0.heading) }
        let tasks = passages.map { AnswerScore.setsTasks($0.heading) }
        let defining = zip(passages, split).map { passage, sentences in
            scorer.definingPosition(in: sentences, heading: passage.heading, opensSection: passage.opensSection)
        }
        sentences = zip(texts, vectors.vectors(texts.map(\.2))).map { item, sentenceVector in
            let words = ContentWords(item.2)
            let relevance = scorer.score(
                of: item.2, words: words, vector: sentenceVector, heading: headings[item.0], opensDefinition: defining[item.0] == item.1,
                setsTasks: tasks[item.0])
            return PassageSentence(passage: item.0, position: item.1, text: item.2, words: words, vector: sentenceVector, relevance: relevance)
        }
        var kept = Array(repeating: [Int](), count: passages.count)
        for index in passages.indices {
            let best = sentences.filter { $0.passage == index }.sorted { $0.relevance > $1.relevance }.prefix(perPassage)
            // a kept sentence that refers back ("As such, it is the default solver.") keeps the one it refers to
            let antecedents = best.filter { Antecedent.refersBack($0.text) }.map { $0.position - 1 }.filter { $0 >= 0 }
            kept[index] = Array(Set(best.map(\.position) + antecedents)).sorted()
        }
        self.kept = kept
    }
    /// The kept sentences of passage `index`, for quoting and checking: only what the model was shown.
    func shown(inPassage index: Int) -> [PassageSentence] {
        sentences.filter { $0.passage == index && kept[index].contains($0.position) }
    }
}
