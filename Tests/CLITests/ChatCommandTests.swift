import Foundation
import Testing

/// `rag chat` as a user runs it: piped questions answered one after another, a follow-up searched
/// with the topic of the turn before, the commands; and in a real terminal (tmux): streaming,
/// /open, Ctrl-C during an answer, Ctrl-D.
@Suite(.serialized) struct ChatCommandTests {
    static let space: Result<StoreCommandTests.Workspace, any Error> = Result {
        let space = try StoreCommandTests.workspace(files: [
            "week01-foundations/course-overview.md", "week05-attention-transformers/attention.md", "week07-generative-models/fine-tuning-lora.md",
        ])
        let ingest = try space.rag(["ingest", space.notes])
        guard ingest.status == 0 else { throw CocoaError(.fileReadUnknown, userInfo: [NSDebugDescriptionErrorKey: ingest.stderr]) }
        return space
    }

    @Test func pipedQuestionsAreAnsweredInTurnAndAFollowUpKeepsItsTopic() throws {
        let space = try Self.space.get()
        let input = "What is LoRA?\nHow many parameters does it add?\n/history\n/sources\n/open 1\n/open 9\n/nonsense\n"
        let result = try RagBinary.run(["chat", "--store", space.store], input: Data(input.utf8))
        #expect(result.status == 0, "\(result.stderr)")
        let out = result.stdout
        // each question echoed, then its answer with sources
        #expect(out.contains("» What is LoRA?") && out.contains("» How many parameters does it add?"), "\(out)")
        #expect(out.components(separatedBy: "Sources").count - 1 >= 3, "\(out)")  // two answers and /sources
        // the follow-up was searched with the first turn's topic, and answered from the LoRA note
        #expect(out.contains("searched as: How many parameters does it add? — LoRA"), "\(out)")
        let second = out.components(separatedBy: "» How many parameters does it add?")[1].components(separatedBy: "» /history")[0]
        #expect(second.contains("fine-tuning-lora.md"), "\(second)")
        // /open shows the cited passage whole; a wrong number and an unknown command say what to do
        #expect(out.contains("» /open 1\n") && out.components(separatedBy: "» /open 1\n")[1].hasPrefix("[1] "), "\(out)")
        #expect(out.contains("Give the number of one of the last answer's sources"), "\(out)")
        #expect(out.contains("No command /nonsense; /help lists them."), "\(out)")
    }

    @Test func inKeepsTheConversationToAFolderAndNamesOneThatHoldsNothing() throws {
        let space = try Self.space.get()
        let folder = space.notes + "/week05-attention-transformers"
        let input = "/in \(space.notes)/no-such-week\n/in \(folder)\nWhat is LoRA?\n"
        let result = try RagBinary.run(["chat", "--store", space.store], input: Data(input.utf8))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("no note in the store is under"), "\(result.stdout)")
        #expect(result.stdout.contains("Asking only the notes under"), "\(result.stdout)")
        // LoRA is outside the scope: no source may come from its note
        #expect(!result.stdout.components(separatedBy: "» What is LoRA?")[1].contains("fine-tuning-lora.md"), "\(result.stdout)")
        let bad = try RagBinary.run(["chat", "--store", space.store, "--in", space.notes + "/nowhere"], input: Data())
        #expect(bad.status == 1 && bad.stderr.contains("no note in the store is under"), "\(bad.stderr)")
    }

    /// In tmux, as a person at a terminal: the prompt, a streamed answer, a follow-up, /open 1,
    /// Ctrl-C part way through an answer (the conversation goes on), and Ctrl-D to leave.
    @Test(.enabled(if: TmuxSession.tmux != nil)) func aTerminalSessionInTmux() throws {
        let space = try Self.space.get()
        let session = try TmuxSession(command: [RagBinary.url.path, "chat", "--store", space.store, "--free-form"])
        defer { session.kill() }
        try session.waitFor("rag>")
        try session.type("When and where are Prof. Halvorsen's office hours?")
        try session.waitFor("Sources", after: "office hours?")
        try session.type("Why?")
        try session.waitFor("rag>", count: 3)
        // the follow-up's first source (its number is the passage's place in the prompt)
        let followUp = session.screen.components(separatedBy: "rag> Why?").last ?? ""
        let source = followUp.split(separator: "\n").first { $0.hasPrefix("[") }
        let first = try #require(source.map { String($0.dropFirst().prefix(while: \.isNumber)) }, "no sources after the follow-up:\n\(followUp)")
        try session.type("/open \(first)")
        try session.waitFor("[\(first)] ", after: "/open \(first)")
        // an answer in free form runs long enough to be stopped (this one runs to several hundred
        // tokens; one that ends after its first sentence may be done before Ctrl-C arrives)
        try session.type("Explain in detail, step by step, how LoRA fine-tunes a model.")
        try session.waitFor(where: "fine-tunes a model.") { $0.contains { $0.isLetter } }
        try session.keys("C-c")
        try session.waitFor("(stopped)")
        try session.type("/history")
        try session.waitFor("3. Explain in detail, step by step, how LoRA")
        try session.keys("C-d")
        try session.waitForExit()
    }
}

/// A command run in a detached tmux session, read through capture-pane. Waits poll the pane with
/// a long limit that only guards against a hang; no test measures time with it.
struct TmuxSession {
    static let tmux: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }
    let name = "rag-test-\(UUID().uuidString.prefix(8))"

    init(command: [String]) throws {
        let quoted = command.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        // The first tmux command forks tmux's server, which keeps every descriptor its client had:
        // a pipe for its output, and the socket through which Foundation learns that the client
        // exited, so `waitUntilExit` on that client would wait as long as the server lives (on a
        // machine where no tmux server runs yet, CI's, for ever). It is started without waiting;
        // `has-session` says when the session is there.
        let start = Process()
        start.executableURL = URL(fileURLWithPath: Self.tmux ?? "/usr/bin/tmux")
        start.arguments = ["new-session", "-d", "-s", name, "-x", "200", "-y", "50", "env NO_COLOR=1 " + quoted + "; sleep 600"]
        (start.standardInput, start.standardOutput, start.standardError) = (FileHandle.nullDevice, FileHandle.nullDevice, FileHandle.nullDevice)
        try start.run()
        for _ in 0..<600 {
            if (try? client(["has-session", "-t", name]).status) == 0 { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw CocoaError(.userCancelled)
    }

    /// Types `text` at the prompt and presses Enter once the terminal shows it: a line editor
    /// that is just starting may flush keys typed before it took the terminal, so they are typed again.
    func type(_ text: String) throws {
        for _ in 0..<10 {
            try keys("C-u")
            try tmux(["send-keys", "-t", name, "-l", text])
            for _ in 0..<20 {
                if screen.split(separator: "\n").last(where: { $0.hasPrefix("rag>") })?.hasSuffix(text) == true { return try keys("Enter") }
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
        Issue.record("the prompt never showed what was typed, \(text):\n\(screen)")
        throw CocoaError(.userCancelled)
    }

    func keys(_ key: String) throws { try tmux(["send-keys", "-t", name, key]) }

    var screen: String { (try? tmux(["capture-pane", "-p", "-S", "-2000", "-t", name])) ?? "" }

    /// Waits until `text` shows (at least `count` times, or after the last `after`), for at most two minutes.
    func waitFor(_ text: String, after: String? = nil, count: Int = 1) throws {
        try waitFor(where: after) { $0.components(separatedBy: text).count - 1 >= count }
    }

    /// Waits until what the pane shows after the last `after` (all of it without one) satisfies `shows`.
    func waitFor(where after: String?, _ shows: (String) -> Bool) throws {
        for _ in 0..<1200 {
            let pane = screen
            let shown = after.map { after in pane.range(of: after, options: .backwards).map { String(pane[$0.upperBound...]) } ?? "" } ?? pane
            if shows(shown) { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        Issue.record("the pane never showed what was waited for (after \(after ?? "the start")):\n\(screen)")
        throw CocoaError(.userCancelled)
    }

    /// Waits for the command to leave: the pane goes on with `sleep`, and no rag prompt follows the last one.
    func waitForExit() throws {
        for _ in 0..<600 {
            let panes = (try? tmux(["list-panes", "-t", name, "-F", "#{pane_current_command}"])) ?? ""
            if panes.contains("sleep") { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        Issue.record("rag chat did not leave on Ctrl-D:\n\(screen)")
    }

    func kill() { _ = try? tmux(["kill-session", "-t", name]) }

    /// What a tmux client command (never the first, which starts the server) printed.
    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String { try client(arguments).output }

    private func client(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.tmux ?? "/usr/bin/tmux")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
