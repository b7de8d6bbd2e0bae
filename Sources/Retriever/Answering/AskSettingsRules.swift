import LLM

/// The limits of `AskSettings`, checked in one place for the command line and the server, which
/// each name the setting in their own way (`--max-tokens`, `"max_tokens"`).
extension AskSettings {
    /// A setting outside its limits: which one, and what it must be ("must be from 1 to 50").
    public struct Invalid: Error, Sendable {
        public enum Setting: String, Sendable {
            case k, maxTokens = "max_tokens", temperature, promptBudget = "prompt_budget"
        }

        public let setting: Setting
        public let rule: String
    }

    /// Temperatures the sampler is meaningful at; above 2 a 135M model writes noise.
    public static let temperatureRange: ClosedRange<Float> = 0...2
    /// The smallest prompt budget that holds the instruction and a question.
    public static let leastPromptBudget = 64

    /// Throws the first setting outside its limits.
    public func check() throws(Invalid) {
        guard Self.kRange.contains(k) else { throw Invalid(setting: .k, rule: "must be from \(Self.kRange.lowerBound) to \(Self.kRange.upperBound)") }
        guard promptBudget >= Self.leastPromptBudget, promptBudget < Generator.defaultContextLength else {
            throw Invalid(setting: .promptBudget, rule: "must be from \(Self.leastPromptBudget) to \(Generator.defaultContextLength - 1) tokens")
        }
        guard (1...mostAnswerTokens).contains(maxTokens) else {
            throw Invalid(setting: .maxTokens, rule: "must be from 1 to \(mostAnswerTokens) (the \(Generator.defaultContextLength)-token context less the prompt budget)")
        }
        guard temperature.isFinite, Self.temperatureRange.contains(temperature) else {
            throw Invalid(setting: .temperature, rule: "must be from \(Int(Self.temperatureRange.lowerBound)) to \(Int(Self.temperatureRange.upperBound))")
        }
    }
}
