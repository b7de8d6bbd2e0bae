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
}
