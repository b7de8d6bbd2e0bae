import Foundation

extension Answer {
    /// Where the time went, on one line: "retrieval 40 ms · first token after 0.80 s · …".
    public var timingSummary: String {
        let t = timings
        var parts = [String(format: "retrieval %.0f ms", t.retrieveMs)]
        if kind == .copied || kind == .generated {
            parts.append(String(format: "first token after %.2f s", t.ttftMs / 1000))
            parts.append(String(format: "prompt %d tokens in %.2f s", promptTokens, t.prefillMs / 1000))
            parts.append(String(format: "answer %d tokens in %.2f s", answerTokens, t.decodeMs / 1000))
        }
        parts.append(String(format: "checks %.0f ms", t.checkMs))
        return parts.joined(separator: " · ")
    }
}

extension Answer {
    /// For `not_in_notes`: why, in words, whether or not a check named the reason.
    public var notInNotesReason: String { whyNotInNotes ?? "no passage is close enough to the question" }
}
