/// A sentence that opens by referring back — "As such, it can deal with … and is therefore the
/// default solver.", "Those values are then averaged …" — says its fact only with the sentence
/// before it, which names what "it" and "those values" are. Copied alone, it answers nothing. So
/// the prompt keeps that sentence too (`PassageFocus`) and a copy says it first (`CopiedSentences`).
/// Measured on every gold set in one build (docs/RETRIEVAL.md "Answers"): answers with an expected
/// keyword rose on qa.jsonl (91.1 → 92.4 %), sklearn-qa tune (75.0 → 77.5 %) and held-out (67.5 →
/// 72.5 %) and followups held-out (77.1 → 78.1 %), and fell on none.
enum Antecedent {
    /// Whether `sentence` opens with a word that refers to the sentence before it.
    static func refersBack(_ sentence: String) -> Bool {
        MarkdownText.plain(sentence).lowercased().prefixMatch(of: opening) != nil
    }

    /// `chosen` with the sentence before each one that refers back, from `sentences`, put in front
    /// of it (moved there when it was chosen too), unless that one cannot answer: a doctest's
    /// output ("0.96") before "It is possible to disable either centering or scaling…" says nothing.
    static func before(_ chosen: [PassageSentence], in sentences: [PassageSentence]) -> [PassageSentence] {
        var said: [PassageSentence] = []
        func say(_ sentence: PassageSentence) {
            if !said.contains(where: { $0.text == sentence.text }) { said.append(sentence) }
        }
        for sentence in chosen {
            if refersBack(sentence.text),
                let previous = sentences.first(where: { $0.passage == sentence.passage && $0.position == sentence.position - 1 }),
                !AnswerScore.cannotAnswer(previous.text)
            {
                say(previous)
            }
            say(sentence)
        }
        return said
    }

    /// Pronouns, and the connectives whose sentence holds the purpose, the cause or the condition of
    /// the one before ("To this end, instead of a single attention pooling, …", "Otherwise a
    /// ValueError will be raised…"), but not "Instead of averaging…", which says what it replaces.
    /// A contrast ("In contrast, …", "On the other hand, …") states its own fact: adding the
    /// sentence before made three answers longer and none hold a keyword more (docs/RETRIEVAL.md).
    nonisolated(unsafe) private static let opening =
        /(it|its|this|these|those|they|their|them|such|as such|thus|hence|therefore|both|the latter|the former|the same|in (this|that|these|those|such) (case|situation)s?|to this end|for (this|that|these|those) reasons?|(in )?this way|as a result(?! of)|consequently|accordingly|otherwise|instead(?! of))\b/
}
