import Foundation
public import Retriever
import VectorIndex

/// `rag eval qa --answers FILE`: each gold question beside what `rag ask --json` answered, one
/// JSON object a line, so that a figure in the report can be traced to the answers behind it.
public struct AnswerLog {
    private struct Row: Encodable {
        let question: String
        let file: String?
        let answerAny: [String]
        let hasKeyword: Bool
        let rag: Answer
    }

    private let handle: FileHandle

    public init(path: String) throws {
        let url = URL(fileURLWithPath: path)
        try Data().write(to: url)
        handle = try FileHandle(forWritingTo: url)
    }

    public func write(_ question: GoldQuestion, _ answer: Answer) throws {
        let row = Row(
            question: question.question, file: question.file, answerAny: question.keywords, hasKeyword: question.hasKeyword(answer.answer), rag: answer)
        handle.write(try ReportJSON.encode(row, pretty: false) + Data("\n".utf8))
    }
}
