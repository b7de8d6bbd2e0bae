public import Foundation

/// Diagnostics, progress and timings go to stderr so that stdout carries only results.
public enum Terminal {
    /// A message on stderr; what it quotes from notes and file names is made `safe`.
    public static func note(_ message: String) {
        write(safe(message))
    }

    /// Prints "error: …" on stderr (red on a colour terminal).
    public static func error(_ message: String) {
        write(paint("error: ", code: "31") + safe(message))
    }

    /// What a store says as it opens (an index rebuilt, say), as a note.
    public static func notice(_ message: String) {
        note("notice: \(message)")
    }

    /// Prints "warning: …" on stderr (yellow on a colour terminal).
    public static func warn(_ message: String) {
        write(paint("warning: ", code: "33") + safe(message))
    }

    private static func write(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Text from a note or a file name as a terminal may show it. A note or a file name can hold
    /// control characters, and a terminal obeys them: ESC sequences move the cursor, rewrite lines,
    /// set the window title or the clipboard. Every C0 and C1 control but tab and newline becomes
    /// `?`, which leaves an ESC sequence inert; `oneLine` (a path, a heading) shows a newline or a
    /// carriage return as `\n` or `\r`, so that it cannot break the line it is on.
    /// `--json` output needs none of this: JSON escapes every control character.
    public static func safe(_ text: String, oneLine: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var shown = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n" where oneLine: shown += "\\n".unicodeScalars
            case "\r" where oneLine: shown += "\\r".unicodeScalars
            case "\n", "\t": shown.append(scalar)
            case _ where isControl(scalar): shown.append("?")
            default: shown.append(scalar)
            }
        }
        return String(shown)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// Bold for results on stdout.
    public static func bold(_ text: String) -> String { paint(text, code: "1", on: STDOUT_FILENO) }

    /// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
    public static func usesColour(on stream: Int32) -> Bool {
        isatty(stream) == 1 && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
    }

    public static var isInteractive: Bool { isatty(STDERR_FILENO) == 1 }

    public static func paint(_ text: String, code: String, on stream: Int32 = STDERR_FILENO) -> String {
        usesColour(on: stream) ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
