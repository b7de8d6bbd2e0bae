import Foundation
import VectorIndex

/// Results on stdout: text, or exactly one JSON document (`ReportJSON`).
public enum Output {
    public static func print(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    public static func printJSON(_ value: some Encodable) throws {
        print(String(decoding: try ReportJSON.encode(value, pretty: true), as: UTF8.self) + "\n")
    }
}
