import Foundation
import Testing

/// What notes and file names hold reaches the terminal inert: a note's ESC sequences could
/// otherwise move the cursor, rewrite lines or set the clipboard, and a newline in a file name
/// would break the line that shows it. `--json` keeps the exact text.
@Suite(.serialized) struct TerminalSafetyTests {
    static let name = "evil\u{1B}]0;title\u{07}\nname.md"
    static let text = """
        # Scaled \u{1B}[2J attention

        Attention divides the dot products by the square root of the key size \u{1B}]52;c;ZXZpbA==\u{07} before the softmax,\u{9B}31m so that the scores stay small.

        """

    /// Controls other than newline and tab.
    static func controls(_ text: String) -> [Unicode.Scalar] {
        text.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) }
    }

    @Test func notesAndFileNamesReachTheTerminalInert() throws {
        let space = try StoreCommandTests.workspace(files: [])
        defer { try? FileManager.default.removeItem(at: space.root) }
        try FileManager.default.createDirectory(atPath: space.notes, withIntermediateDirectories: true)
        let file = space.notes + "/" + Self.name
        try Data(Self.text.utf8).write(to: URL(fileURLWithPath: file))

        let chunks = try RagBinary.run(["chunks", file])
        #expect(chunks.status == 0, "\(chunks.stderr)")
        #expect(Self.controls(chunks.stdout).isEmpty && chunks.stdout.contains("Scaled ?[2J attention"), "\(chunks.stdout)")

        try FileManager.default.createSymbolicLink(atPath: space.notes + "/leak\nout.md", withDestinationPath: "/etc/hostname")
        let ingest = try space.rag(["ingest", space.notes])
        #expect(ingest.status == 0)
        #expect(ingest.stderr.split(separator: "\n").contains { $0.hasSuffix("/leak\\nout.md: not followed: a link to /etc/hostname, outside \(space.notes)") }, "\(ingest.stderr)")
        let search = try space.rag(["search", "--k", "1", "why divide the dot products by the square root"])
        #expect(search.status == 0, "\(search.stderr)")
        #expect(Self.controls(search.stdout).isEmpty, "\(search.stdout.debugDescription)")
        let header = try #require(search.stdout.split(separator: "\n").first)
        #expect(header.contains("evil?]0;title?\\nname.md:") && header.contains("§ Scaled ?[2J attention"), "\(header)")

        let json = try space.rag(["search", "--json", "--k", "1", "why divide the dot products by the square root"])
        let result = try #require((try StoreCommandTests.json(json.stdout)["results"] as? [[String: Any]])?.first)
        #expect(result["path"] as? String == file)
        #expect((result["text"] as? String)?.contains("\u{1B}]52;c;ZXZpbA==\u{07}") == true)

        let ask = try space.rag(["ask", "--extractive", "Why are the dot products divided by the square root of the key size?"])
        #expect(ask.status == 0, "\(ask.stderr)")
        #expect(Self.controls(ask.stdout).isEmpty && ask.stdout.contains("evil?]0;title?\\nname.md:"), "\(ask.stdout.debugDescription)")
    }
}
