/// Turns a stream of token bytes into text while it is generated. A byte-level token can end in
/// the middle of a UTF-8 character (an emoji is often three tokens), so the bytes of an unfinished
/// character are held back until the tokens that complete it arrive.
public struct TextStreamDecoder: Sendable {
    private var pending: [UInt8] = []

    public init() {}

    /// The text that `bytes` completes, possibly empty. Bytes that can never become valid UTF-8
    /// come out as U+FFFD at once, so one bad token cannot hold back the rest of the stream.
    public mutating func append(_ bytes: [UInt8]) -> String {
        pending += bytes
        let cut = pending.count - Self.unfinishedSuffixLength(pending)
        let text = String(decoding: pending[..<cut], as: UTF8.self)
        pending.removeFirst(cut)
        return text
    }

    /// Whatever is still held back (an unfinished character becomes U+FFFD); the stream is empty afterwards.
    public mutating func finish() -> String {
        defer { pending = [] }
        return String(decoding: pending, as: UTF8.self)
    }

    /// How many trailing bytes form the start of a multi-byte character that may still be completed.
    static func unfinishedSuffixLength(_ bytes: [UInt8]) -> Int {
        // Look back at most 3 bytes for a lead byte whose sequence runs past the end.
        for back in stride(from: 1, through: min(3, bytes.count), by: 1) {
            let byte = bytes[bytes.count - back]
            if byte & 0xC0 == 0x80 { continue }  // continuation byte: keep looking for the lead
            let length = byte >= 0xF0 && byte <= 0xF4 ? 4 : byte >= 0xE0 && byte < 0xF0 ? 3 : byte >= 0xC2 && byte < 0xE0 ? 2 : 1
            return length > back ? back : 0
        }
        return 0
    }
}
