/// Markdown and plain-text notes into sections: ATX (`## Title`) and setext (`Title` over `===`
/// or `---`) headings open sections; fenced code blocks are kept whole, and nothing inside them is
/// a heading; YAML front matter is read for its `title` and left out of the text. Inline HTML and
/// link targets are left out of the text (see `MarkdownInline`), and a fenced box of prose is read
/// as text (see `MarkdownDirective`).
///
/// The heading stack lives in the parser, so that a notebook's markdown cells can feed one parser
/// in turn and their code cells can sit under the headings that came before.
struct MarkdownParser {
    /// The headings open at this point, outermost first.
    private(set) var headings: [(level: Int, text: String)] = []
    /// The front matter's `title`, or else the first level-1 heading.
    private(set) var title: String?

    var headingPath: [String] { headings.map(\.text) }

    /// The sections of `text`; line numbers count from 1 at its first line.
    mutating func parse(_ text: String) -> [Section] {
        // "\r\n" is one Character in Swift, so lines are cut at any of the three line endings.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        var sections: [Section] = []
        var body: [(line: Substring, number: Int)] = []
        var fence: Substring?  // the opening fence while inside a code block
        var boxes: [MarkdownDirective] = []  // the boxes of prose open here, innermost last
        var options = false  // just past a box's opening, where its options go

        func flush() {
            let (text, numbers) = Self.paragraphs(body)
            if let first = numbers.first, let last = numbers.last {
                sections.append(
                    Section(headingPath: headingPath, text: text, lineStart: first, lineEnd: last, textLineNumbers: numbers))
            }
            body = []
        }

        var i = frontMatterEnd(lines)
        while i < lines.count {
            let line = lines[i]
            let afterOpening = options
            options = false
            if let open = fence {
                body.append((line, i + 1))
                if Self.closesFence(line, open) { fence = nil }
            } else if afterOpening && MarkdownDirective.isOption(line) {
                options = true
            } else if let box = boxes.last, Self.closesFence(line, box.fence) {
                boxes.removeLast()
                body.append(("", i + 1))
            } else if let box = MarkdownDirective(opening: line) {
                boxes.append(box)
                // the title on a line of its own, the box's text a paragraph of its own
                if let title = box.title { body.append((MarkdownInline.readable(title), i + 1)) }
                body.append(("", i + 1))
                options = true
            } else if boxes.last?.isMarkup == true {
                // a table of contents' or an image's path
            } else if let marker = Self.fenceMarker(line) {
                fence = marker
                body.append((line, i + 1))
            } else if let (level, heading) = Self.atxHeading(line) {
                flush()
                open(heading, level: level)
            } else if let level = Self.setextLevel(lines, i), let heading = body.last, heading.number == i,
                Self.fenceMarker(heading.line) == nil
            {
                // The paragraph line above the underline is the heading, not body text.
                body.removeLast()
                flush()
                open(heading.line.trimmingSpaces, level: level)
            } else {
                body.append((MarkdownInline.readable(line), i + 1))
            }
            i += 1
        }
        flush()
        return sections
    }

    private mutating func open(_ heading: String, level: Int) {
        let heading = MarkdownInline.readable(heading[...]).trimmingSpaces
        headings.removeAll { $0.level >= level }
        guard !heading.isEmpty else { return }  // a heading that was only an anchor
        headings.append((level, heading))
        if level == 1 && title == nil { title = heading }
    }

    /// The index of the first line after YAML front matter (`---` … `---` or `...` at the very top), or 0.
    private mutating func frontMatterEnd(_ lines: [Substring]) -> Int {
        guard lines.first?.trimmingSpaces == "---" else { return 0 }
        guard let end = lines.indices.dropFirst().first(where: { ["---", "..."].contains(lines[$0].trimmingSpaces) }) else {
            return 0
        }
        for line in lines[1..<end] where line.hasPrefix("title:") {
            let value = line.dropFirst("title:".count).trimmingSpaces
            title =
                value.count >= 2 && (value.first == "\"" || value.first == "'") && value.last == value.first
                ? String(value.dropFirst().dropLast()) : value
        }
        return end + 1
    }

    /// `# Title` to `###### Title`: up to three spaces of indent, then 1–6 `#`, then a space or the end.
    /// Closing `#`s are dropped.
    static func atxHeading(_ line: Substring) -> (Int, String)? {
        let stripped = line.drop { $0 == " " }
        guard line.count - stripped.count <= 3, stripped.first == "#" else { return nil }
        let level = stripped.prefix { $0 == "#" }.count
        let rest = stripped.dropFirst(level)
        guard level <= 6, rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        var text = rest.trimmingSpaces[...]
        if let closing = text.lastIndex(where: { $0 != "#" }), text[closing] == " " || text[closing] == "\t" {
            text = text[...closing]
        } else if text.allSatisfy({ $0 == "#" }) {
            text = ""
        }
        let heading = text.trimmingSpaces
        return heading.isEmpty ? nil : (level, heading)
    }

    /// 1 for a `===` underline, 2 for `---`, when the line above is paragraph text (not blank),
    /// so that a `---` after a blank line stays a thematic break.
    static func setextLevel(_ lines: [Substring], _ i: Int) -> Int? {
        guard i > 0, !lines[i - 1].allSatisfy(\.isWhitespace) else { return nil }
        let underline = lines[i].trimmingSpaces
        guard !underline.isEmpty, lines[i].prefix(while: { $0 == " " }).count <= 3 else { return nil }
        if underline.allSatisfy({ $0 == "=" }) { return 1 }
        if underline.allSatisfy({ $0 == "-" }) { return 2 }
        return nil
    }

    /// The ``` or ~~~ run that opens a fenced code block, if this line opens one.
    static func fenceMarker(_ line: Substring) -> Substring? {
        fence(line, of: "`~")?.marker
    }

    /// A run of three or more of one of `marks`, indented at most three spaces, and the info string
    /// after it; a backtick fence's info string may not contain backticks.
    static func fence(_ line: Substring, of marks: String) -> (marker: Substring, info: Substring)? {
        let stripped = line.drop { $0 == " " }
        guard line.count - stripped.count <= 3, let first = stripped.first, marks.contains(first) else { return nil }
        let marker = stripped.prefix { $0 == first }
        let info = stripped.dropFirst(marker.count)
        guard marker.count >= 3, first != "`" || !info.contains("`") else { return nil }
        return (marker, info.drop { $0 == " " })
    }

    static func closesFence(_ line: Substring, _ open: Substring) -> Bool {
        let stripped = line.trimmingSpaces
        return stripped.count >= open.count && stripped.allSatisfy { $0 == open.first }
    }

    /// Body lines as text, with the source line of each text line: runs of blank lines become
    /// one paragraph break, leading and trailing ones go; other lines keep their layout.
    static func paragraphs(_ lines: [(line: Substring, number: Int)]) -> (String, [Int]) {
        var out: [(line: Substring, number: Int)] = []
        for entry in lines {
            if entry.line.allSatisfy(\.isWhitespace) {
                if let last = out.last, !last.line.isEmpty { out.append(("", entry.number)) }
            } else {
                out.append(entry)
            }
        }
        while out.last?.line.isEmpty == true { out.removeLast() }
        return (out.map(\.line).joined(separator: "\n"), out.map(\.number))
    }
}

extension StringProtocol {
    /// The text without leading and trailing whitespace.
    var trimmingSpaces: String {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map(index(after:)) ?? start
        return String(self[start..<Swift.max(start, end)])
    }
}
