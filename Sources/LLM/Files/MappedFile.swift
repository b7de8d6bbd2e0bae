#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A read-only memory map of a whole file; model weights are read from it without copying the file.
///
/// Every read goes through `bytes(at:count:)`, which checks the range against the file's size,
/// so a truncated or corrupt file fails with an error instead of reading past the map.
public final class MappedFile: @unchecked Sendable {  // immutable after init
    public let path: String
    public let size: Int
    private let base: UnsafeRawPointer?

    public init(path: String) throws(ModelFileError) {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw ModelFileError(path: path, problem: Self.errnoText()) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ModelFileError(path: path, problem: Self.errnoText()) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw ModelFileError(path: path, problem: "not a regular file") }
        size = Int(info.st_size)
        if size == 0 {
            base = nil
            return
        }
        let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let mapped, mapped != MAP_FAILED else { throw ModelFileError(path: path, problem: Self.errnoText()) }
        base = UnsafeRawPointer(mapped)
    }

    deinit {
        if let base { munmap(UnsafeMutableRawPointer(mutating: base), size) }
    }

    /// The bytes `offset ..< offset + count`, or nil when any of them lies outside the file.
    public func bytes(at offset: Int, count: Int) -> UnsafeRawBufferPointer? {
        guard offset >= 0, count >= 0, offset <= size, count <= size - offset else { return nil }
        guard let base else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: base + offset, count: count)
    }

    /// Tells the kernel that the bytes `offset ..< offset + count` will not be read again, so their
    /// pages leave memory (they are read back from the file should they be touched after all).
    /// Only whole pages inside the range are released.
    public func release(at offset: Int, count: Int) {
        guard let base, offset >= 0, count > 0, offset <= size - count else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (offset + page - 1) / page * page
        let end = (offset + count) / page * page
        guard start < end else { return }
        madvise(UnsafeMutableRawPointer(mutating: base + start), end - start, MADV_DONTNEED)
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
