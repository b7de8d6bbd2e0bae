import ArgumentParser
import Console
import Evaluation
import LLM
import Retriever
import VectorIndex

extension EvalCommand {
    struct QA: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "qa",
            abstract: "Retrieval (hit@k, MRR) and, with --generate, answer quality on gold question sets.",
            discussion: """
                Each line: {"question", "file" (relative to the set's folder), "evidence" (an exact phrase of \
                that file), "answer_any" (keywords a right answer contains)}. A question is a hit at rank r when \
                the r-th passage comes from its file and contains its evidence. A line with "file": null is a \
                question the notes do not answer: it should fall below the not-in-notes floor.

                With --generate every question goes through `rag ask`: the share of answers containing an \
                expected keyword, citation precision (cited passages that come from the expected file), \
                unsupported sentences, answers that end in a fragment, repeated sentences, the median answer \
                length and time to first token. --no-rerank shows what the second stage (ranking the \
                candidates by how well their best sentence answers) adds. Ingest the notes first.

                Examples:
                  rag eval qa corpora/qa.jsonl corpora/unanswerable.jsonl
                  rag eval qa --generate corpora/qa.jsonl
                """
        )

        @Argument(help: "Question sets (JSON Lines).") var files: [String]
        @OptionGroup var options: EvalQAOptions

        func validate() throws {
            guard !files.isEmpty else { throw ValidationError("Give at least one question set.") }
        }

        func run() throws {
            let opened = try options.store.openForReading()
            try Terminal.failing {
                let questions = try files.flatMap(GoldQuestion.load)
                let evaluation = try options.evaluation(opened)
                let log = try options.answers.map(AnswerLog.init)
                let bar = ProgressBar("asking", unit: "questions")
                let report = try evaluation.run(questions, answered: { try log?.write($0, $1) }, progress: { bar.update(done: $0, total: $1) })
                bar.finish()
                if options.json { try Output.printJSON(report.summary) } else { Output.print(report.text) }
            }
        }
    }
}

/// What `rag eval qa` and `rag eval followups` share: the store, how passages are found and
/// ranked, and whether answers are generated.
struct EvalQAOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions
    @Option(help: "Passages retrieved per question.") var k = 5
    @OptionGroup var retrieval: RetrievalOptions
    @Flag(inversion: .prefixedNo, help: "Rank the candidates again by how well their best sentence answers, as rag ask does.")
    var rerank = true
    @Flag(help: "Also answer every question with `rag ask` and score the answers.") var generate = false
    @OptionGroup var answering: AnswerStyleOptions
    @Flag(help: "Print one JSON document instead of text.") var json = false
    @Option(help: ArgumentHelp("With --generate, also write each question's answer to this file, one JSON object a line.", valueName: "file"))
    var answers: String?

    func validate() throws {
        guard (1...100).contains(k) else { throw ValidationError("--k must be between 1 and 100.") }
        guard answers == nil || generate else { throw ValidationError("--answers needs --generate.") }
    }

    /// The evaluation these options ask for, on `store`.
    func evaluation(_ store: Store) throws -> QAEvaluation {
        let embedder = try Embedder()
        var evaluation = QAEvaluation(retriever: retrieval.retriever(store: store, embedder: embedder))
        evaluation.mode = retrieval.mode
        evaluation.k = k
        if rerank { evaluation.ranker = AnswerRanker(embedder: embedder) }
        if generate { evaluation.asker = Asker(retriever: evaluation.retriever, generator: try Generator()) }
        evaluation.settings.style = answering.style
        return evaluation
    }
}
