import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real `rag serve` on a free loopback port (`--port 0`; the port is read from what it prints).
final class RagServer: @unchecked Sendable {  // port is set once, in init; requests only read it
    let process = Process()
    let log: URL
    private(set) var port = 0

    var base: String { "http://127.0.0.1:\(port)" }

    /// Starts `rag serve ARGUMENTS --port 0` and waits until it listens.
    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        log = FileManager.default.temporaryDirectory.appendingPathComponent("rag-serve-\(UUID().uuidString).log")
        try Data().write(to: log)
        process.executableURL = RagBinary.url
        process.arguments = ["serve", "--port", "0"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline && process.isRunning {
            if let match = stderr.firstMatch(of: /listening on http:\/\/[^ ]*:(\d+)\//) {
                port = Int(match.output.1)!
                return
            }
            usleep(50_000)
        }
        process.terminate()
        throw Failure("rag serve did not start: \(stderr)")
    }

    var stderr: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// SIGTERM, as a service manager stops it; returns the exit status. A server still running a
    /// minute later is killed and the test fails.
    @discardableResult
    func stop() -> Int32 {
        if process.isRunning { process.terminate() }
        if !process.exits(within: 60) { Issue.record("rag serve did not stop within 60 s of SIGTERM: \(stderr.suffix(2000))") }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(at: log)
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    struct Reply {
        let status: Int
        let headers: [String: String]
        let body: Data

        var text: String { String(decoding: body, as: UTF8.self) }
        func json() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any] else { throw Failure("not a JSON object: \(text)") }
            return object
        }
        /// The message of a JSON error body.
        var error: String? { (try? json())?["error"] as? String }
        /// Header values by lower-cased name.
        func header(_ name: String) -> String? { headers[name.lowercased()] }
    }

    /// One request through URLSession, as any HTTP client would send it.
    func request(_ path: String, method: String = "GET", json: String? = nil, headers: [String: String] = [:]) async throws -> Reply {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        request.timeoutInterval = 300
        if let json {
            request.httpBody = Data(json.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (body, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for case (let name as String, let value as String) in http.allHeaderFields { fields[name.lowercased()] = value }
        return Reply(status: http.statusCode, headers: fields, body: body)
    }

    func post(_ path: String, json: String, headers: [String: String] = [:]) async throws -> Reply {
        try await request(path, method: "POST", json: json, headers: headers)
    }

    /// Bytes exactly as given, for requests a well-behaved client would not send (a foreign Host,
    /// an oversized body); reads until the server closes. Returns the status and the whole reply.
    func raw(_ head: String, body: Data = Data()) throws -> (status: Int, text: String) {
        let reply = Data(try exchange(head, body: body).map(\.bytes).joined())
        let text = String(decoding: reply, as: UTF8.self)
        guard let status = text.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap({ Int($0) }) else {
            throw Failure("no HTTP status in \(text.prefix(200))")
        }
        return (status, text)
    }

    /// A streamed reply: its status, the Server-Sent Events in it, and when each event arrived.
    struct EventStream: @unchecked Sendable {  // immutable; the JSON values are plain property-list types
        let status: Int
        let head: String
        let events: [(name: String, data: [String: Any], seconds: Double)]
    }

    /// POSTs `json` with `Connection: close` and reads Server-Sent Events as they arrive, to the
    /// end or, with `leavingAfter`, until that text has come and then hangs up.
    func events(_ path: String, json: String, leavingAfter text: String? = nil) throws -> EventStream {
        let body = Data(json.utf8)
        let arrivals = try exchange(
            "POST \(path) HTTP/1.1\nHost: 127.0.0.1\nContent-Type: application/json\nContent-Length: \(body.count)\nConnection: close\n\n",
            body: body, until: text.map { Data($0.utf8) })
        var received = Data()
        var marks: [(end: Int, seconds: Double)] = []
        for arrival in arrivals {
            received += arrival.bytes
            marks.append((received.count, arrival.seconds))
        }
        let separator = Data("\r\n\r\n".utf8)
        guard let headEnd = received.firstRange(of: separator) else { throw Failure("no HTTP head") }
        let head = String(decoding: received[..<headEnd.lowerBound], as: UTF8.self)
        let status = Int(head.split(separator: " ")[1]) ?? 0
        // chunked transfer encoding: "SIZE\r\nBYTES\r\n" until size 0; every event is one chunk
        var events: [(name: String, data: [String: Any], seconds: Double)] = []
        var cursor = headEnd.upperBound
        while let line = received[cursor...].firstRange(of: Data("\r\n".utf8)),
            let size = Int(String(decoding: received[cursor..<line.lowerBound], as: UTF8.self), radix: 16), size > 0
        {
            let chunkEnd = line.upperBound + size
            let seconds = marks.first { $0.end >= chunkEnd }?.seconds ?? -1
            for block in String(decoding: received[line.upperBound..<chunkEnd], as: UTF8.self).components(separatedBy: "\n\n") {
                let lines = block.split(separator: "\n")
                guard let name = lines.first(where: { $0.hasPrefix("event: ") })?.dropFirst(7),
                    let data = lines.first(where: { $0.hasPrefix("data: ") })?.dropFirst(6),
                    let object = try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any]
                else { continue }
                events.append((String(name), object, seconds))
            }
            cursor = chunkEnd + 2
        }
        return EventStream(status: status, head: head, events: events)
    }

    /// Sends the bytes on a new connection and reads until the server closes it (or `until` has
    /// come), noting when each part came.
    private func exchange(_ head: String, body: Data, until: Data? = nil) throws -> [(seconds: Double, bytes: Data)] {
        let fd = try connected(sending: head, body: body)
        defer { close(fd) }
        let start = Date()
        var arrivals: [(seconds: Double, bytes: Data)] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            arrivals.append((Date().timeIntervalSince(start), Data(buffer[0..<count])))
            if let until, Data(arrivals.map(\.bytes).joined()).firstRange(of: until) != nil { break }
        }
        return arrivals
    }

    /// Sends the bytes, then one more "a" every fifth of a second (a client that trickles its
    /// request), and waits for the server to close the connection: true when it did, false when it
    /// was still open after `patience` seconds (a guard against waiting for ever, not a measured time).
    func closes(afterSending head: String, body: Data = Data(), patience: Double) throws -> Bool {
        let fd = try connected(sending: head, body: body)
        defer { close(fd) }
        var limit = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 4096)
        for _ in 0..<Int(patience * 5) {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count == 0 { return true }
            if count < 0 && errno != EAGAIN && errno != EWOULDBLOCK { return true }
            var byte = UInt8(ascii: "a")
            if send(fd, &byte, 1, Int32(MSG_NOSIGNAL)) < 0 { return true }
        }
        return false
    }

    /// Sends a request and hangs up at once, as a client that gives up does.
    func sendAndHangUp(_ head: String, body: Data = Data()) throws {
        close(try connected(sending: head, body: body))
    }

    /// A new connection on which the request has been sent.
    private func connected(sending head: String, body: Data) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure("socket: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw Failure("connect: \(errno)")
        }
        let bytes = Data(head.replacingOccurrences(of: "\n", with: "\r\n").utf8) + body
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        return fd
    }
}
