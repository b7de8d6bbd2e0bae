import Foundation
public import Ingest
import VectorIndex

/// How `rag ingest` and `rag chunks` show what they read.
public enum IngestText {
    /// The warnings on stderr, the plan of a dry run on stdout, then the one-line summary.
    public static func printSummary(_ report: IngestReport) {
        for warning in report.warnings { warn(warning) }
        for action in report.plan ?? [] {
            let from = action.from.map { " (from \(Terminal.safe($0, oneLine: true)))" } ?? ""
            Output.print("\(action.action.padding(toLength: 7, withPad: " ", startingAt: 0)) \(Terminal.safe(action.path, oneLine: true))\(from)\n")
        }
        Terminal.note(report.summary)
    }

    /// A bar for reading the files, then one for embedding their chunks.
    public struct ProgressBars: Sendable {
        let reading = ProgressBar("reading  ", unit: "files")
        let embedding = ProgressBar("embedding", unit: "chunks")

        public init() {}

        public var progress: Ingestor.Progress {
            var progress = Ingestor.Progress()
            progress.reading = { [reading] done, total in reading.update(done: done, total: total) }
            progress.embedding = { [reading, embedding] done, total in
                reading.finish()
                embedding.update(done: done, total: total)
            }
            return progress
        }

        public func finish() {
            reading.finish()
            embedding.finish()
        }
    }

    /// "warning: FILE: why it was not read".
    public static func warn(_ warning: IngestReport.Warning) {
        Terminal.warn("\(Terminal.safe(warning.path, oneLine: true)): \(warning.reason)")
    }

    /// The document's title, format and size, then each chunk: heading path, place, tokens, overlap and text.
    public static func chunks(_ chunks: [Chunk], of document: Document) -> String {
        var out = "\(Terminal.bold(Terminal.safe(document.title, oneLine: true))) · \(document.format.rawValue) · \(document.sections.count) sections · \(chunks.count) chunks\n"
        for (i, chunk) in chunks.enumerated() {
            let heading = chunk.headingPath.isEmpty ? "(no heading)" : Terminal.safe(chunk.headingPath.joined(separator: " › "), oneLine: true)
            let place = Place.alone(path: document.path, lineStart: chunk.lineStart, lineEnd: chunk.lineEnd, pageStart: chunk.pageStart, pageEnd: chunk.pageEnd)
            out += "\n" + Terminal.bold("#\(i + 1)") + "  \(heading)  · \(place) · \(chunk.tokenCount) tokens"
            if chunk.overlap > 0 { out += " · \(chunk.overlap) characters of overlap" }
            out += "\n" + Terminal.safe(chunk.text).split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n") + "\n"
        }
        return out
    }
}
