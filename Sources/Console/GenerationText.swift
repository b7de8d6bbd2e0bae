public import LLM

/// What `rag generate` says on stderr once the text is written.
public enum GenerationText {
    /// Prompt and answer sizes and speeds, why generation ended, and the peak memory.
    public static func summary(_ report: GenerateReport, stop: Generator.Stop) -> String {
        String(
            format: "prompt: %d tokens at %.1f tokens/s; answer: %d tokens at %.1f tokens/s; ",
            report.promptTokens, report.prefillTokS, report.ids.count, report.decodeTokS)
            + "ended by \(describe(stop)); peak memory \(Int(report.peakRssMb.rounded())) MB"
    }

    static func describe(_ stop: Generator.Stop) -> String {
        switch stop {
        case .endOfGeneration: "the end of the turn"
        case .maxTokens: "--max-tokens"
        case .contextFull: "the end of the context"
        case .cancelled: "Ctrl-C"
        }
    }
}
