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
///
/// Course books built with Sphinx, Jupyter Book (MyST) or d2lbook (Dive into Deep Learning) are
/// read as their built pages show them: a label (":label:`sec_mlp`", "(sec-mlp)=") is an anchor,
/// a citation role shows its keys in brackets ("(Vaswani.Shazeer.Parmar.ea.2017)" for
/// ":cite:`Vaswani.Shazeer.Parmar.ea.2017`"), another role its text or its title ("{ref}`the
/// intro <sec-intro>`" as "the intro"), and d2lbook's marks go: a tab's bounds (":begin_tab:`mxnet`",
/// ":end_tab:"), those around "[**Defining the Model**]", which only tell its slides what to show,
/// and "[~~text~~]", which only its slides show. "(**weight tying**)" stays: d2lbook prints it
/// plain, but any other note prints it bold in brackets.
enum MarkdownInline {
    static func readable(_ line: Substring) -> Substring {
        guard line.contains(where: { "<]=%`:".contains($0) }) else { return line }
        if line.firstMatch(of: referenceDefinition) != nil || line.wholeMatch(of: target) != nil || isTableOfContents(line) { return "" }
        var text = String(line)
        // before the tags go: a role's target, "<sec-intro>", looks like one
        text.replace(markup, with: "")
        text.replace(role) { match -> String in
            let name = match.output.name.split(separator: ":").first ?? ""
            if name.hasPrefix("cite") { return "(\(match.output.text))" }
            return String(match.output.text.firstMatch(of: titled)?.output.1 ?? match.output.text)
        }
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
        text.replace(slideOnly, with: "")
        text.replace(slideMark) { $0.output.text }
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
    /// `:label:`fig_lstm`` (Sphinx, d2lbook), `:begin_tab:`pytorch``, `:end_tab:` (d2lbook).
    nonisolated(unsafe) private static let markup = /\s*(?::(?:label|begin_tab):`[^`]*`|:end_tab:)/
    /// `(sec-intro)=` on a line of its own (MyST).
    nonisolated(unsafe) private static let target = /\s*\([\w.:-]+\)=\s*/
    /// `:numref:`fig_lstm``, `:cite:`a,b``, `{ref}`the intro <sec-intro>``, `{cite:p}`key``.
    nonisolated(unsafe) private static let role = /(?::|\{)(?<name>[a-z]+(?::[a-z]+)?)(?::|\})`(?<text>[^`]+)`/
    /// A role's title before its target: "the intro <sec-intro>".
    nonisolated(unsafe) private static let titled = /^(.*\S)\s*<[^<>]+>$/
    /// d2lbook's mark of what its slides show, `[**Heading**]`; not a link, `[**a**](url)`.
    nonisolated(unsafe) private static let slideMark = /\[\*\*(?<text>[^*]+?)\*\*\](?![(\[])/
    /// d2lbook's `[~~text~~]`: what only the slides say.
    nonisolated(unsafe) private static let slideOnly = /\s*\[~~[^~]*?~~\]/
    /// `[id]: https://…` on a line of its own.
    nonisolated(unsafe) private static let referenceDefinition = /^\s{0,3}\[[^\]]+\]:\s+\S+/
}
