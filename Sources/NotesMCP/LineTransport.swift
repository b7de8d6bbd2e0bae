import Foundation
import Logging
import MCP

/// MCP's stdio transport, newline-delimited JSON-RPC on stdin and stdout, read by a thread that
/// blocks on stdin. The SDK's `StdioTransport` polls a non-blocking stdin and sleeps 10 ms
/// whenever nothing is there, which added 10 ms to every call (bench/tools); blocking reads answer
/// as soon as a message arrives.
actor LineTransport: Transport {
    nonisolated let logger = Logger(label: "rag.mcp.stdio", factory: { _ in SwiftLogNoOpLogHandler() })
    private let messages: AsyncThrowingStream<Data, any Error>
    private let continuation: AsyncThrowingStream<Data, any Error>.Continuation
    private var reader: Thread?

    init() {
        (messages, continuation) = AsyncThrowingStream.makeStream(of: Data.self)
    }

    func connect() async throws {
        let continuation = continuation
        let thread = Thread {
            var pending = Data()
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let count = read(STDIN_FILENO, &buffer, buffer.count)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }  // end of input, or an error: the client is gone
                pending.append(contentsOf: buffer[0..<count])
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = pending[pending.startIndex..<newline]
                    if !line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) { continuation.yield(Data(line)) }
                    pending = Data(pending[pending.index(after: newline)...])
                }
            }
            continuation.finish()
        }
        thread.name = "rag mcp stdin"
        thread.start()
        reader = thread
    }

    func disconnect() async {
        continuation.finish()
    }

    func send(_ data: Data) async throws {
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }

    nonisolated func receive() -> AsyncThrowingStream<Data, any Error> {
        messages
    }
}
