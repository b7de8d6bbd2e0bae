import Foundation

/// What `rag eval qa` counts about an answer's form: whether it ends in a fragment, how many of
/// its sentences repeat one before, how many words it has. Citations are left out of all three.
public enum AnswerShape {
    /// The answer's last line stops short: it neither ends as a sentence ends nor is a whole
    /// sentence of one of `passages` (a list item or a table row has no full stop).
    public static func endsInFragment(_ answer: String, passages: [String]) -> Bool {
        guard let line = answer.split(whereSeparator: \.isNewline).last.map({ plainLine($0) }), !line.isEmpty else { return false }
        if let last = line.last, ".!?:;)\"”'".contains(last) { return false }
        return !passages.contains { isWholeSentence(line, of: $0) }
    }

    /// Sentences said before in the same answer.
    public static func repeatedSentences(_ answer: String) -> Int {
        let sentences = Sentences.split(AnswerCheck.withoutCitations(answer))
            .map { String($0.lowercased().drop { $0.isNumber || "-*.) ".contains($0) }) }.filter { !$0.isEmpty }
        return sentences.count - Set(sentences).count
    }

    public static func words(_ answer: String) -> Int {
        AnswerCheck.withoutCitations(answer).split(whereSeparator: \.isWhitespace).filter { $0.contains { $0.isLetter || $0.isNumber } }.count
    }

    private static func plainLine(_ line: Substring) -> String {
        AnswerCheck.withoutCitations(String(line)).trimmingCharacters(in: .whitespaces)
    }

    /// `line` occurs in `passage` and what follows it there starts another sentence (or nothing does).
    private static func isWholeSentence(_ line: String, of passage: String) -> Bool {
        var searchFrom = passage.startIndex
        while let found = passage.range(of: line, range: searchFrom..<passage.endIndex) {
            let rest = passage[found.upperBound...].drop { $0 == " " || $0 == "…" || $0.isNewline }
            if rest.isEmpty || (rest.startIndex != found.upperBound && startsSentence(rest.first!)) { return true }
            searchFrom = passage.index(after: found.lowerBound)
        }
        return false
    }

    private static func startsSentence(_ character: Character) -> Bool {
        character.isUppercase || character.isNumber || "-*|([\"“'`_".contains(character)
    }
}
