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

    /// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
    static var usesColour: Bool {
        isatty(STDERR_FILENO) == 1 && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
    }

    static var isInteractive: Bool { isatty(STDERR_FILENO) == 1 }

    static func paint(_ text: String, code: String) -> String {
        usesColour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
