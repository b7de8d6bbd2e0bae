import Foundation

/// Markdown as plain text, the way a terminal should show an answer copied from the notes:
/// no list bullets, no emphasis or code marks. The answer in `--json`, the quote and the checks
/// keep the notes' exact text.
public enum MarkdownText {
    /// One line or sentence without its bullet ("- ", "* ", "+ ") and without `**`, `__` and backticks.
    public static func plain(_ text: some StringProtocol) -> String {
        var line = String(text.drop { $0 == " " || $0 == "\t" })
        if line.count >= 2, "-*+".contains(line.first!), line.dropFirst().first == " " { line = String(line.dropFirst(2)) }
        line.replace("**", with: "")
        line.replace("__", with: "")
        line.replace("`", with: "")
        return line.trimmingCharacters(in: .whitespaces)
    }
}
