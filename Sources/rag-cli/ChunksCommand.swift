import ArgumentParser
import Console
import Foundation
import Ingest
import LLM
import VectorIndex

struct ChunksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chunks",
        abstract: "Show how one file parses and chunks: heading path, lines, tokens and text of every chunk.",
        discussion: """
            Chunks are what rag embeds and retrieves. Each one fits the embedder (256 word pieces with its \
            heading context), overlaps the one before it by about 32 tokens inside a section, and keeps the \
            source lines it came from.

            Examples:
              rag chunks corpora/ml-notes/week05-attention-transformers/attention.md
              rag chunks --json notes/lecture.html | jq '.chunks[].heading'
            """
    )

    @Flag(help: "Print one JSON document instead of text.")
    var json = false

    @Argument(help: "A notes file (.md .markdown .txt .html .htm .xhtml .json .jsonl .ndjson .ipynb).")
    var path: String

    func validate() throws {
        guard Format(extension: (path as NSString).pathExtension) != nil else {
            throw ValidationError("'\(path)' is not a file type rag reads (.md .txt .html .json .jsonl .ipynb …).")
        }
    }

    func run() throws {
        let tokenizer = try Terminal.failing { try WordPieceTokenizer(vocabularyPath: ModelCache.embedderDirectory + "/vocab.txt") }
        let note = NoteReader.read(path, format: Format(extension: (path as NSString).pathExtension)!)
        guard let document = note.document else {
            throw Terminal.fail(note.warning.map(\.description) ?? "\(path): nothing could be read")
        }
        if let warning = note.warning { Terminal.warn(warning.description) }
        let chunks = Chunker(tokenizer: tokenizer).chunks(document)
        if json {
            try Output.printJSON(ChunksReport(document: document, chunks: chunks, warning: note.warning?.reason))
        } else {
            Output.print(IngestText.chunks(chunks, of: document))
        }
    }
}
