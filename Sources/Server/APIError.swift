import Foundation
import Hummingbird
import NIOHTTP1
import VectorIndex

/// A request `rag serve` turns down, answered as `{"error": "..."}` with its HTTP status.
struct APIError: Error, CustomStringConvertible {
    let status: HTTPResponse.Status
    let message: String
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    var description: String { message }

    /// `{"error": "..."}`, or for the OpenAI-compatible routes the shape their clients read,
    /// `{"error": {"message", "type", "param", "code"}}`.
    func response(openAIShape: Bool) -> Response {
        var response =
            openAIShape ? JSONResponse.make(["error": OpenAIBody(message: message, status: status)], status: status) : JSONResponse.make(["error": message], status: status)
        response.headers.append(contentsOf: headers)
        return response
    }

    struct OpenAIBody: Encodable {
        let message: String
        let type: String
        let param: String? = nil
        let code: String? = nil

        init(message: String, status: HTTPResponse.Status) {
            self.message = message
            type =
                switch status.code {
                case 401: "authentication_error"
                case 404: "not_found_error"
                case 429, 503: "rate_limit_error"
                case 400..<500: "invalid_request_error"
                default: "server_error"
                }
        }
    }
}

/// Every error becomes JSON: ours as they are, Hummingbird's (no route, body too large) with their
/// status, a request NIO's parser found malformed while the body was read (broken chunked
/// encoding) as the client's 400, anything else as a 500 that names it, so a client never has to
/// parse HTML or nothing.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let openAIShape = OpenAIRoutes.paths.contains(request.uri.path)
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return error.response(openAIShape: openAIShape)
        } catch let error as HTTPError {
            return APIError(error.status, error.body ?? Self.message(for: error.status), headers: error.headers).response(openAIShape: openAIShape)
        } catch let error as any HTTPResponseError {
            return APIError(error.status, Self.message(for: error.status)).response(openAIShape: openAIShape)
        } catch let error as HTTPParserError {
            return APIError(.badRequest, "the request is malformed: \(error)").response(openAIShape: openAIShape)
        } catch {
            context.logger.error("\(request.method) \(request.uri.path) failed: \(error)")
            return APIError(.internalServerError, "\(error)").response(openAIShape: openAIShape)
        }
    }

    static func message(for status: HTTPResponse.Status) -> String {
        switch status {
        case .notFound: "no such endpoint; see GET / or the README's Serving section"
        case .contentTooLarge: "the request body is larger than \(RequestLimits.bodyBytes / 1024) KiB"
        default: status.reasonPhrase
        }
    }
}

/// JSON bodies, encoded as the CLI's `--json` output (snake_case keys) on one line.
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        // Encoding our own report types cannot fail; should it, the client still gets JSON.
        let data = (try? ReportJSON.encode(value, pretty: false)) ?? Data(#"{"error":"the response could not be encoded"}"#.utf8)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
