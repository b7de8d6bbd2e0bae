import Foundation
import Testing

/// A real `rag ingest --watch` as a child process, its stderr kept in a file to read as it grows.
final class RagWatcher {
    let process = Process()
    let log: URL

    /// Starts `rag ingest --watch ARGUMENTS` and waits for its first sync's summary.
    init(_ arguments: [String]) throws {
        log = FileManager.default.temporaryDirectory.appendingPathComponent("rag-watch-\(UUID().uuidString).log")
        try Data().write(to: log)
        process.executableURL = RagBinary.url
        process.arguments = ["ingest", "--watch"] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        try Self.eventually("the first sync of rag ingest --watch", limit: 120) { self.syncs >= 1 || !self.process.isRunning }
        guard process.isRunning else { throw Failure("rag ingest --watch exited: \(stderr)") }
    }

    var stderr: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// The sync summaries printed so far, one per sync that changed the store (and the first).
    var syncs: Int { stderr.split(separator: "\n").filter { $0.hasPrefix("synced: ") }.count }

    /// Sends `signal` and waits for the exit; returns the exit status. A watcher still running a
    /// minute later is killed and the test fails.
    @discardableResult
    func stop(_ signal: Int32 = SIGTERM) -> Int32 {
        if process.isRunning { kill(process.processIdentifier, signal) }
        if !process.exits(within: 60) { Issue.record("rag ingest --watch did not stop within 60 s: \(stderr.suffix(2000))") }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: log)
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Polls `check` until it holds, and returns the seconds that took; throws once `limit` seconds
    /// have passed (a guard against waiting for ever on a machine shared with other builds, not a
    /// measured speed).
    @discardableResult
    static func eventually(_ what: String, limit: Double = 30, _ check: () throws -> Bool) throws -> Double {
        let start = Date()
        while try !check() {
            guard Date().timeIntervalSince(start) < limit else { throw Failure("not after \(Int(limit)) s: \(what)") }
            usleep(100_000)
        }
        return Date().timeIntervalSince(start)
    }
}
