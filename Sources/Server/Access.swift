import Crypto
import Foundation
import Hummingbird

/// With `--token`, every request must carry `Authorization: Bearer TOKEN`, except `GET /`: the page
/// is static (no notes in it) and asks for the token itself, since a browser cannot be told to send one.
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let isPage = request.method == .get && request.uri.path == "/"
        guard isPage || Self.same(request.headers[.authorization] ?? "", "Bearer " + token) else {
            let reason = request.headers[.authorization] == nil ? "this server needs a token" : "the token is wrong"
            throw APIError(
                .unauthorized, "\(reason): send Authorization: Bearer TOKEN (the --token given to rag serve)",
                headers: [.wwwAuthenticate: "Bearer"])
        }
        return try await next(request, context)
    }

    /// Compares in time that depends on neither text: both are hashed first (so lengths do not
    /// show), then every byte of the digests is looked at.
    static func same(_ given: String, _ expected: String) -> Bool {
        let (a, b) = (SHA256.hash(data: Data(given.utf8)), SHA256.hash(data: Data(expected.utf8)))
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// On loopback without a token, only requests addressed to a loopback name are answered. A web
/// page whose domain an attacker re-points at 127.0.0.1 (DNS rebinding) reaches the port, but its
/// requests still carry the attacker's host name.
struct LoopbackHostMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let authority = request.head.authority, !Loopback.isName(Self.host(of: authority)) {
            throw APIError(.forbidden, "this server answers requests to localhost or 127.0.0.1 only, not \(authority)")
        }
        return try await next(request, context)
    }

    /// "127.0.0.1:8080" → "127.0.0.1", "[::1]:8080" → "::1", "localhost" → "localhost".
    static func host(of authority: String) -> String {
        if authority.hasPrefix("["), let end = authority.firstIndex(of: "]") {
            return String(authority[authority.index(after: authority.startIndex)..<end])
        }
        return String(authority.split(separator: ":", maxSplits: 1).first ?? "")
    }
}

/// Names and addresses that only this machine reaches.
enum Loopback {
    /// An address to listen on: 127.0.0.0/8, ::1 or localhost.
    static func isAddress(_ host: String) -> Bool {
        var address = in_addr()
        return host == "localhost" || host == "::1"
            || inet_pton(AF_INET, host, &address) == 1 && UInt32(bigEndian: address.s_addr) >> 24 == 127
    }

    /// A name in a Host header: also *.localhost, which browsers resolve to loopback themselves.
    static func isName(_ host: String) -> Bool {
        let host = host.lowercased()
        return isAddress(host) || host.hasSuffix(".localhost")
    }
}
