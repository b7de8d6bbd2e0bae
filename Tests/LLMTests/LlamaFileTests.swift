import Foundation
import Testing

@testable import LLM

/// Model files the decoder must refuse with a message a user can act on, never a crash; and small
/// models of every supported tensor type, on which the batched and the one-token paths must agree.
@Suite struct LlamaFileTests {
    func withDirectory(_ body: (URL) throws -> Void) throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory)
    }

    /// The message of the error loading `model` gives, or "no error".
    func loadError(_ model: TinyLlama, in directory: URL) -> String {
        do {
            _ = try LlamaModel(file: GGUFFile(path: model.write(in: directory)), contextLength: 64, threads: 2)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func refusesAnotherArchitecture() throws {
        try withDirectory { directory in
            var model = TinyLlama()
            model.architecture = "qwen2"
            #expect(loadError(model, in: directory).contains("general.architecture is qwen2; rag's generator runs llama-architecture models only"))
        }
    }

    @Test func refusesAnUnsupportedTensorType() throws {
        try withDirectory { directory in
            var model = TinyLlama()
            model.F = 256  // Q6_K blocks hold 256 values
            model.overrides["blk.0.ffn_down.weight"] = (TensorType.withID(14)!, [256, 64])
            let message = loadError(model, in: directory)
            #expect(message.contains("unsupported tensor type Q6_K in tensor blk.0.ffn_down.weight"), "\(message)")
        }
    }

    @Test func refusesMissingMisshapenAndUnknownTensors() throws {
        try withDirectory { directory in
            var model = TinyLlama()
            model.omitted = ["blk.0.ffn_gate.weight"]
            #expect(loadError(model, in: directory).contains("tensor blk.0.ffn_gate.weight is missing"))

            model = TinyLlama()
            model.overrides["blk.0.attn_k.weight"] = (.f32, [64, 64])
            #expect(loadError(model, in: directory).contains("tensor blk.0.attn_k.weight has shape [64, 64], expected [64, 32]"))

            model = TinyLlama()
            model.extraTensors = ["blk.0.attn_q.bias"]
            #expect(loadError(model, in: directory).contains("tensor blk.0.attn_q.bias is not part of the llama decoder"))
        }
    }

    @Test func refusesBadHyperParameters() throws {
        try withDirectory { directory in
            var model = TinyLlama()
            model.KV = 3
            let message = loadError(model, in: directory)
            #expect(message.contains("head_count 2 is not a multiple of head_count_kv 3"), "\(message)")
        }
    }

    /// A truncated copy of the real model, through the public API.
    @Test func generatorRefusesATruncatedModel() throws {
        try withDirectory { directory in
            let handle = try #require(FileHandle(forReadingAtPath: ModelCache.generatorFile))
            defer { try? handle.close() }
            let path = directory.appendingPathComponent("cut.gguf").path
            try #require(try handle.read(upToCount: 40_000_000)).write(to: URL(fileURLWithPath: path))
            do {
                _ = try Generator(path: path)
                Issue.record("a truncated model loaded")
            } catch {
                #expect("\(error)".contains("cut.gguf") && "\(error)".contains("truncated"))
            }
        }
    }

    /// The same tokens through one batched call and through one call per token give the same logits.
    @Test(arguments: [TensorType.f32, .f16, .q4_0, .q4_1, .q8_0])
    func batchedAndSingleTokenPathsAgree(type: TensorType) throws {
        try withDirectory { directory in
            var tiny = TinyLlama()
            tiny.matrixType = type
            let model = try LlamaModel(file: GGUFFile(path: tiny.write(in: directory)), contextLength: 64, threads: 2)
            let tokens: [Int32] = [3, 1, 4, 1, 5, 9, 2, 6]
            let batched = Array(UnsafeBufferPointer(start: model.forward(tokens[...], at: 0), count: tiny.V))
            var logits = model.forward(tokens[0..<1], at: 0)
            for i in 1..<tokens.count { logits = model.forward(tokens[i..<i + 1], at: i) }
            let single = Array(UnsafeBufferPointer(start: logits, count: tiny.V))
            let scale = batched.map(abs).max()!
            let difference = KernelTests.maxDifference(batched, single) / scale
            // Quantised inputs may round a value differently when a float sum differs in its last bit.
            #expect(difference < (type == .f32 || type == .f16 ? 1e-4 : 2e-2), "\(type): relative difference \(difference)")
        }
    }
}
