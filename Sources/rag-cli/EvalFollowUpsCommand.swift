import ArgumentParser
import Console
import Evaluation

extension EvalCommand {
    struct FollowUps: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "followups",
            abstract: "Retrieval of follow-up questions three ways: alone, in their conversation, written out in full.",
            discussion: """
                Each line: {"id", "turns": [{"question", "file", "evidence", "answer_any"}, {…, "full"}, …]}; every later \
                turn leans on the conversation ("how many parameters does it add?") and "full" writes it out so that \
                it stands alone. Later turns are retrieved as asked with no conversation, as asked in the conversation \
                (completed from the turns before, as rag chat does), and as written out; in the conversation should \
                come close to written out. With --generate the later turns are also answered in the conversation.

                Example:
                  rag eval followups corpora/followups/tune.jsonl
                """
        )

        @Argument(help: "Conversation sets (JSON Lines).") var files: [String]
        @OptionGroup var options: EvalQAOptions

        func validate() throws {
            guard !files.isEmpty else { throw ValidationError("Give at least one conversation set.") }
        }

        struct Summary: Encodable {
            let alone: QAReport.Summary
            let inConversation: QAReport.Summary
            let writtenOut: QAReport.Summary
        }

        func run() throws {
            let opened = try options.store.openForReading()
            try Terminal.failing {
                let conversations = try files.flatMap(GoldConversation.load)
                let bar = ProgressBar("asking", unit: "conversations")
                let log = try options.answers.map(AnswerLog.init)
                let report = try FollowUpEvaluation(qa: try options.evaluation(opened)).run(
                    conversations, answered: { try log?.write($0, $1) }, progress: { bar.update(done: $0, total: $1) })
                bar.finish()
                if options.json {
                    try Output.printJSON(Summary(alone: report.alone.summary, inConversation: report.inConversation.summary, writtenOut: report.writtenOut.summary))
                } else {
                    Output.print("== alone\n" + report.alone.text + "== in the conversation\n" + report.inConversation.text + "== written out\n" + report.writtenOut.text)
                }
            }
        }
    }
}
