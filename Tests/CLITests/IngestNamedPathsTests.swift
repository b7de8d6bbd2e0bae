import Foundation
import Testing

/// What `rag ingest` does with paths named on its command line that are not notes.
@Suite(.serialized) struct IngestNamedPathsTests {
    /// A named pipe, a socket or a device named on the command line is refused with a warning that
    /// names it, and the notes named beside it are ingested; nothing waits for a writer that never comes.
    @Test func aFIFOSocketOrDeviceNamedOnTheCommandLineIsRefused() throws {
        let space = try StoreCommandTests.workspace(files: ["labs/lab-instructions.md"])
        defer { try? FileManager.default.removeItem(at: space.root) }
        let fifo = space.notes + "/notes.md"
        #expect(mkfifo(fifo, 0o644) == 0)
        let socketPath = space.notes + "/socket.md"
        let listening = try Self.bindSocket(at: socketPath)
        defer { close(listening) }
        let lab = space.notes + "/labs/lab-instructions.md"

        let ingest = try RagBinary.run(
            ["ingest", "--store", space.store, fifo, socketPath, "/dev/zero", lab], timeout: 120)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stderr.contains("\(fifo): not read: a named pipe (FIFO)"), "\(ingest.stderr)")
        #expect(ingest.stderr.contains("\(socketPath): not read: a socket"), "\(ingest.stderr)")
        #expect(ingest.stderr.contains("/dev/zero: not read: a character device"), "\(ingest.stderr)")
        #expect(ingest.stderr.contains("1 added"), "\(ingest.stderr)")

        // The lock was released: the next writer does not wait.
        let again = try RagBinary.run(["ingest", "--store", space.store, "--wait", "0", fifo], timeout: 60)
        #expect(again.status == 1 && again.stderr.contains("named pipe"), "\(again.stderr)")
        #expect(try space.rag(["verify"]).status == 0)
    }

    /// A Unix socket bound at `path`, as a running program would leave one.
    static func bindSocket(at path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: path.utf8.prefix(raw.count - 1))
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard fd >= 0, bound == 0 else { throw RagServer.Failure("cannot bind a socket at \(path): errno \(errno)") }
        return fd
    }
}
