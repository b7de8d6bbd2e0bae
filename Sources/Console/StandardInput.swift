import Foundation

/// A question given as `-`, read from stdin (`rag ask - < question.txt`).
public enum StandardInput {
    /// The most a question from stdin may hold: far more than a prompt takes, yet bounded.
    public static let limit = 1 << 20

    /// The whole of stdin, trimmed; an error when it is empty or longer than `limit`.
    public static func question() throws -> String {
        let data = FileHandle.standardInput.readData(ofLength: limit + 1)
        guard data.count <= limit else { throw Unusable(description: "The question on stdin is longer than 1 MiB.") }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw Unusable(description: "The question on stdin is empty.") }
        return text
    }

    /// Why stdin holds no question rag can ask: a usage error.
    public struct Unusable: UsageError {
        public let description: String
    }
}
