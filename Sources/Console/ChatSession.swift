import Foundation
import LLM
public import Retriever
public import VectorIndex

/// One `rag chat` session: the conversation, and what its commands show.
public struct ChatSession {
    let store: Store
    let asker: Asker
    public var settings = AskSettings()
    public var conversation = Conversation()
    /// Where the conversation is kept, and its id there once its first turn is.
    public var log: ConversationLog?
    var kept: Int64?

    public init(store: Store, asker: Asker) {
        (self.store, self.asker) = (store, asker)
    }

    /// Why `--resume` cannot go on with a conversation: a usage error.
    public struct CannotResume: UsageError {
        public let description: String
    }

    /// Goes on with kept conversation `id`: its scope and turns, so that follow-ups refer to them.
    public mutating func resume(_ id: Int64) throws {
        guard let log else { throw CannotResume(description: "No conversations are kept in this store.") }
        guard let (resumed, forgotten) = try log.resume(id) else { throw CannotResume(description: "No conversation \(id); rag chat --list shows them.") }
        conversation = resumed
        kept = id
        for (turn, sources) in forgotten {
            Output.print("Turn \(turn) cited notes since forgotten: sources " + sources.map { "[\($0)]" }.joined(separator: ", ") + ".\n")
        }
        Output.print("Going on with conversation \(id): \(resumed.turns.count) turns; /history shows them.\n")
    }

    public mutating func handle(_ line: String, stopped: () -> Bool) throws {
        guard line.hasPrefix("/") else { return try ask(line, stopped: stopped) }
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        let argument = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        switch parts[0] {
        case "/sources": Output.print(last.map { AnswerText(answer: $0, explain: false).sources.joined(separator: "\n") + "\n" } ?? "No answer yet.\n")
        case "/open": open(argument)
        case "/in": try narrow(to: argument)
        case "/new":
            conversation = Conversation(scope: conversation.scope)
            kept = nil
            Output.print("A new conversation.\n")
        case "/history": Output.print(history)
        case "/help": Output.print(Self.help)
        default: Output.print("No command \(Terminal.safe(parts[0], oneLine: true)); /help lists them.\n")
        }
    }

    private var last: Answer? { conversation.turns.last?.answer }

    private mutating func ask(_ question: String, stopped: () -> Bool) throws {
        var printer = AnswerPrinter()
        let answer = try conversation.ask(question, asker: asker, settings: settings) { piece in
            printer.print(piece)
            return !stopped()
        }
        printer.finish()
        if stopped() { Output.print("\n(stopped)\n") }
        Output.print(AnswerText(answer: answer, explain: false).body + "\n")
        record()
    }

    /// Writes the turn just answered to the log; a failure costs the record, never the conversation.
    private mutating func record() {
        guard let log else { return }
        do {
            kept = try log.keepLastTurn(of: conversation, as: kept)
        } catch {
            Terminal.warn("this turn could not be kept: \(error)")
        }
    }

    /// `/open N`: the passage behind source N of the last answer, whole, as the store holds it.
    private func open(_ argument: String) {
        guard let answer = last, let n = Int(argument), let citation = answer.citations.first(where: { $0.n == n }) ?? nil else {
            return Output.print("Give the number of one of the last answer's sources: /open 1.\n")
        }
        let chunks = citation.chunkIds.compactMap { try? store.chunk(id: $0)?.chunk }
        guard !chunks.isEmpty else { return Output.print("Source \(n) is no longer in the store (its note changed or was forgotten).\n") }
        let text = chunks.enumerated().map { $0 == 0 ? $1.text : String($1.text.dropFirst($1.overlap)) }.joined()
        let place = AnswerText.place(citation.path, citation.lineStart, citation.lineEnd, pages: (citation.pageStart, citation.pageEnd), heading: citation.heading)
        Output.print(Terminal.bold("[\(n)] ") + place + "\n" + Terminal.safe(text) + "\n\n")
    }

    /// `/in PATH` keeps the conversation to those notes; `/in` alone goes back to all of them.
    private mutating func narrow(to argument: String) throws {
        guard !argument.isEmpty else {
            conversation.scope = nil
            return Output.print("Asking all your notes.\n")
        }
        let scope = Scope([argument])
        do {
            try store.check(scope)
        } catch {
            return Output.print("\(Terminal.safe("\(error)"))\n")
        }
        conversation.scope = scope
        Output.print("Asking only the notes under \(Paths.display(scope.prefixes[0])).\n")
    }

    private var history: String {
        guard !conversation.turns.isEmpty else { return "Nothing asked yet.\n" }
        return conversation.turns.enumerated().map { i, turn in
            let searched = turn.query == turn.question ? "" : "\n   searched as: " + Terminal.safe(turn.query, oneLine: true)
            let first = turn.answer.answer.split(whereSeparator: \.isNewline).first.map(String.init) ?? "(not in your notes)"
            return "\(i + 1). " + Terminal.safe(turn.question, oneLine: true) + searched + "\n   " + Terminal.safe(MarkdownText.plain(first), oneLine: true)
        }.joined(separator: "\n") + "\n"
    }

    /// The conversation log of the store in `directory`; a store this user cannot write keeps none, and says so.
    public static func keptConversations(in directory: String) -> ConversationLog? {
        do {
            return try ConversationLog(directory: directory)
        } catch {
            Terminal.warn("\(error); this conversation is not kept")
            return nil
        }
    }

    /// `rag chat --list`: a line for each kept conversation.
    public static func listing(_ conversations: [ConversationSummary]) -> String {
        guard !conversations.isEmpty else { return "No conversations kept yet: rag chat starts one.\n" }
        let dates = DateFormatter()
        dates.dateFormat = "yyyy-MM-dd HH:mm"
        return conversations.map { conversation in
            let scope = conversation.scope.isEmpty ? "" : "  (in " + conversation.scope.map(Paths.display).joined(separator: ", ") + ")"
            let started = dates.string(from: Date(timeIntervalSince1970: conversation.startedAt))
            return "\(conversation.id)  \(started)  \(conversation.turns) turns  " + Terminal.safe(conversation.firstQuestion, oneLine: true) + scope + "\n"
        }.joined()
    }

    static let help = """
        /sources     the last answer's sources
        /open N      source N of the last answer, whole
        /in PATH     ask only the notes under PATH; /in alone: all of them
        /new         start a new conversation
        /history     the questions so far, and what each was searched as
        /help        this list
        Ctrl-C stops an answer; Ctrl-D leaves.

        """
}
