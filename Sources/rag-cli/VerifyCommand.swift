import ArgumentParser
import Foundation
import Ingest
import VectorIndex

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that the store is consistent, and list notes changed on disk since they were ingested.",
        discussion: """
            Checks that the FAISS index, the vectors table and the chunks table hold the same ids, that the
            word index (FTS5) matches the chunks, that nothing is orphaned, and SQLite's integrity check.
            Files changed or missing on disk are listed (run `rag ingest` to sync them) but are not errors.

            Exit codes: 0 consistent, 1 inconsistent (`rag rebuild` repairs the FAISS index from the vectors table).
            """
    )

    @OptionGroup var store: StoreOptions

    @Flag(help: "Print one JSON document instead of text.")
    var json = false

    struct Report: Encodable {
        let ok: Bool
        let problems: [String]
        let chunks: Int
        let vectors: Int
        let indexed: Int
        let staleFiles: [Maintenance.StaleFile]
    }

    func run() throws {
        let opened = try store.openForReading()
        let report: Report
        do {
            let verification = try opened.verify()
            report = Report(
                ok: verification.problems.isEmpty, problems: verification.problems, chunks: verification.chunks,
                vectors: verification.vectors, indexed: verification.indexed, staleFiles: try Maintenance.staleFiles(in: opened))
        } catch {
            throw Terminal.fail("\(error)")
        }
        if json {
            try Output.printJSON(report)
        } else {
            var out = report.ok
                ? "consistent: \(report.chunks) chunks, \(report.vectors) vectors, \(report.indexed) in the FAISS index\n"
                : "INCONSISTENT:\n" + report.problems.map { "  - \($0)\n" }.joined()
            for file in report.staleFiles { out += "\(file.state) since ingest: \(Paths.display(file.path))\n" }
            Output.print(out)
        }
        if !report.ok { throw ExitCode.failure }
    }
}
