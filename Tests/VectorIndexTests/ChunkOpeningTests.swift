import Testing

@testable import VectorIndex

/// A chunk's overlap with the chunk before may open mid-sentence; what is shown and answered
/// from starts at its first whole sentence or line.
@Suite struct ChunkOpeningTests {
    @Test func anOverlapOpeningMidSentenceIsCutAtItsEnd() {
        let previous = "Scores are scaled. The gradients through a saturated softmax are tiny."
        let text = "through a saturated softmax are tiny. Dividing by sqrt(d_k) fixes it."
        let fragment = ChunkOpening.fragmentLength(of: text, overlap: 37, previous: previous)
        #expect(String(text.dropFirst(fragment)) == "Dividing by sqrt(d_k) fixes it.")
    }

    @Test func aLineOfCodeIsCutAtTheLineBreak() {
        let previous = "def attention(q, k):\n    d_k = q.size(-1)"
        let text = "= q.size(-1)\n    scores = q @ k.T / d_k ** 0.5"
        #expect(String(text.dropFirst(ChunkOpening.fragmentLength(of: text, overlap: 13, previous: previous))) == "    scores = q @ k.T / d_k ** 0.5")
    }

    @Test func aWrappedParagraphIsCutAtItsSentenceEndNotAtItsLineBreaks() {
        let previous = "In standard dropout regularization,\none zeros out some fraction of the nodes\nand then debiases each layer."
        let text = "fraction of the nodes\nand then debiases each layer.\nOwn text."
        #expect(String(text.dropFirst(ChunkOpening.fragmentLength(of: text, overlap: 51, previous: previous))) == "\nOwn text.")
        // an overlap that opens on the rest of a wrapped sentence is part of it too
        let rest = "with probability p,\nrescaling the rest.\nOwn text."
        let wrapped = "we implement a function\nwith probability p,\nrescaling the rest."
        #expect(String(rest.dropFirst(ChunkOpening.fragmentLength(of: rest, overlap: 39, previous: wrapped))) == "\nOwn text.")
        // a line that does not go on the one before still opens whole
        let list = "item of a list\nWhole line."
        #expect(String(list.dropFirst(ChunkOpening.fragmentLength(of: list, overlap: 15, previous: "Intro\n- the first item of a list"))) == "Whole line.")
    }

    @Test func anOverlapThatOpensWholeIsKept() {
        // after a full stop, after a line break, with no overlap, without the chunk before, or when the texts disagree
        #expect(ChunkOpening.fragmentLength(of: "Dropout helps. More.", overlap: 15, previous: "It works. Dropout helps.") == 0)
        #expect(ChunkOpening.fragmentLength(of: "- item two\nNext.", overlap: 11, previous: "- item one\n- item two") == 0)
        #expect(ChunkOpening.fragmentLength(of: "Whole.", overlap: 0, previous: "Before.") == 0)
        #expect(ChunkOpening.fragmentLength(of: "half of it. Next.", overlap: 12, previous: nil) == 0)
        #expect(ChunkOpening.fragmentLength(of: "half of it. Next.", overlap: 12, previous: "something else entirely") == 0)
    }

    @Test func anOverlapWithoutASentenceEndIsDroppedWhole() {
        let text = "of a long sentence Own text."
        #expect(ChunkOpening.fragmentLength(of: text, overlap: 19, previous: "This is part of a long sentence") == 19)
    }
}
