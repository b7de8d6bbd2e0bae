import Foundation
import Retriever

/// How `rag ask` shows an answer in the terminal, after the streamed text.
struct AnswerText {
    let answer: Answer
    let explain: Bool

    var body: String {
        var lines: [String] = []
        switch answer.kind {
        case .notInNotes:
            lines.append("Your notes do not seem to cover this: \(answer.whyNotInNotes ?? "no passage is close enough to the question"). The closest:")
            lines += answer.passages.map { "  " + Self.place($0.path, $0.lineStart, $0.lineEnd, $0.heading) + similarity($0) }
            return lines.joined(separator: "\n") + "\n"
        case .copied, .generated, .extractive:
            lines.append("")
        }
        if let quote = answer.quote {
            lines.append("")
            lines.append(Terminal.bold("From your notes:") + " “\(quote.text)” [\(quote.n)]")
        }
        lines.append("")
        lines.append(Terminal.bold("Sources"))
        if answer.citations.isEmpty { lines.append("  (the answer cites no passage)") }
        for citation in answer.citations {
            let note = citation.added ? "  (not cited by the model; this passage backs the answer)" : ""
            lines.append("[\(citation.n)] " + Self.place(citation.path, citation.lineStart, citation.lineEnd, citation.heading) + note)
        }
        for sentence in answer.unsupported {
            lines.append(Terminal.paint("unsupported: ", code: "33", on: STDOUT_FILENO) + "“\(sentence.sentence)” — \(sentence.reason)")
        }
        if explain { lines += explanation }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The prompt's passages with their tokens and scores, and the ones left out.
    private var explanation: [String] {
        var lines = ["", Terminal.bold("Prompt") + ": \(answer.promptTokens) tokens, \(answer.passages.count) passages"]
        for passage in answer.passages {
            lines.append(
                "[\(passage.n)] " + Self.place(passage.path, passage.lineStart, passage.lineEnd, passage.heading)
                    + String(format: "  · %d tokens · score %.4f", passage.tokens, passage.score) + similarity(passage))
            lines.append("    " + passage.text)
        }
        for dropped in answer.dropped {
            lines.append("dropped: \(Paths.display(dropped.path)) § \(dropped.heading) — \(dropped.reason)")
        }
        return lines
    }

    private func similarity(_ passage: Answer.Passage) -> String {
        passage.similarity.map { String(format: " · similarity %.2f", $0) } ?? ""
    }

    static func place(_ path: String, _ lineStart: Int, _ lineEnd: Int, _ heading: String) -> String {
        "\(Paths.display(path)):\(lineStart)-\(lineEnd)" + (heading.isEmpty ? "" : " § \(heading)")
    }

    /// One line for stderr.
    static func timings(_ answer: Answer) -> String {
        let t = answer.timings
        var parts = [String(format: "retrieval %.0f ms", t.retrieveMs)]
        if answer.kind == .copied || answer.kind == .generated {
            parts.append(String(format: "first token after %.2f s", t.ttftMs / 1000))
            parts.append(String(format: "prompt %d tokens in %.2f s", answer.promptTokens, t.prefillMs / 1000))
            parts.append(String(format: "answer %d tokens in %.2f s", answer.answerTokens, t.decodeMs / 1000))
        }
        parts.append(String(format: "checks %.0f ms", t.checkMs))
        return parts.joined(separator: " · ")
    }
}
