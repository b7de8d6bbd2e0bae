import Foundation

/// A line of a JSON Lines input that is not `{"text": "..."}`, with its 1-based number.
public struct JSONLinesError: Error, CustomStringConvertible {
    public let path: String
    public let line: Int
    public let problem: String
    public var description: String { "\(path):\(line): \(problem)" }
}

/// The texts `rag embed --jsonl` embeds: `{"text": "..."}` objects, one per line; blank lines are skipped.
/// Any bad line stops the whole read, so that output lines always match input lines.
public enum JSONLinesTexts {
    public static func read(path: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw JSONLinesError(path: path, line: 0, problem: "cannot read the file")
        }
        var texts: [String] = []
        for (index, bytes) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            guard let line = String(validating: bytes, as: UTF8.self) else {
                throw JSONLinesError(path: path, line: number, problem: "not valid UTF-8")
            }
            if line.allSatisfy(\.isWhitespace) { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
                throw JSONLinesError(path: path, line: number, problem: "not a JSON object")
            }
            guard let text = object["text"] as? String else {
                throw JSONLinesError(path: path, line: number, problem: "no string field \"text\"")
            }
            texts.append(text)
        }
        return texts
    }
}
