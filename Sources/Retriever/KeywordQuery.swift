import VectorIndex

/// A user's text as an FTS5 query that can never be read as FTS5 syntax: its words (letters and
/// digits, as FTS5's unicode61 tokenizer cuts them; a CJK run as its character pairs, as the
/// store's tokenizer indexes it), each in double quotes, OR-ed together.
/// Quotes, `*`, `:`, `^`, `-`, parentheses and the words AND, OR, NOT and NEAR all lose their meaning.
public enum KeywordQuery {
    /// At most this many words are kept; a 10,000-character question is still a fast query.
    static let maxWords = 64

    /// `spellings`: each word's other English spelling is searched too (see `SpellingVariants`).
    public static func fts(_ text: String, spellings: Bool = true) -> String {
        var words: [String] = []
        var seen: Set<String> = []
        var word = ""
        func end() {
            for piece in CJKPairs.pieces(word) where !piece.isEmpty && words.count < maxWords && seen.insert(piece.lowercased()).inserted {
                words.append(piece)
                if spellings, let variant = SpellingVariants.of(piece.lowercased()), words.count < maxWords, seen.insert(variant).inserted {
                    words.append(variant)
                }
            }
            word = ""
        }
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar.properties.generalCategory == .nonspacingMark {
                word.unicodeScalars.append(scalar)
            } else {
                end()
            }
        }
        end()
        return words.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " OR ")
    }
}
