import Foundation
import Testing

/// Stores this user may only read, and stores whose files are damaged, as the real binary meets them.
@Suite(.serialized) struct StoreAccessTests {
    /// A store of one note, ingested.
    static func ingested() throws -> StoreCommandTests.Workspace {
        let space = try StoreCommandTests.workspace(files: ["labs/lab-instructions.md", "week01-foundations/bias-variance.md"])
        let ingest = try space.rag(["ingest", space.notes])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        return space
    }

    /// Takes the write bits off the collection folder and every file in it, as for another user's store.
    static func makeReadOnly(_ folder: String) throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: folder + "/" + name)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder)
    }

    @Test func aReadOnlyStoreAnswersEveryReadAndAWriterSaysTheStoreIsReadOnly() throws {
        let space = try Self.ingested()
        defer { try? FileManager.default.removeItem(at: space.root) }
        let collection = space.store + "/default"
        try Self.makeReadOnly(collection)
        for command in [["search", "--json", "lab report"], ["stats", "--json"], ["verify"], ["inspect", "chunk", "1"]] {
            let result = try RagBinary.run(command + ["--store", space.store], obeyingPermissions: true)
            #expect(result.status == 0, "\(command): \(result.stderr)")
        }
        for command in [["ingest", space.notes], ["forget", space.notes], ["rebuild"]] {
            let result = try RagBinary.run(command + ["--store", space.store], obeyingPermissions: true)
            #expect(result.status == 1 && result.stderr.contains("the store \(collection) is read-only"), "\(command): \(result.stderr)")
        }
    }

    /// SQLite says only "error 26" for a file that is no database and "error 11" for a damaged page.
    @Test(arguments: [0, 100])
    func aDamagedDatabaseIsNamedWithWhatToDo(overwritingFrom offset: UInt64) throws {
        let space = try Self.ingested()
        defer { try? FileManager.default.removeItem(at: space.root) }
        let database = space.store + "/default/rag.sqlite"
        let file = try #require(FileHandle(forWritingAtPath: database))
        try file.seek(toOffset: offset)
        try file.write(contentsOf: Data((0..<4000).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }))
        try file.close()
        for command in [["stats"], ["search", "lab report"], ["verify"]] {
            let result = try space.rag(command)
            #expect(result.status == 1, "\(command)")
            #expect(result.stderr.contains("\(database) is damaged"), "\(command): \(result.stderr)")
            #expect(result.stderr.contains("restore it") && result.stderr.contains("rag ingest"), "\(command): \(result.stderr)")
        }
    }

    /// The first reader after the index file went missing rebuilds it and saves it; the next needs no rebuild.
    @Test func aRebuiltIndexIsSavedByTheFirstReader() throws {
        let space = try Self.ingested()
        defer { try? FileManager.default.removeItem(at: space.root) }
        let folder = space.store + "/default"
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".faiss") {
            try FileManager.default.removeItem(atPath: folder + "/" + name)
        }
        let first = try space.rag(["stats"])
        #expect(first.status == 0 && first.stderr.contains("rebuilt the index"), "\(first.stderr)")
        let second = try space.rag(["verify"])
        #expect(second.status == 0 && !second.stderr.contains("rebuilt"), "\(second.stdout) \(second.stderr)")
    }
}
