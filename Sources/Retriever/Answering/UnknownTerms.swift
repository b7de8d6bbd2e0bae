import LLM
import VectorIndex

/// The words of a question that name something the notes never mention. A question about a
/// method the notes do not cover ("How does CatBoost encode categories?") still finds passages
/// close to it, on the same field and with most of its words; only the name is missing. A name
/// is told from an everyday word by two vocabularies: the embedder's WordPiece vocabulary holds
/// common English words whole and spells rare ones in pieces ("CatBoost", "autoencoder"), and so
/// does the generator's BPE vocabulary, learnt from far more web text, which still holds words
/// such as "downside" and "drawback" whole that WordPiece cuts; a word in pieces in both is a
/// name. A word with digits is left out, as notes write numbers in many ways ("3x3", "3 × 3"),
/// and a name the notes hold as the start of a longer one ("HistGradientBoosting" in
/// "HistGradientBoostingClassifier") is mentioned.
///
/// Measured on every gold set (docs/RETRIEVAL.md "Answers"): it declines near-miss questions of
/// corpora/sklearn-qa by the name they ask about, and no answerable question of any set.
enum UnknownTerms {
    static func find(in question: String, store: Store, vocabulary: WordPieceTokenizer, everyday: BPETokenizer) throws -> [String] {
        var unknown: [String] = []
        for word in words(of: question) where isName(word, vocabulary: vocabulary, everyday: everyday) {
            if try store.keywordSearch(KeywordQuery.fts(word) + "*", limit: 1).isEmpty { unknown.append(word) }
        }
        return unknown
    }

    /// A word of three letters or more that both vocabularies spell in pieces, and not a function
    /// word, a word about the notes themselves ("tutorial") or an acronym, which notes may spell out.
    private static func isName(_ word: String, vocabulary: WordPieceTokenizer, everyday: BPETokenizer) -> Bool {
        let lowercased = word.lowercased()
        guard word.count >= 3, !word.contains(where: \.isNumber), word.contains(where: \.isLowercase),
            !ContentWords.stopWords.contains(lowercased), !aboutTheNotes.contains(lowercased)
        else { return false }
        // WordPiece adds [CLS] and [SEP]; BPE spells a word inside a sentence with its leading space.
        return vocabulary.encode(word).count - 2 >= 2 && everyday.encode(" " + lowercased).count >= 2
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
