import Foundation
import Testing

@testable import VectorIndex

/// The CFaiss shim against the real FAISS library: add, search, remove, save and load.
@Suite struct FaissIndexTests {
    /// Unit vectors along axis i of 8 dimensions, slightly tilted towards axis 0 so scores differ.
    static func vector(_ i: Int) -> [Float] {
        var v = [Float](repeating: 0, count: 8)
        v[i] = 1
        v[0] += Float(i) * 0.01
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return v.map { $0 / norm }
    }

    @Test func nearestIDsComeFirstAndRemovedOnesNever() throws {
        let index = try FaissIndex(factory: "IDMap2,Flat", dimension: 8)
        try index.add((1..<8).flatMap(Self.vector), ids: (1..<8).map { Int64($0 * 100) })
        #expect(index.count == 7)
        #expect(try index.search(Self.vector(3), k: 1).first?.id == 300)
        #expect(try index.remove([300, 999]) == 1)
        #expect(try !index.search(Self.vector(3), k: 7).contains { $0.id == 300 })
        #expect(Set(try index.ids()) == Set([100, 200, 400, 500, 600, 700]))
    }

    /// FAISS cannot delete from an HNSW graph: the store must rebuild it instead (issue 4).
    @Test func hnswSearchesButRefusesRemoval() throws {
        let index = try FaissIndex(factory: "IDMap2,HNSW32", dimension: 8)
        try index.add((1..<8).flatMap(Self.vector), ids: (1..<8).map { Int64($0) })
        #expect(try index.search(Self.vector(6), k: 1).first?.id == 6)
        #expect(throws: FaissError.self) { try index.remove([6]) }
    }

    @Test func surviveAWriteAndRead() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rag-\(UUID().uuidString).faiss").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let index = try FaissIndex(factory: "IDMap2,Flat", dimension: 8)
        try index.add(Self.vector(2) + Self.vector(5), ids: [7, 9])
        try index.write(to: path)
        let loaded = try FaissIndex(contentsOf: path)
        #expect(loaded.dimension == 8 && loaded.count == 2)
        let best = try loaded.search(Self.vector(5), k: 2)
        #expect(best.map(\.id) == [9, 7])
        #expect(abs(best[0].score - 1) < 1e-6)
    }

    @Test func faissErrorsBecomeSwiftErrors() throws {
        #expect(throws: FaissError.self) { try FaissIndex(factory: "NoSuchIndexType", dimension: 8) }
        #expect(throws: FaissError.self) { try FaissIndex(contentsOf: "/nonexistent/index.faiss") }
        let garbage = FileManager.default.temporaryDirectory.appendingPathComponent("rag-\(UUID().uuidString).faiss")
        try Data("not an index".utf8).write(to: garbage)
        defer { try? FileManager.default.removeItem(at: garbage) }
        #expect(throws: FaissError.self) { try FaissIndex(contentsOf: garbage.path) }
    }
}
