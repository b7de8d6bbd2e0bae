import Synchronization

/// A store for a long-running reader (`rag serve`, `rag mcp`), always at its newest generation:
/// when an ingest commits (from this process or another), the next `current()` opens the new
/// generation while callers still holding the old one finish on it.
public final class NewestStore: Sendable {
    public let directory: String
    private let notice: @Sendable (String) -> Void
    private let opened = Mutex<Store?>(nil)
    /// One reopening at a time: the callers that arrive meanwhile take its result.
    private let reopening = Mutex(())

    public init(directory: String, notice: @escaping @Sendable (String) -> Void = { _ in }) {
        self.directory = directory
        self.notice = notice
    }

    /// The store at its newest committed generation, opened read-only; `StoreError.missing` while
    /// nothing has been ingested.
    public func current() throws -> Store {
        if let store = try upToDate() { return store }
        return try reopening.withLock { _ in
            if let store = try upToDate() { return store }
            let store = try Store(directory: directory, readOnly: true, notice: notice)
            store.saveRebuiltIndexIfUnlocked()
            opened.withLock { $0 = store }
            return store
        }
    }

    private func upToDate() throws -> Store? {
        guard let store = opened.withLock({ $0 }) else { return nil }
        return try store.meta("generation") == String(store.generation) ? store : nil
    }
}
