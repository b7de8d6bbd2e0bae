/// The ChatML prompt SmolLM2's GGUF template renders, written out in code rather than run as Jinja:
///
///     <|im_start|>system\n{system}<|im_end|>\n        (the default system prompt when none is given)
///     <|im_start|>{role}\n{content}<|im_end|>\n       (each message in turn)
///     <|im_start|>assistant\n                          (the generation prompt)
///
/// The result is meant to be tokenized with special text parsed.
public enum ChatTemplate {
    /// One turn of a conversation.
    public struct Message: Sendable, Equatable {
        public enum Role: String, Sendable {
            case system, user, assistant
        }

        public let role: Role
        public let content: String

        public init(_ role: Role, _ content: String) {
            self.role = role
            self.content = content
        }
    }

    /// What the template adds when the conversation does not start with a system message.
    public static let defaultSystemPrompt = "You are a helpful AI assistant named SmolLM, trained by Hugging Face"

    /// The prompt for `messages`, ending with the assistant's turn opened.
    public static func render(_ messages: [Message]) -> String {
        var prompt = ""
        if messages.first?.role != .system {
            prompt += turn(.system, defaultSystemPrompt)
        }
        for message in messages { prompt += turn(message.role, message.content) }
        return prompt + "<|im_start|>assistant\n"
    }

    /// The prompt for one user message, under `system` or the default system prompt.
    public static func render(user: String, system: String? = nil) -> String {
        render((system.map { [Message(.system, $0)] } ?? []) + [Message(.user, user)])
    }

    private static func turn(_ role: Message.Role, _ content: String) -> String {
        "<|im_start|>\(role.rawValue)\n\(content)<|im_end|>\n"
    }
}
