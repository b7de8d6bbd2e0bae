import Foundation
import Hummingbird
import VectorIndex

/// One Server-Sent Event: an optional name and its data, JSON on one line (so text with line
/// breaks stays one event).
struct ServerSentEvent: Sendable {
    let name: String?
    let data: Data

    init(_ name: String?, _ value: some Encodable) {
        self.name = name
        data = (try? ReportJSON.encode(value, pretty: false)) ?? Data(#"{"error":"the event could not be encoded"}"#.utf8)
    }

    /// An event whose data is `text` as it is, such as OpenAI's closing `[DONE]`.
    init(unnamed text: String) {
        name = nil
        data = Data(text.utf8)
    }

    var bytes: ByteBuffer {
        var buffer = ByteBuffer(string: name.map { "event: \($0)\n" } ?? "")
        buffer.writeString("data: ")
        buffer.writeBytes(data)
        buffer.writeString("\n\n")
        return buffer
    }
}

extension Response {
    /// A `text/event-stream` of `events`, written as they come. `onEnd` runs when the stream is
    /// over, whether every event was sent or the client went away first.
    static func eventStream(
        _ events: some AsyncSequence<ServerSentEvent, Never> & Sendable, onEnd: @escaping @Sendable () -> Void
    ) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                defer { onEnd() }
                for await event in events {
                    try await writer.write(event.bytes)
                }
                try await writer.finish(nil)
            })
    }
}
