/// Which lines of a document are headings: those the outline (bookmarks) names when the PDF has
/// one, else lines set larger than the body text, or bold at its size.
struct PDFHeadings {
    struct Heading {
        /// 0 for the outermost level.
        var depth: Int
        var title: String
        /// How many lines it takes from its first (a long heading wraps).
        var lineCount: Int
    }

    /// Headings by the index of their first line.
    private(set) var byLine: [Int: Heading] = [:]
    /// The document's title where the first page sets one larger than any heading, by its lines.
    private(set) var title: (text: String, lines: Range<Int>)?

    /// The outline's titles found as lines, in order: the outline says the structure and the exact
    /// titles, the lines say where they are (poppler's C++ API gives no outline entry its page).
    init(outline: [(depth: Int, title: String)], lines: [PDFLine]) {
        guard !outline.isEmpty else { return }
        var next = 0
        let comparable = lines.map { Self.comparable($0.text) }
        for entry in outline {
            let wanted = Self.comparable(entry.title)
            guard !wanted.isEmpty else { continue }
            for i in next..<lines.count where wanted.hasPrefix(comparable[i]) && !comparable[i].isEmpty {
                guard let count = Self.heading(wanted, at: i, in: lines, comparable: comparable[i]) else { continue }
                byLine[i] = Heading(depth: entry.depth, title: entry.title, lineCount: count)
                next = i + count
                break
            }
        }
    }

    /// Headings by type size and weight: larger styles are outer levels.
    init(lines: [PDFLine], vocabulary: Set<String>) {
        let body = Self.bodySize(lines)
        struct Style: Hashable, Comparable {
            var size: Double
            var isBold: Bool
            static func < (a: Style, b: Style) -> Bool { a.size != b.size ? a.size > b.size : a.isBold && !b.isBold }
        }
        func style(_ line: PDFLine) -> Style? {
            guard line.wordCount <= 14, line.text.contains(where: \.isLetter),
                let last = line.text.last, !".,;".contains(last)
            else { return nil }
            if line.fontSize >= body * 1.15 || (line.isBold && line.fontSize >= body * 0.95) {
                return Style(size: line.fontSize, isBold: line.isBold)
            }
            return nil
        }
        // Runs of lines of one heading style, next to each other: one heading each.
        var runs: [(start: Int, count: Int, style: Style)] = []
        for (i, line) in lines.enumerated() {
            guard let s = style(line) else { continue }
            if let run = runs.last, run.start + run.count == i, run.style == s, lines[i - 1].page == line.page,
                line.top - lines[i - 1].bottom < 0.5 * line.height
            {
                runs[runs.count - 1].count += 1
            } else {
                runs.append((i, 1, s))
            }
        }
        // A style so common that it sets much of the text is not a heading style.
        var uses: [Style: Int] = [:]
        for run in runs { uses[run.style, default: 0] += run.count }
        runs.removeAll { uses[$0.style]! * 5 > lines.count && lines.count > 20 }
        func text(_ run: (start: Int, count: Int, style: Style)) -> String {
            lines[run.start..<(run.start + run.count)].map(\.text)
                .reduce("") { $0.isEmpty ? $1 : PDFSectionText.joined($0, $1, vocabulary: vocabulary) }
        }
        // The first page's largest text, larger than every other heading and used once, is the title.
        if let first = runs.first, lines[first.start].page == lines.first?.page,
            runs.dropFirst().allSatisfy({ $0.style.size < first.style.size })
        {
            title = (text(first), first.start..<(first.start + first.count))
            runs.removeFirst()
        }
        let depths = Dictionary(uniqueKeysWithValues: Set(runs.map(\.style)).sorted().enumerated().map { ($1, $0) })
        for run in runs { byLine[run.start] = Heading(depth: depths[run.style]!, title: text(run), lineCount: run.count) }
    }

    /// The font size of most of the text.
    static func bodySize(_ lines: [PDFLine]) -> Double {
        var characters: [Double: Int] = [:]
        for line in lines { characters[line.fontSize, default: 0] += line.text.count }
        return characters.max { $0.value < $1.value }?.key ?? 0
    }

    /// How many lines from `i` (one, or two for a wrapped heading) say `wanted`, if any;
    /// `comparable` is line `i`'s text made comparable.
    private static func heading(_ wanted: String, at i: Int, in lines: [PDFLine], comparable: String) -> Int? {
        if comparable == wanted { return 1 }
        guard i + 1 < lines.count, lines[i + 1].page == lines[i].page else { return nil }
        let two = PDFSectionText.joined(lines[i].text, lines[i + 1].text, vocabulary: [])
        return Self.comparable(two) == wanted ? 2 : nil
    }

    /// Lowercased words without punctuation or a leading section number ("2.1"), so that
    /// "2.1 Sources of Variance" on the page matches the outline's "Sources of variance".
    static func comparable(_ text: String) -> String {
        var words: [Substring] = []
        for word in text.lowercased().unicodeScalars.split(whereSeparator: { !Self.isWordPart($0) }) {
            let trimmed = Substring(word).trimmingDots
            if !trimmed.isEmpty { words.append(trimmed) }
        }
        if words.count > 1, words[0].allSatisfy({ $0.isNumber || $0 == "." }) { words.removeFirst() }
        return words.joined(separator: " ")
    }

    private static func isWordPart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "." || scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }
}

extension Substring {
    fileprivate var trimmingDots: Substring {
        guard let first = firstIndex(where: { $0 != "." }), let last = lastIndex(where: { $0 != "." }) else { return "" }
        return self[first...last]
    }
}
