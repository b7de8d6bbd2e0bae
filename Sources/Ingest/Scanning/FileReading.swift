import Foundation

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Whole-file reads and file status with the system's own reason on failure
/// ("Permission denied", "Too many levels of symbolic links"), for warnings a user can act on.
enum FileReading {
    struct Status {
        let kind: Kind
        let size: Int
        let modified: Double  // seconds since 1970
        /// Device and inode: the same file or folder reached through another path has the same identity.
        let identity: FileIdentity

        var isFolder: Bool { kind == .folder }
        var isRegularFile: Bool { kind == .regularFile }
    }

    /// What a path names. Only folders and regular files are read: opening a named pipe waits for
    /// a writer, and reading a device may never end.
    enum Kind: String {
        case folder = "a folder"
        case regularFile = "a regular file"
        case namedPipe = "a named pipe (FIFO)"
        case socket = "a socket"
        case characterDevice = "a character device"
        case blockDevice = "a block device"
        case other = "neither a file nor a folder"

        init(mode: mode_t) {
            switch mode & S_IFMT {
            case S_IFDIR: self = .folder
            case S_IFREG: self = .regularFile
            case S_IFIFO: self = .namedPipe
            case S_IFSOCK: self = .socket
            case S_IFCHR: self = .characterDevice
            case S_IFBLK: self = .blockDevice
            default: self = .other
            }
        }

        /// The warning for a path of this kind named where a note was expected.
        var refusal: String { "not read: \(rawValue), not a regular file" }
    }

    struct FileIdentity: Hashable {
        let device: UInt64
        let inode: UInt64
    }

    /// The status of what `path` points at, links followed.
    static func status(_ path: String) throws(IngestWarning) -> Status {
        var info = stat()
        guard stat(path, &info) == 0 else { throw IngestWarning(path: path, reason: "cannot read: \(errnoText())") }
        return Status(
            kind: Kind(mode: info.st_mode), size: Int(info.st_size),
            modified: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9,
            identity: FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)))
    }

    /// The whole content of the regular file at `path`. Opened without blocking and checked before
    /// reading, so that a named pipe or device put where a note was (after the scan looked) gives a
    /// warning rather than a wait without end.
    static func read(_ path: String) throws(IngestWarning) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw IngestWarning(path: path, reason: "cannot read: \(errnoText())") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw IngestWarning(path: path, reason: "cannot read: \(errnoText())") }
        let kind = Kind(mode: info.st_mode)
        guard kind == .regularFile else { throw IngestWarning(path: path, reason: kind.refusal) }
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

    /// Where the link at `path` finally leads; nil when `path` is not a link, or leads nowhere
    /// (reading it then gives the usual warning).
    static func linkTarget(_ path: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return nil }
        return NoteScanner.resolved(path)
    }

    /// What a folder holds: the names, sorted so that every scan visits files in the same order,
    /// and apart the names that are not UTF-8, which no Swift string can reach the file by
    /// (decoding replaces the bad bytes), shown with those bytes as `\xNN`.
    struct Listing {
        var names: [String] = []
        var undecodable: [(shown: String, isFolder: Bool)] = []
    }

    static func names(in folder: String) throws(IngestWarning) -> Listing {
        guard let directory = opendir(folder) else { throw IngestWarning(path: folder, reason: "cannot list: \(errnoText())") }
        defer { closedir(directory) }
        var listing = Listing()
        while let entry = readdir(directory) {
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if let name = String(validating: bytes, as: UTF8.self) {
                if name != "." && name != ".." { listing.names.append(name) }
            } else {
                let type = entry.pointee.d_type
                listing.undecodable.append((escaped(bytes), type == DT_DIR || type == DT_UNKNOWN))
            }
        }
        listing.names.sort()
        return listing
    }

    /// Printable ASCII as it is, every other byte as `\xNN`.
    private static func escaped(_ bytes: [UInt8]) -> String {
        bytes.map { (0x20..<0x7F).contains($0) && $0 != UInt8(ascii: "\\") ? String(UnicodeScalar($0)) : String(format: "\\x%02x", $0) }
            .joined()
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
