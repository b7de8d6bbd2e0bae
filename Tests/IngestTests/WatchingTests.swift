import Foundation
import Testing

@testable import Ingest

/// The parts of `rag ingest --watch` below the sync: which changes count, when a batch is due, and
/// inotify's watches following folders as they are made, moved and deleted.
struct WatchingTests {
    static func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rag-watch-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path + "/week1/drafts", withIntermediateDirectories: true)
        return path
    }

    @Test func onlyChangesAScanWouldNoticeCount() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try "drafts/\n*.bak.md\n".write(toFile: root + "/.ragignore", atomically: true, encoding: .utf8)
        try "!keep.bak.md\n".write(toFile: root + "/week1/.ragignore", atomically: true, encoding: .utf8)
        let watched = WatchedRoot(path: root, isFolder: true)
        let noticed = [
            "week1/notes.md", "week1/lecture.pdf", "week1", ".ragignore", "week1/.ragignore", "week1/keep.bak.md", "new-folder",
        ]
        let passedOver = [
            "week1/.notes.md.swp", ".obsidian/workspace.md", "week1/notes.md~", "week1/notes.tmp", "week1/drafts/idea.md",
            "week1/drafts", "old.bak.md", ".git", "week1/.hidden/a.md",
        ]
        for path in noticed {
            #expect(watched.notices(root + "/" + path, isFolder: !path.contains(".")), "\(path)")
        }
        for path in passedOver {
            #expect(!watched.notices(root + "/" + path, isFolder: path == "week1/drafts" || path == ".git"), "\(path)")
        }
        #expect(!watched.notices(root + "-other/notes.md", isFolder: false))
        let file = WatchedRoot(path: root + "/week1/notes.md", isFolder: false)
        #expect(file.notices(root + "/week1/notes.md", isFolder: false))
        #expect(!file.notices(root + "/week1/other.md", isFolder: false))
    }

    @Test func aBatchIsDueAfterAPauseOrAtTheLatestAfterItsLongestWait() {
        let timing = ChangeBatch.Timing(quiet: 0.5, longest: 2)
        var batch = ChangeBatch(at: 10, timing: timing)
        #expect(batch.due == 10.5)
        batch.add(at: 10.3)
        #expect(batch.due == 10.8)
        for time in stride(from: 10.6, through: 13, by: 0.2) { batch.add(at: time) }
        #expect(batch.due == 12, "a stream of changes that never pauses is synced after the longest wait")
        batch.notBefore = 15
        #expect(batch.due == 15)
    }

    /// Waits up to 5 s for a change at `path` (a guard against a hang, not a measured time).
    static func sees(_ path: String, in watches: FolderWatches) -> Bool {
        for _ in 0..<20 where watches.changes(waiting: 0.25).contains(where: { $0.path == path }) { return true }
        return false
    }

    @Test func watchesFollowFoldersMadeMovedAndDeleted() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var warnings: [String] = []
        let watches = try FolderWatches { warnings.append($0) }
        watches.watch(root, recursive: true)

        try "a".write(toFile: root + "/week1/drafts/a.md", atomically: false, encoding: .utf8)
        #expect(Self.sees(root + "/week1/drafts/a.md", in: watches), "a folder that existed is watched")

        try FileManager.default.createDirectory(atPath: root + "/week2/labs", withIntermediateDirectories: true)
        #expect(Self.sees(root + "/week2", in: watches))
        try "b".write(toFile: root + "/week2/labs/b.md", atomically: false, encoding: .utf8)
        #expect(Self.sees(root + "/week2/labs/b.md", in: watches), "a folder made later is watched, and the folders in it")

        try FileManager.default.moveItem(atPath: root + "/week2", toPath: root + "/week3")
        _ = watches.changes(waiting: 0.25)
        try "c".write(toFile: root + "/week3/labs/c.md", atomically: false, encoding: .utf8)
        #expect(Self.sees(root + "/week3/labs/c.md", in: watches), "a moved folder is watched under its new path")

        try FileManager.default.removeItem(atPath: root + "/week3")
        #expect(Self.sees(root + "/week3", in: watches), "a deleted folder is a change")
        #expect(warnings.isEmpty, "\(warnings)")
    }
}
