import Foundation

/// Results on stdout: text, or exactly one JSON document with snake_case keys.
enum Output {
    static func print(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func printJSON(_ value: some Encodable) throws {
        print(String(decoding: try json(value, pretty: true), as: UTF8.self) + "\n")
    }

    /// The JSON every command prints, also what `rag serve` answers (on one line there).
    static func json(_ value: some Encodable, pretty: Bool) throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }
}
