import Foundation
import Synchronization

/// A one-line progress bar on stderr, drawn only on a terminal and at most ten times a second.
/// `advance` may be called from any thread.
public final class ProgressBar: Sendable {
    private struct State {
        var done = 0
        var total = 1
        var started: Date?
        var lastDraw: Double = 0
        var shown = false
    }

    private let label: String
    private let unit: String
    private let state = Mutex(State())
    private let enabled = Terminal.isInteractive

    public init(_ label: String, total: Int = 1, unit: String) {
        self.label = label
        self.unit = unit
        state.withLock { $0.total = max(total, 1) }
    }

    public func advance(by amount: Int) {
        redraw { $0.done += amount }
    }

    public func update(done: Int, total: Int) {
        redraw {
            $0.done = done
            $0.total = max(total, 1)
        }
    }

    private func redraw(_ change: (inout State) -> Void) {
        guard enabled else { return }
        let line: String? = state.withLock { state in
            change(&state)
            let now = Date()
            let started = state.started ?? now
            state.started = started
            let elapsed = now.timeIntervalSince(started)
            guard !state.shown || elapsed - state.lastDraw >= 0.1 || state.done >= state.total else { return nil }
            state.lastDraw = elapsed
            state.shown = true
            return render(done: state.done, total: state.total, elapsed: elapsed)
        }
        if let line { FileHandle.standardError.write(Data(("\r" + line + "\u{1B}[K").utf8)) }
    }

    /// Clears the bar, if it was drawn, so that the next message starts on a clean line.
    public func finish() {
        let shown = state.withLock { state in
            defer { state.shown = false }
            return state.shown
        }
        if enabled && shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    private func render(done: Int, total: Int, elapsed: Double) -> String {
        let fraction = min(1, Double(done) / Double(total))
        let width = 24
        let filled = Int(fraction * Double(width))
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let remaining = rate > 0 ? Double(total - done) / rate : 0
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        return "\(label) \(bar) \(Int(fraction * 100))% \(done)/\(total) \(unit) · \(Int(rate)) \(unit)/s · ETA \(Int(remaining.rounded()))s"
    }
}
