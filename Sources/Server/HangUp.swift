import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// The request context of `rag serve`: Hummingbird's basic one, plus the connection, so that a
/// long request can learn that its client has hung up.
struct ServeRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

/// Tells whether the client of a long request has hung up. Hummingbird does not cancel a handler
/// whose client has gone, and nothing reads the connection while a response is pending (NIO holds
/// reads back so that requests do not pipeline), so the client's end of file is never seen there;
/// a client that sends its request and closes at once has even been read to the end already. The
/// kernel knows: the TCP state leaves ESTABLISHED when the client closes (or half-closes: a client
/// that stops sending is taken to have gone too).
final class HangUpWatch: Sendable {
    private let channel: any Channel
    private let gone = Atomic(false)
    /// When the kernel was last asked (uptime in nanoseconds): at most every `interval`, since
    /// every question is a turn on the connection's event loop.
    private let lastAsked = Atomic<UInt64>(0)
    static let interval: UInt64 = 200_000_000

    init(_ channel: any Channel) {
        self.channel = channel
    }

    /// Whether the client has closed its side of the connection, or the connection is gone.
    /// Blocks briefly on the connection's event loop, so call it from a thread of your own.
    var clientGone: Bool {
        if gone.load(ordering: .relaxed) { return true }
        let now = DispatchTime.now().uptimeNanoseconds
        let last = lastAsked.load(ordering: .relaxed)
        guard now - last >= Self.interval, lastAsked.compareExchange(expected: last, desired: now, ordering: .relaxed).exchanged else {
            return false
        }
        let closed = !channel.isActive || (try? channel.getOption(Self.tcpState).wait()).map { $0 & 0xFF != Self.established } ?? false
        if closed { gone.store(true, ordering: .relaxed) }
        return closed
    }

    /// TCP_INFO begins with the connection's state (one byte, `tcpi_state`); NIO reads the first
    /// four bytes of it as an integer.
    private static let tcpState = ChannelOptions.Types.SocketOption(level: SocketOptionLevel(IPPROTO_TCP), name: SocketOptionName(TCP_INFO))
    /// TCP_ESTABLISHED in linux/tcp_states.h.
    private static let established: Int32 = 1
}
