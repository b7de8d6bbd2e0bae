import Foundation

/// What `rag eval qa` counts about an answer's form: whether it ends in a fragment, how many of
/// its sentences repeat one before, how many words it has. Citations are left out of all three.
public enum AnswerShape {
    /// The answer's last line stops short: it neither ends as a sentence ends, nor is one of the
    /// sentences the prompt showed (a list item or a table row has no full stop), nor the place a
    /// passage's heading names.
    public static func endsInFragment(_ answer: String, passages: [Answer.Passage]) -> Bool {
        guard let line = answer.split(whereSeparator: \.isNewline).last.map({ plainLine($0) }), !line.isEmpty else { return false }
        if let last = line.last, ".!?:;)\"”'".contains(last) { return false }
        // a passage shows its sentences a line each: split alone, a line does not go on the one before
        return !passages.contains { passage in
            Asker.place(of: passage.heading) == line || passage.text.split(whereSeparator: \.isNewline).contains { Sentences.split(String($0)).contains(line) }
        }
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
}
