import ArgumentParser
import Console
import Foundation
import LLM
import Retriever

struct AskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Answer a question from your notes, with citations you can check.",
        discussion: """
            rag finds the passages closest to the question (by meaning and by words), keeps their \
            sentences on the point, and has the local SmolLM2 model answer from them. By default the \
            model writes the answer by copying the best passage's most relevant sentences, each cited \
            as [n], and decides how many it needs: a model this small gets facts wrong when it \
            paraphrases. The answer streams as it is written; then come the passage sentence that best \
            supports it ("From your notes"), the sources as path:lines § heading, and any sentence the \
            cited passages do not back. When nothing in the notes is close to the question, or it names \
            something the notes never mention, rag says so (and why) and shows the closest passages \
            instead of generating.
            --free-form lets the model write in its own words (checked the same way, often wrong).
            --extractive answers with the best passage's most relevant sentences, without the model.
            With --json nothing is streamed; stdout gets one document:
              {"question", "kind", "why_not_in_notes", "answer", "quote",
               "citations": [{"n", "chunk_id", "chunk_ids", "path", "heading",
                              "line_start", "line_end", "added"}],
               "unsupported": [{"sentence", "cited", "reason"}],
               "passages", "dropped", "prompt_tokens", "answer_tokens", "stop",
               "timings": {"retrieve_ms", "prompt_ms", "prefill_ms",
                           "decode_ms", "ttft_ms", "check_ms"}}

            Examples:
              rag ask "When are the office hours?"
              rag ask --explain "Why divide attention scores by sqrt(d_k)?"  # the prompt
              rag ask --extractive "What split does the course use?"
              rag ask --in notes/week05 "What is multi-head attention?"  # week 5 only
              rag ask --free-form "Explain the bias-variance trade-off"
              rag ask --json "What is LoRA?" | jq -r .answer
              rag ask - < question.txt                # a long question, from stdin
            """
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "Passages to retrieve (adjacent ones are merged).")
    var k = 6

    @Option(help: "The most tokens to generate.")
    var maxTokens = 256

    @Option(help: "Sampling temperature; 0 picks the most likely token.")
    var temperature: Float = 0

    @Option(help: "The most tokens the prompt may take (the context holds 2048 with the answer).")
    var promptBudget = 1536

    @OptionGroup var answering: AnswerStyleOptions

    @OptionGroup var scope: ScopeOptions

    @Flag(help: "Also show the passages the prompt held, what was dropped and why, and the timings.")
    var explain = false

    @Flag(help: "Print one JSON document instead of streaming text.")
    var json = false

    @Argument(help: "Your question, or - to read it from stdin (an argument holds 128 KiB at most).")
    var question: String

    /// What the options ask for.
    var settings: AskSettings {
        var settings = AskSettings()
        settings.k = k
        settings.maxTokens = maxTokens
        settings.temperature = temperature
        settings.promptBudget = promptBudget
        settings.style = answering.style
        return settings
    }

    func validate() throws {
        guard !question.allSatisfy(\.isWhitespace) else { throw ValidationError("The question is empty.") }
        do {
            try settings.check()
        } catch {
            throw ValidationError("--\(error.setting.rawValue.replacingOccurrences(of: "_", with: "-")) \(error.rule).")
        }
    }

    func run() throws {
        let asked = try Terminal.failing { try question == "-" ? StandardInput.question() : question }
        let opened = try store.openForReading()
        let interrupt = Interrupt()
        let answer = try Terminal.failing {
            var settings = settings
            settings.scope = try scope.scope(in: opened)
            let asker = Asker(retriever: HybridRetriever(store: opened, embedder: try Embedder()), generator: try Generator())
            var printer = AnswerPrinter(printing: !json)
            defer { printer.finish() }
            return try asker.ask(asked, settings: settings) { piece in
                printer.print(piece)
                return !interrupt.happened
            }
        }
        if json {
            try Output.printJSON(answer)
        } else {
            Output.print(AnswerText(answer: answer, explain: explain).body)
        }
        Terminal.note(answer.timingSummary)
    }
}
