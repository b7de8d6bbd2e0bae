#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Whole-file reads and file status with the system's own reason on failure
/// ("Permission denied", "Too many levels of symbolic links"), for warnings a user can act on.
enum FileReading {
    struct Status {
        let isFolder: Bool
        let isRegularFile: Bool
        let size: Int
        let modified: Double  // seconds since 1970
        /// Device and inode: the same file or folder reached through another path has the same identity.
        let identity: FileIdentity
    }

    struct FileIdentity: Hashable {
        let device: UInt64
        let inode: UInt64
    }

    /// The status of what `path` points at, links followed.
    static func status(_ path: String) throws(IngestWarning) -> Status {
        var info = stat()
        guard stat(path, &info) == 0 else { throw IngestWarning(path: path, reason: "cannot read: \(errnoText())") }
        let type = info.st_mode & S_IFMT
        return Status(
            isFolder: type == S_IFDIR, isRegularFile: type == S_IFREG, size: Int(info.st_size),
            modified: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9,
            identity: FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)))
    }

    static func read(_ path: String) throws(IngestWarning) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw IngestWarning(path: path, reason: "cannot read: \(errnoText())") }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw IngestWarning(path: path, reason: "cannot read: \(errnoText())")
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: buffer[0..<count])
        }
    }

    /// The names in a folder, sorted so that every scan visits files in the same order.
    static func names(in folder: String) throws(IngestWarning) -> [String] {
        guard let directory = opendir(folder) else { throw IngestWarning(path: folder, reason: "cannot list: \(errnoText())") }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
