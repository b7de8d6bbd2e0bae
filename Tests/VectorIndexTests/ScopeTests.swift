import Foundation
import Testing

@testable import VectorIndex

/// `--in`: both retrievers keep to the scope's documents and still return k when it holds k;
/// a scope of a folder never takes its namesake with a longer name; an empty scope is named.
@Suite struct ScopeTests {
    /// Three notes of 8 chunks each: /n/week1/a.md, /n/week10/b.md, /n/week2/c.md.
    static func store() throws -> (Store, String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rag-scope-\(UUID().uuidString)").path
        let store = try Store(directory: directory, creating: (StoreTests.dimension, .flat))
        var changes = StoreChanges()
        changes.documents = [
            StoreTests.content("/n/week1/a.md", chunks: 0..<8), StoreTests.content("/n/week10/b.md", chunks: 8..<16),
            StoreTests.content("/n/week2/c.md", chunks: 16..<24),
        ]
        try store.commit(changes, lock: try WriteLock(directory: directory, wait: 0))
        return (store, directory)
    }

    @Test func denseAndKeywordCandidatesKeepToTheScopeAndStillNumberK() throws {
        let (store, directory) = try Self.store()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let scope = Scope(["/n/week2/c.md"])
        // the query points at a chunk of a.md; the scope holds c.md only, and gives its 5 nearest
        let dense = try store.nearest(StoreTests.vector(3), k: 5, in: scope)
        #expect(dense.count == 5)
        let inside = Set(try store.hits(dense).map(\.path))
        #expect(inside == ["/n/week2/c.md"])
        // exact: the same order as an unscoped search over c.md's chunks alone
        let all = try store.nearest(StoreTests.vector(3), k: 24).filter { (17...24).contains($0.id) }
        #expect(dense.map(\.id) == Array(all.prefix(5).map(\.id)))
        let words = try store.keywordSearch("\"chunk\" OR \"number\"", limit: 20, in: scope)
        let wordPaths = Set(try store.hits(words).map(\.path))
        #expect(words.count == 8 && wordPaths == ["/n/week2/c.md"])
    }

    @Test func aFolderDoesNotTakeItsLongerNamesakeButAPrefixDoes() throws {
        let (store, directory) = try Self.store()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let notes = FileManager.default.temporaryDirectory.appendingPathComponent("rag-scope-notes-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: notes) }
        try FileManager.default.createDirectory(at: notes.appendingPathComponent("week1"), withIntermediateDirectories: true)
        let folder = Scope(["week1"], relativeTo: notes.path)
        #expect(folder.prefixes == [notes.path + "/week1/"])
        #expect(folder.contains(notes.path + "/week1/a.md") && !folder.contains(notes.path + "/week10/b.md"))
        let prefix = Scope(["/n/week1"])
        let found = Set(try store.hits(try store.nearest(StoreTests.vector(0), k: 24, in: prefix)).map(\.path))
        #expect(found == ["/n/week1/a.md", "/n/week10/b.md"])
        // `%` and `_` in a path are letters, not patterns
        #expect(try store.nearest(StoreTests.vector(0), k: 5, in: Scope(["/n/week_"])).isEmpty)
    }

    @Test func aScopeThatHoldsNoNoteIsNamed() throws {
        let (store, directory) = try Self.store()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try store.check(Scope(["/n/week2"]))
        let error = try #require(throws: StoreError.self) { try store.check(Scope(["/n/week2", "/n/week9"])) }
        #expect(error.message.contains("/n/week9") && !error.message.contains("/n/week2 "), "\(error.message)")
    }
}
