import CEditLine
import Foundation

/// The lines `rag chat` reads: through libedit on a terminal (editing, and history with the arrow
/// keys), plain lines otherwise, so that `printf 'q1\nq2\n' | rag chat` works.
public struct LineInput {
    public let interactive = isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0

    public init() {}

    /// The next line, or nil at the end of input (Ctrl-D).
    public func next(prompt: String) -> String? {
        guard interactive else { return readLine() }
        guard let line = readline(prompt) else { return nil }
        defer { free(line) }
        if line.pointee != 0 { add_history(line) }
        return String(cString: line)
    }
}
