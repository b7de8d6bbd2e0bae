import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Linux inotify over trees of folders: one watch per folder (inotify is not recursive), folders
/// created or moved in later watched as they appear, and what happens in them reported as paths.
///
/// What read(2) on an inotify descriptor returns (inotify(7)) is a run of records, each:
///   1. `wd` Int32: the watch (so the folder) the event happened in, -1 for a queue overflow;
///   2. `mask` UInt32: what happened (`IN_CLOSE_WRITE`, …), `IN_ISDIR` when the subject is a folder;
///   3. `cookie` UInt32: pairs a `IN_MOVED_FROM` with its `IN_MOVED_TO` (unused: a sync pairs renames by content);
///   4. `len` UInt32: the bytes of name that follow, NUL-padded; 0 when the event is about the folder itself;
///   5. `name`: the entry's name inside the folder.
/// Every length is checked against what was read before it is used.
final class FolderWatches {
    /// Something at `path` appeared, changed, moved or went away; or, when `path` is nil, the
    /// kernel's queue overflowed and changes were lost.
    struct Change: Equatable {
        let path: String?
        let isFolder: Bool
    }

    private let descriptor: Int32
    /// Each watch's folder, and whether folders that appear in it are watched too (false for the
    /// folder of a watched file).
    private var folders: [Int32: (path: String, recursive: Bool)] = [:]
    private let warn: (String) -> Void

    /// What is asked of every watch: files finished writing, entries made, moved and deleted, the folder itself gone.
    private static let events = UInt32(IN_CLOSE_WRITE | IN_CREATE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)

    /// `warn` hears folders that cannot be watched (the user's inotify watch limit reached, say).
    init(warn: @escaping (String) -> Void) throws(WatchError) {
        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { throw WatchError("cannot start watching files (inotify_init1): \(String(cString: strerror(errno)))") }
        self.warn = warn
    }

    deinit {
        close(descriptor)
    }

    /// Watches `folder` and, with `recursive`, every folder below it that is not hidden and not a
    /// link (the scanner reads neither the one nor, outside a folder's own tree, the other).
    func watch(_ folder: String, recursive: Bool) {
        let wd = inotify_add_watch(descriptor, folder, Self.events)
        guard wd >= 0 else {
            let hint = errno == ENOSPC ? " (the inotify watch limit is reached: raise fs.inotify.max_user_watches)" : ""
            warn("\(folder): not watched: \(String(cString: strerror(errno)))\(hint)")
            return
        }
        // A folder watched for a file and as part of a tree is the tree's.
        folders[wd] = (folder, recursive || folders[wd]?.recursive == true)
        guard recursive, let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where !name.hasPrefix(".") {
            let path = folder + "/" + name
            var status = stat()
            if lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR { watch(path, recursive: true) }
        }
    }

    /// Waits up to `timeout` seconds for changes and returns those that came (none on a timeout).
    func changes(waiting timeout: Double) -> [Change] {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(max(0, timeout) * 1000)) > 0 else { return [] }
        var changes: [Change] = []
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            guard count > 0 else { break }
            changes += records(buffer[0..<count])
        }
        return changes
    }

    /// The changes in one read's worth of records, keeping the watches in step with the folders.
    private func records(_ bytes: ArraySlice<UInt8>) -> [Change] {
        let header = 16
        var changes: [Change] = []
        var offset = bytes.startIndex
        while offset + header <= bytes.endIndex {
            let field = { (at: Int) in bytes[(offset + at)..<(offset + at + 4)].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) } }
            let (wd, mask, length) = (Int32(bitPattern: field(0)), field(4), Int(field(12)))
            guard offset + header + length <= bytes.endIndex else { break }
            let name = String(decoding: bytes[(offset + header)..<(offset + header + length)].prefix { $0 != 0 }, as: UTF8.self)
            offset += header + length
            if let change = change(wd: wd, mask: mask, name: name) { changes.append(change) }
        }
        return changes
    }

    private func change(wd: Int32, mask: UInt32, name: String) -> Change? {
        if mask & UInt32(IN_Q_OVERFLOW) != 0 { return Change(path: nil, isFolder: true) }
        guard let folder = folders[wd] else { return nil }
        if mask & UInt32(IN_IGNORED) != 0 {
            folders[wd] = nil  // the folder is gone, or its watch was removed below
            return nil
        }
        let isFolder = mask & UInt32(IN_ISDIR) != 0
        if name.isEmpty {
            // The watched folder itself was deleted or moved: only a root's matters, as a folder
            // inside a tree is reported by its parent too.
            return mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF) != 0 ? Change(path: folder.path, isFolder: true) : nil
        }
        let path = folder.path + "/" + name
        if isFolder && mask & UInt32(IN_MOVED_FROM) != 0 { unwatch(below: path) }
        if isFolder && folder.recursive && mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 && !name.hasPrefix(".") {
            // Files written into the new folder before its watch was added are found by the sync
            // that this change starts, which runs after it.
            watch(path, recursive: true)
        }
        return Change(path: path, isFolder: isFolder)
    }

    /// A folder moved away keeps its watches, now under paths that no longer exist; a folder moved
    /// within the tree is watched again under its new path.
    private func unwatch(below path: String) {
        for (wd, folder) in folders where folder.path == path || folder.path.hasPrefix(path + "/") {
            inotify_rm_watch(descriptor, wd)
            folders[wd] = nil
        }
    }

    /// Watches again every root's tree, for when an overflow may have hidden folders made meanwhile.
    func rewatch(_ roots: [(path: String, recursive: Bool)]) {
        for root in roots { watch(root.path, recursive: root.recursive) }
    }
}

/// Watching could not start or go on, with why.
public struct WatchError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
