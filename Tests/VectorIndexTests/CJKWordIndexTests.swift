import Foundation
import Testing

@testable import VectorIndex

/// BM25 over Chinese and Japanese notes: the word index cuts runs of CJK characters into
/// overlapping character pairs (`CJKPairs`), where unicode61 kept a whole sentence as one token.
@Suite struct CJKWordIndexTests {
    @Test func aRunBecomesItsCharacterPairsAndOtherTextStaysWhole() {
        #expect(CJKPairs.pieces("机器学习") == ["机器", "器学", "学习"])
        #expect(CJKPairs.pieces("gpt模型v2") == ["gpt", "模型", "v2"])
        #expect(CJKPairs.pieces("字") == ["字"])
        #expect(CJKPairs.pieces("attention") == ["attention"])
        #expect(CJKPairs.pieces("トランスフォーマー") == ["トラ", "ラン", "ンス", "スフ", "フォ", "ォー", "ーマ", "マー"])
    }

    @Test func aChineseQuestionFindsThePassageThatSharesItsWords() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rag-cjk-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try Store(directory: directory, creating: (StoreTests.dimension, .flat))
        let lock = try WriteLock(directory: directory, wait: 0)
        let texts = [
            "机器学习是人工智能的一个分支，它让计算机从数据中学习规律。",
            "注意力机制让模型在生成每个词时关注输入的不同部分。",
            "Gradient descent follows the slope of the loss downhill.",
        ]
        var changes = StoreChanges()
        changes.documents = [
            DocumentContent(
                document: NewDocument(path: "/n/笔记.md", sha256: "s", modified: 1, size: 10, title: "笔记", format: "markdown", ingestedAt: 2),
                chunks: texts.enumerated().map { i, text in
                    (
                        NewChunk(
                            ordinal: i, heading: "", lineStart: i + 1, lineEnd: i + 1, text: text, overlap: 0, tokenCount: 20, textHash: "h\(i)"),
                        StoreTests.vector(i)
                    )
                })
        ]
        let ids = try store.commit(changes, lock: lock)

        // "什么是机器学习" as KeywordQuery sends it: its character pairs, OR-ed
        let pairs = CJKPairs.pieces("什么是机器学习").map { "\"\($0)\"" }.joined(separator: " OR ")
        #expect(try store.keywordSearch(pairs, limit: 3).first?.id == ids[0])
        let attention = CJKPairs.pieces("注意力").map { "\"\($0)\"" }.joined(separator: " OR ")
        #expect(try store.keywordSearch(attention, limit: 3).map(\.id) == [ids[1]])
        // English words are cut (and stemmed) as before
        #expect(try store.keywordSearch("\"descending\" OR \"slopes\"", limit: 3).map(\.id) == [ids[2]])
        #expect(try store.verify().problems.isEmpty)
    }
}
