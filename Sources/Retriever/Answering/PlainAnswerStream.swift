/// A streamed answer as a terminal shows it: each line as plain text (`MarkdownText.plain`: no
/// bullets, no `**`, backticks or emphasis marks), written as the pieces arrive. A line's first
/// characters wait until its bullet can be told, a trailing `*`, `_` or backtick until the next
/// piece shows whether it is half of a `**`, and text after an emphasis mark until the mark closes
/// or the line ends, showing whether the mark is printed.
public struct PlainAnswerStream: Sendable {
    private var line = ""
    private var written = 0

    public init() {}

    /// The text to write for `piece`.
    public mutating func add(_ piece: String) -> String {
        var out = ""
        for character in piece {
            if character.isNewline {
                out += rest(of: MarkdownText.plain(line)) + "\n"
                line = ""
                written = 0
            } else {
                line.append(character)
            }
        }
        let settled = line.drop { $0 == " " }.count >= 2 ? String(line.reversed().drop { "*_`".contains($0) }.reversed()) : ""
        return out + rest(of: MarkdownText.settledPlain(settled))
    }

    /// What is still held back when the answer has ended.
    public mutating func finish() -> String {
        defer { (line, written) = ("", 0) }
        return rest(of: MarkdownText.plain(line))
    }

    /// `plain`, the plain form of the line so far, beyond what was already written of it.
    private mutating func rest(of plain: String) -> String {
        guard plain.count > written else { return "" }
        defer { written = plain.count }
        return String(plain.dropFirst(written))
    }
}
