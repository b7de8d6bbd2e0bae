import Foundation
import VectorIndex

/// Results on stdout: text, or exactly one JSON document (`ReportJSON`).
enum Output {
    static func print(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func printJSON(_ value: some Encodable) throws {
        print(String(decoding: try ReportJSON.encode(value, pretty: true), as: UTF8.self) + "\n")
    }
}
