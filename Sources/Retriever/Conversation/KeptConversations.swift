import Foundation
public import VectorIndex

/// Conversations in and out of the store's log, as `rag chat` and `POST /v1/chat` keep them.
extension ConversationLog {
    /// Conversation `id` as it was left, so that follow-ups refer to its turns; nil when there is none.
    public func resume(_ id: Int64) throws -> (conversation: Conversation, forgotten: [(turn: Int, sources: [Int])])? {
        guard let (paths, stored) = try conversation(id) else { return nil }
        let turns = try stored.map { Conversation.Turn(question: $0.question, query: $0.query, answer: try ReportJSON.decode(Answer.self, from: Data($0.answer.utf8))) }
        let forgotten = stored.enumerated().filter { !$1.forgotten.isEmpty }.map { (turn: $0 + 1, sources: $1.forgotten) }
        return (Conversation(scope: paths.isEmpty ? nil : Scope(paths), turns: turns), forgotten)
    }

    /// Keeps the last turn of `conversation` under `id`, starting a kept conversation when `id` is
    /// nil; returns the id it is kept under.
    public func keepLastTurn(of conversation: Conversation, as id: Int64?) throws -> Int64 {
        guard let turn = conversation.turns.last else { preconditionFailure("a conversation with no turn to keep") }
        let id = try id ?? start(scope: conversation.scope?.prefixes ?? [])
        let answer = String(decoding: try ReportJSON.encode(turn.answer, pretty: false), as: UTF8.self)
        try add(to: id, question: turn.question, query: turn.query, answer: answer, sources: turn.answer.citations.map { ($0.n, $0.chunkIds) })
        return id
    }
}
