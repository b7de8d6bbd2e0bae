import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The store's FAISS files, one per generation: `index-<generation>.faiss`.
///
/// A commit writes the next generation's file under a temporary name, fsyncs it, renames it into
/// place and fsyncs the folder, all before the SQLite transaction that records the generation
/// commits. A crash at any point therefore leaves SQLite naming a generation whose file is complete
/// (a stray newer file is removed later). The previous generation's file is kept one commit longer,
/// for readers that looked up the generation just before a commit.
struct IndexFiles {
    let directory: String

    func path(generation: Int) -> String {
        directory + "/index-" + String(format: "%08d", generation) + ".faiss"
    }

    /// Writes `index` as `generation`'s file, durably.
    func write(_ index: FaissIndex, generation: Int) throws {
        let final = path(generation: generation)
        let temporary = final + ".tmp"
        try index.write(to: temporary)
        try Self.fsync(path: temporary)
        guard rename(temporary, final) == 0 else {
            throw StoreError("cannot rename \(temporary): \(String(cString: strerror(errno)))")
        }
        try Self.fsync(path: directory)
    }

    /// Removes every index file but those of `keep`, and any temporary file a crash left behind.
    func removeAll(except keep: Set<Int>) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names where name.hasPrefix("index-") && (name.hasSuffix(".faiss") || name.hasSuffix(".faiss.tmp")) {
            let digits = name.dropFirst("index-".count).prefix { $0.isNumber }
            if name.hasSuffix(".tmp") || !keep.contains(Int(digits) ?? -1) {
                try? FileManager.default.removeItem(atPath: directory + "/" + name)
            }
        }
    }

    private static func fsync(path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw StoreError("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard Glibc.fsync(fd) == 0 else { throw StoreError("cannot fsync \(path): \(String(cString: strerror(errno)))") }
    }
}
