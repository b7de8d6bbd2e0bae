import ArgumentParser
import Console
import Foundation
import Ingest
import VectorIndex

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show what the store holds for one document or one chunk.",
        discussion: """
            Examples:
              rag inspect doc notes/week3/attention.md
              rag inspect chunk 42 --json
            """,
        subcommands: [Document.self, Chunk.self]
    )

    struct Document: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "doc", abstract: "A document and its chunks.")

        @OptionGroup var store: StoreOptions
        @Flag(help: "Print one JSON document instead of text.") var json = false
        @Argument(help: "The document's path (as given to ingest, or relative to here).") var path: String

        func run() throws {
            let opened = try store.openForReading()
            guard let document = try opened.document(path: NoteScanner.absolute(path)) else {
                throw Terminal.fail("\(path) is not in the store (see `rag stats`, or ingest it)")
            }
            let chunks = try opened.chunks(ofDocument: document.id)
            if json {
                try Output.printJSON(DocumentReport(document: document, chunks: chunks))
                return
            }
            Output.print(StoreText.document(document, chunks: chunks))
        }
    }

    struct Chunk: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "chunk", abstract: "A chunk's text, place and size.")

        @OptionGroup var store: StoreOptions
        @Flag(help: "Print one JSON document instead of text.") var json = false
        @Argument(help: "The chunk id (from search results).") var id: Int64

        func run() throws {
            guard let (chunk, document) = try store.openForReading().chunk(id: id) else {
                throw Terminal.fail("no chunk \(id) in the store")
            }
            if json {
                try Output.printJSON(ChunkReport(chunk: chunk, path: document.path))
                return
            }
            Output.print(StoreText.chunk(chunk, of: document))
        }
    }
}
