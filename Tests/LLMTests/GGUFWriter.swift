import Foundation

@testable import LLM

/// Builds small GGUF files byte by byte, so that tests can make valid, malformed and unusual ones.
struct GGUFWriter {
    var version: UInt32 = 3
    var metadata: [(key: String, value: GGUFValue)] = []
    var tensors: [(name: String, shape: [Int], typeID: UInt32, data: [UInt8])] = []
    var alignment = 32

    mutating func add(_ key: String, _ value: GGUFValue) { metadata.append((key, value)) }

    mutating func addTensor(_ name: String, shape: [Int], type: TensorType, data: [UInt8]) {
        tensors.append((name, shape, type.id, data))
    }

    mutating func addTensor(_ name: String, floats: [Float], shape: [Int]? = nil) {
        addTensor(name, shape: shape ?? [floats.count], type: .f32, data: Self.bytes(floats))
    }

    static func bytes(_ floats: [Float]) -> [UInt8] { floats.flatMap { Self.bytes($0.bitPattern) } }

    static func bytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }

    static func bytes(_ string: String) -> [UInt8] { bytes(UInt64(string.utf8.count)) + Array(string.utf8) }

    /// The file's bytes: header, metadata, tensor infos, padding, data.
    func encoded() -> [UInt8] {
        var out = Self.bytes(GGUFFile.magic) + Self.bytes(version)
        out += Self.bytes(UInt64(tensors.count)) + Self.bytes(UInt64(metadata.count))
        for (key, value) in metadata {
            out += Self.bytes(key) + Self.bytes(Self.typeID(value)) + Self.payload(value)
        }
        var offset = 0
        var data: [UInt8] = []
        for tensor in tensors {
            out += Self.bytes(tensor.name) + Self.bytes(UInt32(tensor.shape.count))
            for extent in tensor.shape { out += Self.bytes(UInt64(extent)) }
            out += Self.bytes(tensor.typeID) + Self.bytes(UInt64(offset))
            data += tensor.data
            while data.count % alignment != 0 { data.append(0) }
            offset = data.count
        }
        while out.count % alignment != 0 { out.append(0) }
        return out + data
    }

    func write(to url: URL) throws { try Data(encoded()).write(to: url) }

    static func typeID(_ value: GGUFValue) -> UInt32 {
        switch value {
        case .uint8: 0
        case .int8: 1
        case .uint16: 2
        case .int16: 3
        case .uint32: 4
        case .int32: 5
        case .float32: 6
        case .bool: 7
        case .string: 8
        case .array: 9
        case .uint64: 10
        case .int64: 11
        case .float64: 12
        }
    }

    static func payload(_ value: GGUFValue) -> [UInt8] {
        switch value {
        case .uint8(let v): bytes(v)
        case .int8(let v): bytes(v)
        case .uint16(let v): bytes(v)
        case .int16(let v): bytes(v)
        case .uint32(let v): bytes(v)
        case .int32(let v): bytes(v)
        case .uint64(let v): bytes(v)
        case .int64(let v): bytes(v)
        case .float32(let v): bytes(v.bitPattern)
        case .float64(let v): bytes(v.bitPattern)
        case .bool(let v): [v ? 1 : 0]
        case .string(let v): bytes(v)
        case .array(let elements):
            bytes(elements.first.map(typeID) ?? 8) + bytes(UInt64(elements.count)) + elements.flatMap(payload)
        }
    }
}
