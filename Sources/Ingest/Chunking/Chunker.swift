public import LLM

/// Cuts documents into chunks whose embedded text (heading context included) always fits the
/// embedder, so that nothing is ever truncated: a section is cut at paragraphs, then lines, then
/// sentences, then words (then characters, for a word too long for any chunk), and the pieces are
/// packed greedily. Consecutive chunks of a section share about `overlapTokens` of text, and a
/// small last piece joins the chunk before it.
///
/// BERT splits words at whitespace before anything else, so the word-piece count of any stretch
/// of text is the sum over its whitespace-separated words. Each distinct word is tokenised once,
/// and every cut and every chunk is measured by adding those counts.
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
        var counter = WordCounter(tokenizer: tokenizer)
        return document.sections.flatMap { section in
            chunks(section, headingPath: Self.headingPath(title: document.title, section.headingPath), counter: &counter)
        }
    }

    /// The title leads the path unless the first heading already says it.
    static func headingPath(title: String, _ headings: [String]) -> [String] {
        title.isEmpty || headings.first == title ? headings : [title] + headings
    }

    private func chunks(_ section: Section, headingPath fullPath: [String], counter: inout WordCounter) -> [Chunk] {
        var headingPath = fullPath
        // A heading path so long that it leaves little room for text loses its outer headings.
        while !headingPath.isEmpty && counter.tokens(headingPath.joined(separator: " › ")) > maxTokens / 4 {
            headingPath.removeFirst()
        }
        let contextTokens = headingPath.isEmpty ? 0 : counter.tokens(headingPath.joined(separator: " › "))
        var layout = SectionWords(section.text, counter: &counter)
        let budget = maxTokens - 2 - contextTokens
        let pieces = layout.pieces(0..<layout.words.count, budget: budget, level: section.isCode ? .line : .paragraph, counter: &counter)
        return Packing(layout: layout, pieces: pieces, budget: budget, overlapTokens: overlapTokens, minTokens: minTokens)
            .runs.map { run in
                Chunk(
                    headingPath: headingPath, text: String(layout.text[run.start..<run.end]),
                    overlap: layout.text.distance(from: run.start, to: run.ownStart),
                    lineStart: layout.sourceLine(of: run.ownStart, in: section),
                    lineEnd: layout.sourceLine(of: layout.text.index(before: run.end), in: section),
                    pageStart: layout.page(of: run.ownStart, in: section),
                    pageEnd: layout.page(of: layout.text.index(before: run.end), in: section),
                    tokenCount: run.tokens + contextTokens + 2)
            }
    }
}

/// Word-piece counts of whitespace-free strings, each tokenised once per document.
struct WordCounter {
    let tokenizer: WordPieceTokenizer
    private var known: [Substring: Int] = [:]

    init(tokenizer: WordPieceTokenizer) {
        self.tokenizer = tokenizer
    }

    /// Word pieces of `text` without [CLS] and [SEP].
    mutating func tokens(_ text: some StringProtocol) -> Int {
        let key = Substring(text)
        if let count = known[key] { return count }
        let count = tokenizer.tokenCount(String(text)) - 2
        known[key] = count
        return count
    }
}

/// Where cuts may fall, from coarsest to finest.
enum Cut: Int, Comparable {
    case paragraph, line, sentence, word, character

    static func < (a: Cut, b: Cut) -> Bool { a.rawValue < b.rawValue }
}

/// A section's text as words with their token counts and the strongest cut after each.
struct SectionWords {
    struct Word {
        var range: Range<String.Index>
        var tokens: Int
        /// The coarsest cut allowed right after this word.
        var cutAfter: Cut
    }

    /// A run of text to pack: whole words `words`, or a fragment of one over-long word.
    struct Piece {
        var words: Range<Int>
        var range: Range<String.Index>
        var tokens: Int
        var isFragment = false
    }

    let text: String
    private(set) var words: [Word] = []
    private let lineStarts: [String.Index]

    init(_ text: String, counter: inout WordCounter) {
        self.text = text
        var lineStarts = [text.startIndex]
        var i = text.startIndex
        while i < text.endIndex {
            guard !text[i].isWhitespace else {
                i = text.index(after: i)
                continue
            }
            let start = i
            while i < text.endIndex, !text[i].isWhitespace { i = text.index(after: i) }
            let gapStart = i
            var newlines = 0
            while i < text.endIndex, text[i].isWhitespace {
                if text[i].isNewline {
                    newlines += 1
                    lineStarts.append(text.index(after: i))
                }
                i = text.index(after: i)
            }
            let last = text[text.index(before: gapStart)]
            let cut: Cut =
                i == text.endIndex || newlines >= 2
                ? .paragraph
                : newlines == 1
                    ? .line
                    : ".!?。！？".contains(last) ? .sentence : .word
            words.append(Word(range: start..<gapStart, tokens: counter.tokens(text[start..<gapStart]), cutAfter: cut))
        }
        self.lineStarts = lineStarts
    }

    func tokens(_ span: Range<Int>) -> Int { words[span].reduce(0) { $0 + $1.tokens } }

    func piece(_ span: Range<Int>) -> Piece {
        Piece(words: span, range: words[span.lowerBound].range.lowerBound..<words[span.upperBound - 1].range.upperBound, tokens: tokens(span))
    }

    /// The words `span` cut at `level`, and at finer levels where a part is over `budget`.
    mutating func pieces(_ span: Range<Int>, budget: Int, level: Cut, counter: inout WordCounter) -> [Piece] {
        var pieces: [Piece] = []
        var start = span.lowerBound
        for w in span where words[w].cutAfter <= level || w == span.upperBound - 1 {
            let part = start..<(w + 1)
            start = w + 1
            if tokens(part) <= budget {
                pieces.append(piece(part))
            } else if level < .word {
                pieces += self.pieces(part, budget: budget, level: Cut(rawValue: level.rawValue + 1)!, counter: &counter)
            } else {
                pieces += fragments(of: part.lowerBound, budget: budget, counter: &counter)
            }
        }
        return pieces
    }

    /// A word too long for any chunk, cut into runs of characters that fit (a rare, pathological case).
    private func fragments(of w: Int, budget: Int, counter: inout WordCounter) -> [Piece] {
        var pieces: [Piece] = []
        let range = words[w].range
        var start = range.lowerBound
        while start < range.upperBound {
            var end = text.index(start, offsetBy: 64, limitedBy: range.upperBound) ?? range.upperBound
            while end > text.index(after: start) && counter.tokens(text[start..<end]) > budget {
                end = text.index(start, offsetBy: text.distance(from: start, to: end) / 2)
            }
            pieces.append(Piece(words: w..<(w + 1), range: start..<end, tokens: counter.tokens(text[start..<end]), isFragment: true))
            start = end
        }
        return pieces
    }

    /// The source line of the text at `index`.
    func sourceLine(of index: String.Index, in section: Section) -> Int {
        section.sourceLine(ofTextLine: textLine(of: index), count: lineStarts.count)
    }

    /// The page of the text at `index`, for sections with pages.
    func page(of index: String.Index, in section: Section) -> Int? {
        section.page(ofTextLine: textLine(of: index))
    }

    /// The line of the text (0-based) that holds `index`: the last line start at or before it, by binary search.
    private func textLine(of index: String.Index) -> Int {
        var (low, high) = (0, lineStarts.count - 1)
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= index { low = middle } else { high = middle - 1 }
        }
        return low
    }
}

/// Pieces packed greedily into chunks of at most `budget` tokens, each after an overlap of whole
/// words taken from the chunk before.
struct Packing {
    struct Run {
        var start: String.Index  // where the overlap starts
        var ownStart: String.Index
        var end: String.Index
        var tokens: Int  // overlap included
        var firstPiece: Int
        var lastPiece: Int
    }

    private(set) var runs: [Run] = []

    init(layout: SectionWords, pieces: [SectionWords.Piece], budget: Int, overlapTokens: Int, minTokens: Int) {
        guard let first = pieces.first else { return }
        var current = Run(start: first.range.lowerBound, ownStart: first.range.lowerBound, end: first.range.upperBound, tokens: 0, firstPiece: 0, lastPiece: 0)
        for (i, piece) in pieces.enumerated() {
            let fragmentBoundary = piece.isFragment || (i > 0 && pieces[i - 1].isFragment)
            if i > current.firstPiece && (current.tokens + piece.tokens > budget || fragmentBoundary) {
                runs.append(current)
                // The overlap never crowds out the piece that opens the chunk, and never splits a word.
                let limit = fragmentBoundary ? 0 : min(overlapTokens, budget - piece.tokens)
                var overlapWords = piece.words.lowerBound
                var overlap = 0
                let floor = pieces[current.firstPiece].words.lowerBound
                while overlapWords > floor, overlap + layout.words[overlapWords - 1].tokens <= limit {
                    overlapWords -= 1
                    overlap += layout.words[overlapWords].tokens
                }
                let start = overlapWords < piece.words.lowerBound ? layout.words[overlapWords].range.lowerBound : piece.range.lowerBound
                current = Run(start: start, ownStart: piece.range.lowerBound, end: piece.range.upperBound, tokens: overlap, firstPiece: i, lastPiece: i)
            }
            current.tokens += piece.tokens
            current.end = piece.range.upperBound
            current.lastPiece = i
        }
        runs.append(current)

        // A small last run joins the one before when both fit together.
        if runs.count > 1, let last = runs.last, !pieces[last.firstPiece].isFragment, !pieces[last.firstPiece - 1].isFragment {
            let previous = runs[runs.count - 2]
            let ownTokens = pieces[last.firstPiece...last.lastPiece].reduce(0) { $0 + $1.tokens }
            if ownTokens < minTokens && previous.tokens + ownTokens <= budget {
                runs.removeLast()
                runs[runs.count - 1].end = last.end
                runs[runs.count - 1].tokens += ownTokens
                runs[runs.count - 1].lastPiece = last.lastPiece
            }
        }
    }
}
