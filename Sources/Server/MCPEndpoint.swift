import Foundation
import Hummingbird
import LLM
import MCP
import NotesMCP
import ServiceLifecycle

/// `POST /mcp`: the tools and notes of `rag mcp` over MCP's Streamable HTTP, stateless (one JSON
/// response per request; the SDK's `StatelessHTTPServerTransport`). It sits behind the same token
/// and Host rules as the rest of the API. Runs as a service so that it stops with the server.
final class MCPEndpoint: Service, Sendable {
    private let notes: NotesServer
    private let transport = StatelessHTTPServerTransport()

    init(_ notes: NotesServer) {
        self.notes = notes
    }

    /// `ask_notes` through `/v1/ask`'s queue, so that one answer is generated at a time across
    /// both, and a full queue turns it away the same way.
    static func answering(through ask: AskEndpoint) -> NotesServer.Answering {
        { asker, question, settings in
            let (events, ticket) = try ask.answer(question, settings: settings, asker: asker)
            return try await withTaskCancellationHandler {
                try await AskEndpoint.whole(events)
            } onCancel: {
                ticket.cancel()
            }
        }
    }

    func run() async throws {
        let server = await notes.makeServer()
        try await server.start(transport: transport)
        try? await gracefulShutdown()
        await server.stop()
    }

    func respond(to request: Request) async throws -> Response {
        let body = try await request.body.collect(upTo: RequestLimits.bodyBytes)
        if let refusal = Self.refusal(of: Data(buffer: body)) { return refusal }
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let answer = await transport.handleRequest(
            MCP.HTTPRequest(method: request.method.rawValue, headers: headers, body: Data(buffer: body), path: request.uri.path))
        var fields = HTTPFields()
        for (name, value) in answer.headers {
            if let name = HTTPFields.Element.Name(name) { fields[name] = value }
        }
        return Response(
            status: .init(code: answer.statusCode), headers: fields, body: answer.bodyData.map { ResponseBody(byteBuffer: ByteBuffer(data: $0)) } ?? ResponseBody())
    }

    /// A message whose `id` is neither a string nor an integer (`true`, say) is refused here: the
    /// SDK's transport takes it for a request and waits for its response, which never comes, since
    /// the server cannot read the id back; the client would hang and the waiter stay for ever.
    static func refusal(of body: Data) -> Response? {
        struct Envelope: Decodable {
            let id: ID?

            struct ID: Decodable {
                init(from decoder: any Decoder) throws {
                    let container = try decoder.singleValueContainer()
                    if (try? container.decode(String.self)) == nil { _ = try container.decode(Int.self) }
                }
            }
        }
        guard (try? JSONSerialization.jsonObject(with: body)) is [String: Any], (try? JSONDecoder().decode(Envelope.self, from: body)) == nil else { return nil }
        let error = #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request: \"id\" must be a string or an integer"}}"#
        return Response(status: .badRequest, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: error)))
    }
}
