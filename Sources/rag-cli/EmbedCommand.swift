import ArgumentParser
import Console
import Foundation
import Ingest
import LLM

struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Embed texts with all-MiniLM-L6-v2 (384 floats, L2-normalised).",
        discussion: """
            Each text is cut to 256 word pieces, [CLS] and [SEP] included, as sentence-transformers does.
            With --json or --jsonl, stdout carries one JSON object per input, in order:
              {"ids": [101, ..., 102], "embedding": [384 floats]}
            Timings go to stderr.

            Examples:
              rag embed "What is attention?" "How does LoRA work?"
              rag embed --json "What is attention?"
              rag embed --jsonl passages.jsonl > vectors.jsonl  # lines {"text": …}
            """
    )

    @Flag(help: "Print one JSON object per text instead of a summary.")
    var json = false

    @Option(name: .customLong("jsonl"), help: ArgumentHelp("Read texts from a JSON Lines file, one {\"text\": ...} per line.", valueName: "file"))
    var jsonlFile: String?

    @OptionGroup var precision: PrecisionOption

    @Argument(help: "The texts to embed.")
    var texts: [String] = []

    func validate() throws {
        if jsonlFile != nil && !texts.isEmpty {
            throw ValidationError("Give texts as arguments or --jsonl FILE, not both.")
        }
        if jsonlFile == nil && texts.isEmpty {
            throw ValidationError("Give at least one text, or --jsonl FILE.")
        }
    }

    func run() throws {
        let inputs = try Terminal.failing { try jsonlFile.map(JSONLinesTexts.read) ?? texts }

        let loadStart = Date()
        let embedder = try Terminal.failing { try precision.embedder() }
        let loadSeconds = Date().timeIntervalSince(loadStart)

        let start = Date()
        let sequences = inputs.map { embedder.tokenizer.encode($0) }
        let tokens = sequences.reduce(0) { $0 + $1.count }
        let progress = ProgressBar("embedding", total: tokens, unit: "tokens")
        let vectors = embedder.embed(tokenized: sequences) { _, tokens in progress.advance(by: tokens) }
        progress.finish()
        let seconds = Date().timeIntervalSince(start)

        var output = ""
        for (ids, vector) in zip(sequences, vectors) {
            output += json || jsonlFile != nil ? EmbeddingText.jsonLine(ids: ids, vector: vector) : EmbeddingText.summaryLine(ids: ids, vector: vector)
            output += "\n"
        }
        FileHandle.standardOutput.write(Data(output.utf8))
        Terminal.note(
            String(
                format: "embedded %d texts, %d tokens in %.3f s (%.0f tokens/s, %@); model loaded in %.3f s",
                inputs.count, tokens, seconds, Double(tokens) / max(seconds, 1e-9), embedder.precision.rawValue, loadSeconds))
    }
}
