import Foundation
public import Retriever
public import VectorIndex

/// How `rag ask` shows an answer in the terminal, after the streamed text.
public struct AnswerText {
    let answer: Answer
    let explain: Bool

    public init(answer: Answer, explain: Bool) {
        (self.answer, self.explain) = (answer, explain)
    }

    public var body: String {
        var lines: [String] = []
        switch answer.kind {
        case .notInNotes:
            let why = Terminal.safe(answer.notInNotesReason)
            lines.append("Your notes do not seem to cover this: \(why). The closest:")
            lines += answer.passages.map { "  " + Self.place($0.path, $0.lineStart, $0.lineEnd, pages: ($0.pageStart, $0.pageEnd), heading: $0.heading) + similarity($0) }
            return lines.joined(separator: "\n") + "\n"
        case .copied, .generated, .extractive:
            lines.append("")
        }
        if let quote = answer.quote {
            lines.append("")
            lines.append(Terminal.bold("From your notes:") + " “\(Terminal.safe(MarkdownText.plain(quote.text)))” [\(quote.n)]")
        }
        lines.append("")
        lines += sources
        for sentence in answer.unsupported {
            lines.append(Terminal.paint("unsupported: ", code: "33", on: STDOUT_FILENO) + "“\(Terminal.safe(sentence.sentence))” — \(sentence.reason)")
        }
        if explain { lines += explanation }
        return lines.joined(separator: "\n") + "\n"
    }

    /// "Sources" and a line for each citation.
    public var sources: [String] {
        guard answer.kind != .notInNotes else { return ["Your notes do not seem to cover the last question."] }
        var lines = [Terminal.bold("Sources")]
        if answer.citations.isEmpty { lines.append("  (the answer cites no passage)") }
        for citation in answer.citations.sorted(by: { $0.n < $1.n }) {
            let note = citation.added ? "  (not cited by the model; this passage backs the answer)" : ""
            lines.append("[\(citation.n)] " + Self.place(citation.path, citation.lineStart, citation.lineEnd, pages: (citation.pageStart, citation.pageEnd), heading: citation.heading) + note)
        }
        return lines
    }

    /// The prompt's passages with their tokens and scores, and the ones left out.
    private var explanation: [String] {
        var lines = ["", Terminal.bold("Prompt") + ": \(answer.promptTokens) tokens, \(answer.passages.count) passages"]
        for passage in answer.passages {
            lines.append(
                "[\(passage.n)] " + Self.place(passage.path, passage.lineStart, passage.lineEnd, pages: (passage.pageStart, passage.pageEnd), heading: passage.heading)
                    + String(format: "  · %d tokens · score %.4f", passage.tokens, passage.score) + similarity(passage))
            lines.append("    " + Terminal.safe(passage.text))
        }
        for dropped in answer.dropped {
            lines.append("dropped: " + Self.place(dropped.path, heading: dropped.heading) + " — \(dropped.reason)")
        }
        return lines
    }

    private func similarity(_ passage: Answer.Passage) -> String {
        passage.similarity.map { String(format: " · similarity %.2f", $0) } ?? ""
    }

    /// `folder/file:lines § heading`, or `folder/file p. 12 § heading` (`slide 7` in a deck) where there are pages, on one line.
    public static func place(_ path: String, _ lineStart: Int? = nil, _ lineEnd: Int? = nil, pages: (Int?, Int?) = (nil, nil), heading: String) -> String {
        let lines = lineStart.map { Place.suffix(path: path, lineStart: $0, lineEnd: lineEnd ?? $0, pageStart: pages.0, pageEnd: pages.1) } ?? ""
        return Paths.display(path) + lines + (heading.isEmpty ? "" : " § " + Terminal.safe(heading, oneLine: true))
    }
}
