import ArgumentParser
import Foundation
import LLM
import Retriever
import VectorIndex

struct ChatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "A conversation with your notes: follow-up questions are understood in context.",
        discussion: """
            Ask as you would ask a tutor: "What is LoRA?", then "how many parameters does it add?". A
            follow-up that leans on the conversation (it says "it", "that", "and for …?", or is very
            short) is searched together with the topic of the turn before. Each answer streams as in
            rag ask, with its sources. Ctrl-C stops an answer and keeps the conversation; Ctrl-D leaves.

            Commands: /sources (the last answer's sources), /open N (source N whole), /in PATH (keep to
            those notes; /in alone goes back to all of them), /new (a new conversation), /history,
            /help.
            Conversations are kept in the store: rag chat --list shows them, rag chat --resume ID goes
            on with one. Forgetting a note marks the turns that cited it.
            Not on a terminal, questions are read one a line: printf 'What is LoRA?\\nWhy?\\n' | rag chat
            """
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var scope: ScopeOptions
    @OptionGroup var answering: AnswerStyleOptions

    @Flag(help: "List the conversations kept in the store, the newest first, and leave.")
    var list = false

    @Option(help: ArgumentHelp("Go on with a kept conversation (its id from --list).", valueName: "id"))
    var resume: Int64?

    @Flag(help: "With --list, print one JSON document.")
    var json = false

    func validate() throws {
        if list && resume != nil { throw ValidationError("--list and --resume do not go together.") }
        if json && !list { throw ValidationError("--json is for --list; a conversation is read in the terminal (rag ask --json answers one question).") }
    }

    func run() throws {
        let opened = try store.openForReading()
        let log = keptConversations()
        if list { return try printList(log) }
        let interrupt = Interrupt()
        try Terminal.failing {
            var session = ChatSession(store: opened, asker: Asker(retriever: HybridRetriever(store: opened, embedder: try Embedder()), generator: try Generator()))
            session.settings.style = answering.style
            session.log = log
            if let resume { try session.resume(resume) }
            if let scope = try scope.scope(in: opened) { session.conversation.scope = scope }
            let input = LineInput()
            if input.interactive { Output.print("Ask about your notes; /help lists the commands, Ctrl-D leaves.\n") }
            while let line = input.next(prompt: "rag> ") {
                let text = line.trimmingCharacters(in: .whitespaces)
                guard !text.isEmpty else { continue }
                if !input.interactive { Output.print(Terminal.bold("» ") + Terminal.safe(text, oneLine: true) + "\n") }
                interrupt.reset()
                try session.handle(text, stopped: { interrupt.happened })
            }
        }
    }

    /// The store's conversation log; a store this user cannot write keeps none, and says so.
    private func keptConversations() -> ConversationLog? {
        do {
            return try ConversationLog(directory: store.directory)
        } catch {
            Terminal.warn("\(error); this conversation is not kept")
            return nil
        }
    }

    private func printList(_ log: ConversationLog?) throws {
        let conversations = try Terminal.failing { try log?.list() ?? [] }
        if json { return try Output.printJSON(conversations) }
        guard !conversations.isEmpty else { return Output.print("No conversations kept yet: rag chat starts one.\n") }
        let dates = DateFormatter()
        dates.dateFormat = "yyyy-MM-dd HH:mm"
        for conversation in conversations {
            let scope = conversation.scope.isEmpty ? "" : "  (in " + conversation.scope.map(Paths.display).joined(separator: ", ") + ")"
            Output.print(
                "\(conversation.id)  \(dates.string(from: Date(timeIntervalSince1970: conversation.startedAt)))  \(conversation.turns) turns  "
                    + Terminal.safe(conversation.firstQuestion, oneLine: true) + scope + "\n")
        }
    }
}

/// One `rag chat` session: the conversation, and what its commands show.
struct ChatSession {
    let store: Store
    let asker: Asker
    var settings = AskSettings()
    var conversation = Conversation()
    /// Where the conversation is kept, and its id there once its first turn is.
    var log: ConversationLog?
    var kept: Int64?

    /// Goes on with kept conversation `id`: its scope and turns, so that follow-ups refer to them.
    mutating func resume(_ id: Int64) throws {
        guard let log else { throw ValidationError("No conversations are kept in this store.") }
        guard let (resumed, forgotten) = try log.resume(id) else { throw ValidationError("No conversation \(id); rag chat --list shows them.") }
        conversation = resumed
        kept = id
        for (turn, sources) in forgotten {
            Output.print("Turn \(turn) cited notes since forgotten: sources " + sources.map { "[\($0)]" }.joined(separator: ", ") + ".\n")
        }
        Output.print("Going on with conversation \(id): \(resumed.turns.count) turns; /history shows them.\n")
    }

    mutating func handle(_ line: String, stopped: () -> Bool) throws {
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
        var stream = PlainAnswerStream()
        let answer = try conversation.ask(question, asker: asker, settings: settings) { piece in
            Output.print(Terminal.safe(stream.add(piece)))
            return !stopped()
        }
        Output.print(Terminal.safe(stream.finish()))
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
