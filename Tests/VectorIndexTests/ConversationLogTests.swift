import Foundation
import Testing

@testable import VectorIndex

/// Conversations kept in the store's SQLite: turns in order, listed newest first, resumed whole;
/// forgetting a note marks the turns that cited it and keeps what was said.
@Suite struct ConversationLogTests {
    @Test func turnsAreKeptAndAForgottenNoteIsMarked() throws {
        let (store, directory) = try ScopeTests.store()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = try ConversationLog(directory: directory)
        let first = try log.start(scope: [])
        let a = try #require(try store.document(path: "/n/week1/a.md")?.id)
        let c = try #require(try store.document(path: "/n/week2/c.md")?.id)
        let (chunkA, chunkC) = (try store.chunks(ofDocument: a)[0].id, try store.chunks(ofDocument: c)[2].id)
        try log.add(to: first, question: "What is topic0?", query: "What is topic0?", answer: #"{"answer": "one"}"#, sources: [(1, [chunkA]), (2, [chunkC])])
        try log.add(to: first, question: "Why?", query: "Why? — topic0", answer: #"{"answer": "two"}"#, sources: [(1, [chunkC])])
        let second = try log.start(scope: ["/n/week2/"])
        try log.add(to: second, question: "And c?", query: "And c?", answer: "{}", sources: [])

        let listed = try log.list()
        #expect(listed.map(\.id) == [second, first] && listed.map(\.turns) == [1, 2])
        #expect(listed[1].firstQuestion == "What is topic0?" && listed[0].scope == ["/n/week2/"])
        let kept = try #require(try log.conversation(first))
        #expect(kept.turns.map(\.query) == ["What is topic0?", "Why? — topic0"] && kept.turns[1].answer == #"{"answer": "two"}"#)
        #expect(kept.turns.allSatisfy { $0.forgotten.isEmpty })
        #expect(try log.conversation(999) == nil)

        // `rag forget` of c.md: the turns that cited it say which source was forgotten
        var changes = StoreChanges()
        changes.removals = [c]
        try store.commit(changes, lock: try WriteLock(directory: directory, wait: 0))
        let after = try #require(try log.conversation(first))
        #expect(after.turns.map(\.forgotten) == [[2], [1]])
        #expect(try store.verify().problems.isEmpty)
    }
}
