import ArgumentParser
import Console
import Foundation
import LLM

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate text with the local SmolLM2 model, streamed as it is written.",
        discussion: """
            TEXT is the user message of a chat (under the default system prompt unless --system is \
            given); with --raw it is the exact prompt, its special tokens such as <|im_start|> parsed.
            Generation stops at an end-of-turn token, after --max-tokens, or on Ctrl-C.
            Greedy by default; --temperature above 0 samples (with --top-k, --top-p, --seed).
            With --json nothing is streamed; stdout gets one document:
              {"prompt_ids", "ids", "text", "stop", "firstTop5": [{"id", "logit"}],
               "prompt_tokens", "prefill_tok_s", "decode_tok_s", "peak_rss_mb"}
            Timings go to stderr.

            Examples:
              rag generate -- "What is the capital of France?"
              rag generate --system "Answer in one sentence." -- "Why is the sky blue?"
              rag generate --raw -- $'<|im_start|>user\\nHi<|im_end|>\\n<|im_start|>assistant\\n'
              rag generate --json --max-tokens 128 --ignore-eos -- "$(cat prompt.txt)"
            """
    )

    @Flag(help: "Use TEXT as the exact prompt instead of a chat message.")
    var raw = false

    @Option(help: "The system prompt (default: the model's own).")
    var system: String?

    @Option(help: "The most tokens to generate.")
    var maxTokens = 512

    @Option(help: "Sampling temperature; 0 picks the most likely token.")
    var temperature: Float = 0

    @Option(help: "Sample from the k most likely tokens (0: all).")
    var topK = 40

    @Option(help: "Sample from the most likely tokens holding this much probability.")
    var topP: Float = 0.95

    @Option(help: "Penalise tokens seen in the last 64 (1: off).")
    var repetitionPenalty: Float = 1

    @Option(help: "Random seed for sampling.")
    var seed: UInt64 = 0

    @Flag(help: "Keep generating past end-of-turn tokens.")
    var ignoreEos = false

    @Flag(help: "Print one JSON document instead of streaming text.")
    var json = false

    @Argument(help: "The user message, or the prompt with --raw.")
    var text: String

    func validate() throws {
        guard maxTokens >= 1 else { throw ValidationError("--max-tokens must be at least 1.") }
        guard temperature >= 0, temperature.isFinite else { throw ValidationError("--temperature must be 0 or more.") }
        guard topP > 0, topP <= 1 else { throw ValidationError("--top-p must be above 0 and at most 1.") }
        guard topK >= 0 else { throw ValidationError("--top-k must be 0 or more.") }
        guard repetitionPenalty > 0, repetitionPenalty.isFinite else { throw ValidationError("--repetition-penalty must be above 0.") }
        guard !raw || system == nil else { throw ValidationError("--system has no effect with --raw; put it in the prompt.") }
        guard !text.isEmpty else { throw ValidationError("The text is empty.") }
    }

    func run() throws {
        let generator = try Terminal.failing { try Generator() }
        let prompt = raw ? text : ChatTemplate.render(user: text, system: system)
        let ids = generator.tokenizer.promptIDs(prompt)
        let options = Generator.Options(
            maxTokens: maxTokens,
            sampling: Sampler.Settings(temperature: temperature, topK: topK, topP: topP, repetitionPenalty: repetitionPenalty, seed: seed),
            ignoresEndOfGeneration: ignoreEos)

        let interrupt = Interrupt()
        let generation = try Terminal.failing {
            try generator.generate(ids, options: options) { piece in
                if !json && !piece.isEmpty { Output.print(piece) }
                return !interrupt.happened
            }
        }

        let report = GenerateReport(generation, promptIDs: ids)
        if json {
            try Output.printJSON(report)
        } else {
            Output.print("\n")
        }
        Terminal.note(GenerationText.summary(report, stop: generation.stop))
    }
}
