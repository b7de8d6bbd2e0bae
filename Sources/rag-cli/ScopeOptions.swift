import ArgumentParser
import Console
import VectorIndex

/// `--in PATH`: search or ask within some of the notes only.
struct ScopeOptions: ParsableArguments {
    @Option(
        name: .customLong("in"),
        help: ArgumentHelp("Only the notes under this folder, or whose path starts with this (repeatable: any of them).", valueName: "path"))
    var paths: [String] = []

    /// The scope, checked against the store (a path that holds no note is an error); nil for all the notes.
    func scope(in store: Store) throws -> Scope? {
        guard !paths.isEmpty else { return nil }
        let scope = Scope(paths)
        try Terminal.failing { try store.check(scope) }
        return scope
    }
}
