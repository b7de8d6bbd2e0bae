import Foundation

/// Bytes of a notes file into NFC text: UTF-8 (with or without BOM), UTF-16 with a BOM, a charset
/// an HTML file declares, and a Windows-1252 fallback for the odd Latin-1 file. Never fails on bad
/// bytes: the caller gets text and, when something had to be guessed, a reason to warn with.
enum TextDecoding {
    struct Decoded {
        var text: String
        /// Set when the bytes were not what they claimed to be and had to be read another way.
        var warning: String?
    }

    /// Why a file is not text at all.
    struct BinaryContent: Error {
        let reason: String
    }

    static func decode(_ bytes: [UInt8], isHTML: Bool) throws(BinaryContent) -> Decoded {
        var decoded = try decodeRaw(bytes, isHTML: isHTML)
        decoded.text = decoded.text.precomposedStringWithCanonicalMapping
        return decoded
    }

    private static func decodeRaw(_ bytes: [UInt8], isHTML: Bool) throws(BinaryContent) -> Decoded {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return utf8(bytes.dropFirst(3)) }
        if bytes.starts(with: [0xFF, 0xFE]) { return Decoded(text: utf16(bytes.dropFirst(2), littleEndian: true)) }
        if bytes.starts(with: [0xFE, 0xFF]) { return Decoded(text: utf16(bytes.dropFirst(2), littleEndian: false)) }
        if let reason = binaryReason(bytes) {
            if looksLikeUTF16LittleEndian(bytes) {
                return Decoded(text: utf16(bytes[...], littleEndian: true), warning: "UTF-16 without a byte-order mark; read as UTF-16LE")
            }
            throw BinaryContent(reason: reason)
        }
        if isHTML, let charset = declaredCharset(bytes), singleByteCharsets.contains(charset) {
            return Decoded(text: windows1252(bytes[...]))
        }
        return utf8(bytes[...])
    }

    /// Labels that browsers read as Windows-1252, a superset of Latin-1.
    private static let singleByteCharsets: Set<String> = [
        "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "windows-1252", "cp1252", "us-ascii", "ascii",
    ]

    /// Valid UTF-8 as is; otherwise the way that loses least: mostly-UTF-8 text keeps its good
    /// characters (bad bytes become U+FFFD), text with no UTF-8 sequences at all is Windows-1252.
    private static func utf8(_ bytes: ArraySlice<UInt8>) -> Decoded {
        if let text = String(validating: bytes, as: UTF8.self) { return Decoded(text: text) }
        let (valid, invalid) = utf8SequenceCounts(bytes)
        if valid > invalid {
            return Decoded(text: String(decoding: bytes, as: UTF8.self), warning: "invalid UTF-8 bytes replaced by U+FFFD")
        }
        return Decoded(text: windows1252(bytes), warning: "not UTF-8; read as Latin-1 (Windows-1252)")
    }

    /// How many well-formed multi-byte UTF-8 sequences and how many stray bytes the data holds.
    private static func utf8SequenceCounts(_ bytes: ArraySlice<UInt8>) -> (valid: Int, invalid: Int) {
        var (valid, invalid) = (0, 0)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let lead = bytes[i]
            let length = lead < 0x80 ? 1 : lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3 : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0
            if length == 1 {
                i += 1
            } else if length > 1, i + length <= bytes.endIndex,
                String(validating: bytes[i..<i + length], as: UTF8.self) != nil
            {
                valid += 1
                i += length
            } else {
                invalid += 1
                i += 1
            }
        }
        return (valid, invalid)
    }

    private static func utf16(_ bytes: ArraySlice<UInt8>, littleEndian: Bool) -> String {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = bytes.startIndex
        while i + 1 < bytes.endIndex {
            let (a, b) = (UInt16(bytes[i]), UInt16(bytes[i + 1]))
            units.append(littleEndian ? a | b << 8 : a << 8 | b)
            i += 2
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// Windows-1252's characters for 0x80–0x9F; the rest of the byte range is Latin-1.
    private static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    private static func windows1252(_ bytes: ArraySlice<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            let value = (0x80...0x9F).contains(byte) ? windows1252High[Int(byte) - 0x80] : UInt32(byte)
            scalars.append(Unicode.Scalar(value)!)
        }
        return String(scalars)
    }

    /// Why the data is not text: NUL bytes, or mostly control characters. Looks at the first 8 KB.
    private static func binaryReason(_ bytes: [UInt8]) -> String? {
        let head = bytes.prefix(8192)
        if head.contains(0) { return "binary content (NUL bytes)" }
        let controls = head.filter { $0 < 0x20 && ![0x09, 0x0A, 0x0C, 0x0D].contains($0) || $0 == 0x7F }.count
        if !head.isEmpty && controls * 10 > head.count { return "binary content (mostly control characters)" }
        return nil
    }

    /// UTF-16LE text without a BOM: ASCII-range characters leave a NUL in nearly every odd byte.
    private static func looksLikeUTF16LittleEndian(_ bytes: [UInt8]) -> Bool {
        let head = Array(bytes.prefix(8192))
        guard head.count >= 16, head.count % 2 == 0 else { return false }
        let oddZeros = stride(from: 1, to: head.count, by: 2).filter { head[$0] == 0 }.count
        let evenZeros = stride(from: 0, to: head.count, by: 2).filter { head[$0] == 0 }.count
        return oddZeros * 10 >= head.count / 2 * 9 && evenZeros == 0
    }

    /// The charset an HTML file declares in its first 2 KB (`<meta charset=…>` or `content="…; charset=…"`), lowercased.
    static func declaredCharset(_ bytes: [UInt8]) -> String? {
        let head = String(decoding: bytes.prefix(2048), as: UTF8.self).lowercased()
        guard let range = head.range(of: "charset=") else { return nil }
        let value = head[range.upperBound...].drop { $0 == "\"" || $0 == "'" || $0 == " " }
        let name = value.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        return name.isEmpty ? nil : String(name)
    }
}
