import Foundation
import Testing

@testable import LLM

/// The GGUF reader on the real model and on files built to be wrong: every bad file gives an error
/// that names the file and the problem, never a crash.
@Suite struct GGUFTests {
    func withDirectory(_ body: (URL) throws -> Void) throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory)
    }

    /// The message of the error opening `bytes` as a GGUF file gives, or "no error".
    func openError(_ bytes: [UInt8], in directory: URL) -> String {
        let url = directory.appendingPathComponent("model.gguf")
        do {
            try Data(bytes).write(to: url)
            _ = try GGUFFile(path: url.path)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    static func small() -> GGUFWriter {
        var writer = GGUFWriter()
        writer.add("general.architecture", .string("llama"))
        writer.add("count", .uint32(7))
        writer.add("wide", .int64(-3))
        writer.add("eps", .float32(1e-5))
        writer.add("flag", .bool(true))
        writer.add("names", .array([.string("a"), .string("bé")]))
        writer.add("ids", .array([.int32(4), .int32(-1)]))
        writer.addTensor("weights", floats: [1, 2, 3, 4, 5, 6], shape: [3, 2])
        writer.addTensor("half", shape: [2], type: .f16, data: [0x00, 0x3C, 0x00, 0xC0])
        return writer
    }

    @Test func readsMetadataAndTensors() throws {
        try withDirectory { directory in
            let url = directory.appendingPathComponent("small.gguf")
            try Self.small().write(to: url)
            let file = try GGUFFile(path: url.path)
            #expect(file.version == 3)
            #expect(try file.string("general.architecture") == "llama")
            #expect(try file.integer("count") == 7)
            #expect(try file.integer("wide") == -3)
            #expect(try file.integer("absent", default: 9) == 9)
            #expect(try file.float("eps") == 1e-5)
            #expect(try file.bool("flag", default: false))
            #expect(try file.strings("names") == ["a", "bé"])
            #expect(try file.integers("ids") == [4, -1])
            #expect(file.tensors.map(\.name) == ["weights", "half"])
            let weights = try #require(file.tensor("weights"))
            #expect(weights.shape == [3, 2] && weights.type == .f32 && weights.elementCount == 6)
            #expect(file.data(weights).load(fromByteOffset: 20, as: Float.self) == 6)
            #expect(file.tensor("half")?.type == .f16)
        }
    }

    @Test func typedAccessorsNameTheKey() throws {
        try withDirectory { directory in
            let url = directory.appendingPathComponent("small.gguf")
            try Self.small().write(to: url)
            let file = try GGUFFile(path: url.path)
            func message(_ body: () throws -> Void) -> String {
                do { try body() } catch { return "\(error)" }
                return "no error"
            }
            #expect(message { _ = try file.integer("missing.key") }.contains("metadata key missing.key is missing"))
            #expect(message { _ = try file.integer("general.architecture") }.contains("is a string, expected an integer"))
            #expect(message { _ = try file.strings("ids") }.contains("expected an array of strings"))
            #expect(message { _ = try file.float("flag") }.contains("is a boolean, expected a float"))
        }
    }

    @Test func rejectsBadHeaders() throws {
        try withDirectory { directory in
            let good = Self.small().encoded()
            #expect(openError(Array(good.prefix(10)), in: directory).contains("too short"))
            var bytes = good
            bytes[0] = UInt8(ascii: "X")
            #expect(openError(bytes, in: directory).contains("not a GGUF file"))

            var old = Self.small()
            old.version = 1
            #expect(openError(old.encoded(), in: directory).contains("version 1 is not supported"))
            var future = Self.small()
            future.version = 4
            #expect(openError(future.encoded(), in: directory).contains("version 4 is not supported"))

            // A big-endian file stores version 3 as 00 00 00 03.
            bytes = good
            bytes.replaceSubrange(4..<8, with: [0, 0, 0, 3])
            #expect(openError(bytes, in: directory).contains("big-endian"))
        }
    }

    @Test func rejectsCorruptCountsAndTypes() throws {
        try withDirectory { directory in
            var bytes = Self.small().encoded()
            bytes.replaceSubrange(16..<24, with: GGUFWriter.bytes(UInt64(1) << 60))
            #expect(openError(bytes, in: directory).contains("metadata count at byte 16"))

            var writer = Self.small()
            writer.tensors[0].typeID = 99
            #expect(openError(writer.encoded(), in: directory).contains("tensor weights has unknown type id 99"))

            writer = Self.small()
            writer.tensors[0].shape = [3, 2, 1, 1, 1]
            #expect(openError(writer.encoded(), in: directory).contains("5 dimensions"))

            writer = Self.small()
            writer.addTensor("blocks", shape: [33], type: .q8_0, data: [UInt8](repeating: 0, count: 68))
            #expect(openError(writer.encoded(), in: directory).contains("not a multiple of Q8_0's block of 32"))

            writer = Self.small()
            writer.add("general.alignment", .uint32(24))
            #expect(openError(writer.encoded(), in: directory).contains("power of two"))

            writer = Self.small()
            writer.add("count", .uint8(1))
            #expect(openError(writer.encoded(), in: directory).contains("metadata key count appears twice"))

            writer = Self.small()
            writer.add("nested", .array([.array([.uint8(1)])]))
            #expect(openError(writer.encoded(), in: directory).contains("array of arrays"))

            writer = Self.small()
            writer.add("flag2", .uint8(2))
            bytes = writer.encoded()
            // Turn flag2's type from u8 (0) into bool (7): a bool stored as 2.
            let key = Array("flag2".utf8)
            let at = try #require((0..<bytes.count - key.count).first { Array(bytes[$0..<$0 + key.count]) == key }) + key.count
            bytes[at] = 7
            #expect(openError(bytes, in: directory).contains("boolean stored as 2"))
        }
    }

    @Test func rejectsDataBeyondTheEnd() throws {
        try withDirectory { directory in
            let good = Self.small().encoded()
            let message = openError(Array(good.dropLast(32)), in: directory)  // the last 28 are padding
            #expect(message.contains("tensor half's data") && message.contains("truncated"))
        }
    }

    // MARK: The real model

    @Test func readsTheRealModel() throws {
        let file = try GGUFFile(path: ModelCache.generatorFile)
        let meta =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: Fixtures.shared.appendingPathComponent("golden/smollm2_meta.json"))) as! [String: Any]
        let expected = meta["gguf_metadata"] as! [String: String]
        #expect(file.version == 3)
        #expect(try file.string("general.architecture") == expected["general.architecture"])
        #expect(try file.integer("llama.block_count") == Int(expected["llama.block_count"]!))
        #expect(try file.string("tokenizer.chat_template") == expected["tokenizer.chat_template"])
        #expect(try file.strings("tokenizer.ggml.tokens").count == meta["n_vocab"] as? Int)
        #expect(file.tensors.count == 272)
        #expect(file.tensors.filter { $0.type == .q4_1 }.count == 210)
        #expect(file.tensors.filter { $0.type == .f32 }.count == 61)
        #expect(file.tensor("token_embd.weight")?.type == .q8_0)
        #expect(file.tensor("token_embd.weight")?.shape == [576, 49152])
    }

    /// Copies of the real file cut inside the header, the metadata, the tensor infos and the data.
    @Test(arguments: [20, 4_000, 1_000_000, 1_785_000, 50_000_000])
    func truncatedRealModelIsRefused(length: Int) throws {
        try withDirectory { directory in
            let handle = try #require(FileHandle(forReadingAtPath: ModelCache.generatorFile))
            defer { try? handle.close() }
            let bytes = try #require(try handle.read(upToCount: length))
            let message = openError(Array(bytes), in: directory)
            #expect(message.contains("model.gguf") && (message.contains("truncated") || message.contains("too short")), "\(message)")
        }
    }

    @Test func corruptStringLengthInTheRealModelIsRefused() throws {
        try withDirectory { directory in
            let handle = try #require(FileHandle(forReadingAtPath: ModelCache.generatorFile))
            defer { try? handle.close() }
            var bytes = Array(try #require(try handle.read(upToCount: 2_000_000)))
            bytes.replaceSubrange(24..<32, with: GGUFWriter.bytes(UInt64.max - 5))
            #expect(openError(bytes, in: directory).contains("the length of the key of metadata entry 0"))
        }
    }
}
