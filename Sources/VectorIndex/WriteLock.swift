import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The store's single-writer lock: an exclusive `flock` on the store's `lock` file, held for the
/// life of this value. The kernel drops it when the process dies, so a crash never leaves a stale lock.
/// The holder's pid is written into the file for the message a waiting writer shows.
public final class WriteLock: Sendable {
    private let descriptor: Int32

    /// Takes the lock, waiting up to `wait` seconds; `onWait` hears once that another writer holds it.
    /// A missing `directory` is made: the lock comes before the store it guards.
    public init(directory: String, wait: Double, onWait: (_ holder: String) -> Void = { _ in }) throws(StoreError) {
        let path = directory + "/lock"
        // When it cannot be made, opening the lock file below says why.
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let code = errno
            let reason = "cannot open \(path): \(String(cString: strerror(code)))"
            throw [EACCES, EPERM, EROFS].contains(code) ? StoreError.readOnly(directory, reason) : StoreError(reason)
        }
        let deadline = Date().addingTimeInterval(wait)
        var told = false
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                close(fd)
                throw StoreError("cannot lock \(path): \(String(cString: strerror(errno)))")
            }
            let holder = Self.holder(fd)
            guard Date() < deadline else {
                close(fd)
                throw StoreError("another rag process (\(holder)) is writing to this store; gave up after \(Int(wait)) s (--wait)")
            }
            if !told {
                onWait(holder)
                told = true
            }
            usleep(100_000)
        }
        descriptor = fd
        ftruncate(fd, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    private static func holder(_ fd: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = pread(fd, &buffer, buffer.count, 0)
        let pid = String(decoding: buffer.prefix(max(0, count)), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return pid.isEmpty ? "unknown pid" : "pid \(pid)"
    }
}
