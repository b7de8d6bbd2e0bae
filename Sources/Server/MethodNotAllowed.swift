import Foundation
import Hummingbird

/// A request to a route by a method it does not take gets 405 with `Allow`, as HTTP asks, rather
/// than the router's 404, which would tell the client the path does not exist. The routes and
/// their methods are read from the OpenAPI document, which schemathesis holds to the router.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            guard let allowed = OpenAPI.methods(of: request.uri.path), !allowed.contains(request.method.rawValue) else { throw error }
            let allow = allowed.sorted().joined(separator: ", ")
            throw APIError(.methodNotAllowed, "\(request.uri.path) takes \(allow), not \(request.method.rawValue)", headers: [.allow: allow])
        }
    }
}

extension OpenAPI {
    /// The methods of the documented route that `path` matches, if any.
    static func methods(of path: String) -> Set<String>? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        return routes.first { route in
            route.segments.count == segments.count && zip(route.segments, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }?.methods
    }

    /// Each documented path, split at "/" ("{id}" matches any segment), with its methods in upper case.
    private static let routes: [(segments: [Substring], methods: Set<String>)] = {
        let document = try? JSONSerialization.jsonObject(with: Data(OpenAPI.document.utf8)) as? [String: Any]
        let paths = document?["paths"] as? [String: [String: Any]] ?? [:]
        return paths.map { path, operations in
            (path.split(separator: "/", omittingEmptySubsequences: false), Set(operations.keys.map { $0.uppercased() }))
        }
    }()
}
