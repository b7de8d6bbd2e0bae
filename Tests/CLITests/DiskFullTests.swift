import Foundation
import Testing

/// An ingest that runs out of room stops with an error that says so, and leaves the store whole:
/// `rag verify` passes at the generation before it, no part-written file is left taking room, and
/// the next ingest, given room, completes.
@Suite(.serialized) struct DiskFullTests {
    /// A file size limit (RLIMIT_FSIZE, with SIGXFSZ ignored so that writes fail with EFBIG rather
    /// than the process being killed): works for any user and in any container.
    @Test func anIngestPastAFileSizeLimitFailsClearlyAndLeavesTheStoreWhole() throws {
        try checkOutOfRoom { store, command in
            // The limit lets the store's files grow by a few KiB, far less than four more notes need.
            let largest =
                try FileManager.default.contentsOfDirectory(atPath: store + "/default").map { name in
                    (try FileManager.default.attributesOfItem(atPath: store + "/default/" + name)[.size] as? Int) ?? 0
                }.max() ?? 0
            let kib = largest / 1024 + 8
            return try RagBinary.run(["-c", "trap '' XFSZ; ulimit -f \(kib); exec \"$0\" \"$@\"", RagBinary.url.path] + command, executable: URL(fileURLWithPath: "/bin/bash"))
        }
    }

    /// A real full disk (ENOSPC): the store on a small tmpfs. Needs the right to mount (root outside
    /// a restricted container); where mounting is refused the test says so and checks nothing more.
    @Test func anIngestOntoAFullDiskFailsClearlyAndLeavesTheStoreWhole() throws {
        try checkOutOfRoom(storeOnTmpfs: true) { store, command in
            // Fill the disk but for a few KiB, so that the store cannot grow by four more notes.
            let filler = store + "/../filler"
            let free = try Self.freeBytes(store)
            try Data(count: max(0, free - 24 * 1024)).write(to: URL(fileURLWithPath: filler))
            defer { try? FileManager.default.removeItem(atPath: filler) }
            return try RagBinary.run(command)
        }
    }

    /// Ingests one note, has `runOutOfRoom` run an ingest of five with too little room, then checks the failure and the store.
    private func checkOutOfRoom(
        storeOnTmpfs: Bool = false, _ runOutOfRoom: (_ store: String, _ command: [String]) throws -> RagBinary.Result
    ) throws {
        let space = try StoreCommandTests.workspace()
        defer { try? FileManager.default.removeItem(at: space.root) }
        if storeOnTmpfs {
            try FileManager.default.createDirectory(atPath: space.root.path + "/disk", withIntermediateDirectories: true)
            let mount = try RagBinary.run(["-t", "tmpfs", "-o", "size=16m", "tmpfs", space.root.path + "/disk"], executable: URL(fileURLWithPath: "/bin/mount"))
            guard mount.status == 0 else {
                print("DiskFullTests: cannot mount a tmpfs here (\(mount.stderr.trimmingCharacters(in: .whitespacesAndNewlines))); the file size limit test covers a write failure")
                return
            }
        }
        defer { if storeOnTmpfs { _ = try? RagBinary.run([space.root.path + "/disk"], executable: URL(fileURLWithPath: "/bin/umount")) } }
        let store = storeOnTmpfs ? space.root.path + "/disk/store" : space.store
        let first = space.notes + "/" + StoreCommandTests.sample[0]
        #expect(try RagBinary.run(["ingest", first, "--store", store]).status == 0)
        let before = try StoreCommandTests.json(try RagBinary.run(["stats", "--json", "--store", store]).stdout)

        let failed = try runOutOfRoom(store, ["ingest", space.notes, "--store", store])
        #expect(failed.status == 1, "\(failed.stderr)")
        #expect(failed.stderr.contains("cannot write ") && failed.stderr.contains("Is the disk full"), "\(failed.stderr)")
        #expect(failed.stderr.contains("Nothing of this commit was recorded"), "\(failed.stderr)")

        let verify = try RagBinary.run(["verify", "--store", store])
        #expect(verify.status == 0 && verify.stdout.contains("consistent"), "\(verify.stdout)\(verify.stderr)")
        let after = try StoreCommandTests.json(try RagBinary.run(["stats", "--json", "--store", store]).stdout)
        #expect(after["generation"] as? Int == before["generation"] as? Int && after["documents"] as? Int == 1, "\(after)")
        let files = try FileManager.default.contentsOfDirectory(atPath: store + "/default")
        #expect(files.filter { $0.hasPrefix("index-") } == ["index-00000001.faiss"], "a failed commit left \(files)")

        let again = try RagBinary.run(["ingest", space.notes, "--store", store])
        #expect(again.status == 0, "\(again.stderr)")
        let whole = try StoreCommandTests.json(try RagBinary.run(["stats", "--json", "--store", store]).stdout)
        #expect(whole["documents"] as? Int == StoreCommandTests.sample.count)
        #expect(try RagBinary.run(["verify", "--store", store]).status == 0)
    }

    static func freeBytes(_ path: String) throws -> Int {
        var status = statvfs()
        guard statvfs(path, &status) == 0 else { throw RagServer.Failure("statvfs \(path): \(errno)") }
        return Int(status.f_bavail) * Int(status.f_frsize)
    }
}
