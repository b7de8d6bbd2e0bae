import Foundation

/// The sample notes in corpora/, located from this file.
enum Corpus {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("corpora")
    static let notes = root.appendingPathComponent("ml-notes")
    static let badInputs = root.appendingPathComponent("bad-inputs")

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// Text with every whitespace run made one space, for comparing text across layouts.
    static func collapsed(_ text: some StringProtocol) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// A fresh empty folder under the system's temporary folder; the caller removes it.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rag-ingest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
