import Foundation

/// A generated answer released to the reader a whole sentence at a time: whatever stops the
/// generator (a repeated sentence, the token limit, the end of its turn) the answer ends where a
/// sentence ends, and a sentence said before is never shown twice. A copied answer is whole by
/// construction (`SentenceCopying`) and passes through token by token.
struct WholeSentences {
    let copied: Bool
    private var pending = ""
    private var carried = ""
    private var said: Set<String> = []
    /// A finished sentence repeated one said before: a small model at temperature 0 in a loop.
    private(set) var repeated = false

    init(copied: Bool) {
        self.copied = copied
    }

    /// The text that is ready to show once `piece` is added.
    mutating func add(_ piece: String) -> String {
        guard !copied else { return piece }
        guard !repeated else { return "" }
        pending += piece
        var ready = ""
        while let end = Self.firstSentenceEnd(in: pending) {
            let sentence = carried + pending[..<end]
            pending.removeSubrange(..<end)
            // a line break or a list number ("1.") waits for the sentence it belongs to
            if Self.key(sentence).isEmpty {
                carried = sentence
                continue
            }
            carried = ""
            guard release(sentence, to: &ready) else { break }
        }
        return ready
    }

    /// What is left when the generator has stopped: the last sentence if it is whole, else nothing.
    mutating func finish() -> String {
        defer { pending = "" }
        let rest = AnswerCheck.withoutCitations(pending).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !copied, !repeated, let last = rest.last, ".!?".contains(last) else { return "" }
        var ready = ""
        _ = release(carried + pending, to: &ready)
        return ready
    }

    /// Adds `sentence` to `ready` unless it repeats one said before; false when it does.
    private mutating func release(_ sentence: String, to ready: inout String) -> Bool {
        let key = Self.key(sentence)
        if !key.isEmpty, !said.insert(key).inserted {
            repeated = true
            pending = ""
            return false
        }
        ready += sentence
        return true
    }

    /// The end of the first sentence: after a line break, or after ".", "!" or "?" and a space.
    private static func firstSentenceEnd(in text: String) -> String.Index? {
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            if text[index].isNewline { return next }
            if ".!?".contains(text[index]), next < text.endIndex, text[next].isWhitespace { return next }
            index = next
        }
        return nil
    }

    /// A sentence as compared for repetition: without list numbering, bullets, citations and case.
    private static func key(_ sentence: String) -> String {
        AnswerCheck.withoutCitations(sentence).lowercased().drop { $0.isNumber || "-*.) \n\t".contains($0) }
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
