import ArgumentParser
import Console
import Foundation
import VectorIndex

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "What the store holds: documents, chunks, vectors, index type, models, size on disk."
    )

    @OptionGroup var store: StoreOptions

    @Flag(help: "Print one JSON document instead of text.")
    var json = false

    func run() throws {
        let stats = try Terminal.failing { try store.openForReading().stats() }
        if json {
            try Output.printJSON(stats)
            return
        }
        Output.print(StoreText.stats(stats, directory: store.directory))
    }
}
