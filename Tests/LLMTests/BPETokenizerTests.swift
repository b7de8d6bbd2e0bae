import Foundation
import Testing

@testable import LLM

/// The SmolLM2 tokenizer against llama.cpp 0.3.36's output (../shared/golden/smollm2_tokenizer.jsonl).
@Suite struct BPETokenizerTests {
    static let tokenizer = Result { try BPETokenizer(file: GGUFFile(path: ModelCache.generatorFile)) }

    static func golden() throws -> [[String: Any]] {
        try Fixtures.jsonLines(Fixtures.shared.appendingPathComponent("golden/smollm2_tokenizer.jsonl"))
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test func idsAndPiecesMatchLlamaCpp() throws {
        let tokenizer = try Self.tokenizer.get()
        let rows = try Self.golden()
        #expect(rows.count == 18)
        var identical = 0
        for row in rows {
            let text = row["text"] as! String
            let expected = (row["ids"] as! [Int]).map(Int32.init)
            let ids = tokenizer.encode(text, parseSpecial: row["special"] as! Bool)
            #expect(ids == expected, "\(row["id"]!): \(ids) != \(expected)")
            #expect(ids.map { Self.hex(tokenizer.bytes(of: $0)) } == row["pieces_hex"] as! [String], "\(row["id"]!)")
            #expect(tokenizer.decode(ids) == text)
            if ids == expected { identical += 1 }
        }
        #expect(identical == rows.count, "\(identical) of \(rows.count) identical")
    }

    @Test func specialTokensAndEndOfGenerationMatchTheMetadata() throws {
        let tokenizer = try Self.tokenizer.get()
        let meta =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: Fixtures.shared.appendingPathComponent("golden/smollm2_meta.json"))) as! [String: Any]
        #expect(tokenizer.vocabularySize == meta["n_vocab"] as? Int)
        #expect(tokenizer.bosID == Int32(meta["bos_id"] as! Int))
        #expect(tokenizer.eosID == Int32(meta["eos_id"] as! Int))
        #expect(tokenizer.addsBOS == meta["add_bos"] as? Bool)
        #expect(tokenizer.endOfGeneration == Set((meta["eog_ids"] as! [Int]).map(Int32.init)))
        #expect(tokenizer.isControl(1) && !tokenizer.isControl(19556))
    }

    @Test func aLongWordTokenizesAndDecodesWhole() throws {
        // One 20,000-letter word: the merge queue keeps BPE at n log n, so this test does not crawl.
        let tokenizer = try Self.tokenizer.get()
        let word = String(repeating: "abcdefghij", count: 2_000)
        let ids = tokenizer.encode(word)
        #expect(tokenizer.decode(ids) == word)
    }

    @Test func streamHoldsBackUnfinishedCharacters() throws {
        let tokenizer = try Self.tokenizer.get()
        let text = "I love 🍕🔥 and 東京 é"
        var decoder = TextStreamDecoder()
        var streamed = ""
        var sawPartial = false
        for id in tokenizer.encode(text) {
            let piece = decoder.append(tokenizer.bytes(of: id))
            #expect(!piece.contains("\u{FFFD}"))
            sawPartial = sawPartial || piece.isEmpty
            streamed += piece
        }
        streamed += decoder.finish()
        #expect(streamed == text)
        #expect(sawPartial)
    }

    @Test func streamReplacesBytesThatCanNeverBeValid() {
        var decoder = TextStreamDecoder()
        #expect(decoder.append([0xFF, 0x41]) == "\u{FFFD}A")
        #expect(decoder.append([0xE6, 0x9D]) == "")
        #expect(decoder.finish() == "\u{FFFD}")
        #expect(decoder.append([]) == "")
    }
}

/// Tokenizers built from small GGUF files: a model that wants BOS, and metadata rag cannot use.
@Suite struct BPETokenizerFileTests {
    static func tokenizerFile(model: String = "gpt2", pre: String = "gpt2", in directory: URL) throws -> String {
        var writer = GGUFWriter()
        writer.add("tokenizer.ggml.model", .string(model))
        writer.add("tokenizer.ggml.pre", .string(pre))
        writer.add("tokenizer.ggml.tokens", .array(["<s>", "</s>", "a", "b", "ab", "Ġ", "Ġa"].map { .string($0) }))
        writer.add("tokenizer.ggml.token_type", .array([3, 3, 1, 1, 1, 1, 1].map { .int32($0) }))
        writer.add("tokenizer.ggml.merges", .array(["a b", "Ġ a"].map { .string($0) }))
        writer.add("tokenizer.ggml.bos_token_id", .uint32(0))
        writer.add("tokenizer.ggml.eos_token_id", .uint32(1))
        writer.add("tokenizer.ggml.add_bos_token", .bool(true))
        let url = directory.appendingPathComponent("tokenizer.gguf")
        try writer.write(to: url)
        return url.path
    }

    @Test func addsBOSWhenTheModelAsksAndStopsAtItsEOS() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let tokenizer = try BPETokenizer(file: GGUFFile(path: Self.tokenizerFile(in: directory)))
        #expect(tokenizer.encode("ab a") == [4, 6])
        #expect(tokenizer.promptIDs("ab a") == [0, 4, 6])
        #expect(tokenizer.promptIDs("<s>ab") == [0, 0, 4])
        #expect(tokenizer.endOfGeneration == [1])
        #expect(tokenizer.decode([0, 4, 6]) == "<s>ab a")
    }

    @Test func refusesOtherTokenizers() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        func message(_ path: String) -> String {
            do { _ = try BPETokenizer(file: GGUFFile(path: path)) } catch { return "\(error)" }
            return "no error"
        }
        #expect(message(try Self.tokenizerFile(model: "llama", in: directory)).contains("tokenizer.ggml.model is llama"))
        #expect(message(try Self.tokenizerFile(pre: "qwen2", in: directory)).contains("tokenizer.ggml.pre is qwen2"))
    }
}
