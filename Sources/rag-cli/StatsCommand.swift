import ArgumentParser
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
        let last = stats.lastIngest.map { Date(timeIntervalSince1970: $0).formatted(date: .abbreviated, time: .standard) } ?? "never"
        Output.print(
            """
            store       \(store.directory)
            documents   \(stats.documents)
            chunks      \(stats.chunks)
            vectors     \(stats.vectors) × \(stats.dimension) floats
            index       \(stats.indexType), \(stats.indexChoice == "size" ? "chosen by size" : "set with --index") (generation \(stats.generation))
            embedder    \(stats.models["embedder"] ?? "none yet")
            on disk     \(ByteCountFormatter.string(fromByteCount: Int64(stats.bytesOnDisk), countStyle: .file))
            last ingest \(last)

            """)
    }
}
