import ArgumentParser
import Retriever

/// `--free-form` and `--extractive`: how `rag ask` (and `rag eval qa --generate`) write the answer.
struct AnswerStyleOptions: ParsableArguments {
    @Flag(help: "Let the model write in its own words instead of copying the notes' sentences.")
    var freeForm = false

    @Flag(help: "Answer with the best passage's most relevant sentences, without the model.")
    var extractive = false

    func validate() throws {
        guard !(freeForm && extractive) else { throw ValidationError("--free-form and --extractive are different ways to answer; give one.") }
    }

    var style: AnswerStyle { extractive ? .extractive : freeForm ? .freeForm : .copied }
}
