import Foundation
import MCP
import VectorIndex

/// Each stored note as an MCP resource, `rag://doc/<absolute path>`: its text as stored, chunk
/// after chunk without the overlap the chunker repeats.
struct NoteResources: Sendable {
    let store: NewestStore
    static let scheme = "rag://doc"

    func list() throws -> [Resource] {
        try store.current().documents().map { document in
            Resource(name: document.title.isEmpty ? document.path : document.title, uri: Self.scheme + document.path, mimeType: "text/plain")
        }
    }

    func read(_ uri: String) throws -> Resource.Content {
        guard uri.hasPrefix(Self.scheme + "/") else { throw MCPError.invalidParams("a note's resource is \(Self.scheme)/<path>, not \(uri)") }
        let path = String(uri.dropFirst(Self.scheme.count))
        let opened = try store.current()
        guard let id = try opened.document(path: path)?.id else { throw MCPError.invalidParams("no note \(path) in the store") }
        // A chunk with overlap continues the one before; one without starts a new section.
        let text = try opened.chunks(ofDocument: id).enumerated().map { i, chunk in
            (i == 0 || chunk.overlap > 0 ? "" : "\n\n") + chunk.text.dropFirst(chunk.overlap)
        }.joined()
        return .text(text, uri: uri, mimeType: "text/plain")
    }
}
