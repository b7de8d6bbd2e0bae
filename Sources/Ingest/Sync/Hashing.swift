import Crypto
import Foundation

/// SHA-256 in lowercase hex: file contents, chunk texts and the embedder's identity.
enum Hashing {
    static func sha256(_ bytes: some DataProtocol) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    static func sha256(_ text: String) -> String { sha256(Data(text.utf8)) }

    /// A fingerprint of the embedder in `directory`: its configuration, vocabulary and the
    /// safetensors header (names, shapes and offsets of every tensor). Vectors from a different
    /// model would not be comparable, so a store records this and refuses to mix.
    static func embedderFingerprint(directory: String) -> String {
        var hasher = SHA256()
        for name in ["config.json", "vocab.txt"] {
            hasher.update(data: FileManager.default.contents(atPath: directory + "/" + name) ?? Data())
        }
        if let handle = FileHandle(forReadingAtPath: directory + "/model.safetensors") {
            let lengthBytes = handle.readData(ofLength: 8)
            if lengthBytes.count == 8 {
                let length = lengthBytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self).littleEndian }
                hasher.update(data: lengthBytes + handle.readData(ofLength: Int(min(length, 100_000_000))))
            }
            try? handle.close()
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// What a store records of the embedder that made its vectors.
    static func embedderMeta(directory: String) -> [String: String] {
        ["model.embedder": "all-MiniLM-L6-v2", "model.embedder_fingerprint": embedderFingerprint(directory: directory)]
    }
}
