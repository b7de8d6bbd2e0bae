import ArgumentParser
import Foundation
import Ingest
import LLM
import Retriever

extension EvalCommand {
    struct QA: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "qa",
            abstract: "Retrieval (hit@k, MRR) and, with --generate, answer quality on gold question sets.",
            discussion: """
                Each line: {"question", "file" (relative to the set's folder), "evidence" (an exact phrase of
                that file), "answer_any" (keywords a right answer contains)}. A question is a hit at rank r when
                the r-th passage comes from its file and contains its evidence. A line with "file": null is a
                question the notes do not answer: it should fall below the not-in-notes floor.
                With --generate every question goes through `rag ask`: the share of answers containing an
                expected keyword, citation precision (cited passages that come from the expected file),
                unsupported sentences, answers that end in a fragment, repeated sentences, the median answer
                length and time to first token. --no-rerank shows what the second stage (ranking the
                candidates by how well their best sentence answers) adds. Ingest the notes first.

                Examples:
                  rag eval qa corpora/qa.jsonl corpora/unanswerable.jsonl
                  rag eval qa --generate corpora/qa.jsonl
                """
        )

        @Argument(help: "Question sets (JSON Lines).") var files: [String]
        @OptionGroup var store: StoreOptions
        @Option(help: "Passages retrieved per question.") var k = 5
        @OptionGroup var retrieval: RetrievalOptions
        @Flag(inversion: .prefixedNo, help: "Rank the candidates again by how well their best sentence answers, as rag ask does.")
        var rerank = true
        @Flag(help: "Also answer every question with `rag ask` and score the answers.") var generate = false
        @OptionGroup var answering: AnswerStyleOptions
        @Option(help: ArgumentHelp("With --generate, also write each question's answer to this file, one JSON object a line.", valueName: "file"))
        var answers: String?
        @Flag(help: "Print one JSON document instead of text.") var json = false

        func validate() throws {
            guard !files.isEmpty else { throw ValidationError("Give at least one question set.") }
            guard (1...100).contains(k) else { throw ValidationError("--k must be between 1 and 100.") }
            guard answers == nil || generate else { throw ValidationError("--answers needs --generate.") }
        }

        func run() throws {
            let opened = try store.openForReading()
            do {
                let questions = try files.flatMap(GoldQuestion.load)
                let embedder = try Embedder()
                let retriever = retrieval.retriever(store: opened, embedder: embedder)
                let ranker = rerank ? AnswerRanker(embedder: embedder) : nil
                var report = QAReport(mode: retrieval.mode.rawValue + (rerank ? " + answer ranking" : ""), k: k)
                let bar = ProgressBar("asking", unit: "questions")
                let asker = generate ? Asker(retriever: retriever, generator: try Generator()) : nil
                let answerLog = try answers.map(AnswerLog.init)
                for (i, question) in questions.enumerated() {
                    let vector = embedder.embed([question.question])[0]
                    var passages = try retriever.search(question.question, vector: vector, k: max(k, AskSettings().k), mode: retrieval.mode)
                    if let ranker { passages = ranker.rank(passages, question: question.question, vector: vector) }
                    report.addRetrieval(question, passages: Array(passages.prefix(k)), closest: passages.compactMap(\.denseScore).max())
                    if let asker {
                        var settings = AskSettings()
                        settings.style = answering.style
                        let answer = try asker.ask(question.question, settings: settings)
                        report.addAnswer(question, answer)
                        try answerLog?.write(question, answer)
                    }
                    bar.update(done: i + 1, total: questions.count)
                }
                bar.finish()
                if json {
                    try Output.printJSON(report.summary)
                } else {
                    Output.print(report.text)
                }
            } catch let error as ValidationError {
                throw error
            } catch {
                throw Terminal.fail("\(error)")
            }
        }
    }
}

/// One line of a gold question set.
struct GoldQuestion {
    let question: String
    /// The note that answers it (absolute), or nil when the notes do not.
    let path: String?
    let file: String?
    let evidence: String
    let keywords: [String]

    static func load(_ file: String) throws -> [GoldQuestion] {
        let folder = (NoteScanner.absolute(file) as NSString).deletingLastPathComponent
        return try String(contentsOfFile: file, encoding: .utf8).split(whereSeparator: \.isNewline).map { line in
            guard let row = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let question = row["question"] as? String
            else { throw ValidationError("\(file): every line needs a question") }
            let relative = row["file"] as? String
            guard relative == nil || row["evidence"] is String else { throw ValidationError("\(file): a question with a file needs its evidence") }
            return GoldQuestion(
                question: question, path: relative.map { NoteScanner.absolute(folder + "/" + $0) }, file: relative,
                evidence: collapsed(row["evidence"] as? String ?? ""), keywords: row["answer_any"] as? [String] ?? [])
        }
    }

    /// A right answer holds one of the expected keywords.
    func hasKeyword(_ text: String) -> Bool {
        keywords.contains { text.localizedCaseInsensitiveContains($0) }
    }

    static func collapsed(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
