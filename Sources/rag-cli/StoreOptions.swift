import ArgumentParser
import Console
import Foundation
import VectorIndex

/// Where the store is: `--store DIR` (or $RAG_HOME, or ~/.local/share/rag), then one folder per `--collection`.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("store"), help: ArgumentHelp("The store folder (default: $RAG_HOME or ~/.local/share/rag).", valueName: "dir"))
    var root: String?

    @Option(help: "The collection inside the store: separate notes, separate indexes.")
    var collection = "default"

    func validate() throws {
        guard !collection.isEmpty, collection.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }), !collection.hasPrefix(".")
        else { throw ValidationError("--collection takes letters, digits, '-', '_' and '.', not '\(collection)'.") }
    }

    var directory: String { Self.directory(root: root, collection: collection) }

    static func directory(root: String?, collection: String) -> String {
        let environment = ProcessInfo.processInfo.environment["RAG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
        let base = root ?? environment ?? NSHomeDirectory() + "/.local/share/rag"
        return ((base as NSString).expandingTildeInPath as NSString).standardizingPath + "/" + collection
    }

    /// The existing store, for reading, which works without write access to it; notices (such as
    /// an index rebuilt on open) go to stderr. `savingRebuiltIndex` writes a rebuilt index back
    /// when no writer is at work; `rag verify` reports the damage instead.
    func openForReading(savingRebuiltIndex: Bool = true) throws -> Store {
        try Terminal.failing {
            let store = try Store(directory: directory, readOnly: true, notice: Terminal.notice)
            if savingRebuiltIndex { store.saveRebuiltIndexIfUnlocked() }
            return store
        }
    }

    /// The existing store, for the holder of `lock`.
    func openForWriting(lock: WriteLock) throws -> Store {
        try Terminal.failing { try Store(directory: directory, lock: lock, notice: Terminal.notice) }
    }
}

/// The single-writer lock, for commands that change a store.
struct WriteOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Seconds to wait for another writer to finish.", valueName: "seconds"))
    var wait: Double = 30

    func lock(_ directory: String) throws -> WriteLock {
        try Terminal.failing {
            try WriteLock(directory: directory, wait: wait) { holder in
                Terminal.note("waiting for another rag process (\(holder)) to finish writing to \(directory)…")
            }
        }
    }
}
