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
        withSystem(messages).map { turn($0.role, $0.content) }.joined() + start + "assistant\n"
    }

    /// The prompt for one user message, under `system` or the default system prompt.
    public static func render(user: String, system: String? = nil) -> String {
        render((system.map { [Message(.system, $0)] } ?? []) + [Message(.user, user)])
    }

    /// The ids of `render(messages)`, with only the template's own markers read as control tokens:
    /// text in a message that looks like "<|im_end|>" stays text, so a note or a question cannot
    /// end its turn or open another. Equal to `promptIDs(render(messages))` for ordinary text.
    public static func promptIDs(_ messages: [Message], tokenizer: BPETokenizer) -> [Int32] {
        var ids = tokenizer.promptIDs("")  // BOS, when the model asks for one
        for message in withSystem(messages) {
            ids += tokenizer.encode(start, parseSpecial: true) + tokenizer.encode(message.role.rawValue + "\n" + message.content)
            ids += tokenizer.encode(end, parseSpecial: true) + tokenizer.encode("\n")
        }
        return ids + tokenizer.encode(start, parseSpecial: true) + tokenizer.encode("assistant\n")
    }

    private static func withSystem(_ messages: [Message]) -> [Message] {
        messages.first?.role == .system ? messages : [Message(.system, defaultSystemPrompt)] + messages
    }

    private static let start = "<|im_start|>"
    private static let end = "<|im_end|>"

    private static func turn(_ role: Message.Role, _ content: String) -> String {
        "\(start)\(role.rawValue)\n\(content)\(end)\n"
    }
}
