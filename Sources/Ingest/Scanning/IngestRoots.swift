import Foundation

/// The folders a client of rag's may have synced (`rag serve --ingest-root`, `rag mcp
/// --allow-ingest`), and the check of the paths the client names. The server reads with its user's
/// rights, which may be more than the client's: a path is taken only when, links and `..`
/// resolved, it lies inside a root. With no root every request is refused.
public struct IngestRoots: Sendable {
    /// Each root, resolved.
    public let folders: [String]
    /// The option that gives the roots, for messages ("--ingest-root").
    let option: String

    public static let limit = 64

    /// Resolves `roots`, or names the first that is not a folder.
    public init(_ roots: [String], option: String) throws(RootError) {
        self.option = option
        folders = try roots.map { root throws(RootError) in
            guard let resolved = NoteScanner.resolved(NSString(string: root).expandingTildeInPath), Self.isFolder(resolved) else {
                throw RootError(root: root)
            }
            return resolved
        }
    }

    public struct RootError: Error {
        public let root: String
    }

    /// Why a path was not taken: `outside` when no root is given or it lies outside every root,
    /// `invalid` for what a client got wrong inside one.
    public struct Refusal: Error, CustomStringConvertible {
        public let outside: Bool
        public let description: String
    }

    /// The paths, resolved, or the refusal of the first that cannot be ingested.
    public func check(_ paths: [String]) throws(Refusal) -> [String] {
        guard !folders.isEmpty else {
            throw Refusal(outside: true, description: "this server ingests nothing: start it with \(option) DIR (repeatable) to let it sync folders inside DIR, or run `rag ingest`")
        }
        guard !paths.isEmpty else { throw invalid("\"paths\" needs at least one folder or file") }
        guard paths.count <= Self.limit else { throw invalid("\"paths\" holds at most \(Self.limit) folders or files") }
        return try paths.map { path throws(Refusal) in
            guard path.hasPrefix("/") else { throw invalid("give absolute paths: \(path)") }
            // Whether something exists is told only inside the roots.
            guard let resolved = NoteScanner.resolved(path) else {
                guard contains(NSString(string: path).standardizingPath) else { throw outside(path) }
                throw invalid("no such folder or file: \(path)")
            }
            guard contains(resolved) else { throw outside(path) }
            var status = stat()
            guard stat(resolved, &status) == 0 else { throw invalid("no such folder or file: \(path)") }
            let isFolder = status.st_mode & S_IFMT == S_IFDIR
            guard isFolder || status.st_mode & S_IFMT == S_IFREG else {
                throw invalid("not a folder or a regular file: \(path)")
            }
            guard access(resolved, isFolder ? R_OK | X_OK : R_OK) == 0 else {
                throw invalid("this server may not read \(path)")
            }
            return resolved
        }
    }

    /// Whether a resolved path is one of the roots or lies below one.
    private func contains(_ path: String) -> Bool {
        folders.contains { root in path == root || path.hasPrefix(root == "/" ? root : root + "/") }
    }

    private func outside(_ path: String) -> Refusal {
        Refusal(
            outside: true,
            description: "\(path) is outside the folders this server may ingest (\(option) \(folders.joined(separator: ", "))); links and '..' count where they lead")
    }

    private func invalid(_ message: String) -> Refusal {
        Refusal(outside: false, description: message)
    }

    private static func isFolder(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
    }
}
