import Foundation
import Retriever

/// The request and response bodies of the OpenAI-compatible routes, in the shapes the official
/// `openai` clients read (https://platform.openai.com/docs/api-reference); snake_case comes from
/// the encoder.
enum OpenAI {
    /// The models the routes answer as.
    static let chatModel = "rag"
    static let embeddingModel = "all-MiniLM-L6-v2"

    struct ModelList: Encodable {
        struct Model: Encodable {
            let id: String
            let object = "model"
            let created = 0
            let ownedBy = "rag"
        }

        let object = "list"
        let data = [Model(id: chatModel), Model(id: embeddingModel)]
    }

    struct EmbeddingRequest: Decodable {
        let model: String?
        let input: Input
        let encodingFormat: String?

        /// A string or an array of strings.
        struct Input: Decodable {
            let texts: [String]

            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let text = try? container.decode(String.self) {
                    texts = [text]
                } else {
                    texts = try container.decode([String].self)
                }
            }
        }
    }

    struct EmbeddingList: Encodable {
        struct Embedding: Encodable {
            let object = "embedding"
            let index: Int
            let embedding: Vector
        }

        /// Floats, or base64 of their little-endian float32 bytes (`encoding_format: "base64"`).
        enum Vector: Encodable {
            case floats([Float])
            case base64(String)

            func encode(to encoder: any Encoder) throws {
                var container = encoder.singleValueContainer()
                switch self {
                case .floats(let values): try container.encode(values)
                case .base64(let text): try container.encode(text)
                }
            }
        }

        let object = "list"
        let data: [Embedding]
        let model = embeddingModel
        let usage: Usage
    }

    struct Usage: Encodable {
        let promptTokens: Int
        let completionTokens: Int?
        let totalTokens: Int
    }

    struct ChatRequest: Decodable {
        struct Message: Decodable {
            let role: String
            let content: Content?
        }

        /// A string, or an array of parts of which the text ones count.
        struct Content: Decodable {
            let text: String

            private struct Part: Decodable {
                let type: String
                let text: String?
            }

            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let text = try? container.decode(String.self) {
                    self.text = text
                } else {
                    text = try container.decode([Part].self).filter { $0.type == "text" }.compactMap(\.text).joined(separator: "\n")
                }
            }
        }

        let model: String?
        let messages: [Message]
        let stream: Bool?
        let maxTokens: Int?
        let maxCompletionTokens: Int?
        let temperature: Float?
    }

    /// A whole answer (`stream: false`); `rag` carries what `rag ask --json` prints.
    struct ChatCompletion: Encodable {
        struct Choice: Encodable {
            let index = 0
            let message: Message
            let finishReason: String
        }

        struct Message: Encodable {
            let role = "assistant"
            let content: String
        }

        let id: String
        let object = "chat.completion"
        let created: Int
        let model = chatModel
        let choices: [Choice]
        let usage: Usage
        let rag: Answer
    }

    /// One piece of a streamed answer; the last one has the finish reason, the usage and `rag`.
    struct ChatChunk: Encodable {
        struct Choice: Encodable {
            let index = 0
            let delta: Delta
            let finishReason: String?
        }

        struct Delta: Encodable {
            let role: String?
            let content: String?
        }

        let id: String
        let object = "chat.completion.chunk"
        let created: Int
        let model = chatModel
        let choices: [Choice]
        var usage: Usage?
        var rag: Answer?
    }

    /// What the answer says in the chat: the answer itself, or, declined, why and where to look.
    static func content(of answer: Answer) -> String {
        guard answer.kind == .notInNotes else { return answer.answer }
        let closest = answer.passages.map { "- \($0.path):\($0.lineStart)-\($0.lineEnd)" + ($0.heading.isEmpty ? "" : " § \($0.heading)") }
        return (["Your notes do not seem to cover this: \(answer.notInNotesReason). The closest passages:"] + closest).joined(separator: "\n")
    }

    static func finishReason(of answer: Answer) -> String {
        answer.stop == "max_tokens" || answer.stop == "context_full" ? "length" : "stop"
    }

    static func usage(of answer: Answer) -> Usage {
        Usage(promptTokens: answer.promptTokens, completionTokens: answer.answerTokens, totalTokens: answer.promptTokens + answer.answerTokens)
    }
}
