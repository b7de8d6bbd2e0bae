import ArgumentParser

@main
struct Rag: AsyncParsableCommand {  // async for `serve` and `mcp`; the other commands run as before
    static let configuration = CommandConfiguration(
        commandName: "rag",
        abstract: "Ask questions about a folder of notes, answered offline with citations.",
        discussion: """
            Models are read from $RAG_MODELS (default ~/.cache/rag/models); scripts/setup.sh fills it.
            Every command that reads takes --json and then prints one JSON document on stdout.
            Exit codes: 0 success, 1 failure, 64 bad usage.
            """,
        subcommands: [
            IngestCommand.self, AskCommand.self, ChatCommand.self, SearchCommand.self, StatsCommand.self, InspectCommand.self, VerifyCommand.self,
            RebuildCommand.self, ForgetCommand.self, EvalCommand.self, GenerateCommand.self, TokenizeCommand.self,
            ChunksCommand.self, EmbedCommand.self, BenchSearchCommand.self, ServeCommand.self, MCPCommand.self,
        ]
    )
}
