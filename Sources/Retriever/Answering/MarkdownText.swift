import Foundation

/// Markdown as plain text, the way a terminal should show an answer copied from the notes:
/// no list bullets, no emphasis or code marks. The answer in `--json`, the quote and the checks
/// keep the notes' exact text.
public enum MarkdownText {
    /// One line or sentence without its bullet ("- ", "* ", "+ "), without `**`, `__` and backticks,
    /// and without the marks of `*emphasis*` and `_emphasis_`, while "2 * 3", "a*b*c" and
    /// "snake_case" stay as written.
    public static func plain(_ text: some StringProtocol) -> String {
        var line = unmarked(text)
        line.replace(emphasis) { $0.output.before + $0.output.text }
        return line.trimmingCharacters(in: .whitespaces)
    }

    /// The plain form of the start of a line still being written, up to the first `*` or `_` that
    /// may open emphasis not closed yet: whether that mark is shown depends on what comes next, and
    /// text already on a terminal cannot be taken back. The line's end must not be half of a `**`,
    /// `__` or a closing mark (`PlainAnswerStream` holds those back).
    static func settledPlain(_ text: some StringProtocol) -> String {
        let line = unmarked(text)
        let closed = line.matches(of: emphasis).map(\.range)
        let open = line.matches(of: opening).lazy.map(\.output.mark.startIndex).first { mark in !closed.contains { $0.contains(mark) } }
        var settled = String(line[..<(open ?? line.endIndex)])
        settled.replace(emphasis) { $0.output.before + $0.output.text }
        return String(settled.drop { $0 == " " })
    }

    /// A line without its indentation and bullet, `**`, `__` and backticks.
    private static func unmarked(_ text: some StringProtocol) -> String {
        var line = String(text.drop { $0 == " " || $0 == "\t" })
        if line.count >= 2, "-*+".contains(line.first!), line.dropFirst().first == " " { line = String(line.dropFirst(2)) }
        line.replace("**", with: "")
        line.replace("__", with: "")
        line.replace("`", with: "")
        return line
    }

    /// A `*` or `_` that may open emphasis: at a word's start, before a word.
    nonisolated(unsafe) private static let opening = /(?:^|[^\w*\\])(?<mark>[*_])[^\s*_]/
    /// A `*` or `_` that opens at a word's start and closes at a word's end.
    nonisolated(unsafe) private static let emphasis = /(?<before>^|[^\w*\\])(?<mark>[*_])(?<text>[^\s*_](?:[^*_\n]*[^\s*_\\])?)\k<mark>(?![\w*])/
}
