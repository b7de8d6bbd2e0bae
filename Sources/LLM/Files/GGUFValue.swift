/// One metadata value of a GGUF file: a number, a boolean, a string or an array of one of those.
public enum GGUFValue: Sendable, Equatable {
    case uint8(UInt8), int8(Int8), uint16(UInt16), int16(Int16)
    case uint32(UInt32), int32(Int32), uint64(UInt64), int64(Int64)
    case float32(Float), float64(Double)
    case bool(Bool)
    case string(String)
    case array([GGUFValue])

    /// The value as an integer, when it is one (of any width) that fits in Int.
    public var integer: Int? {
        switch self {
        case .uint8(let v): Int(v)
        case .int8(let v): Int(v)
        case .uint16(let v): Int(v)
        case .int16(let v): Int(v)
        case .uint32(let v): Int(v)
        case .int32(let v): Int(v)
        case .uint64(let v): Int(exactly: v)
        case .int64(let v): Int(v)
        default: nil
        }
    }

    /// The value as a float, when it is a floating-point number.
    public var float: Float? {
        switch self {
        case .float32(let v): v
        case .float64(let v): Float(v)
        default: nil
        }
    }

    /// What the value is, in the words an error message uses.
    var kind: String {
        switch self {
        case .uint8, .int8, .uint16, .int16, .uint32, .int32, .uint64, .int64: "an integer"
        case .float32, .float64: "a float"
        case .bool: "a boolean"
        case .string: "a string"
        case .array: "an array"
        }
    }
}

/// Typed reads of the metadata, each failing with the key's name and what was found instead.
extension GGUFFile {
    public func string(_ key: String) throws(ModelFileError) -> String {
        guard case .string(let value) = try value(key) else { throw mismatch(key, expected: "a string") }
        return value
    }

    public func integer(_ key: String) throws(ModelFileError) -> Int {
        guard let value = try value(key).integer else { throw mismatch(key, expected: "an integer") }
        return value
    }

    /// The integer at `key`, or `fallback` when the key is absent (a present key of another type is an error).
    public func integer(_ key: String, default fallback: Int) throws(ModelFileError) -> Int {
        metadata[key] == nil ? fallback : try integer(key)
    }

    public func float(_ key: String) throws(ModelFileError) -> Float {
        guard let value = try value(key).float else { throw mismatch(key, expected: "a float") }
        return value
    }

    public func float(_ key: String, default fallback: Float) throws(ModelFileError) -> Float {
        metadata[key] == nil ? fallback : try float(key)
    }

    public func bool(_ key: String, default fallback: Bool) throws(ModelFileError) -> Bool {
        guard let value = metadata[key] else { return fallback }
        guard case .bool(let flag) = value else { throw mismatch(key, expected: "a boolean") }
        return flag
    }

    public func strings(_ key: String) throws(ModelFileError) -> [String] {
        guard case .array(let elements) = try value(key) else { throw mismatch(key, expected: "an array of strings") }
        var strings: [String] = []
        strings.reserveCapacity(elements.count)
        for element in elements {
            guard case .string(let string) = element else { throw mismatch(key, expected: "an array of strings") }
            strings.append(string)
        }
        return strings
    }

    public func integers(_ key: String) throws(ModelFileError) -> [Int] {
        guard case .array(let elements) = try value(key) else { throw mismatch(key, expected: "an array of integers") }
        var integers: [Int] = []
        integers.reserveCapacity(elements.count)
        for element in elements {
            guard let integer = element.integer else { throw mismatch(key, expected: "an array of integers") }
            integers.append(integer)
        }
        return integers
    }

    private func value(_ key: String) throws(ModelFileError) -> GGUFValue {
        guard let value = metadata[key] else { throw ModelFileError(path: path, problem: "metadata key \(key) is missing") }
        return value
    }

    private func mismatch(_ key: String, expected: String) -> ModelFileError {
        ModelFileError(path: path, problem: "metadata key \(key) is \(metadata[key]?.kind ?? "missing"), expected \(expected)")
    }
}
