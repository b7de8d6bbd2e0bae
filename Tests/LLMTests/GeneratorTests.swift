import Foundation
import Testing

@testable import LLM

/// The public generator on the real model: streaming, stopping and errors.
@Suite(.serialized) struct GeneratorTests {
    static let generator = Result { try Generator(contextLength: 256) }

    @Test func streamsTheTextOfTheIDsAndStopsAtTheEndOfTheTurn() throws {
        let generator = try Self.generator.get()
        let prompt = generator.tokenizer.promptIDs(ChatTemplate.render(user: "Say hello."))
        var streamed = ""
        let result = try generator.generate(prompt, options: .init(maxTokens: 200)) { piece in
            streamed += piece
            return true
        }
        #expect(result.stop == .endOfGeneration)
        #expect(generator.tokenizer.endOfGeneration.contains(result.ids.last!))
        #expect(streamed == result.text && !streamed.isEmpty)
        #expect(result.text == generator.tokenizer.decode(Array(result.ids.dropLast())))
        #expect(result.promptTokens == prompt.count && result.firstTopFive.count == 5)
        #expect(result.firstTopFive[0].id == result.ids[0])
        #expect(result.decodeSteps == result.ids.count - 1)
    }

    @Test func stopsAtMaxTokensWhenCancelledAndWhenTheContextIsFull() throws {
        let generator = try Self.generator.get()
        let prompt = generator.tokenizer.encode("Once upon a time")
        let limited = try generator.generate(prompt, options: .init(maxTokens: 3, ignoresEndOfGeneration: true))
        #expect(limited.stop == .maxTokens && limited.ids.count == 3)

        var pieces = 0
        let cancelled = try generator.generate(prompt, options: .init(maxTokens: 50)) { _ in
            pieces += 1
            return pieces < 2
        }
        #expect(cancelled.stop == .cancelled && cancelled.ids.count == 2)

        let full = try generator.generate(prompt, options: .init(maxTokens: 1000, ignoresEndOfGeneration: true))
        #expect(full.stop == .contextFull && full.promptTokens + full.ids.count == 256)
    }

    /// Allows one fixed text, then the end of the turn.
    struct OnlyThis: TokenConstraint {
        let ids: [Int32]
        let end: Set<Int32>
        func allowed(after answer: [Int32]) -> [Int32]? { answer.count < ids.count ? [ids[answer.count]] : end.sorted() }
    }

    @Test func aConstraintDecidesEveryToken() throws {
        let generator = try Self.generator.get()
        let prompt = generator.tokenizer.promptIDs(ChatTemplate.render(user: "Say hello."))
        let wanted = "Seven green owls read quietly."
        let only = OnlyThis(ids: generator.tokenizer.encode(wanted), end: generator.tokenizer.endOfGeneration)
        for temperature: Float in [0, 1.5] {
            let result = try generator.generate(
                prompt, options: .init(maxTokens: 50, sampling: .init(temperature: temperature, seed: 3)), constraint: only)
            #expect(result.text == wanted && result.stop == .endOfGeneration, "temperature \(temperature)")
        }
        struct Nothing: TokenConstraint { func allowed(after answer: [Int32]) -> [Int32]? { [] } }
        let none = try generator.generate(prompt, options: .init(maxTokens: 50), constraint: Nothing())
        #expect(none.ids.isEmpty && none.text.isEmpty && none.stop == .endOfGeneration)
    }

    @Test func sameSeedSameAnswer() throws {
        let generator = try Self.generator.get()
        let prompt = generator.tokenizer.promptIDs(ChatTemplate.render(user: "Name a colour."))
        let options = Generator.Options(maxTokens: 12, sampling: .init(temperature: 0.9, seed: 7))
        #expect(try generator.generate(prompt, options: options).ids == generator.generate(prompt, options: options).ids)
    }

    @Test func badPromptsAreErrors() throws {
        let generator = try Self.generator.get()
        #expect(throws: GenerationError.emptyPrompt) { try generator.generate([]) }
        #expect(throws: GenerationError.promptTooLong(tokens: 300, context: 256)) { try generator.generate([Int32](repeating: 42, count: 300)) }
        #expect(throws: GenerationError.unknownToken(49152, vocabulary: 49152)) { try generator.generate([1, 49152]) }
        #expect(GenerationError.promptTooLong(tokens: 300, context: 256).description.contains("shorten the prompt"))
    }

    @Test func longPromptsGoInSeveralBatches() throws {
        // 700 tokens: two batched calls, then generation, within a 2048-token context.
        let generator = try Generator()
        let text = String(repeating: "The quick brown fox jumps over the lazy dog. ", count: 70)
        let prompt = generator.tokenizer.promptIDs(ChatTemplate.render(user: text + "Summarise."))
        #expect(prompt.count > LlamaModel.maxBatch)
        let result = try generator.generate(prompt, options: .init(maxTokens: 8))
        #expect(!result.ids.isEmpty && !result.text.isEmpty)
    }
}
