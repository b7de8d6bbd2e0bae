import Foundation

/// A safetensors checkpoint, memory-mapped.
///
/// Layout (https://github.com/huggingface/safetensors):
///   1. 8 bytes: N, the header's length, unsigned little-endian.
///   2. N bytes: a UTF-8 JSON object mapping each tensor name to
///      `{"dtype": "F32", "shape": [rows, cols], "data_offsets": [begin, end]}`,
///      plus an optional `"__metadata__"` object of strings.
///   3. The data: each tensor's bytes at `begin ..< end`, counted from the end of the header,
///      row-major, little-endian.
/// Nothing in the header is trusted: every dtype, shape and range is checked when the file opens.
public struct SafetensorsFile: Sendable {
    /// The element types safetensors defines, with their sizes in bytes.
    public enum DType: String, Sendable {
        case f64 = "F64", f32 = "F32", f16 = "F16", bf16 = "BF16"
        case i64 = "I64", i32 = "I32", i16 = "I16", i8 = "I8"
        case u64 = "U64", u32 = "U32", u16 = "U16", u8 = "U8", bool = "BOOL"
        case f8e4m3 = "F8_E4M3", f8e5m2 = "F8_E5M2"

        var size: Int {
            switch self {
            case .f64, .i64, .u64: 8
            case .f32, .i32, .u32: 4
            case .f16, .bf16, .i16, .u16: 2
            case .i8, .u8, .bool, .f8e4m3, .f8e5m2: 1
            }
        }
    }

    /// Where one tensor lives in the file.
    public struct Tensor: Sendable {
        public let name: String
        public let dtype: DType
        public let shape: [Int]
        let offset: Int
        let byteCount: Int
    }

    public let path: String
    public let tensors: [String: Tensor]
    private let file: MappedFile

    /// The safetensors format caps the header at 100 MB; a larger length means a corrupt file.
    private static let maxHeaderBytes = 100_000_000

    public init(path: String) throws(ModelFileError) {
        let file = try MappedFile(path: path)
        func fail(_ problem: String) -> ModelFileError { ModelFileError(path: path, problem: problem) }

        guard let lengthBytes = file.bytes(at: 0, count: 8) else {
            throw fail("file is \(file.size) bytes, too short for a safetensors header")
        }
        let headerLength = Int(clamping: lengthBytes.loadUnaligned(as: UInt64.self).littleEndian)
        guard headerLength <= Self.maxHeaderBytes, let headerBytes = file.bytes(at: 8, count: headerLength) else {
            throw fail("header length \(headerLength) does not fit in a file of \(file.size) bytes (truncated?)")
        }
        guard let header = (try? JSONSerialization.jsonObject(with: Data(headerBytes))) as? [String: Any] else {
            throw fail("header is not a JSON object")
        }
        let dataStart = 8 + headerLength
        let dataSize = file.size - dataStart
        var tensors: [String: Tensor] = [:]
        for (name, value) in header where name != "__metadata__" {
            tensors[name] = try Self.tensor(named: name, from: value, dataStart: dataStart, dataSize: dataSize, fail: fail)
        }
        self.path = path
        self.file = file
        self.tensors = tensors
    }

    private static func tensor(
        named name: String, from value: Any, dataStart: Int, dataSize: Int, fail: (String) -> ModelFileError
    ) throws(ModelFileError) -> Tensor {
        guard let entry = value as? [String: Any],
            let dtypeName = entry["dtype"] as? String,
            let shape = entry["shape"] as? [Int],
            let range = entry["data_offsets"] as? [Int], range.count == 2
        else { throw fail("tensor \(name): header entry lacks dtype, shape or data_offsets") }
        guard let dtype = DType(rawValue: dtypeName) else { throw fail("tensor \(name): unknown dtype \(dtypeName)") }
        guard shape.allSatisfy({ $0 >= 0 }) else { throw fail("tensor \(name): negative dimension in shape \(shape)") }
        var byteCount = dtype.size
        for dimension in shape {
            let (product, overflow) = byteCount.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw fail("tensor \(name): shape \(shape) is too large") }
            byteCount = product
        }
        let (begin, end) = (range[0], range[1])
        guard 0 <= begin, begin <= end, end <= dataSize else {
            throw fail("tensor \(name): data range \(begin)..<\(end) lies outside the \(dataSize) data bytes (truncated?)")
        }
        guard end - begin == byteCount else {
            throw fail("tensor \(name): \(end - begin) bytes stored but shape \(shape) of \(dtypeName) needs \(byteCount)")
        }
        return Tensor(name: name, dtype: dtype, shape: shape, offset: dataStart + begin, byteCount: byteCount)
    }

    /// The tensor `name` as float32 values, checked to have the `expected` shape.
    /// F32, F16 and BF16 tensors are converted; other types are an error.
    public func floats(_ name: String, shape expected: [Int]) throws(ModelFileError) -> [Float] {
        guard let tensor = tensors[name] else { throw ModelFileError(path: path, problem: "tensor \(name) is missing") }
        guard tensor.shape == expected else {
            throw ModelFileError(path: path, problem: "tensor \(name) has shape \(tensor.shape), expected \(expected)")
        }
        guard let bytes = file.bytes(at: tensor.offset, count: tensor.byteCount) else {
            throw ModelFileError(path: path, problem: "tensor \(name) lies outside the file")
        }
        let count = tensor.byteCount / tensor.dtype.size
        switch tensor.dtype {
        case .f32:
            // A plain copy: safetensors is little-endian, like every CPU rag runs on.
            return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: bytes)
                initialized = count
            }
        case .f16:
            return (0..<count).map {
                Float(Float16(bitPattern: UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self))))
            }
        case .bf16:
            return (0..<count).map {
                Float(bitPattern: UInt32(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self))) << 16)
            }
        default:
            throw ModelFileError(path: path, problem: "tensor \(name) has dtype \(tensor.dtype.rawValue), expected F32, F16 or BF16")
        }
    }
}
