import ArgumentParser
import Console
import Foundation
import Ingest
import VectorIndex

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that the store is consistent, and list notes changed on disk since they were ingested.",
        discussion: """
            Checks that the FAISS index file is the one its commit recorded (SHA-256), that the FAISS \
            index, the vectors table and the chunks table hold the same ids, that the word index (FTS5) \
            matches the chunks, that nothing is orphaned, and SQLite's integrity check. --deep also \
            searches the index for a sample of stored vectors, each of which must find itself.
            Files changed or missing on disk are listed (run `rag ingest` to sync them) but are not errors.

            Exit codes: 0 consistent, 1 inconsistent (`rag rebuild` repairs the FAISS index from the vectors table).
            """
    )

    @OptionGroup var store: StoreOptions

    @Flag(help: "Print one JSON document instead of text.")
    var json = false

    @Flag(help: "Also search the index for a sample of stored vectors; each must find itself.")
    var deep = false

    func run() throws {
        let opened = try store.openForReading(savingRebuiltIndex: false)
        let report = try Terminal.failing { try Maintenance.verify(opened, deep: deep) }
        if json {
            try Output.printJSON(report)
        } else {
            Output.print(StoreText.verification(report, deep: deep))
        }
        if !report.ok { throw ExitCode.failure }
    }
}
