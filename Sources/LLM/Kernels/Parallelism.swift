import Dispatch
import Foundation

/// How a long job (embedding many texts, reading many files) spreads over the machine.
public enum Parallelism: Sendable {
    /// A piece per core at once, on Dispatch's shared threads: for a command that has the machine to itself.
    case everyCore
    /// One piece after another on the calling thread: for work inside a server, whose requests run
    /// on the shared threads that `everyCore` would fill for as long as the job lasts.
    case callingThread

    /// How many pieces run at once.
    public var width: Int {
        switch self {
        case .everyCore: Self.cores
        case .callingThread: 1
        }
    }

    /// Read once: Foundation reads it from /sys at each call, and embedding asks at every query.
    private static let cores = ProcessInfo.processInfo.activeProcessorCount

    /// Runs `body(i)` for every i in 0..<count and returns when all are done.
    public func forEach(_ count: Int, _ body: @Sendable (Int) -> Void) {
        switch self {
        case .everyCore: DispatchQueue.concurrentPerform(iterations: count, execute: body)
        case .callingThread: for i in 0..<count { body(i) }
        }
    }
}
