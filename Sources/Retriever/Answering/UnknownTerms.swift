import LLM
import VectorIndex

/// The words of a question that name something the notes never mention. A question about a
/// method the notes do not cover ("How does CatBoost encode categories?") still finds passages
/// close to it, on the same field and with most of its words; only the name is missing. A name
/// is told from an everyday word by the embedder's vocabulary, which holds common English words
/// whole and spells rare ones in word pieces ("CatBoost", "autoencoder"); a word with digits
/// is left out, as notes write numbers in many ways ("3x3", "3 × 3").
///
/// On the tune halves it declines 4 of the 9 near-miss questions of corpora/sklearn-qa and none of
/// the answerable ones there or in corpora/qa.jsonl (docs/RETRIEVAL.md "Answers").
enum UnknownTerms {
    static func find(in question: String, store: Store, tokenizer: WordPieceTokenizer) throws -> [String] {
        var unknown: [String] = []
        for word in words(of: question) where isName(word, tokenizer: tokenizer) {
            if try store.keywordSearch(KeywordQuery.fts(word), limit: 1).isEmpty { unknown.append(word) }
        }
        return unknown
    }

    /// A word of three letters or more that the vocabulary spells in pieces, and not a function
    /// word, a word about the notes themselves ("tutorial") or an acronym, which notes may spell out.
    private static func isName(_ word: String, tokenizer: WordPieceTokenizer) -> Bool {
        let lowercased = word.lowercased()
        guard word.count >= 3, !word.contains(where: \.isNumber), word.contains(where: \.isLowercase),
            !ContentWords.stopWords.contains(lowercased), !aboutTheNotes.contains(lowercased)
        else { return false }
        return tokenizer.encode(word).count - 2 >= 2  // less [CLS] and [SEP]
    }

    private static let aboutTheNotes: Set<String> = [
        "tutorial", "tutorials", "handout", "handouts", "slides", "lecture", "lectures", "chapter", "chapters", "section", "sections",
        "textbook", "worksheet", "syllabus", "coursework",
    ]

    /// Words as the keyword index cuts them: runs of letters and digits.
    private static func words(of text: String) -> [String] {
        var words: [String] = []
        var word = ""
        for character in text + " " {
            if character.isLetter || character.isNumber {
                word.append(character)
            } else if !word.isEmpty {
                if !words.contains(word) { words.append(word) }
                word = ""
            }
        }
        return words
    }
}
