/// The text of one section as it is laid out: finished paragraphs, the lines of the open
/// paragraph, the line being filled, and the open `<pre>` block.
struct HTMLLayout {
    var line = InlineText()
    /// The open `<pre>` block, verbatim.
    var code = ""
    private var paragraphs: [String] = []
    private var codeParagraphs = 0
    private var lines: [String] = []

    mutating func breakLine() {
        append(line: line.take())
    }

    mutating func append(line text: String) {
        if !text.isEmpty { lines.append(text) }
    }

    mutating func breakParagraph() {
        breakLine()
        if !lines.isEmpty { paragraphs.append(lines.joined(separator: "\n")) }
        lines = []
    }

    /// Closes the `<pre>` block as a paragraph of its own, without the blank lines around it; the
    /// indentation of its first line stays, since that is part of the code's layout.
    mutating func endCode() {
        let normalised = code.replacing("\r\n", with: "\n").replacing("\r", with: "\n")
        code = ""
        let codeLines = normalised.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = codeLines.firstIndex(where: { $0.contains { !$0.isWhitespace } }),
            let last = codeLines.lastIndex(where: { $0.contains { !$0.isWhitespace } })
        else { return }
        var block = codeLines[first...last].joined(separator: "\n")
        while block.last?.isWhitespace == true { block.removeLast() }
        paragraphs.append(block)
        codeParagraphs += 1
    }

    /// The section's text, and whether it is all code; the layout is empty again afterwards.
    mutating func take() -> (text: String, isCode: Bool) {
        defer { self = HTMLLayout() }
        return (paragraphs.joined(separator: "\n\n"), !paragraphs.isEmpty && codeParagraphs == paragraphs.count)
    }
}

/// Running text with whitespace collapsed as a browser does: words joined by single spaces.
struct InlineText {
    private(set) var text = ""
    /// Put before the first word, such as a list item's "- ".
    var prefix = ""
    private var pendingSpace = false

    mutating func append(_ string: String) {
        var space = pendingSpace || string.first?.isWhitespace == true
        var sawWord = false
        for word in string.split(whereSeparator: \.isWhitespace) {
            if text.isEmpty {
                text = prefix
            } else if space {
                text += " "
            }
            text += word
            space = true
            sawWord = true
        }
        pendingSpace = sawWord ? string.last?.isWhitespace == true : space
    }

    mutating func space() {
        pendingSpace = true
    }

    /// The line so far; the next word starts a new one.
    mutating func take() -> String {
        defer { self = InlineText() }
        return text
    }
}
