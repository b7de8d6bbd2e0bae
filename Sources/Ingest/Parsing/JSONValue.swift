/// A JSON value that keeps what Foundation's `JSONSerialization` drops: the order of an object's
/// members, and the 1-based source line of every scalar, so that sections can point back into the file.
///
/// `parse` is a strict RFC 8259 reader over UTF-8 bytes. It does not recurse: open objects and
/// arrays sit on an explicit stack, capped at ``maxDepth``, so 10,000 nested `[` cost an error
/// message rather than the thread's stack.
enum JSONValue: Sendable {
    /// Members in source order; a repeated key is kept twice, as written.
    case object([(key: String, value: JSONValue)])
    case array([JSONValue])
    case string(String, line: Int)
    /// The number as written (`0.3`, `1e-4`): that text is what gets indexed, and a Double would
    /// round long integers and print `1e-4` as `0.0001`.
    case number(String, line: Int)
    case bool(Bool, line: Int)
    case null

    /// Objects and arrays nested deeper than this are rejected. Real documents stay far below it;
    /// the cap keeps the parser's stack, and the recursive walks over its result, small.
    static let maxDepth = 512

    /// The value that `text` holds, and nothing else: anything but whitespace after it is an error.
    static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        return try text.withUTF8 { bytes in Result { () throws(JSONParseError) in try parse(bytes) } }.get()
    }

    /// The value that `bytes` hold; `firstLine` numbers their first line, for a slice of a larger file.
    /// A leading UTF-8 byte order mark is skipped; invalid UTF-8 inside strings becomes U+FFFD.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, firstLine: Int = 1) throws(JSONParseError) -> JSONValue {
        var reader = Reader(bytes: bytes, line: firstLine)
        return try reader.document()
    }

    /// The value of the first member named `key`, when this is an object.
    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The text of a string value; nil for any other kind.
    var stringValue: String? {
        if case .string(let text, _) = self { text } else { nil }
    }
}

extension JSONValue: Equatable {
    static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case let (.object(x), .object(y)):
            x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case let (.array(x), .array(y)): x == y
        case let (.string(x, xLine), .string(y, yLine)): x == y && xLine == yLine
        case let (.number(x, xLine), .number(y, yLine)): x == y && xLine == yLine
        case let (.bool(x, xLine), .bool(y, yLine)): x == y && xLine == yLine
        case (.null, .null): true
        default: false
        }
    }
}

/// Why a text is not JSON, and where: `line 3, column 17: unterminated string`.
/// Columns count Unicode scalars from 1, so they match what an editor shows for non-ASCII text.
struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    var line: Int
    var column: Int
    var message: String

    var description: String { "line \(line), column \(column): \(message)" }
}

/// The reading position over the bytes, and the line bookkeeping that error positions and string
/// lines need. A newline can only occur in whitespace (strings may not contain one), so whitespace
/// skipping is the one place that counts lines.
private struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0
    var line: Int
    /// Where the current line starts, for columns.
    var lineStart = 0

    init(bytes: UnsafeBufferPointer<UInt8>, line: Int) {
        self.bytes = bytes
        self.line = line
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            i = 3
            lineStart = 3
        }
    }

    /// An object or array still being read.
    private struct Container {
        let isObject: Bool
        /// The key that the next value belongs to.
        var key = ""
        var members: [(key: String, value: JSONValue)] = []
        var elements: [JSONValue] = []

        mutating func append(_ value: JSONValue) {
            if isObject { members.append((key, value)) } else { elements.append(value) }
        }

        var value: JSONValue { isObject ? .object(members) : .array(elements) }
    }

    mutating func document() throws(JSONParseError) -> JSONValue {
        var open: [Container] = []
        skipWhitespace()
        while true {
            // One scalar, or the start of a container (then go on with its first value).
            guard i < bytes.count else { throw error("unexpected end of input") }
            var value: JSONValue
            switch bytes[i] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard open.count < JSONValue.maxDepth else {
                    throw error("nesting deeper than \(JSONValue.maxDepth) levels")
                }
                let isObject = bytes[i] == UInt8(ascii: "{")
                i += 1
                skipWhitespace()
                if i < bytes.count && bytes[i] == UInt8(ascii: isObject ? "}" : "]") {
                    i += 1
                    value = isObject ? .object([]) : .array([])
                } else {
                    var container = Container(isObject: isObject)
                    if isObject { container.key = try key() }
                    open.append(container)
                    continue
                }
            case UInt8(ascii: "\""):
                let line = line
                let text = try string()
                value = .string(text, line: line)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = try number()
            case UInt8(ascii: "t"): value = try literal("true", .bool(true, line: line))
            case UInt8(ascii: "f"): value = try literal("false", .bool(false, line: line))
            case UInt8(ascii: "n"): value = try literal("null", .null)
            default:
                throw error("unexpected \(describe(at: i))")
            }
            // Hand the value to its container; every container that ends here becomes a value in turn.
            while true {
                skipWhitespace()
                guard !open.isEmpty else {
                    if i < bytes.count { throw error("unexpected \(describe(at: i)) after the JSON value") }
                    return value
                }
                open[open.count - 1].append(value)
                let isObject = open[open.count - 1].isObject
                guard i < bytes.count else { throw error("unexpected end of input") }
                if bytes[i] == UInt8(ascii: ",") {
                    i += 1
                    skipWhitespace()
                    if isObject { open[open.count - 1].key = try key() }
                    break
                } else if bytes[i] == UInt8(ascii: isObject ? "}" : "]") {
                    i += 1
                    value = open.removeLast().value
                } else {
                    throw error(
                        isObject ? "expected ',' or '}' after an object member" : "expected ',' or ']' after an array element"
                    )
                }
            }
        }
    }

    /// `"key" :` and the whitespace after it.
    private mutating func key() throws(JSONParseError) -> String {
        guard i < bytes.count else { throw error("unexpected end of input") }
        guard bytes[i] == UInt8(ascii: "\"") else { throw error("expected a string key, found \(describe(at: i))") }
        let key = try string()
        skipWhitespace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw error("expected ':' after the key \"\(key)\"") }
        i += 1
        skipWhitespace()
        return key
    }

    private mutating func skipWhitespace() {
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): i += 1
            case UInt8(ascii: "\n"):
                i += 1
                line += 1
                lineStart = i
            default: return
            }
        }
    }

    /// A string from its opening quote. Runs without escapes are decoded straight from the input;
    /// only a string with escapes is assembled in a buffer.
    private mutating func string() throws(JSONParseError) -> String {
        let opening = i
        i += 1
        var runStart = i
        var escaped = false
        var decoded: [UInt8] = []  // allocates only once an escape shows up
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") {
                let run = UnsafeBufferPointer(rebasing: bytes[runStart..<i])
                i += 1
                guard escaped else { return String(decoding: run, as: UTF8.self) }
                decoded.append(contentsOf: run)
                return String(decoding: decoded, as: UTF8.self)
            } else if byte == UInt8(ascii: "\\") {
                guard i + 1 < bytes.count else { break }
                escaped = true
                decoded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
                let scalar = try escape()
                UTF8.encode(scalar) { decoded.append($0) }
                runStart = i
            } else if byte < 0x20 {
                // A line break means the closing quote is missing; report where the string began.
                if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { throw error("unterminated string", at: opening) }
                throw error("control character \(describe(at: i)) in a string must be escaped")
            } else {
                i += 1
            }
        }
        throw error("unterminated string", at: opening)
    }

    /// The character an escape sequence stands for, from its backslash (with at least one byte
    /// after it). A `\u` surrogate that is
    /// not half of a pair becomes U+FFFD, as most readers do, rather than failing the whole file.
    private mutating func escape() throws(JSONParseError) -> Unicode.Scalar {
        let backslash = i
        i += 1
        let letter = bytes[i]
        i += 1
        switch letter {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let unit = try hex4(escapeAt: backslash)
            if (0xD800...0xDBFF).contains(unit), i + 1 < bytes.count,
                bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u")
            {
                let save = i
                i += 2
                let low = try hex4(escapeAt: save)
                if (0xDC00...0xDFFF).contains(low) {
                    return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))!
                }
                // Not a low surrogate: it is an escape of its own, read on the next pass.
                i = save
            }
            return Unicode.Scalar(unit) ?? "\u{FFFD}"
        default:
            throw error("invalid escape \(describe(at: backslash + 1)) in a string", at: backslash)
        }
    }

    /// The four hex digits after `\u`.
    private mutating func hex4(escapeAt backslash: Int) throws(JSONParseError) -> UInt32 {
        var unit: UInt32 = 0
        for _ in 0..<4 {
            guard i < bytes.count, let digit = Self.hexValue(bytes[i]) else {
                throw error("invalid \\u escape: expected four hex digits", at: backslash)
            }
            unit = unit << 4 | digit
            i += 1
        }
        return unit
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, kept as written.
    private mutating func number() throws(JSONParseError) -> JSONValue {
        let start = i
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard isDigit() else { throw error("invalid number: expected a digit") }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if isDigit() { throw error("invalid number: leading zero") }
        } else {
            skipDigits()
        }
        if i < bytes.count && bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard isDigit() else { throw error("invalid number: expected a digit after '.'") }
            skipDigits()
        }
        if i < bytes.count && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            i += 1
            if i < bytes.count && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
            guard isDigit() else { throw error("invalid number: expected a digit in the exponent") }
            skipDigits()
        }
        return .number(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self), line: line)
    }

    private func isDigit() -> Bool {
        i < bytes.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i])
    }

    private mutating func skipDigits() {
        while isDigit() { i += 1 }
    }

    /// `true`, `false` or `null`.
    private mutating func literal(_ word: String, _ value: JSONValue) throws(JSONParseError) -> JSONValue {
        guard bytes[i...].starts(with: word.utf8) else { throw error("unexpected \(describe(at: i))") }
        i += word.utf8.count
        return value
    }

    /// The character at `index` for a message: `'x'` when printable, `U+0009` otherwise.
    private func describe(at index: Int) -> String {
        var bytes = UnsafeBufferPointer(rebasing: bytes[index...]).makeIterator()
        var decoder = UTF8()
        let scalar: Unicode.Scalar
        switch decoder.decode(&bytes) {
        case .scalarValue(let decoded): scalar = decoded
        case .emptyInput: return "end of input"
        case .error: return "invalid UTF-8"
        }
        if scalar.properties.isWhitespace || scalar.value < 0x20 || scalar.value == 0x7F {
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: Swift.max(0, 4 - hex.count)) + hex
        }
        return "'\(scalar)'"
    }

    private func error(_ message: String, at index: Int? = nil) -> JSONParseError {
        let index = Swift.min(index ?? i, bytes.count)
        // Count scalars, not bytes: UTF-8 continuation bytes (10xxxxxx) do not start a character.
        let column = bytes[lineStart..<index].reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
        return JSONParseError(line: line, column: column, message: message)
    }
}
