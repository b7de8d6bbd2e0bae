/// Where a chunk's text opens on a whole sentence. Consecutive chunks of a section share an overlap
/// of whole words, which often starts mid-sentence ("= q.size(-1)" of a line of code, "the
/// gradients through a saturated softmax…"): shown first in a search result or offered to an
/// answer as a sentence, that fragment reads as nonsense. The chunk before holds it whole.
enum ChunkOpening {
    /// How many leading characters of `text` belong to a sentence begun in the chunk before: none
    /// when there is no overlap or the overlap opens after a sentence's end or on a line that does
    /// not go on a wrapped one (`WrappedLines`), else up to the first sentence end or line break
    /// inside the overlap, a break inside a wrapped paragraph not counting (the whole overlap when
    /// it has none, as the chunk's own text opens on a paragraph).
    static func fragmentLength(of text: String, overlap: Int, previous: String?) -> Int {
        guard overlap > 0, let previous else { return 0 }
        let repeated = text.prefix(overlap)
        let shared = repeated.trimmingTrailingWhitespace
        guard !shared.isEmpty, previous.hasSuffix(shared) else { return 0 }
        let before = previous.dropLast(shared.count)
        guard let opener = before.last(where: { !$0.isWhitespace || $0.isNewline }), !".!?:".contains(opener) else { return 0 }
        if opener.isNewline {
            // the overlap opens a line: a fragment only when that line goes on a wrapped one
            let lineBefore = before.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).dropLast().last ?? ""
            guard WrappedLines.goesOn(text.prefix { !$0.isNewline }, after: lineBefore) else { return 0 }
        }
        var index = text.startIndex
        var lineStart = index
        let end = repeated.endIndex
        while index < end {
            let character = text[index]
            let position = index
            index = text.index(after: index)
            // a line keeps its indentation; a sentence's following spaces go; a line break inside a
            // wrapped paragraph ends nothing
            if character.isNewline {
                guard WrappedLines.goesOn(text[index...].prefix { !$0.isNewline }, after: text[lineStart..<position]) else {
                    return text.distance(from: text.startIndex, to: index)
                }
                lineStart = index
            }
            if ".!?".contains(character), index == text.endIndex || text[index].isWhitespace {
                while index < text.endIndex, text[index].isWhitespace, !text[index].isNewline { index = text.index(after: index) }
                return text.distance(from: text.startIndex, to: index)
            }
        }
        return repeated.count
    }
}

extension Substring {
    public var trimmingTrailingWhitespace: Substring {
        var end = endIndex
        while end > startIndex, self[index(before: end)].isWhitespace { end = index(before: end) }
        return self[startIndex..<end]
    }
}
