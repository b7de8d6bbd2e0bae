import Foundation
import Testing

@testable import LLM

/// A bad checkpoint gives an error naming the file and the tensor, never a crash.
@Suite struct SafetensorsTests {
    /// Writes a safetensors file from a header object and raw data bytes.
    static func write(header: Any, data: [UInt8], headerLength: UInt64? = nil, in directory: URL) throws -> String {
        let json = try JSONSerialization.data(withJSONObject: header)
        var bytes = withUnsafeBytes(of: (headerLength ?? UInt64(json.count)).littleEndian) { Array($0) }
        bytes += json + data
        let path = directory.appendingPathComponent("model.safetensors").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func floatBytes(_ values: [Float]) -> [UInt8] {
        values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian) { Array($0) } }
    }

    func withDirectory(_ body: (URL) throws -> Void) throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory)
    }

    /// The message of the error `body` throws.
    func error(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func readsFloat32Float16AndBFloat16() throws {
        try withDirectory { directory in
            let half: [UInt8] = [0x00, 0x3C, 0x00, 0xC0]  // 1.0, -2.0 as float16
            let brain: [UInt8] = [0x80, 0x3F, 0x40, 0x40]  // 1.0, 3.0 as bfloat16
            let header: [String: Any] = [
                "__metadata__": ["format": "pt"],
                "a": ["dtype": "F32", "shape": [2], "data_offsets": [0, 8]],
                "h": ["dtype": "F16", "shape": [2], "data_offsets": [8, 12]],
                "b": ["dtype": "BF16", "shape": [1, 2], "data_offsets": [12, 16]],
            ]
            let path = try Self.write(header: header, data: Self.floatBytes([0.5, -7]) + half + brain, in: directory)
            let file = try SafetensorsFile(path: path)
            #expect(try file.floats("a", shape: [2]) == [0.5, -7])
            #expect(try file.floats("h", shape: [2]) == [1, -2])
            #expect(try file.floats("b", shape: [1, 2]) == [1, 3])
            #expect(error { _ = try file.floats("a", shape: [3]) }.contains("tensor a has shape [2], expected [3]"))
            #expect(error { _ = try file.floats("missing", shape: [1]) }.contains("tensor missing is missing"))
        }
    }

    @Test func truncatedDataNamesTheTensor() throws {
        try withDirectory { directory in
            let header = ["w": ["dtype": "F32", "shape": [4], "data_offsets": [0, 16]]]
            let path = try Self.write(header: header, data: Self.floatBytes([1, 2]), in: directory)
            let message = error { _ = try SafetensorsFile(path: path) }
            #expect(message.contains(path) && message.contains("tensor w") && message.contains("truncated"))
        }
    }

    @Test func sizeThatDisagreesWithShapeNamesTheTensor() throws {
        try withDirectory { directory in
            let header = ["w": ["dtype": "F32", "shape": [3], "data_offsets": [0, 8]]]
            let path = try Self.write(header: header, data: Self.floatBytes([1, 2]), in: directory)
            #expect(error { _ = try SafetensorsFile(path: path) }.contains("tensor w: 8 bytes stored but shape [3]"))
        }
    }

    @Test func badHeadersAreRejected() throws {
        try withDirectory { directory in
            let unknown = ["w": ["dtype": "F7", "shape": [1], "data_offsets": [0, 4]]]
            var path = try Self.write(header: unknown, data: [0, 0, 0, 0], in: directory)
            #expect(error { _ = try SafetensorsFile(path: path) }.contains("unknown dtype F7"))

            path = try Self.write(header: [:] as [String: Any], data: [], headerLength: 1 << 40, in: directory)
            #expect(error { _ = try SafetensorsFile(path: path) }.contains("does not fit"))

            try Data("not json at all".utf8).write(to: URL(fileURLWithPath: path))
            #expect(error { _ = try SafetensorsFile(path: path) }.contains("header"))

            try Data([1, 2, 3]).write(to: URL(fileURLWithPath: path))
            #expect(error { _ = try SafetensorsFile(path: path) }.contains("too short"))

            let integer = ["i": ["dtype": "I64", "shape": [1], "data_offsets": [0, 8]]]
            path = try Self.write(header: integer, data: [UInt8](repeating: 0, count: 8), in: directory)
            #expect(error { _ = try SafetensorsFile(path: path).floats("i", shape: [1]) }.contains("dtype I64"))
        }
    }

    /// The real checkpoint cut in half: the embedder refuses it and names the file and a tensor.
    @Test func truncatedRealCheckpointIsRefused() throws {
        try withDirectory { directory in
            let source = URL(fileURLWithPath: ModelCache.embedderDirectory)
            for name in ["config.json", "vocab.txt"] {
                try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: directory.appendingPathComponent(name))
            }
            let checkpoint = try Data(contentsOf: source.appendingPathComponent("model.safetensors"))
            try checkpoint.prefix(checkpoint.count / 2).write(to: directory.appendingPathComponent("model.safetensors"))
            let message = error { _ = try Embedder(directory: directory.path) }
            #expect(message.contains("model.safetensors") && message.contains("tensor ") && message.contains("scripts/setup.sh"))
        }
    }

    @Test func missingModelNamesTheFileAndTheSetupCommand() {
        let message = error { _ = try Embedder(directory: "/nonexistent/model") }
        #expect(message.contains("/nonexistent/model/config.json") && message.contains("scripts/setup.sh"))
    }
}
