import Foundation
import Ingest

/// One line of a follow-up set (corpora/followups/): {"id", "turns": [turn, …]}, each turn a gold
/// question (as in `GoldQuestion`) and each later turn also written out in full ("full"): what
/// the student meant, which can be asked alone.
public struct GoldConversation: Sendable {
    public struct Turn: Sendable {
        public let question: GoldQuestion
        /// The turn written out so that it stands alone; nil for the first.
        public let full: GoldQuestion?
    }

    public let id: String
    public let turns: [Turn]

    /// Every conversation of a set; a line that is not one names the set and the line.
    public static func load(_ file: String) throws -> [GoldConversation] {
        let folder = (NoteScanner.absolute(file) as NSString).deletingLastPathComponent
        return try GoldQuestion.lines(of: file).map { line, row in
            let problem = { (text: String) in GoldSetError(file: file, problem: "line \(line): \(text)") }
            guard let id = row["id"] as? String, let turns = row["turns"] as? [[String: Any]], turns.count >= 2 else {
                throw problem("a conversation needs an \"id\" and at least two \"turns\"")
            }
            return GoldConversation(
                id: id,
                turns: try turns.enumerated().map { index, turn in
                    let question = try GoldQuestion(row: turn, folder: folder, problem: problem)
                    guard index > 0 else { return Turn(question: question, full: nil) }
                    guard let full = turn["full"] as? String else { throw problem("turn \(index + 1) needs its question written out in full (\"full\")") }
                    var written = turn
                    written["question"] = full
                    return Turn(question: question, full: try GoldQuestion(row: written, folder: folder, problem: problem))
                })
        }
    }
}
