import CFaiss

/// A failed FAISS call, with FAISS's own message.
public struct FaissError: Error, CustomStringConvertible, Sendable {
    public let operation: String
    public let message: String
    public var description: String { "FAISS \(operation) failed: \(message)" }
}

/// A FAISS index of inner-product vectors with int64 ids, through the CFaiss shim.
/// Not safe for concurrent mutation; searches may run concurrently with each other.
public final class FaissIndex: @unchecked Sendable {  // FAISS allows concurrent const searches
    private let handle: OpaquePointer
    public let dimension: Int

    /// An empty index made by a FAISS factory string, e.g. "IDMap2,Flat" or "IDMap2,HNSW32".
    public init(factory: String, dimension: Int) throws(FaissError) {
        var handle: OpaquePointer?
        try Self.check("index_factory(\(factory))", rag_faiss_new(factory, Int32(dimension), &handle))
        self.handle = handle!
        self.dimension = dimension
    }

    /// The index stored at `path` by `write(to:)`.
    public init(contentsOf path: String) throws(FaissError) {
        var handle: OpaquePointer?
        try Self.check("read_index(\(path))", rag_faiss_read(path, &handle))
        self.handle = handle!
        dimension = Int(rag_faiss_dimension(handle))
    }

    deinit { rag_faiss_free(handle) }

    public var count: Int { Int(rag_faiss_count(handle)) }

    /// False for an IVF index that has not yet seen training vectors.
    public var isTrained: Bool { rag_faiss_is_trained(handle) != 0 }

    /// Trains the quantiser of an IVF index on sample vectors; does nothing for other kinds.
    public func train(_ vectors: [Float]) throws(FaissError) {
        precondition(vectors.count % dimension == 0, "vectors are not whole rows")
        try Self.check("train", rag_faiss_train(handle, Int64(vectors.count / dimension), vectors))
    }

    /// Adds `vectors` (ids.count rows of `dimension` floats) under `ids`.
    public func add(_ vectors: [Float], ids: [Int64]) throws(FaissError) {
        precondition(vectors.count == ids.count * dimension, "vectors and ids disagree in count")
        try Self.check("add", rag_faiss_add(handle, Int64(ids.count), vectors, ids))
    }

    /// Removes `ids`; returns how many were present.
    @discardableResult
    public func remove(_ ids: [Int64]) throws(FaissError) -> Int {
        var removed: Int64 = 0
        try Self.check("remove_ids", rag_faiss_remove(handle, Int64(ids.count), ids, &removed))
        return Int(removed)
    }

    /// The `k` nearest ids to `query` by inner product, best first.
    public func search(_ query: [Float], k: Int) throws(FaissError) -> [(id: Int64, score: Float)] {
        precondition(query.count == dimension, "query has \(query.count) values, index has \(dimension)")
        guard k > 0 else { return [] }
        var scores = [Float](repeating: 0, count: k)
        var ids = [Int64](repeating: -1, count: k)
        try Self.check("search", rag_faiss_search(handle, 1, query, Int64(k), &scores, &ids))
        return zip(ids, scores).filter { $0.0 >= 0 }.map { (id: $0.0, score: $0.1) }
    }

    /// The `k` nearest ids to each of `queries` (rows of `dimension` floats), in one call that FAISS
    /// spreads over threads and, for flat indexes, turns into one matrix product.
    public func search(batch queries: [Float], k: Int) throws(FaissError) -> [[Int64]] {
        precondition(queries.count % dimension == 0, "queries are not whole rows")
        let n = queries.count / dimension
        guard k > 0, n > 0 else { return Array(repeating: [], count: n) }
        var scores = [Float](repeating: 0, count: n * k)
        var ids = [Int64](repeating: -1, count: n * k)
        try Self.check("search", rag_faiss_search(handle, Int64(n), queries, Int64(k), &scores, &ids))
        return (0..<n).map { row in ids[row * k..<(row + 1) * k].filter { $0 >= 0 } }
    }

    /// Sets a search-time parameter: "efSearch" (HNSW) or "nprobe" (IVF).
    public func setParameter(_ name: String, _ value: Int) throws(FaissError) {
        try Self.check("set \(name)", rag_faiss_set_parameter(handle, name, Double(value)))
    }

    /// Every id the index holds.
    public func ids() throws(FaissError) -> [Int64] {
        var ids = [Int64](repeating: 0, count: count)
        try Self.check("list ids", rag_faiss_copy_ids(handle, &ids))
        return ids
    }

    public func write(to path: String) throws(FaissError) {
        try Self.check("write_index(\(path))", rag_faiss_write(handle, path))
    }

    private static func check(_ operation: String, _ status: Int32) throws(FaissError) {
        guard status == 0 else { throw FaissError(operation: operation, message: String(cString: rag_faiss_last_error())) }
    }
}
