/// The SHA-256 of one generation's index file, recorded in the meta table by the transaction that
/// commits the generation. The generation is part of the record so that a commit by an older rag,
/// which writes no checksum, leaves a record that plainly belongs to another file rather than a wrong one.
struct IndexChecksum: Equatable {
    let generation: Int
    let sha256: String

    static let metaKey = "index_sha256"

    /// The meta value: "GENERATION SHA256".
    var metaValue: String { "\(generation) \(sha256)" }

    init(generation: Int, sha256: String) {
        self.generation = generation
        self.sha256 = sha256
    }

    init?(metaValue: String) {
        let parts = metaValue.split(separator: " ")
        guard parts.count == 2, let generation = Int(parts[0]) else { return nil }
        self.init(generation: generation, sha256: String(parts[1]))
    }
}
