/// A box of prose in a fence: course books written for Jupyter Book or Sphinx (MyST), Quarto or
/// Docusaurus put their definitions, warnings and worked examples in fences that a reader sees as
/// a framed paragraph, not as code: "```{note}", ":::{admonition} Key idea", "::: {.callout-tip}",
/// ":::tip Remember". Their text is read as Markdown, their title as a line of text, and the fences
/// and option lines (":class: dropdown") are markup. A fence whose directive holds code or math
/// ("```{code-cell} python", "```{math}") stays a code block, and one whose body is only paths
/// ("```{toctree}", "```{image} fig.png") says nothing.
struct MarkdownDirective {
    /// The fence that closes the box: as many colons or backticks as opened it, or more.
    let fence: Substring
    /// The title the reader sees on the box, when the source gives one.
    let title: Substring?
    /// A box whose body says nothing to a reader (a table of contents, an image's path).
    let isMarkup: Bool

    /// The box this line opens, if it opens one.
    init?(opening line: Substring) {
        guard let (fence, info) = MarkdownParser.fence(line, of: "`~:") else { return nil }
        if fence.first == ":" {
            // ":::{note}", ":::tip Title", "::: {.callout-note}", ":::: columns"
            guard let named = info.wholeMatch(of: Self.colonInfo), let name = named.output.name ?? named.output.bare else { return nil }
            self.init(fence: fence, name: name, title: named.output.title)
        } else {
            // "```{note}": a directive; "```python" or "```{.python .input}" is code
            guard let named = info.wholeMatch(of: Self.directiveInfo) else { return nil }
            self.init(fence: fence, name: named.output.name, title: named.output.title)
        }
    }

    private init?(fence: Substring, name: Substring, title: Substring?) {
        let name = name.lowercased()
        guard !Self.holdsCode.contains(name) else { return nil }
        self.fence = fence
        self.isMarkup = Self.holdsPaths.contains(name)
        let title = title?.drop { $0 == " " }
        self.title = title.flatMap { $0.isEmpty || $0.first == "{" ? nil : $0 }
    }

    /// Whether `line` is one of the options that follow a directive's opening (":class: dropdown").
    static func isOption(_ line: Substring) -> Bool {
        line.wholeMatch(of: option) != nil
    }

    /// `{name}` then its argument, the title.
    nonisolated(unsafe) private static let directiveInfo = /\{(?<name>[A-Za-z][\w:-]*)\}(?<title>.*)/
    /// `{name}`, `{.class …}` or a bare name, then the title.
    nonisolated(unsafe) private static let colonInfo =
        /(?:\{\.?(?<name>[A-Za-z][\w:.-]*)[^}]*\}|(?<bare>[A-Za-z][\w:-]*))?(?<title>.*)/
    nonisolated(unsafe) private static let option = /\s*:[\w-]+:(\s.*)?/
    private static let holdsCode: Set<String> = [
        "code", "code-block", "code-cell", "sourcecode", "literalinclude", "math", "raw", "eval-rst", "mermaid", "graphviz",
    ]
    private static let holdsPaths: Set<String> = ["toctree", "tableofcontents", "image", "include", "bibliography"]
}
