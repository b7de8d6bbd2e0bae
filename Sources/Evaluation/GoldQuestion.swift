import Foundation
import Ingest

/// One line of a gold question set: {"question", "file" (relative to the set's folder), "evidence"
/// (an exact phrase of that file), "answer_any" (keywords a right answer contains)}; "file": null
/// marks a question the notes do not answer.
public struct GoldQuestion: Sendable {
    public let question: String
    /// The note that answers it (absolute), or nil when the notes do not.
    public let path: String?
    public let file: String?
    /// The evidence with its whitespace collapsed, as `holdsEvidence` compares it.
    public let evidence: String
    public let keywords: [String]

    public init(question: String, path: String?, file: String?, evidence: String, keywords: [String]) {
        self.question = question
        self.path = path
        self.file = file
        self.evidence = Self.collapsed(evidence)
        self.keywords = keywords
    }

    /// Every question of a set; a line that is not a question names the set and the line.
    public static func load(_ file: String) throws -> [GoldQuestion] {
        let folder = (NoteScanner.absolute(file) as NSString).deletingLastPathComponent
        return try lines(of: file).map { line, row in try GoldQuestion(row: row, folder: folder, problem: { GoldSetError(file: file, problem: "line \(line): \($0)") }) }
    }

    /// One question from a set's JSON object; "file" is relative to `folder`.
    init(row: [String: Any], folder: String, problem: (String) -> GoldSetError) throws {
        guard let question = row["question"] as? String else { throw problem("a question needs its \"question\"") }
        let relative = row["file"] as? String
        guard relative == nil || row["evidence"] is String else { throw problem("a question with a file needs its evidence") }
        self.init(
            question: question, path: relative.map { NoteScanner.absolute(folder + "/" + $0) }, file: relative,
            evidence: row["evidence"] as? String ?? "", keywords: row["answer_any"] as? [String] ?? [])
    }

    /// The JSON objects of a JSON Lines file, with their 1-based line numbers.
    static func lines(of file: String) throws -> [(line: Int, row: [String: Any])] {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { throw GoldSetError(file: file, problem: "cannot be read as UTF-8 text") }
        return try text.split(whereSeparator: \.isNewline).enumerated().map { index, line in
            guard let row = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw GoldSetError(file: file, problem: "line \(index + 1) is not a JSON object")
            }
            return (index + 1, row)
        }
    }

    /// A right answer holds one of the expected keywords, in any case.
    public func hasKeyword(_ text: String) -> Bool {
        keywords.contains { text.localizedCaseInsensitiveContains($0) }
    }

    /// A passage answers the question when it comes from its note and holds its evidence.
    public func isAnswered(byPassageFrom path: String, text: String) -> Bool {
        path == self.path && Self.collapsed(text).contains(evidence)
    }

    static func collapsed(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

/// A gold question set that cannot be read.
public struct GoldSetError: Error, CustomStringConvertible {
    public let file: String
    public let problem: String

    public var description: String { "\(file): \(problem)" }
}
