import ArgumentParser
import Console
import Foundation
import LLM

struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Show how the generator's tokenizer (SmolLM2, byte-level BPE) cuts a text.",
        discussion: """
            Prints one token per line: its id and its text (escaped). No BOS is added.
            With --special, the literal text of special tokens such as <|im_start|> becomes those tokens.
            With --json stdout gets one document: {"ids": [...], "pieces": [...]}; a piece that \
            ends inside a UTF-8 character shows U+FFFD.

            Examples:
              rag tokenize -- "Hello world"
              rag tokenize --special --json -- $'<|im_start|>user\\nhi<|im_end|>\\n'
            """
    )

    @Flag(help: "Parse special-token text into special tokens.")
    var special = false

    @Flag(help: "Print one JSON document instead of text.")
    var json = false

    @Argument(help: "The text to tokenize.")
    var text: String

    func run() throws {
        let tokenizer = try Terminal.failing { try BPETokenizer(file: GGUFFile(path: ModelCache.generatorFile)) }
        let ids = tokenizer.encode(text, parseSpecial: special)
        let pieces = ids.map { String(decoding: tokenizer.bytes(of: $0), as: UTF8.self) }
        if json {
            try Output.printJSON(TokenizeReport(ids: ids, pieces: pieces))
        } else {
            Output.print(zip(ids, pieces).map { "\($0)\t\($1.debugDescription)\n" }.joined())
        }
    }
}

/// `rag tokenize --json`.
struct TokenizeReport: Encodable {
    let ids: [Int32]
    let pieces: [String]
}
