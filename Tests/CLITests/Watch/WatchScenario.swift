import Foundation
import Testing

/// Notes edited, added, renamed, moved and deleted under a running watcher (`rag ingest --watch`
/// or `rag serve --watch`), each change checked through searches; and files a scan skips, which
/// must never reach the store. The same steps for both, so that the two cannot drift apart.
struct WatchScenario {
    let space: StoreCommandTests.Workspace
    /// The paths of a BM25 search's results.
    let search: (String) async throws -> [String]

    /// A workspace with a few notes, one holding the word "plonkish", and a `.ragignore` that
    /// leaves out `private/` (the watcher starts after this).
    static func workspace() throws -> StoreCommandTests.Workspace {
        let space = try StoreCommandTests.workspace()
        let note = space.notes + "/week01-foundations/bias-variance.md"
        try (try String(contentsOfFile: note, encoding: .utf8) + "\n\nA plonkish estimator has high variance.\n").write(toFile: note, atomically: true, encoding: .utf8)
        try "private/\n".write(toFile: space.notes + "/.ragignore", atomically: true, encoding: .utf8)
        return space
    }

    /// Polls the search until `holds` says its paths are right; prints how long that took (the
    /// figure in the report, not an assertion: the limit only stops a hang, and is generous because
    /// a sync runs at low priority and the whole suite loads both cores for minutes).
    func reflects(_ change: String, query: String, _ holds: ([String]) -> Bool) async throws {
        let start = Date()
        var paths: [String] = []
        while true {
            paths = try await search(query)
            if holds(paths) { break }
            guard Date().timeIntervalSince(start) < 180 else {
                Issue.record("\(change): a search for '\(query)' still gives \(paths) after 180 s")
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        print("watch: \(change) reflected in searches after \(String(format: "%.2f", Date().timeIntervalSince(start))) s")
    }

    static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }

    func run() async throws {
        let notes = space.notes
        let fm = FileManager.default
        try await reflects("the first sync", query: "plonkish") { $0.contains { $0.hasSuffix("/week01-foundations/bias-variance.md") } }

        // An edit: the new text is found.
        let attention = notes + "/week05-attention-transformers/attention.md"
        try (try String(contentsOfFile: attention, encoding: .utf8) + "\n\nZorblax capacitors hum at forty-two hertz.\n").write(
            toFile: attention, atomically: true, encoding: .utf8)
        try await reflects("an edit", query: "zorblax capacitors") { $0.contains { $0.hasSuffix("/week05-attention-transformers/attention.md") } }

        // A new note in a new folder, then renamed: found under its new path only.
        try Self.write("# Quuxotic\n\nQuuxotic gradients vanish in deep sigmoid networks.\n", to: notes + "/week09-new/quux.md")
        try await reflects("a new note in a new folder", query: "quuxotic gradients") { $0.contains { $0.hasSuffix("/week09-new/quux.md") } }
        try fm.moveItem(atPath: notes + "/week09-new/quux.md", toPath: notes + "/week09-new/renamed.md")
        try await reflects("a rename", query: "quuxotic gradients") { paths in
            paths.contains { $0.hasSuffix("/week09-new/renamed.md") } && !paths.contains { $0.hasSuffix("/quux.md") }
        }

        // A folder renamed, then a note inside it edited: the watch follows the folder.
        try fm.moveItem(atPath: notes + "/week05-attention-transformers", toPath: notes + "/week05-moved")
        try await reflects("a folder rename", query: "zorblax capacitors") { paths in
            paths.contains { $0.hasSuffix("/week05-moved/attention.md") } && !paths.contains { $0.contains("/week05-attention-transformers/") }
        }
        let moved = notes + "/week05-moved/attention.md"
        try (try String(contentsOfFile: moved, encoding: .utf8) + "\n\nBlorptastic heads attend sideways.\n").write(toFile: moved, atomically: true, encoding: .utf8)
        try await reflects("an edit inside the renamed folder", query: "blorptastic heads") { $0.contains { $0.hasSuffix("/week05-moved/attention.md") } }

        // Deletions: a note, and the folder of the renamed one; neither is returned again.
        try fm.removeItem(atPath: notes + "/week01-foundations/bias-variance.md")
        try await reflects("a deletion", query: "plonkish") { $0.isEmpty }
        try fm.removeItem(atPath: notes + "/week09-new")
        try await reflects("a folder deletion", query: "quuxotic gradients") { !$0.contains { $0.contains("/week09-new/") } }

        // Hidden, ignored and unsupported files never reach the store; a note written after them
        // is synced, so by then they have been passed over.
        try Self.write("Snargle is a hidden draft.\n", to: notes + "/.snargle.md")
        try Self.write("Snargle is private.\n", to: notes + "/private/snargle.md")
        try Self.write("Snargle in a hidden folder.\n", to: notes + "/.obsidian/snargle.md")
        try Self.write("Snargle scratch.\n", to: notes + "/snargle.log")
        try Self.write("# Sentinel\n\nWibblewobble marks the end.\n", to: notes + "/sentinel.md")
        try await reflects("a note written after skipped files", query: "wibblewobble") { !$0.isEmpty }
        #expect(try await search("snargle").isEmpty)
    }
}
