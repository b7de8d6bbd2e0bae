/// A Markdown line as a reader sees it: inline HTML (`<a name='intro'></a>`, `<br/>`, comments),
/// link and image targets and reference definitions are markup, not text, so they stay out of
/// what is indexed and quoted; the link text and the image's alt text stay. A line that is only
/// links to anchors of the same page (a table of contents) says nothing and goes. Emphasis stays:
/// the quote and `--json` keep the notes' own words, and a terminal renders it plain.
///
/// Obsidian's syntax, which students' vaults are written in, is read as its reading view shows
/// it: a wiki link as its alias or its page ("[[Softmax|the softmax note]]", "[[Transformers]]",
/// "[[Attention#Scaling]]" as "Attention › Scaling"), a highlight as its text, while an embed
/// ("![[diagram.png]]"), a comment ("%% ask the TA %%"), a callout's type ("> [!note] Key idea")
/// and a task's box ("- [ ] revise") are markup.
enum MarkdownInline {
    static func readable(_ line: Substring) -> Substring {
        guard line.contains(where: { "<]=%".contains($0) }) else { return line }
        if line.firstMatch(of: referenceDefinition) != nil || isTableOfContents(line) { return "" }
        var text = String(line)
        text.replace(comment, with: "")
        text.replace(tag, with: "")
        text.replace(link) { $0.output.1 }
        text.replace(obsidianComment, with: "")
        text.replace(embed, with: "")
        text.replace(wikiLink) { match -> String in
            if let alias = match.output.alias { return String(alias) }
            return String(match.output.page).replacing("#", with: " › ")
        }
        text.replace(highlight) { $0.output.1 }
        text.replace(callout) { $0.output.1 }
        text.replace(taskBox) { $0.output.1 }
        while text.last?.isWhitespace == true { text.removeLast() }
        return Substring(text)
    }

    /// `- [Intro](#intro)`, `1. [A](#a) · [B](#b)`: nothing but links within the page.
    private static func isTableOfContents(_ line: Substring) -> Bool {
        let links = line.matches(of: link)
        guard !links.isEmpty, links.allSatisfy({ $0.output.2.hasPrefix("#") }) else { return false }
        var rest = String(line)
        rest.replace(link, with: "")
        return rest.allSatisfy { $0.isWhitespace || $0.isNumber || "-*+.)|·•,;".contains($0) }
    }

    nonisolated(unsafe) private static let comment = /<!--.*?(-->|$)/
    /// An HTML tag: `<` and a letter (or `/` and a letter), so "a < b" and "<3" stay text.
    nonisolated(unsafe) private static let tag = /<\/?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?\/?>/
    /// `[text](target)` and `![alt](target "title")`; the text is kept.
    nonisolated(unsafe) private static let link = /!?\[([^\]]*)\]\(([^)\s]*)(?:\s+"[^"]*")?\)/
    nonisolated(unsafe) private static let obsidianComment = /\s*%%.*?%%/
    nonisolated(unsafe) private static let embed = /!\[\[[^\]]*\]\]/
    /// A page's name has no comma, so a matrix written in prose, "[[0.4, -0.2]]", stays.
    nonisolated(unsafe) private static let wikiLink = /\[\[(?<page>[^\]|,]*?)(?:\|(?<alias>[^\]]*))?\]\]/
    nonisolated(unsafe) private static let highlight = /==([^=\s](?:[^=]*[^=\s])?)==/
    /// `> [!note] Key idea`, `> [!tip]- Folded`: the quote stays, the type goes.
    nonisolated(unsafe) private static let callout = /^(\s*>)\s*\[![\w-]+\][+-]?/
    /// `- [ ] revise`, `* [x] done`: the list item stays, the box goes.
    nonisolated(unsafe) private static let taskBox = /^(\s*(?:[-*+]|\d+[.)])\s+)\[[ xX]\]\s+/
    /// `[id]: https://…` on a line of its own.
    nonisolated(unsafe) private static let referenceDefinition = /^\s{0,3}\[[^\]]+\]:\s+\S+/
}
