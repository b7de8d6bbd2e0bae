import ArgumentParser
import Console
import Foundation
import Ingest
import LLM
import VectorIndex

struct RebuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Build a new FAISS index from the stored vectors, optionally of another type or re-embedded.",
        discussion: """
            Needs no notes files and, without --reembed, no embedder: the vectors live in SQLite too.
              auto  flat until \(IndexKind.hnswFrom.formatted()) chunks, HNSW beyond, chosen again
                    at every commit (a new store's default)
              flat  exact search
              hnsw  approximate graph search, fast at any size; removals rebuild it
              ivf   approximate search over about 4·√N clusters of the stored vectors
            A type other than auto stays until the next `rag rebuild --index`.

            Examples:
              rag rebuild --index hnsw
              rag rebuild --reembed          # after a model change
            """
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var writing: WriteOptions

    @Option(name: .customLong("index"), help: ArgumentHelp("auto, flat, hnsw or ivf (default: as now).", valueName: "type"))
    var indexKind: String?

    @Flag(help: "Embed every chunk again before building the index.")
    var reembed = false

    func validate() throws {
        if let indexKind, indexKind != "auto" && IndexKind(rawValue: indexKind) == nil {
            throw ValidationError("--index takes auto, flat, hnsw or ivf, not '\(indexKind)'.")
        }
    }

    func run() throws {
        let lock = try writing.lock(store.directory)
        let opened = try store.openForWriting(lock: lock)
        let start = Date()
        try Terminal.failing {
            if reembed {
                let bar = ProgressBar("embedding", unit: "chunks")
                let count = try Maintenance.reembed(opened, embedder: try Embedder(), lock: lock) { bar.update(done: $0, total: $1) }
                bar.finish()
                Terminal.note("re-embedded \(count) chunks")
            }
            // nil: by size, as given or as the store chooses now
            let kind = indexKind.map { IndexKind(rawValue: $0) } ?? (opened.indexBySize ? nil : opened.indexKind)
            if !reembed || kind != opened.indexKind { try opened.rebuild(kind: kind, lock: lock) }
        }
        let stats = try opened.stats()
        Terminal.note(
            String(format: "rebuilt the %@ index over %d vectors in %.1f s (generation %d)", opened.indexKind.rawValue, stats.vectors, Date().timeIntervalSince(start), stats.generation))
    }
}
