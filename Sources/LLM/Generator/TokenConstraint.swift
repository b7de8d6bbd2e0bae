/// Limits which tokens a generation may write next, such as only text copied from given sentences.
public protocol TokenConstraint {
    /// The tokens allowed after `answer` (the ids generated so far); nil allows any, an empty
    /// list ends the generation.
    func allowed(after answer: [Int32]) -> [Int32]?
}
