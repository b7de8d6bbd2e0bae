import Foundation
import Ingest

/// The folders `/v1/ingest` may sync (`rag serve --ingest-root`), and the check of the paths a
/// client names. The server reads with its user's rights, which may be more than the client's: a
/// path is taken only when, links and `..` resolved, it lies inside a root. With no root the
/// endpoint refuses every request, token or not.
struct IngestRoots: Sendable {
    /// Each root, resolved.
    let folders: [String]

    static let limit = 64

    /// Resolves `roots`, or names the first that is not a folder.
    init(_ roots: [String]) throws(RootError) {
        folders = try roots.map { root throws(RootError) in
            guard let resolved = NoteScanner.resolved(NSString(string: root).expandingTildeInPath), Self.isFolder(resolved) else {
                throw RootError(root: root)
            }
            return resolved
        }
    }

    struct RootError: Error {
        let root: String
    }

    /// The paths, resolved, or the refusal of the first that cannot be ingested: 403 when no root
    /// is configured or the path lies outside every root, 400 for what a client got wrong inside one.
    func check(_ paths: [String]) throws -> [String] {
        guard !folders.isEmpty else {
            throw APIError(
                .forbidden,
                "this server ingests nothing: start it with --ingest-root DIR (repeatable) to let /v1/ingest sync folders inside DIR, or run `rag ingest`")
        }
        guard !paths.isEmpty else { throw APIError(.badRequest, "\"paths\" needs at least one folder or file") }
        guard paths.count <= Self.limit else { throw APIError(.badRequest, "\"paths\" holds at most \(Self.limit) folders or files") }
        return try paths.map { path in
            guard path.hasPrefix("/") else { throw APIError(.badRequest, "give absolute paths: \(path)") }
            // Whether something exists is told only inside the roots.
            guard let resolved = NoteScanner.resolved(path) else {
                guard contains(NSString(string: path).standardizingPath) else { throw outside(path) }
                throw APIError(.badRequest, "no such folder or file: \(path)")
            }
            guard contains(resolved) else { throw outside(path) }
            var status = stat()
            guard stat(resolved, &status) == 0 else { throw APIError(.badRequest, "no such folder or file: \(path)") }
            let isFolder = status.st_mode & S_IFMT == S_IFDIR
            guard isFolder || status.st_mode & S_IFMT == S_IFREG else {
                throw APIError(.badRequest, "not a folder or a regular file: \(path)")
            }
            guard access(resolved, isFolder ? R_OK | X_OK : R_OK) == 0 else {
                throw APIError(.badRequest, "this server may not read \(path)")
            }
            return resolved
        }
    }

    /// Whether a resolved path is one of the roots or lies below one.
    private func contains(_ path: String) -> Bool {
        folders.contains { root in path == root || path.hasPrefix(root == "/" ? root : root + "/") }
    }

    private func outside(_ path: String) -> APIError {
        APIError(
            .forbidden,
            "\(path) is outside the folders this server may ingest (--ingest-root \(folders.joined(separator: ", "))); links and '..' count where they lead")
    }

    private static func isFolder(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
    }
}
