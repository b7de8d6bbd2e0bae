import ArgumentParser
import Foundation

/// Diagnostics, progress and timings go to stderr so that stdout carries only results.
enum Terminal {
    static func note(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// Prints "error: …" on stderr (red on a colour terminal) and returns exit code 1 to throw.
    static func fail(_ message: String) -> ExitCode {
        note(paint("error: ", code: "31") + message)
        return .failure
    }

    /// Prints "warning: …" on stderr (yellow on a colour terminal).
    static func warn(_ message: String) {
        note(paint("warning: ", code: "33") + message)
    }

    /// Bold for results on stdout.
    static func bold(_ text: String) -> String { paint(text, code: "1", on: STDOUT_FILENO) }

    /// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
    static func usesColour(on stream: Int32) -> Bool {
        isatty(stream) == 1 && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
    }

    static var isInteractive: Bool { isatty(STDERR_FILENO) == 1 }

    static func paint(_ text: String, code: String, on stream: Int32 = STDERR_FILENO) -> String {
        usesColour(on: stream) ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
