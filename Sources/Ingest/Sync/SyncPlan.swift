import VectorIndex

/// How a folder on disk differs from what the store holds: the decisions of a sync, before any work.
struct SyncPlan {
    var added: [ScannedFile] = []
    var changed: [(file: ScannedFile, stored: StoredDocument)] = []
    var renamed: [(file: ScannedFile, stored: StoredDocument)] = []
    var removed: [StoredDocument] = []
    var unchanged = 0

    /// Compares a scan of `roots` with the stored documents. Stored files under the roots that the
    /// scan did not find are removed, unless the scan warned about them (unreadable now, too big…):
    /// those keep their last good version. A new file with the content of a removed one is a rename.
    init(scan: ScanResult, roots: [String], stored: [StoredDocument]) {
        let storedByPath = Dictionary(stored.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let scannedPaths = Set(scan.files.map(\.path))
        let troubled = Set(scan.warnings.map(\.path))
        var fresh: [ScannedFile] = []
        for file in scan.files {
            if let old = storedByPath[file.path] {
                if old.sha256 == file.sha256 { unchanged += 1 } else { changed.append((file, old)) }
            } else {
                fresh.append(file)
            }
        }
        var gone = stored.filter { document in
            !scannedPaths.contains(document.path) && !troubled.contains(document.path)
                && roots.contains { document.path == $0 || document.path.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }
        }
        for file in fresh {
            if let match = gone.firstIndex(where: { $0.sha256 == file.sha256 }) {
                renamed.append((file, gone.remove(at: match)))
            } else {
                added.append(file)
            }
        }
        removed = gone
    }
}
