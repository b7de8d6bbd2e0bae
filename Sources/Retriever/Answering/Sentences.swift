import Foundation

/// Text cut into sentences, for choosing what a prompt keeps and for checking an answer.
///
/// Notes are not prose only: a line of a list, a table row or a heading is a sentence of its own,
/// so lines are cut first, then each line after ".", "!" or "?" followed by a space and a capital
/// letter, a digit or an opening mark ("e.g. the" and "3.5" stay whole).
enum Sentences {
    static func split(_ text: String) -> [String] {
        var sentences: [String] = []
        for line in text.split(whereSeparator: \.isNewline) {
            var current = ""
            var previous: Character = " "
            var pendingEnd = false
            for character in line {
                if pendingEnd && !character.isWhitespace {
                    if character.isUppercase || character.isNumber || "\"“'([*_`".contains(character), !endsWithAbbreviation(current) {
                        append(current, to: &sentences)
                        current = ""
                    }
                    pendingEnd = false
                }
                if character.isWhitespace && ".!?".contains(previous) { pendingEnd = true }
                current.append(character)
                previous = character
            }
            append(current, to: &sentences)
        }
        return sentences
    }

    /// "Dr. Lena", "Prof. Halvorsen", "J. Smith", "Fig. 3": a full stop that ends a title, an
    /// initial or a common abbreviation does not end the sentence.
    private static func endsWithAbbreviation(_ text: String) -> Bool {
        let word = text.trimmingCharacters(in: .whitespaces).split(separator: " ").last.map { $0.dropLast() } ?? ""
        return (word.count == 1 && word.first!.isUppercase) || abbreviations.contains(word.lowercased())
    }

    private static let abbreviations: Set<String> = [
        "dr", "prof", "mr", "mrs", "ms", "st", "vs", "etc", "fig", "eq", "no", "vol", "ch", "sec", "approx", "cf", "al", "e.g", "i.e",
    ]

    private static func append(_ sentence: String, to sentences: inout [String]) {
        let trimmed = sentence.trimmingCharacters(in: .whitespaces)
        if trimmed.contains(where: { $0.isLetter || $0.isNumber }) { sentences.append(trimmed) }
    }
}
