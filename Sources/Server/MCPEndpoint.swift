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

    /// `ask_notes` through the queue `/v1/ask` uses, so that one answer is generated at a time
    /// across both, and a full queue turns it away the same way.
    static func answering(through queue: GenerationQueue) -> NotesServer.Answering {
        { asker, question, settings in
            try await withCheckedThrowingContinuation { reply in
                do throws(GenerationQueue.Refusal) {
                    _ = try queue.submit { ticket in
                        guard !ticket.shouldStop else {
                            reply.resume(throwing: MCPError.internalError("the server is shutting down"))
                            return false
                        }
                        do {
                            reply.resume(returning: try asker.ask(question, settings: settings) { _ in !ticket.shouldStop })
                            return true
                        } catch {
                            reply.resume(throwing: error)
                            return false
                        }
                    }
                } catch {
                    let reason =
                        switch error {
                        case .full(let seconds): "busy: other answers are being written; try again in \(seconds) s"
                        case .shuttingDown: "the server is shutting down"
                        }
                    reply.resume(throwing: MCPError.internalError(reason))
                }
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
