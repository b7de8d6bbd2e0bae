public import LLM

/// Cuts documents into chunks whose embedded text (heading context included) always fits the
/// embedder, so that nothing is ever truncated: a section is cut at paragraphs, then sentences or
/// lines, then words, then characters, and the pieces are packed greedily. Consecutive chunks of a
/// section share about `overlapTokens` of text, and a small last piece joins the chunk before it.
///
/// Token counts add up over pieces split at whitespace (BERT splits words at whitespace first), so
/// each piece is tokenised once.
public struct Chunker: Sendable {
    public let tokenizer: WordPieceTokenizer
    /// Word pieces per embedded text, [CLS] and [SEP] included.
    public var maxTokens: Int
    public var overlapTokens: Int
    /// A last chunk with less new text than this joins the chunk before it when the two fit.
    public var minTokens: Int

    public init(tokenizer: WordPieceTokenizer, maxTokens: Int = 256, overlapTokens: Int = 32, minTokens: Int = 48) {
        self.tokenizer = tokenizer
        self.maxTokens = maxTokens
        self.overlapTokens = overlapTokens
        self.minTokens = minTokens
    }

    public func chunks(_ document: Document) -> [Chunk] {
        document.sections.flatMap { section in
            chunks(section, headingPath: Self.headingPath(title: document.title, section.headingPath))
        }
    }

    /// The title leads the path unless the first heading already says it.
    static func headingPath(title: String, _ headings: [String]) -> [String] {
        title.isEmpty || headings.first == title ? headings : [title] + headings
    }

    /// A run of section text with its word-piece count. Pieces meet at whitespace, so their counts
    /// add up, except fragments: parts of one over-long word, which must stay chunks of their own.
    private struct Piece {
        var range: Range<String.Index>
        var tokens: Int
        var isFragment = false
    }

    private func chunks(_ section: Section, headingPath fullPath: [String]) -> [Chunk] {
        let text = section.text
        var headingPath = fullPath
        // A heading path so long that it leaves little room for text loses its outer headings.
        while !headingPath.isEmpty && pieceTokens(headingPath.joined(separator: " › ")) > maxTokens / 4 {
            headingPath.removeFirst()
        }
        let contextTokens = headingPath.isEmpty ? 0 : pieceTokens(headingPath.joined(separator: " › "))
        let budget = maxTokens - 2 - contextTokens

        let pieces = split(text, text.startIndex..<text.endIndex, budget: budget, level: section.isCode ? .line : .paragraph)
        guard !pieces.isEmpty else { return [] }

        // Greedy packing: each chunk is a run of whole pieces, after the overlap taken from the chunk before.
        var runs: [(start: String.Index, first: Int, last: Int, tokens: Int)] = []
        var first = 0
        var start = pieces[0].range.lowerBound
        var tokens = 0
        for (i, piece) in pieces.enumerated() {
            let fragmentBoundary = piece.isFragment || (i > 0 && pieces[i - 1].isFragment)
            if i > first && (tokens + piece.tokens > budget || fragmentBoundary) {
                runs.append((start, first, i - 1, tokens))
                // The overlap never crowds out the piece that opens the chunk, nor splits a word.
                let (overlapStart, overlap) = overlapStart(
                    in: text, before: piece.range.lowerBound, after: pieces[first].range.lowerBound,
                    limit: fragmentBoundary ? 0 : min(overlapTokens, budget - piece.tokens))
                (first, start, tokens) = (i, overlapStart, overlap)
            }
            tokens += piece.tokens
        }
        runs.append((start, first, pieces.count - 1, tokens))

        // A small last run joins the one before when both fit together.
        if runs.count > 1, let last = runs.last, !pieces[last.first].isFragment, !pieces[last.first - 1].isFragment {
            let previous = runs[runs.count - 2]
            let ownTokens = pieces[last.first...last.last].reduce(0) { $0 + $1.tokens }
            if ownTokens < minTokens && previous.tokens + ownTokens <= budget {
                runs.removeLast()
                runs[runs.count - 1] = (previous.start, previous.first, last.last, previous.tokens + ownTokens)
            }
        }

        let lineStarts = [text.startIndex] + text.indices.filter { text[$0] == "\n" }.map { text.index(after: $0) }
        func lineIndex(of index: String.Index) -> Int {
            // The last line start at or before `index`, by binary search.
            var (low, high) = (0, lineStarts.count - 1)
            while low < high {
                let middle = (low + high + 1) / 2
                if lineStarts[middle] <= index { low = middle } else { high = middle - 1 }
            }
            return low
        }
        let lineCount = lineStarts.count
        return runs.map { run in
            let own = pieces[run.first].range.lowerBound
            let end = pieces[run.last].range.upperBound
            let passage = String(text[run.start..<end])
            return Chunk(
                headingPath: headingPath, text: passage, overlap: text.distance(from: run.start, to: own),
                lineStart: section.sourceLine(ofTextLine: lineIndex(of: own), count: lineCount),
                lineEnd: section.sourceLine(ofTextLine: lineIndex(of: text.index(before: end)), count: lineCount),
                tokenCount: run.tokens + contextTokens + 2)
        }
    }

    /// Where the overlap before `boundary` starts: as many whole words as fit in `limit` tokens,
    /// not reaching back before `floor` (the previous chunk's own start), and how many tokens they hold.
    private func overlapStart(
        in text: String, before boundary: String.Index, after floor: String.Index, limit: Int
    ) -> (String.Index, Int) {
        var start = boundary
        var tokens = 0
        var end = boundary
        while end > floor {
            // Step back over whitespace, then over one word.
            var wordEnd = end
            while wordEnd > floor, text[text.index(before: wordEnd)].isWhitespace { wordEnd = text.index(before: wordEnd) }
            var wordStart = wordEnd
            while wordStart > floor, !text[text.index(before: wordStart)].isWhitespace { wordStart = text.index(before: wordStart) }
            guard wordStart < wordEnd else { break }
            let wordTokens = pieceTokens(text[wordStart..<wordEnd])
            guard tokens + wordTokens <= limit else { break }
            tokens += wordTokens
            start = wordStart
            end = wordStart
        }
        // Count what the overlap really holds, whitespace and all, for the budget.
        return (start, start == boundary ? 0 : pieceTokens(text[start..<boundary]))
    }

    private enum Level: Comparable {
        case paragraph, line, sentence, word, character
    }

    /// The pieces of `range`, cut at `level` and finer levels until each fits `budget`.
    private func split(_ text: String, _ range: Range<String.Index>, budget: Int, level: Level) -> [Piece] {
        var pieces: [Piece] = []
        for part in parts(of: text, range, at: level) {
            let tokens = pieceTokens(text[part])
            if tokens == 0 { continue }
            if tokens <= budget {
                pieces.append(Piece(range: part, tokens: tokens, isFragment: level == .character))
            } else if let finer = Self.finer(level) {
                pieces += split(text, part, budget: budget, level: finer)
            } else {
                pieces.append(Piece(range: part, tokens: tokens))  // one character over budget: cannot happen for budget ≥ 1
            }
        }
        return pieces
    }

    private static func finer(_ level: Level) -> Level? {
        switch level {
        case .paragraph: .line
        case .line: .sentence
        case .sentence: .word
        case .word: .character
        case .character: nil
        }
    }

    /// `range` cut at the boundaries of `level`, each part trimmed of surrounding whitespace.
    /// Parts meet only at whitespace, except at the character level, which cuts words that fit nowhere.
    private func parts(of text: String, _ range: Range<String.Index>, at level: Level) -> [Range<String.Index>] {
        var parts: [Range<String.Index>] = []
        var partStart = range.lowerBound
        var i = range.lowerBound
        func cut(at end: String.Index, next: String.Index) {
            if let trimmed = Self.trimmed(text, partStart..<end) { parts.append(trimmed) }
            partStart = next
        }
        if level == .character {
            return characterParts(text, range)
        }
        while i < range.upperBound {
            let c = text[i]
            let next = text.index(after: i)
            switch level {
            case .paragraph:
                // A blank line: "\n" then only spaces up to another "\n".
                if c == "\n", let after = text[next..<range.upperBound].firstIndex(where: { $0 == "\n" || !$0.isWhitespace }),
                    text[after] == "\n"
                {
                    cut(at: i, next: after)
                }
            case .line:
                if c == "\n" { cut(at: i, next: next) }
            case .sentence:
                if ".!?。！？".contains(c), next < range.upperBound, text[next].isWhitespace { cut(at: next, next: next) }
            case .word:
                if c.isWhitespace { cut(at: i, next: next) }
            case .character:
                break
            }
            i = next
        }
        cut(at: range.upperBound, next: range.upperBound)
        return parts
    }

    /// A word too long for any chunk, cut into runs of characters that fit (a rare, pathological case).
    private func characterParts(_ text: String, _ range: Range<String.Index>) -> [Range<String.Index>] {
        var parts: [Range<String.Index>] = []
        var start = range.lowerBound
        while start < range.upperBound {
            var end = text.index(start, offsetBy: 64, limitedBy: range.upperBound) ?? range.upperBound
            while end > text.index(after: start) && pieceTokens(text[start..<end]) > maxTokens / 2 {
                end = text.index(start, offsetBy: text.distance(from: start, to: end) / 2)
            }
            parts.append(start..<end)
            start = end
        }
        return parts
    }

    private static func trimmed(_ text: String, _ range: Range<String.Index>) -> Range<String.Index>? {
        guard let first = text[range].firstIndex(where: { !$0.isWhitespace }),
            let last = text[range].lastIndex(where: { !$0.isWhitespace })
        else { return nil }
        return first..<text.index(after: last)
    }

    /// Word pieces of a stretch of text, without [CLS] and [SEP].
    private func pieceTokens<S: StringProtocol>(_ text: S) -> Int {
        tokenizer.tokenCount(String(text)) - 2
    }
}
