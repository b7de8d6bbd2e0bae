import Foundation

/// The paths a client asks `/v1/ingest` to sync. Only what exists and this server may read is
/// accepted, named absolutely, so that a request cannot depend on the folder the server started in.
enum IngestPaths {
    static let limit = 64

    /// The paths, standardised, or a 400 naming the first one that cannot be ingested.
    static func check(_ paths: [String]) throws -> [String] {
        guard !paths.isEmpty else { throw APIError(.badRequest, "\"paths\" needs at least one folder or file") }
        guard paths.count <= limit else { throw APIError(.badRequest, "\"paths\" holds at most \(limit) folders or files") }
        return try paths.map { path in
            guard path.hasPrefix("/") else { throw APIError(.badRequest, "give absolute paths: \(path)") }
            let standard = (path as NSString).standardizingPath
            var status = stat()
            guard stat(standard, &status) == 0 else { throw APIError(.badRequest, "no such folder or file: \(path)") }
            let isFolder = status.st_mode & S_IFMT == S_IFDIR
            guard isFolder || status.st_mode & S_IFMT == S_IFREG else {
                throw APIError(.badRequest, "not a folder or a regular file: \(path)")
            }
            guard access(standard, isFolder ? R_OK | X_OK : R_OK) == 0 else {
                throw APIError(.badRequest, "this server may not read \(path)")
            }
            return standard
        }
    }
}
