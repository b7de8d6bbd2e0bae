import ArgumentParser
import Console
import Foundation
import LLM
import Retriever
import VectorIndex

struct ChatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "A conversation with your notes: follow-up questions are understood in context.",
        discussion: """
            Ask as you would ask a tutor: "What is LoRA?", then "how many parameters does it save?". A \
            follow-up that leans on the conversation (it says "it", "that", "and for …?", or is very \
            short) is searched together with the topic of the turn before. Each answer streams as in \
            rag ask, with its sources. Ctrl-C stops an answer and keeps the conversation; Ctrl-D leaves.

            Commands: /sources (the last answer's sources), /open N (source N whole), /in PATH (keep to \
            those notes; /in alone goes back to all of them), /new (a new conversation), /history, \
            /help.
            Conversations are kept in the store: rag chat --list shows them, rag chat --resume ID goes \
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
        let log = ChatSession.keptConversations(in: store.directory)
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

    private func printList(_ log: ConversationLog?) throws {
        let conversations = try Terminal.failing { try log?.list() ?? [] }
        if json { return try Output.printJSON(conversations) }
        Output.print(ChatSession.listing(conversations))
    }
}
