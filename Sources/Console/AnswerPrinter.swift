import Foundation
import Retriever

/// An answer printed as it streams: its Markdown as plain text (`PlainAnswerStream`), made safe.
public struct AnswerPrinter {
    private var stream = PlainAnswerStream()
    /// Off for `--json`, which prints the whole answer at the end instead.
    private let printing: Bool

    public init(printing: Bool = true) {
        self.printing = printing
    }

    public mutating func print(_ piece: String) {
        if printing { Output.print(Terminal.safe(stream.add(piece))) }
    }

    /// Prints what the stream held back at the end of the answer.
    public mutating func finish() {
        if printing { Output.print(Terminal.safe(stream.finish())) }
    }
}
