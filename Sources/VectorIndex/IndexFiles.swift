import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The store's FAISS files, one per generation: `index-<generation>.faiss`.
///
/// A commit writes the next generation's file under a temporary name, fsyncs it, renames it into
/// place and fsyncs the folder, all before the SQLite transaction that records the generation
/// commits. A crash at any point therefore leaves SQLite naming a generation whose file is complete
/// (a stray newer file is removed later). After the commit the older files are deleted; a reader
/// that looked up the generation just before it finds its file gone and opens the new one.
///
/// The same transaction records the file's SHA-256 (`IndexChecksum`): FAISS reads whatever bytes it
/// is given, so a file overwritten in part would otherwise answer searches with nonsense scores.
struct IndexFiles {
    let directory: String

    func path(generation: Int) -> String {
        directory + "/index-" + String(format: "%08d", generation) + ".faiss"
    }

    /// Writes `index` as `generation`'s file, durably; returns the checksum of what it wrote.
    func write(_ index: FaissIndex, generation: Int) throws -> IndexChecksum {
        let final = path(generation: generation)
        let temporary = final + ".tmp"
        let checksum: IndexChecksum
        do {
            try index.write(to: temporary)
            try Self.fsync(path: temporary)
            checksum = IndexChecksum(generation: generation, sha256: try Self.sha256(path: temporary))
        } catch {
            // A part-written file is of no use, and on a full disk it holds the room a retry needs.
            try? FileManager.default.removeItem(atPath: temporary)
            throw StoreError.unwritable(final, because: "\(error)")
        }
        guard rename(temporary, final) == 0 else {
            throw StoreError("cannot rename \(temporary): \(String(cString: strerror(errno)))")
        }
        try Self.fsync(path: directory)
        return checksum
    }

    /// The SHA-256 of `generation`'s file as it is on disk now, or nil when there is no such file.
    func sha256(generation: Int) throws -> String? {
        let path = path(generation: generation)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try Self.sha256(path: path)
    }

    /// Hashed in blocks, so that a large index is never held twice in memory. SHA-256 runs at
    /// several hundred MB/s: 10k chunks (15 MB) take tens of milliseconds.
    private static func sha256(path: String) throws -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw StoreError("cannot read \(path): \(String(cString: strerror(errno)))") }
            if count == 0 { break }
            hasher.update(data: buffer[0..<count])
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
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
