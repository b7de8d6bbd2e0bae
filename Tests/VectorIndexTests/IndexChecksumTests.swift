import Foundation
import GRDB
import Testing

@testable import VectorIndex

/// A FAISS file damaged after its commit is caught by its recorded SHA-256: readers rebuild the
/// index from the vectors table, and `verify` names the file.
@Suite struct IndexChecksumTests {
    let stores = StoreTests()

    /// A unit vector of its own for every `i` (a fixed pseudo-random walk), so that each chunk is
    /// the only nearest neighbour of its vector.
    static func distinct(_ i: Int) -> [Float] {
        var state = UInt64(i) &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let v = (0..<StoreTests.dimension).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(Int64(bitPattern: state) >> 40) / Float(1 << 23)
        }
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return v.map { $0 / norm }
    }

    /// 2,000 chunks in 20 notes: a file of about 80 KB, so that a 4 KB block lands anywhere in it.
    func fill(_ store: Store, lock: WriteLock) throws {
        let notes = (0..<20).map { note in
            var content = StoreTests.content("/n/\(note).md", chunks: (note * 100)..<(note * 100 + 100))
            content.chunks = content.chunks.enumerated().map { ($1.chunk, Self.distinct(note * 100 + $0)) }
            return content
        }
        try stores.commit(store, notes, lock: lock)
    }

    @Test func verifyCatchesAnyOverwritten4KBBlock() throws {
        try stores.withStore { store, directory, lock in
            try fill(store, lock: lock)
            let file = directory + "/index-00000001.faiss"
            let pristine = try Data(contentsOf: URL(fileURLWithPath: file))
            #expect(pristine.count > 40_000)
            #expect(try Store(directory: directory).verify().problems.isEmpty)
            var generator = SystemRandomNumberGenerator()
            for round in 0..<20 {
                var damaged = pristine
                let offset = Int.random(in: 0...(pristine.count - 4096), using: &generator)
                damaged.replaceSubrange(offset..<(offset + 4096), with: (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) })
                try damaged.write(to: URL(fileURLWithPath: file))

                var notices: [String] = []
                let reopened = try Store(directory: directory, notice: { notices.append($0) })
                #expect(notices.count == 1 && notices[0].contains(file) && notices[0].contains("rebuilt"), "round \(round), offset \(offset): \(notices)")
                let problems = try reopened.verify().problems
                #expect(problems.contains { $0.contains(file) && $0.contains("damaged") }, "round \(round), offset \(offset): \(problems)")
                // The reader answers from the rebuilt index, not from the damaged bytes.
                #expect(try reopened.search(Self.distinct(1234), k: 1).first?.chunk.text == "chunk number 1234 about topic1234")
            }
        }
    }

    @Test func aWriterRepairsTheDamagedFileAndRecordsItsChecksum() throws {
        try stores.withStore { store, directory, lock in
            try stores.commit(store, [StoreTests.content("/n/a.md", chunks: 0..<40)], lock: lock)
            let file = directory + "/index-00000001.faiss"
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
            try handle.seek(toOffset: 600)
            handle.write(Data(repeating: 0x7F, count: 64))
            try handle.close()
            let reopened = try Store(directory: directory)
            #expect(reopened.indexFileProblem?.contains("damaged") == true)
            try reopened.repairIndexFile(lock: lock)
            #expect(try Store(directory: directory).verify().problems.isEmpty)
        }
    }

    /// A store written before checksums: trusted as before, `verify` says the checksum is not
    /// recorded yet, and the next commit records it.
    @Test func aStoreWithoutARecordedChecksumKeepsWorking() throws {
        try stores.withStore { store, directory, lock in
            try stores.commit(store, [StoreTests.content("/n/a.md", chunks: 0..<4)], lock: lock)
            try store.database.write { try $0.execute(sql: "DELETE FROM meta WHERE key = 'index_sha256'") }
            var notices: [String] = []
            let old = try Store(directory: directory, notice: { notices.append($0) })
            #expect(notices.isEmpty && old.indexFileProblem == nil)
            let before = try old.verify()
            #expect(before.problems.isEmpty && before.notes.count == 1 && before.notes[0].contains("not recorded yet"), "\(before.notes)")
            try stores.commit(old, [StoreTests.content("/n/b.md", chunks: 4..<6)], lock: lock)
            let after = try Store(directory: directory).verify()
            #expect(after.problems.isEmpty && after.notes.isEmpty, "\(after.notes)")
        }
    }

    /// Scores no cosine can have, from a file whose damage no checksum records, are refused as
    /// damage: a search fails naming it, and a deep verification reports it.
    @Test func scoresOutsideWhatCosineAllowsAreDamage() throws {
        try stores.withStore { store, directory, lock in
            try stores.commit(store, [StoreTests.content("/n/a.md", chunks: 0..<4)], lock: lock)
            let ids = try store.index.ids()
            let swollen = try FaissIndex(factory: "IDMap2,Flat", dimension: StoreTests.dimension)
            try swollen.add(ids.flatMap { StoreTests.vector(Int($0) - 1).map { $0 * 1e18 } }, ids: ids)
            try swollen.write(to: directory + "/index-00000001.faiss")
            try store.database.write { try $0.execute(sql: "DELETE FROM meta WHERE key = 'index_sha256'") }

            let reopened = try Store(directory: directory)
            #expect(throws: StoreError.self) { try reopened.search(StoreTests.vector(2), k: 3) }
            #expect(try reopened.verify().problems.isEmpty)  // the same ids: only the search sees it
            let deep = try reopened.verify(deep: true)
            #expect(deep.problems.contains { $0.contains("cosine cannot be") }, "\(deep.problems)")
        }
    }

    /// Hashing the index file keeps `verify` within a second at 10k chunks of all-MiniLM's 384
    /// dimensions (a 15 MB file); the figures are printed for docs.
    @Test func verifyOfTenThousandChunksTakesUnderASecond() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rag-store-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let dimension = 384
        let store = try Store(directory: directory, creating: (dimension, .flat))
        let lock = try WriteLock(directory: directory, wait: 0)
        var generator = SystemRandomNumberGenerator()
        let notes = (0..<100).map { note in
            var content = StoreTests.content("/n/\(note).md", chunks: (note * 100)..<(note * 100 + 100))
            content.chunks = content.chunks.map { chunk, _ in
                let v = (0..<dimension).map { _ in Float.random(in: -1...1, using: &generator) }
                let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
                return (chunk, v.map { $0 / norm })
            }
            return content
        }
        try stores.commit(store, notes, lock: lock)

        var start = Date()
        let reopened = try Store(directory: directory)
        let open = Date().timeIntervalSince(start)
        start = Date()
        let report = try reopened.verify()
        let verify = Date().timeIntervalSince(start)
        start = Date()
        let deep = try reopened.verify(deep: true)
        let deepSeconds = Date().timeIntervalSince(start)
        print(String(format: "10k chunks: open %.0f ms, verify %.0f ms, verify --deep %.0f ms", open * 1000, verify * 1000, deepSeconds * 1000))
        #expect(report.chunks == 10_000 && report.problems.isEmpty && deep.problems.isEmpty, "\(report.problems) \(deep.problems)")
        #expect(verify < 1, "\(verify) s")
    }

    @Test func aDeepVerificationFindsEverySampledVectorInASoundIndex() throws {
        for kind in IndexKind.allCases {
            try stores.withStore(kind: kind) { store, directory, lock in
                try fill(store, lock: lock)
                let report = try Store(directory: directory).verify(deep: true)
                #expect(report.problems.isEmpty && report.sampled == Store.deepSample, "\(kind): \(report.problems)")
            }
        }
    }
}
