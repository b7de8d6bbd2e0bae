import Foundation

/// Markdown as plain text, the way a terminal should show an answer copied from the notes:
/// no list bullets, no emphasis or code marks. The answer in `--json`, the quote and the checks
/// keep the notes' exact text.
public enum MarkdownText {
    /// One line or sentence without its bullet ("- ", "* ", "+ "), without `**`, `__` and backticks,
    /// and without the marks of `*emphasis*` and `_emphasis_`, while "2 * 3", "a*b*c" and
    /// "snake_case" stay as written.
    public static func plain(_ text: some StringProtocol) -> String {
        var line = String(text.drop { $0 == " " || $0 == "\t" })
        if line.count >= 2, "-*+".contains(line.first!), line.dropFirst().first == " " { line = String(line.dropFirst(2)) }
        line.replace("**", with: "")
        line.replace("__", with: "")
        line.replace("`", with: "")
        line.replace(emphasis) { $0.output.before + $0.output.text }
        return line.trimmingCharacters(in: .whitespaces)
    }

    /// A `*` or `_` that opens at a word's start and closes at a word's end.
    nonisolated(unsafe) private static let emphasis = /(?<before>^|[^\w*\\])(?<mark>[*_])(?<text>[^\s*_](?:[^*_\n]*[^\s*_\\])?)\k<mark>(?![\w*])/
}
