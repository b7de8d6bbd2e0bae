/// A streamed answer as a terminal shows it: each line as plain text (`MarkdownText.plain`: no
/// bullets, no `**` or backticks), written as the pieces arrive. A line's first characters wait
/// until its bullet can be told, and a trailing `*`, `_` or backtick until the next piece shows
/// whether it is half of a `**`.
public struct PlainAnswerStream: Sendable {
    private var line = ""
    private var written = 0

    public init() {}

    /// The text to write for `piece`.
    public mutating func add(_ piece: String) -> String {
        var out = ""
        for character in piece {
            if character.isNewline {
                out += rest(of: line) + "\n"
                line = ""
                written = 0
            } else {
                line.append(character)
            }
        }
        let settled = line.drop { $0 == " " }.count >= 2 ? String(line.reversed().drop { "*_`".contains($0) }.reversed()) : ""
        return out + rest(of: settled)
    }

    /// What is still held back when the answer has ended.
    public mutating func finish() -> String {
        defer { (line, written) = ("", 0) }
        return rest(of: line)
    }

    /// The plain form of `prefix` beyond what was already written of this line.
    private mutating func rest(of prefix: String) -> String {
        let plain = MarkdownText.plain(prefix)
        guard plain.count > written else { return "" }
        defer { written = plain.count }
        return String(plain.dropFirst(written))
    }
}
