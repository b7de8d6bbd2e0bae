import Foundation
import Synchronization

/// A one-line progress bar on stderr, drawn only on a terminal and at most ten times a second.
/// `advance` may be called from any thread.
final class ProgressBar: Sendable {
    private struct State {
        var done = 0
        var lastDraw: Double = 0
    }

    private let label: String
    private let total: Int
    private let unit: String
    private let start = Date()
    private let state = Mutex(State())
    private let enabled = Terminal.isInteractive

    init(_ label: String, total: Int, unit: String) {
        self.label = label
        self.total = max(total, 1)
        self.unit = unit
    }

    func advance(by amount: Int) {
        guard enabled else { return }
        let line: String? = state.withLock { state in
            state.done += amount
            let elapsed = Date().timeIntervalSince(start)
            guard elapsed - state.lastDraw >= 0.1 || state.done >= total else { return nil }
            state.lastDraw = elapsed
            return render(done: state.done, elapsed: elapsed)
        }
        if let line { FileHandle.standardError.write(Data(("\r" + line + "\u{1B}[K").utf8)) }
    }

    /// Clears the bar so that the next message starts on a clean line.
    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    private func render(done: Int, elapsed: Double) -> String {
        let fraction = min(1, Double(done) / Double(total))
        let width = 24
        let filled = Int(fraction * Double(width))
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let remaining = rate > 0 ? Double(total - done) / rate : 0
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        return "\(label) \(bar) \(Int(fraction * 100))% \(done)/\(total) \(unit) · \(Int(rate)) \(unit)/s · ETA \(Int(remaining.rounded()))s"
    }
}
