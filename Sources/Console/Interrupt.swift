import Dispatch
public import Foundation
import Synchronization

/// Ctrl-C while generating: the answer stops after the current token and the command ends normally.
/// (`rag ingest --watch` stops the same way on SIGTERM too.)
public final class Interrupt: @unchecked Sendable {  // `sources` are set once and only kept alive
    private let flag = Atomic<Bool>(false)
    private let sources: [any DispatchSourceSignal]

    public init(_ signals: [Int32] = [SIGINT]) {
        sources = signals.map { number in
            signal(number, SIG_IGN)
            return DispatchSource.makeSignalSource(signal: number, queue: .global())
        }
        for source in sources {
            source.setEventHandler { [weak self] in self?.flag.store(true, ordering: .relaxed) }
            source.resume()
        }
    }

    public var happened: Bool { flag.load(ordering: .relaxed) }

    /// Forgets a Ctrl-C already handled, so that the next answer runs.
    public func reset() { flag.store(false, ordering: .relaxed) }
}
