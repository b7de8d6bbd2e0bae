/// A line of a page: words that follow each other left to right on one baseline, in one column.
struct PDFLine {
    var page: Int
    var text: String
    var left: Double
    var top: Double
    var right: Double
    var bottom: Double
    /// The font size of most of its characters.
    var fontSize: Double
    /// Every word bold: what a heading set in the body's size looks like.
    var isBold: Bool
    var wordCount: Int
    /// Characters per font size (to the half point), for `fontSize` once lines are joined.
    private var characters: [Double: Int]

    var height: Double { bottom - top }
    var middle: Double { (top + bottom) / 2 }

    /// The lines of `page`, as runs of poppler's words. Poppler's text layer keeps a line's words
    /// together but may interleave a two-column page's paragraphs, and may cut a line in two (a
    /// heading's number from its title); `PDFReadingOrder` orders the lines and joins such pieces.
    /// Words further apart than `gutter` ems are never one line.
    static func lines(of page: PDFPage) -> [PDFLine] {
        var pieces: [PDFLine] = []
        var words: [PDFWord] = []
        let middle = ((page.words.map(\.left).min() ?? 0) + (page.words.map(\.right).max() ?? 0)) / 2
        for word in page.words where !word.text.allSatisfy(\.isWhitespace) {
            if let last = words.last, !continues(last, with: word) || acrossGutter(last, word, middle: middle) {
                pieces.append(PDFLine(page: page.number, words: words))
                words = []
            }
            words.append(word)
        }
        if !words.isEmpty { pieces.append(PDFLine(page: page.number, words: words)) }
        return pieces
    }

    static let gutter = 1.5

    /// `next` follows `word` on its line: to its right, not across a gutter, and the middle of one
    /// within the other's height (either way round, for a small bullet before a line's first word).
    private static func continues(_ word: PDFWord, with next: PDFWord) -> Bool {
        func within(_ a: PDFWord, _ b: PDFWord) -> Bool { (b.top...b.bottom).contains((a.top + a.bottom) / 2) }
        let gap = next.left - word.right
        return gap > -0.5 * word.fontSize && gap < gutter * max(word.fontSize, next.fontSize)
            && (within(next, word) || within(word, next))
    }

    /// Poppler joins two columns' lines that sit on nearly one baseline, though a gutter lies
    /// between; a wide gap across the middle of the text is where a two-column page's gutter is.
    /// (A one-column line cut there is joined again by `PDFReadingOrder`.)
    private static func acrossGutter(_ word: PDFWord, _ next: PDFWord, middle: Double) -> Bool {
        word.right <= middle && next.left >= middle && next.left - word.right > 0.6 * word.fontSize
    }

    /// `lines` in rows from the top, each row left to right: lines share a row when the middle of
    /// one lies within the first's height.
    static func rows(_ lines: [PDFLine]) -> [[PDFLine]] {
        var rows: [[PDFLine]] = []
        for line in lines.sorted(by: { $0.top < $1.top }) {
            if let first = rows.last?.first, (first.top...first.bottom).contains(line.middle) {
                rows[rows.count - 1].append(line)
            } else {
                rows.append([line])
            }
        }
        return rows.map { $0.sorted { $0.left < $1.left } }
    }

    private init(page: Int, words: [PDFWord]) {
        self.page = page
        var text = ""
        for (i, word) in words.enumerated() {
            text += word.text
            // A space where poppler saw one, or where a gap separates two words of different fonts.
            if i + 1 < words.count && (word.spaceAfter || words[i + 1].left - word.right > 0.15 * word.fontSize) { text += " " }
        }
        self.text = text
        left = words.map(\.left).min()!
        top = words.map(\.top).min()!
        right = words.map(\.right).max()!
        bottom = words.map(\.bottom).max()!
        characters = [:]
        for word in words { characters[Self.rounded(word.fontSize), default: 0] += word.text.count }
        fontSize = Self.commonest(characters)
        isBold = words.allSatisfy(\.isBold)
        wordCount = words.count
    }

    /// Joins `other`, which follows this line on its baseline.
    mutating func append(_ other: PDFLine) {
        text += " " + other.text
        left = min(left, other.left)
        top = min(top, other.top)
        right = max(right, other.right)
        bottom = max(bottom, other.bottom)
        characters.merge(other.characters, uniquingKeysWith: +)
        fontSize = Self.commonest(characters)
        isBold = isBold && other.isBold
        wordCount += other.wordCount
    }

    private static func commonest(_ characters: [Double: Int]) -> Double {
        characters.max { $0.value < $1.value || ($0.value == $1.value && $0.key < $1.key) }!.key
    }

    /// Font sizes to the half point, so that one style's lines compare equal.
    static func rounded(_ size: Double) -> Double { (size * 2).rounded() / 2 }
}
