import Foundation

/// What one `rag ingest` run did (or, with --dry-run, would do).
public struct IngestReport: Sendable, Encodable {
    public var added = 0
    public var changed = 0
    public var renamed = 0
    public var removed = 0
    public var unchanged = 0
    public var failed = 0
    public var chunksEmbedded = 0
    /// Chunks whose embedding was taken from the store because their text was already there.
    public var chunksReused = 0
    public var seconds = 0.0
    /// The part of `seconds` spent embedding.
    public var embedSeconds = 0.0
    public var warnings: [Warning] = []
    /// Each file's action, for --dry-run.
    public var plan: [PlannedAction]?

    public struct Warning: Sendable, Encodable {
        public let path: String
        public let reason: String
    }

    public struct PlannedAction: Sendable, Encodable {
        public let path: String
        public let action: String
        /// The old path, for a rename.
        public let from: String?
    }

    public init() {}

    mutating func warn(_ warning: IngestWarning) {
        warnings.append(Warning(path: warning.path, reason: warning.reason))
    }
}

extension IngestReport {
    /// One line for people: "synced: 2 added, 1 updated, … · 40 chunks embedded, 3 reused · 1.2 s",
    /// or "would sync: …" for a plan.
    public var summary: String {
        var parts = ["\(added) added", "\(changed) updated", "\(renamed) renamed", "\(removed) removed", "\(unchanged) unchanged"]
        if failed > 0 { parts.append("\(failed) failed") }
        var line = (plan == nil ? "synced: " : "would sync: ") + parts.joined(separator: ", ")
        if plan == nil { line += String(format: " · %d chunks embedded, %d reused · %.1f s", chunksEmbedded, chunksReused, seconds) }
        if !warnings.isEmpty { line += " · \(warnings.count) warnings" }
        return line
    }
}
