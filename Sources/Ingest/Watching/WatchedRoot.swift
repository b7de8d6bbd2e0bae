import Foundation

/// A folder or file named to `rag ingest --watch`, and which changes below it a sync would notice.
/// Deciding this before syncing keeps editors' swap files, `.git` churn, ignored build output and
/// files of other types from ever starting a sync, let alone a commit.
struct WatchedRoot: Sendable, Equatable {
    /// Absolute, as the store records paths (`NoteScanner.absolute`).
    let path: String
    let isFolder: Bool

    /// Whether a change to `changed` (absolute; a folder when `isFolder`) may change what a scan of
    /// this root finds. The scanner's own rules decide: hidden names and what a `.ragignore` between
    /// the root and the path excludes are skipped, and a file must be of a type rag reads. A
    /// `.ragignore` itself counts, as it changes which files are in.
    func notices(_ changed: String, isFolder changedIsFolder: Bool) -> Bool {
        guard isFolder else { return changed == path }
        if changed == path { return true }
        guard changed.hasPrefix(path == "/" ? "/" : path + "/") else { return false }
        let names = changed.dropFirst(path == "/" ? 1 : path.count + 1).split(separator: "/").map(String.init)
        guard let last = names.last, !names.dropLast().contains(where: { $0.hasPrefix(".") }) else { return false }
        if last == ".ragignore" { return true }
        guard !last.hasPrefix(".") else { return false }
        if !changedIsFolder && Format(extension: (last as NSString).pathExtension) == nil { return false }
        // Each folder on the way may be ignored itself (the scanner then never enters it), by the
        // rules of the folders above it.
        var rules: NoteScanner.RuleStack = []
        var folder = path == "/" ? "" : path
        for (depth, name) in names.enumerated() {
            if let own = NoteScanner.ignoreRules(in: folder.isEmpty ? "/" : folder) { rules.append((folder, own)) }
            folder += "/" + name
            let isLast = depth == names.count - 1
            if NoteScanner.isIgnored(folder, isFolder: isLast ? changedIsFolder : true, by: rules) { return false }
        }
        return true
    }
}
