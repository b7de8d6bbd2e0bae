/// GPT-2's byte-level alphabet: every byte has a printable stand-in character, so that a
/// vocabulary of strings can hold arbitrary bytes. Printable Latin-1 bytes stand for themselves;
/// the other 68 (controls, space, DEL, NBSP, soft hyphen) take the characters from U+0100 on, in order —
/// which is why a space appears as "Ġ" (U+0120) and a newline as "Ċ" (U+010A) in the vocabulary.
enum ByteLevel {
    /// The stand-in character of each byte.
    static let characters: [Unicode.Scalar] = {
        var table = [Unicode.Scalar](repeating: "\0", count: 256)
        var next: UInt32 = 256
        for byte in 0..<256 {
            let printable = (33...126).contains(byte) || (161...172).contains(byte) || (174...255).contains(byte)
            if printable {
                table[byte] = Unicode.Scalar(UInt32(byte))!
            } else {
                table[byte] = Unicode.Scalar(next)!
                next += 1
            }
        }
        return table
    }()

    /// The byte each stand-in character encodes.
    static let bytes: [Unicode.Scalar: UInt8] = Dictionary(
        uniqueKeysWithValues: characters.enumerated().map { ($0.element, UInt8($0.offset)) })

    /// The bytes a vocabulary string encodes, or nil when it holds a character outside the alphabet.
    static func decode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            guard let byte = bytes[scalar] else { return nil }
            out.append(byte)
        }
        return out
    }
}
