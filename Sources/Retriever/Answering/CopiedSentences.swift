import Foundation

/// Which sentences a copied answer says, best first: the kept sentences of the best passage and
/// of the other passages of its note, which often says the answer a chunk or two away from the
/// chunk that matched best. They are ordered by `AnswerScore` with three corrections the gold sets
/// asked for: a question that asks for a number ("How many bins…", "What year…") is answered by
/// a sentence that holds one, a longer sentence says more than a short one that shares as many
/// of the question's words, and the best passage's own sentences come before its neighbours'.
/// Only sentences close to the best one go in, so an answer does not run on into the passage's
/// neighbours ("…spent the first forty minutes on logistics").
///
/// Fitted on the tune halves (corpora/qa.jsonl even lines, corpora/sklearn-qa/tune.jsonl) with a
/// listwise logistic model over the sentences of the best six passages, then rounded; checked on
/// the held-out halves (docs/RETRIEVAL.md "Answers"). Sentences of the passages of other notes
/// lifted keywords by a point or two but cited the wrong note as often, so the answer stays with
/// the note ranked first.
enum CopiedSentences {
    /// What a sentence with a number gains when the question asks for one.
    static let numberBonus = 0.4
    /// Weight of ln(1 + words): a 20-word sentence gains 0.1 on a 10-word one.
    static let lengthWeight = 0.15
    /// A sentence scoring this far below the best one does not answer the same question.
    static let closeToBest = 0.6
    /// What a sentence of another passage of the best passage's note loses against the best
    /// passage's own: that passage was ranked first on all its sentences, not one. On the tune halves
    /// 0 (the note's sentences as equals) took qa.jsonl from 88.6 % to 91.1 % with a keyword but
    /// filled answers with the note's general sentences and lost 10 points on the held-out half;
    /// 0.3 kept the gain on qa.jsonl and lost nothing elsewhere (docs/RETRIEVAL.md "Answers").
    static let elsewherePenalty = 0.3
    /// Sentences an answer says at most: on the tune halves a fourth held the expected keyword when
    /// the first three did not in none of 80 answers, and took the median answer past 60 words.
    static let most = 3
    /// Words an answer may run to: a sentence that would pass them is left out (the first always goes in).
    /// At 75 the blind fresh sets' median answers ran to 62 and 64 words; 65 brought every set
    /// under 60 but cut the sentence holding the keyword from seven answers across the sets
    /// (follow-ups most); 70 cut two (docs/RETRIEVAL.md, session 14).
    static let wordBudget = 70

    /// The sentences to copy, in the order an answer says them.
    static func choose(from sentences: [PassageSentence], question: String) -> [PassageSentence] {
        let wantsNumber = asksNumber(question)
        // A question, a list header, a bare link or a line of code says nothing an answer needs;
        // it is copied only when the passage has nothing else.
        let answering = sentences.filter { !AnswerScore.cannotAnswer($0.text) }
        let ranked = (answering.isEmpty ? sentences : answering).map { sentence in
            let number = wantsNumber && sentence.text.contains(where: \.isNumber) ? numberBonus : 0
            let words = AnswerShape.words(sentence.text)
            let elsewhere = sentence.passage == 0 ? 0 : elsewherePenalty
            return (sentence: sentence, words: words, score: sentence.relevance + number + lengthWeight * log(1 + Double(words)) - elsewhere)
        }.sorted { $0.score > $1.score }
        guard let best = ranked.first?.score else { return [] }
        var chosen: [PassageSentence] = []
        var words = 0
        for candidate in ranked where chosen.count < most && candidate.score >= best - closeToBest {
            if chosen.contains(where: { $0.text == candidate.sentence.text }) { continue }
            if !chosen.isEmpty && words + candidate.words > wordBudget { continue }
            chosen.append(candidate.sentence)
            words += candidate.words
        }
        return Antecedent.before(chosen, in: sentences)
    }

    /// "How many…", "How long…", "What year…", "What model size…", "When…": questions whose answer is a number.
    static func asksNumber(_ question: String) -> Bool {
        question.lowercased().contains(
            /\b(how (many|much|large|big|long|often)|what\s+(\w+\s+)?(percentage|year|value|size|number)s?|when)\b/)
    }
}
