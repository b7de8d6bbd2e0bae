import GRDB

/// A store that cannot be opened, read or written, with what to do about it.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public let message: String
    /// Whether there is no store to open yet: nothing was ingested, or the first ingest has not committed.
    public private(set) var isMissing = false

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }

    static func missing(_ directory: String) -> StoreError {
        var error = StoreError("no store at \(directory); run `rag ingest PATH` first")
        error.isMissing = true
        return error
    }

    /// A writer on a store this user may only read (another user's, a read-only mount).
    static func readOnly(_ directory: String, _ reason: String) -> StoreError {
        StoreError(
            "the store \(directory) is read-only for this user (\(reason)): changing it needs write access to the folder "
                + "and its files; search, stats, verify and inspect work without it")
    }

    /// `error` when it says that `path` is not a sound SQLite file, else nil. SQLite names only the
    /// code (11 or 26), which tells a user neither which file nor what to do.
    static func damaged(_ path: String, directory: String, by error: any Error) -> StoreError? {
        guard let error = error as? DatabaseError, [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(error.resultCode) else { return nil }
        return StoreError(
            "\(path) is damaged (SQLite: \(error.message ?? "\(error.resultCode)")): restore it from a backup, or delete the "
                + "store folder \(directory) and run `rag ingest` on your notes again; `rag verify` then checks the store")
    }

    /// A write that failed for want of room (a full disk, a file size limit), saying what was not
    /// written and that the store is still whole, since nothing of the commit was recorded.
    static func unwritable(_ path: String, because reason: String) -> StoreError {
        StoreError(
            "cannot write \(path): \(reason). Is the disk full, or a file size limit reached? Nothing of this commit was recorded, "
                + "so the store is as it was before it; free some space and run the command again")
    }

    /// `error` as `unwritable` when SQLite could not write `path` (SQLITE_FULL, or SQLITE_IOERR,
    /// which a file size limit gives), else nil.
    static func unwritable(_ path: String, by error: any Error) -> StoreError? {
        guard let error = error as? DatabaseError, [.SQLITE_FULL, .SQLITE_IOERR].contains(error.resultCode) else { return nil }
        return unwritable(path, because: "SQLite: \(error.message ?? "\(error.resultCode)")")
    }
}
