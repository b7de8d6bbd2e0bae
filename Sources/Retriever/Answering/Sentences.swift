import Foundation
import VectorIndex

/// Text cut into sentences, for choosing what a prompt keeps and for checking an answer.
///
/// Notes are not prose only: a line of a list, a table row or a heading is a sentence of its own,
/// so lines are cut first, then each line after ".", "!" or "?" followed by a space and a capital
/// letter, a digit, an opening mark or, after a plain word, a lower-case one ("e.g. the" and
/// "3.5" stay whole). A Markdown table row under a header reads as "Column: cell; Column: cell",
/// so that quoted alone it still says what its numbers are. Lines a writer wrapped inside a
/// paragraph are joined first (`WrappedLines`).
enum Sentences {
    static func split(_ text: String) -> [String] {
        var sentences: [String] = []
        let lines = WrappedLines.unwrapped(text)
        var header: [Substring]?
        for (index, line) in lines.enumerated() {
            guard let cells = tableCells(line) else {
                header = nil
                sentences += split(line: line)
                continue
            }
            if isTableRule(line) { continue }
            if index + 1 < lines.count, isTableRule(lines[index + 1]) {
                header = cells
                append(line, to: &sentences)
            } else if let header, header.count == cells.count {
                append(zip(header, cells).filter { !$1.isEmpty }.map { $0.isEmpty ? String($1) : "\($0): \($1)" }.joined(separator: "; "), to: &sentences)
            } else {
                append(line, to: &sentences)
            }
        }
        return sentences
    }

    /// The trimmed cells of a Markdown table row ("| a | b |"), nil for any other line.
    private static func tableCells(_ line: Substring) -> [Substring]? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("|"), trimmed.count > 1 else { return nil }
        let inner = trimmed.dropFirst().hasSuffix("|") ? trimmed.dropFirst().dropLast() : trimmed.dropFirst()
        return inner.split(separator: "|", omittingEmptySubsequences: false).map { Substring($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// "|---|:--:|": the line under a table's header.
    private static func isTableRule(_ line: Substring) -> Bool {
        line.contains("-") && line.allSatisfy { "|-: \t".contains($0) }
    }

    /// One line cut after its full stops.
    private static func split(line: Substring) -> [String] {
        var sentences: [String] = []
        var current = ""
        var previous: Character = " "
        var pendingEnd = false
        for character in line {
            if pendingEnd && !character.isWhitespace {
                let opens = character.isUppercase || character.isNumber || "\"“'([*_`".contains(character) || (character.isLowercase && endsWithWord(current))
                if opens, !endsWithAbbreviation(current) {
                    append(current, to: &sentences)
                    current = ""
                }
                pendingEnd = false
            }
            if character.isWhitespace && ".!?".contains(previous) { pendingEnd = true }
            current.append(character)
            previous = character
        }
        append(current, to: &sentences)
        return sentences
    }

    /// "…classifying all training examples correctly. gamma defines…": a sentence may open on a
    /// lower-case name (a parameter, a function) after a full stop that ends a plain word of three
    /// letters or more; "e.g. the", "approx. 3" and "np.ndarray. the" do not end there.
    private static func endsWithWord(_ text: String) -> Bool {
        let word = text.trimmingCharacters(in: .whitespaces).split(separator: " ").last.map { $0.dropLast() } ?? ""
        return word.count >= 3 && word.allSatisfy(\.isLetter)
    }

    /// "Dr. Lena", "Prof. Halvorsen", "J. Smith", "Fig. 3": a full stop that ends a title, an
    /// initial or a common abbreviation does not end the sentence.
    private static func endsWithAbbreviation(_ text: String) -> Bool {
        let word = text.trimmingCharacters(in: .whitespaces).split(separator: " ").last.map { $0.dropLast() } ?? ""
        return (word.count == 1 && word.first!.isUppercase) || abbreviations.contains(word.lowercased())
    }

    private static let abbreviations: Set<String> = [
        "dr", "prof", "mr", "mrs", "ms", "st", "vs", "etc", "fig", "eq", "no", "vol", "ch", "sec", "approx", "cf", "al", "e.g", "i.e",
    ]

    private static func append(_ sentence: some StringProtocol, to sentences: inout [String]) {
        let trimmed = sentence.trimmingCharacters(in: .whitespaces)
        if trimmed.contains(where: { $0.isLetter || $0.isNumber }) { sentences.append(trimmed) }
    }
}
