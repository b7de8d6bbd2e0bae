import Foundation
public import Ingest
public import VectorIndex

/// How the commands that report on a store (`rag stats`, `rag verify`, `rag inspect`) show it.
public enum StoreText {
    public static func stats(_ stats: StoreStats, directory: String) -> String {
        let last = stats.lastIngest.map { Date(timeIntervalSince1970: $0).formatted(date: .abbreviated, time: .standard) } ?? "never"
        return """
            store       \(directory)
            documents   \(stats.documents)
            chunks      \(stats.chunks)
            vectors     \(stats.vectors) × \(stats.dimension) floats
            index       \(stats.indexType), \(stats.indexChoice == "size" ? "chosen by size" : "set with --index") (generation \(stats.generation))
            embedder    \(stats.models["embedder"] ?? "none yet")
            on disk     \(ByteCountFormatter.string(fromByteCount: Int64(stats.bytesOnDisk), countStyle: .file))
            last ingest \(last)

            """
    }

    /// "consistent: …" or each problem; then notes, and the files changed on disk since ingest.
    public static func verification(_ report: Maintenance.VerifyReport, deep: Bool) -> String {
        let searched = deep ? ", \(report.sampled) found by searching for themselves" : ""
        var out =
            report.ok
            ? "consistent: \(report.chunks) chunks, \(report.vectors) vectors, \(report.indexed) in the FAISS index\(searched)\n"
            : "INCONSISTENT:\n" + report.problems.map { "  - \($0)\n" }.joined()
        for note in report.notes { out += "note: \(note)\n" }
        for file in report.staleFiles { out += "\(file.state) since ingest: \(Paths.display(file.path))\n" }
        return out
    }

    /// A document's title, format and hash, then a line per chunk.
    public static func document(_ document: StoredDocument, chunks: [StoredChunk]) -> String {
        var out = "\(Terminal.bold(Terminal.safe(document.title, oneLine: true))) · \(document.format) · \(chunks.count) chunks · sha256 \(document.sha256.prefix(12))…\n"
        for chunk in chunks {
            let place = Place.alone(path: document.path, lineStart: chunk.lineStart, lineEnd: chunk.lineEnd, pageStart: chunk.pageStart, pageEnd: chunk.pageEnd)
            out += "  #\(chunk.id)  \(place) · \(chunk.tokenCount) tokens · \(Terminal.safe(chunk.heading, oneLine: true))\n"
        }
        return out
    }

    /// A chunk's place and size, then its text.
    public static func chunk(_ chunk: StoredChunk, of document: StoredDocument) -> String {
        let place = AnswerText.place(document.path, chunk.lineStart, chunk.lineEnd, pages: (chunk.pageStart, chunk.pageEnd), heading: chunk.heading)
        return "\(Terminal.bold("chunk \(chunk.id)")) · \(place) · \(chunk.tokenCount) tokens\n\n\(Terminal.safe(chunk.text))\n"
    }
}
