/// The running text of one section built from its lines: lines of a paragraph joined, a word
/// hyphenated at a line's end joined again, paragraphs separated by a blank line, and the page of
/// every line of the result kept, so that each chunk knows its pages.
struct PDFSectionText {
    /// Lines of the text (split at "\n") and the page each comes from; "" separates paragraphs.
    private(set) var lines: [String] = []
    private(set) var pages: [Int] = []
    private var last: PDFLine?
    /// Whether the open paragraph is a list item (it began with a bullet), whose wrapped lines hang
    /// indented under its first word.
    private var inItem = false
    /// Words of the whole document, lowercased, for telling "two-column" from "regularisa-tion".
    let vocabulary: Set<String>

    init(vocabulary: Set<String>) {
        self.vocabulary = vocabulary
    }

    mutating func append(_ line: PDFLine) {
        defer { last = line }
        guard let previous = last, let end = lines.last else {
            lines.append(line.text)
            pages.append(line.page)
            inItem = Self.startsItem(line.text)
            return
        }
        switch Self.boundary(after: previous, before: line, inItem: inItem) {
        case .sameParagraph:
            lines[lines.count - 1] = Self.joined(end, line.text, vocabulary: vocabulary)
        case .paragraph:
            lines += ["", line.text]
            pages += [previous.page, line.page]
            inItem = Self.startsItem(line.text)
        case .column where Self.endsSentence(end):
            lines += ["", line.text]
            pages += [previous.page, line.page]
            inItem = Self.startsItem(line.text)
        case .column:
            // A paragraph that goes on in the next column or on the next page: one line per page.
            if previous.page == line.page {
                lines[lines.count - 1] = Self.joined(end, line.text, vocabulary: vocabulary)
            } else {
                let (head, rest) = Self.split(end, line.text, vocabulary: vocabulary)
                lines[lines.count - 1] = head
                if !rest.isEmpty {
                    lines.append(rest)
                    pages.append(line.page)
                }
            }
        }
    }

    enum Boundary { case sameParagraph, paragraph, column }

    /// How `next` relates to `line`, the line before it in reading order.
    static func boundary(after line: PDFLine, before next: PDFLine, inItem: Bool = false) -> Boundary {
        if next.page != line.page || next.top < line.top - 1 || next.left > line.right { return .column }
        if startsItem(next.text) { return .paragraph }
        let size = max(line.fontSize, next.fontSize)
        if abs(line.fontSize - next.fontSize) > 0.1 * size { return .paragraph }
        if next.top - line.bottom > 0.6 * max(line.height, next.height) { return .paragraph }
        // A first-line indent (an em or two), as LaTeX and word processors set paragraphs.
        let indent = next.left - line.left
        // In a list item the same indent is the item's wrapped line, hanging under its first word.
        if indent > 0.6 * size && indent < 4 * size { return inItem ? .sameParagraph : .paragraph }
        return .sameParagraph
    }

    /// A list item's first line: a bullet (beamer's triangle, the dots and squares of word
    /// processors and slide programs) and a space.
    static func startsItem(_ text: String) -> Bool {
        guard let first = text.first, bullets.contains(first) else { return false }
        return text.dropFirst().first?.isWhitespace == true
    }

    static let bullets: Set<Character> = ["▶", "►", "•", "▪", "◦", "‣", "■", "□", "●", "○"]

    static func endsSentence(_ text: String) -> Bool {
        guard let last = text.last(where: { !$0.isWhitespace }) else { return true }
        return ".!?:;".contains(last)
    }

    /// `text` and `next` as one line: with a space, or, where `text` ends in a word hyphenated at
    /// the line's end, with the two halves joined.
    static func joined(_ text: String, _ next: String, vocabulary: Set<String>) -> String {
        let (head, rest) = split(text, next, vocabulary: vocabulary)
        return rest.isEmpty ? head : head + " " + rest
    }

    /// `text` with the first word of `next` joined to it when hyphenated across the break, else
    /// `text` as it is; and what remains of `next`.
    static func split(_ text: String, _ next: String, vocabulary: Set<String>) -> (String, String) {
        guard let hyphen = text.last, hyphens.contains(hyphen),
            let before = text.dropLast().last, before.isLetter,
            let first = next.first, first.isLowercase
        else { return (text, next) }
        let tail = next.prefix { !$0.isWhitespace }
        let rest = String(next.dropFirst(tail.count).drop(while: \.isWhitespace))
        let stem = text.dropLast()
        let headWord = stem.reversed().prefix { $0.isLetter }.reversed()
        let tailWord = tail.prefix { $0.isLetter }
        let compound = (String(headWord) + "-" + tailWord).lowercased()
        let whole = (String(headWord) + tailWord).lowercased()
        // A hyphen the author wrote ("two-column") stays; a hyphen the typesetter added goes.
        let keepsHyphen = hyphen == "-" && vocabulary.contains(compound) && !vocabulary.contains(whole)
        return ((keepsHyphen ? text : String(stem)) + tail, rest)
    }

    /// Hyphen-minus, soft hyphen and the Unicode hyphen, as producers write a line-end hyphen.
    static let hyphens: Set<Character> = ["-", "\u{00AD}", "\u{2010}"]

    /// The lowercased words (letters and inner hyphens) of `lines`, for `split`'s choice.
    static func vocabulary(_ lines: [PDFLine]) -> Set<String> {
        var words: Set<String> = []
        for line in lines {
            for word in line.text.split(separator: " ") {
                guard let first = word.firstIndex(where: \.isLetter), let last = word.lastIndex(where: \.isLetter) else { continue }
                words.insert(word[first...last].lowercased())
            }
        }
        return words
    }
}
