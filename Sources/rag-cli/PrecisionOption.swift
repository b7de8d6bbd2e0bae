public import ArgumentParser
public import LLM

/// `--precision`, for the commands that embed many texts.
struct PrecisionOption: ParsableArguments {
    @Option(
        help: """
            The encoder's matrix products: fp32 (sentence-transformers' own figures) or bf16 (AVX-512 BF16: \
            within cosine 0.9999 of fp32, about twice as fast). Default: bf16 where the CPU has it, else fp32.
            """)
    var precision: Embedder.Precision = .fastest

    func validate() throws {
        if !precision.isAvailable { throw ValidationError("--precision \(precision) needs AVX-512 BF16, which this CPU lacks; use fp32.") }
    }

    func embedder() throws -> Embedder { try Embedder(precision: precision) }
}

extension Embedder.Precision: ExpressibleByArgument {}
