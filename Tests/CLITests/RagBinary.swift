import Foundation

/// Runs the real `rag` executable that `swift build` put beside the test bundle.
enum RagBinary {
    struct TimedOut: Error, CustomStringConvertible {
        let description: String
    }

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The repository, from this file's place in it.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The `rag` that the same build made, never another one: a stale binary would test old code.
    static var url: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("rag")
        precondition(
            FileManager.default.isExecutableFile(atPath: beside.path),
            "no rag beside the test bundle at \(beside.path): build it with scripts/build.sh --build-tests")
        return beside
    }

    /// Runs rag to completion; output goes through files, so neither stream can fill up and stall it.
    /// A run that takes longer than `timeout` is killed and throws, so that a hang fails its test
    /// instead of stalling the whole suite.
    /// `input` is its stdin (else none). `executable` runs another program instead (a test client of rag's). `obeyingPermissions` runs it without root's power to override file modes, so that what is
    /// read-only for a user is read-only for it too (tests run as root on CI).
    static func run(
        _ arguments: [String], environment: [String: String] = [:], input: Data? = nil, timeout: Double = 900,
        obeyingPermissions: Bool = false, executable: URL? = nil
    ) throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rag-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (outURL, errURL) = (directory.appendingPathComponent("out"), directory.appendingPathComponent("err"))
        try Data().write(to: outURL)
        try Data().write(to: errURL)

        let process = Process()
        if obeyingPermissions && geteuid() == 0 {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--bounding-set=-dac_override,-dac_read_search,-fowner", (executable ?? url).path] + arguments
        } else {
            process.executableURL = executable ?? url
            process.arguments = arguments
        }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let input {
            let inURL = directory.appendingPathComponent("in")
            try input.write(to: inURL)
            process.standardInput = try FileHandle(forReadingFrom: inURL)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        guard process.exits(within: timeout) else {
            throw TimedOut(description: "\((executable ?? url).lastPathComponent) \(arguments.joined(separator: " ")) still running after \(timeout) s")
        }
        return Result(
            status: process.terminationStatus,
            stdout: try String(contentsOf: outURL, encoding: .utf8),
            stderr: try String(contentsOf: errURL, encoding: .utf8))
    }
}

extension Process {
    /// Waits at most `seconds` for the process to exit; one still running then is killed (SIGKILL)
    /// and reaped, and the answer is false. Every test waits for a child this way, so that a child
    /// that hangs fails one test instead of stalling the whole run.
    func exits(within seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while isRunning && Date() < deadline { usleep(20_000) }
        guard isRunning else {
            waitUntilExit()
            return true
        }
        kill(processIdentifier, SIGKILL)
        waitUntilExit()
        return false
    }
}
