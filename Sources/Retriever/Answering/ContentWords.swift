/// The words of a text that carry its meaning, compared loosely: lowercased, without common
/// function words, and cut to a crude stem so "regularised", "regularisation" and
/// "regularization" meet. Used to see how much of a sentence a passage backs.
struct ContentWords: Sendable {
    let stems: Set<String>

    init(_ text: String) {
        var stems: Set<String> = []
        var word = ""
        func end() {
            if !word.isEmpty, !Self.stopWords.contains(word) { stems.insert(Self.stem(word)) }
            word = ""
        }
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                word.append(character)
            } else if character == "." || character == "%", word.first?.isNumber == true {
                word.append(character)  // 0.21 and 35% are one word each
            } else {
                end()
            }
        }
        if word.last == "." { word.removeLast() }
        end()
        self.stems = stems
    }

    init(stems: Set<String>) {
        self.stems = stems
    }

    var isEmpty: Bool { stems.isEmpty }

    /// The share of these words that `other` also has (1 when there are none to back).
    func coverage(by other: ContentWords) -> Double {
        stems.isEmpty ? 1 : Double(stems.intersection(other.stems).count) / Double(stems.count)
    }

    /// Six letters are enough to tell most words apart and to join their inflections and spellings;
    /// a plural's "s" goes first, as short words keep it within their six.
    private static func stem(_ word: String) -> String {
        var word = word
        while word.count > 1, word.last == "." { word.removeLast() }
        guard word.first?.isNumber != true else { return word }
        if word.count > 3, word.hasSuffix("s"), !word.hasSuffix("ss") { word.removeLast() }  // "gates" meets "gate"
        return String(word.prefix(6).replacingOccurrences(of: "z", with: "s"))
    }

    static let stopWords: Set<String> = [
        "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "because", "been", "but", "by",
        "can", "could", "did", "do", "does", "each", "for", "from", "had", "has", "have", "how", "i", "if", "in", "into",
        "is", "it", "its", "just", "me", "more", "most", "my", "no", "not", "of", "on", "one", "or", "our", "so", "some",
        "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "to", "use", "used",
        "uses", "using", "was", "we", "were", "what", "when", "where", "which", "while", "who", "why", "will", "with",
        "would", "you", "your", "answer", "question", "notes", "passage", "passages", "according",
    ]
}
