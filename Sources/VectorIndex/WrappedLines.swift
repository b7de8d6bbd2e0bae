import Foundation

/// Lines a writer wrapped inside a paragraph. Notes written in an editor that wraps at 80 columns,
/// exported by pandoc, or written one phrase a line as Dive into Deep Learning is, break their
/// sentences across lines; Markdown, and a reader, join them. Sentences are cut from the joined
/// lines (`Sentences` in Retriever), and a chunk's overlap is trimmed to a whole sentence across
/// them (`ChunkOpening`).
public enum WrappedLines {
    /// The text's lines as a reader sees them, each wrapped paragraph one line. A line goes on the
    /// one before it when that one ends without a full stop, semicolon or bracket (an answer's
    /// "[1]") and it opens in lower case ("each intermediate activation $h$ is replaced by" / "a
    /// random variable $h'$ as follows:") or on a number ("The dataset contains" / "1400 positive-
    /// class images"), a formula, a bracket, code, emphasis, a link or a role (":cite:`…`"); after
    /// a colon only in lower case ("LSTMs have three types of gates:" / "input gates, forget
    /// gates, and output gates."); never inside a code fence, next to a heading, a table row or a
    /// line of aligned columns, and never a list item, quote, field ("name: …") or indented code.
    /// A slide's bullet lines open in capitals and stay apart.
    public static func unwrapped(_ text: String) -> [Substring] {
        var lines: [Substring] = []
        let all = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        let allTrimmed = all.map { $0.drop(while: \.isWhitespace) }
        var inFence = opensInsideFence(allTrimmed)
        var goingOn: Character?  // how the last line ends, when the next may go on from it
        for (line, trimmed) in zip(all, allTrimmed) {
            if isFence(trimmed) { inFence.toggle() }
            if let end = goingOn, !inFence, goesOn(line, after: end), let last = lines.popLast() {
                lines.append(Substring(last.trimmingCharacters(in: .whitespaces) + " " + trimmed))
            } else if !trimmed.isEmpty {
                lines.append(line)
            }
            goingOn = trimmed.isEmpty || inFence ? nil : end(of: lines.last ?? "")
        }
        return lines
    }

    /// Whether the text opens inside a code block: a chunk can open in one that began in the chunk
    /// before ("3))\n    return X.reshape(…)\n```\n\nLet's test…"). Its first fence then closes
    /// that block. A closing fence is bare and follows the code's last line, while an opening one
    /// names its language or follows a blank line (in corpora/, 116 and all 117 of them), so a bare
    /// first fence right after a line of text, among an odd number of fences, says so. Read the other
    /// way, the code would be joined as prose and the prose after it kept apart line by line ("As
    /// a result," / "the shape of the output" / "is (…).").
    /// `trimmed`: the text's lines without their indentation.
    private static func opensInsideFence(_ trimmed: [Substring]) -> Bool {
        guard let first = trimmed.firstIndex(where: isFence), first > 0, !trimmed[first - 1].isEmpty else { return false }
        let bare = trimmed[first].trimmingCharacters(in: .whitespaces).allSatisfy { $0 == "`" || $0 == "~" }
        return bare && trimmed.count(where: isFence) % 2 == 1
    }

    private static func isFence(_ trimmed: Substring) -> Bool {
        trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~")
    }

    /// The last character of a line that may be followed by the rest of its paragraph.
    static func end(of line: Substring) -> Character? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard let last = trimmed.last, !".!?;]".contains(last) else { return nil }
        let opensBlock = trimmed.hasPrefix("#") || trimmed.hasPrefix("|") || trimmed.hasPrefix("```")
        return opensBlock || line.firstMatch(of: columns) != nil ? nil : last
    }

    /// Whether `line` is the rest of the paragraph that `previous` began.
    static func goesOn(_ line: Substring, after previous: Substring) -> Bool {
        guard let end = end(of: previous) else { return false }
        return goesOn(line, after: end)
    }

    /// Whether a line is the rest of the paragraph whose line before it ends in `end`.
    static func goesOn(_ line: Substring, after end: Character) -> Bool {
        let indent = line.prefix(while: \.isWhitespace)
        let trimmed = line.dropFirst(indent.count)
        guard indent.count < 4, !indent.contains("\t"), let first = trimmed.first else { return false }
        guard first.isLowercase || (end != ":" && (first.isNumber || "$(\\`_[:*".contains(first))) else { return false }
        return trimmed.prefixMatch(of: blockOpening) == nil && line.firstMatch(of: columns) == nil
    }

    /// A list item, quote, table row, heading, numbered item or field ("name: …", and a JSON
    /// export's key path, "replies[0].author: …").
    nonisolated(unsafe) private static let blockOpening = /[-*+>|#]\s|\d+[.)]\s|[\w.\[\]-]+:(\s|$)/
    nonisolated(unsafe) private static let columns = /\S {3,}\S/
}
