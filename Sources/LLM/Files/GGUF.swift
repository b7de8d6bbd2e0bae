/// A GGUF model file (llama.cpp's format), memory-mapped.
///
/// Layout, little-endian (https://github.com/ggml-org/ggml/blob/master/docs/gguf.md):
///   1. Header: the magic "GGUF", the version (u32: 2 or 3), the tensor count (u64) and the
///      metadata count (u64). Version 1 used 32-bit counts and is not read.
///   2. Metadata, `count` times: a key (string), a value type (u32), the value. A string is a u64
///      byte length and UTF-8 bytes; an array is an element type (u32), a u64 count and the elements.
///   3. Tensor infos, `count` times: a name (string), the number of dimensions (u32, at most 4),
///      each extent (u64, innermost first), the element type (u32) and the data offset (u64).
///   4. Padding to the alignment (`general.alignment`, 32 by default), then the data section.
///      Each tensor's offset counts from the start of the data section and is a multiple of the alignment.
///
/// Nothing in the file is trusted: every count, length, extent and offset is checked against the
/// file's size before it is used, and a bad file gives an error that names what is wrong.
public struct GGUFFile: Sendable {
    /// One tensor: its name, type, extents (innermost first, as GGUF stores them) and place in the file.
    public struct Tensor: Sendable {
        public let name: String
        public let type: TensorType
        public let shape: [Int]
        /// From the start of the file.
        let offset: Int
        let byteCount: Int

        public var elementCount: Int { shape.reduce(1, *) }
    }

    public let path: String
    public let version: Int
    public let metadata: [String: GGUFValue]
    /// In file order.
    public let tensors: [Tensor]
    private let tensorIndex: [String: Int]
    private let file: MappedFile

    static let magic: UInt32 = 0x4655_4747  // "GGUF" read as a little-endian u32
    static let defaultAlignment = 32
    /// llama.cpp's GGML_MAX_DIMS.
    static let maxDimensions = 4

    public init(path: String) throws(ModelFileError) {
        let file = try MappedFile(path: path)
        var reader = Reader(file: file)
        func fail(_ problem: String) -> ModelFileError { ModelFileError(path: path, problem: problem) }

        // 1. header
        guard file.size >= 24 else { throw fail("file is \(file.size) bytes, too short for a GGUF header (truncated?)") }
        guard try reader.read(UInt32.self, "the magic") == Self.magic else {
            throw fail("not a GGUF file (it does not start with \"GGUF\")")
        }
        let version = try reader.read(UInt32.self, "the version")
        guard version & 0xFFFF != 0 else {
            throw fail("GGUF version \(version) is implausible: the file is probably big-endian, and rag reads little-endian files only")
        }
        guard version == 2 || version == 3 else {
            throw fail("GGUF version \(version) is not supported (rag reads versions 2 and 3; re-convert the model with a current llama.cpp)")
        }
        let tensorCount = try reader.count("the tensor count", minimumBytesEach: 8 + 4 + 4 + 8)
        let metadataCount = try reader.count("the metadata count", minimumBytesEach: 8 + 4)

        // 2. metadata
        var metadata: [String: GGUFValue] = [:]
        for entry in 0..<metadataCount {
            let key = try reader.string("the key of metadata entry \(entry)")
            guard metadata[key] == nil else { throw fail("metadata key \(key) appears twice") }
            let type = try reader.read(UInt32.self, "the type of metadata key \(key)")
            metadata[key] = try reader.value(ofType: type, key: key)
        }
        var alignment = Self.defaultAlignment
        if let value = metadata["general.alignment"] {
            guard case .uint32(let declared) = value, declared > 0, declared & (declared - 1) == 0 else {
                throw fail("general.alignment must be a power of two stored as u32")
            }
            alignment = Int(declared)
        }

        // 3. tensor infos
        var infos: [(name: String, type: TensorType, shape: [Int], offset: Int)] = []
        var tensorIndex: [String: Int] = [:]
        for index in 0..<tensorCount {
            let name = try reader.string("the name of tensor \(index)")
            guard tensorIndex[name] == nil else { throw fail("tensor \(name) appears twice") }
            let dimensions = try reader.read(UInt32.self, "the dimension count of tensor \(name)")
            guard dimensions >= 1, dimensions <= Self.maxDimensions else {
                throw fail("tensor \(name) has \(dimensions) dimensions (1 to \(Self.maxDimensions) allowed)")
            }
            var shape: [Int] = []
            for _ in 0..<dimensions {
                let extent = try reader.read(UInt64.self, "the shape of tensor \(name)")
                guard let extent = Int(exactly: extent), extent <= Int(Int32.max) else {
                    throw fail("tensor \(name) has an extent of \(extent), too large")
                }
                shape.append(extent)
            }
            let typeID = try reader.read(UInt32.self, "the type of tensor \(name)")
            guard let type = TensorType.withID(typeID) else { throw fail("tensor \(name) has unknown type id \(typeID)") }
            let offset = try reader.read(UInt64.self, "the offset of tensor \(name)")
            guard let offset = Int(exactly: offset) else { throw fail("tensor \(name) has offset \(offset), too large") }
            tensorIndex[name] = infos.count
            infos.append((name, type, shape, offset))
        }

        // 4. data section
        let dataStart = (reader.offset + alignment - 1) / alignment * alignment
        var tensors: [Tensor] = []
        tensors.reserveCapacity(infos.count)
        for info in infos {
            let name = info.name
            var elements = 1
            for extent in info.shape {
                let (product, overflow) = elements.multipliedReportingOverflow(by: extent)
                guard !overflow else { throw fail("tensor \(name) has shape \(info.shape), too large") }
                elements = product
            }
            guard info.shape[0] % info.type.blockElements == 0 else {
                throw fail("tensor \(name) has rows of \(info.shape[0]) elements, not a multiple of \(info.type)'s block of \(info.type.blockElements)")
            }
            let (byteCount, overflow) = (elements / info.type.blockElements).multipliedReportingOverflow(by: info.type.blockBytes)
            guard !overflow else { throw fail("tensor \(name) has shape \(info.shape), too large") }
            guard info.offset % alignment == 0 else {
                throw fail("tensor \(name) has offset \(info.offset), not a multiple of the alignment \(alignment)")
            }
            guard file.size >= dataStart, info.offset <= file.size - dataStart, byteCount <= file.size - dataStart - info.offset else {
                throw fail("tensor \(name)'s data (\(byteCount) bytes at \(dataStart + info.offset)) lies beyond the end of the \(file.size)-byte file (truncated?)")
            }
            tensors.append(Tensor(name: name, type: info.type, shape: info.shape, offset: dataStart + info.offset, byteCount: byteCount))
        }

        self.path = path
        self.version = Int(version)
        self.metadata = metadata
        self.tensors = tensors
        self.tensorIndex = tensorIndex
        self.file = file
    }

    /// The tensor called `name`, or nil.
    public func tensor(_ name: String) -> Tensor? { tensorIndex[name].map { tensors[$0] } }

    /// Drops `tensor`'s pages from memory once its data has been copied elsewhere.
    func release(_ tensor: Tensor) { file.release(at: tensor.offset, count: tensor.byteCount) }

    /// The bytes of `tensor`, which the file holds for as long as this value lives.
    func data(_ tensor: Tensor) -> UnsafeRawPointer {
        // Checked against the file's size when the file was opened.
        file.bytes(at: tensor.offset, count: tensor.byteCount)!.baseAddress!
    }
}

extension GGUFFile {
    /// Reads the header, metadata and tensor infos front to back; every read checks the bounds first.
    fileprivate struct Reader {
        let file: MappedFile
        var offset = 0

        /// Metadata types by their GGUF number, with the byte size of the fixed-size ones.
        private static let fixedSizes: [UInt32: Int] = [0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8]
        private static let stringType: UInt32 = 8
        private static let arrayType: UInt32 = 9

        func fail(_ problem: String) -> ModelFileError { ModelFileError(path: file.path, problem: problem) }

        mutating func bytes(_ count: Int, _ what: @autoclosure () -> String) throws(ModelFileError) -> UnsafeRawBufferPointer {
            guard let bytes = file.bytes(at: offset, count: count) else {
                throw fail("\(what()) at byte \(offset) runs past the end of the \(file.size)-byte file (truncated?)")
            }
            offset += count
            return bytes
        }

        mutating func read<T: FixedWidthInteger>(_: T.Type, _ what: @autoclosure () -> String) throws(ModelFileError) -> T {
            T(littleEndian: try bytes(MemoryLayout<T>.size, what()).loadUnaligned(as: T.self))
        }

        /// A u64 count, checked to be at most the bytes left divided by the smallest size an item can have,
        /// so that a corrupt count fails here rather than asking for a huge allocation.
        mutating func count(_ what: @autoclosure () -> String, minimumBytesEach: Int) throws(ModelFileError) -> Int {
            let start = offset
            let value = try read(UInt64.self, what())
            guard value <= UInt64((file.size - offset) / minimumBytesEach) else {
                throw fail("\(what()) at byte \(start) is \(value), more than the \(file.size)-byte file can hold (corrupt or truncated?)")
            }
            return Int(value)
        }

        mutating func string(_ what: @autoclosure () -> String) throws(ModelFileError) -> String {
            let length = try count("the length of \(what())", minimumBytesEach: 1)
            return String(decoding: try bytes(length, what()), as: UTF8.self)
        }

        mutating func value(ofType type: UInt32, key: String) throws(ModelFileError) -> GGUFValue {
            guard type == Self.arrayType else { return try scalar(ofType: type, key: key) }
            let elementType = try read(UInt32.self, "the element type of metadata key \(key)")
            guard elementType != Self.arrayType else { throw fail("metadata key \(key) is an array of arrays, which GGUF does not allow") }
            guard let size = elementType == Self.stringType ? 8 : Self.fixedSizes[elementType] else {
                throw fail("metadata key \(key) has unknown element type \(elementType)")
            }
            let count = try count("the length of metadata key \(key)", minimumBytesEach: size)
            var elements: [GGUFValue] = []
            elements.reserveCapacity(count)
            for _ in 0..<count { elements.append(try scalar(ofType: elementType, key: key)) }
            return .array(elements)
        }

        private mutating func scalar(ofType type: UInt32, key: String) throws(ModelFileError) -> GGUFValue {
            let what = "the value of metadata key \(key)"
            switch type {
            case 0: return .uint8(try read(UInt8.self, what))
            case 1: return .int8(try read(Int8.self, what))
            case 2: return .uint16(try read(UInt16.self, what))
            case 3: return .int16(try read(Int16.self, what))
            case 4: return .uint32(try read(UInt32.self, what))
            case 5: return .int32(try read(Int32.self, what))
            case 6: return .float32(Float(bitPattern: try read(UInt32.self, what)))
            case 7:
                let byte = try read(UInt8.self, what)
                guard byte <= 1 else { throw fail("metadata key \(key) is a boolean stored as \(byte)") }
                return .bool(byte == 1)
            case 8: return .string(try string(what))
            case 10: return .uint64(try read(UInt64.self, what))
            case 11: return .int64(try read(Int64.self, what))
            case 12: return .float64(Double(bitPattern: try read(UInt64.self, what)))
            default: throw fail("metadata key \(key) has unknown value type \(type)")
            }
        }
    }
}
