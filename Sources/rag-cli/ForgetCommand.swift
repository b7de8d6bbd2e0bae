import ArgumentParser
import Console
import Foundation
import Ingest
import VectorIndex

struct ForgetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forget",
        abstract: "Remove documents (or everything under folders) from the store; the files stay on disk.",
        discussion: """
            Example:
              rag forget notes/drafts
            """
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var writing: WriteOptions

    @Flag(help: "Print the removed paths as one JSON document.")
    var json = false

    @Argument(help: "Files or folders, as given to ingest or relative to here.")
    var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("Give at least one file or folder to forget.") }
    }

    func run() throws {
        let lock = try writing.lock(store.directory)
        let removed = try Terminal.failing { try Maintenance.forget(paths, in: try store.openForWriting(lock: lock), lock: lock) }
        if json {
            try Output.printJSON(["removed": removed])
        } else {
            for path in removed { Output.print("removed \(Paths.display(path))\n") }
            Terminal.note("forgot \(removed.count) documents")
        }
        if removed.isEmpty { throw Terminal.fail("nothing in the store matches \(paths.joined(separator: ", "))") }
    }
}
