import Testing

@testable import Ingest

@Suite struct MarkdownParserTests {
    func parse(_ text: String) -> (title: String?, sections: [Section]) {
        var parser = MarkdownParser()
        let sections = parser.parse(text)
        return (parser.title, sections)
    }

    @Test func atxHeadingsNestAndCloseByLevel() {
        let (title, sections) = parse(
            """
            # Week 3
            intro
            ## Attention ##
            scores
            ### Scaled
            divide by root d
            ## Transformers
            blocks
            """)
        #expect(title == "Week 3")
        #expect(sections.map(\.headingPath) == [["Week 3"], ["Week 3", "Attention"], ["Week 3", "Attention", "Scaled"], ["Week 3", "Transformers"]])
        #expect(sections.map(\.text) == ["intro", "scores", "divide by root d", "blocks"])
        #expect(sections.map(\.lineStart) == [2, 4, 6, 8])
    }

    @Test func setextHeadingsButNotThematicBreaks() {
        let (title, sections) = parse("Bias and variance\n=================\nTrade-off.\n\n---\n\nMore text\nSub part\n--------\nDetail")
        #expect(title == "Bias and variance")
        #expect(sections.map(\.headingPath) == [["Bias and variance"], ["Bias and variance", "Sub part"]])
        #expect(sections[0].text == "Trade-off.\n\n---\n\nMore text")
        #expect(sections[1].text == "Detail")
        #expect(sections[1].lineStart == 10)
    }

    @Test func codeFencesKeepHashLinesAndBlankLines() {
        let (_, sections) = parse("## Code\n```python\n# not a heading\n\nx = 1\n```\nafter\n")
        #expect(sections.count == 1)
        #expect(sections[0].text == "```python\n# not a heading\n\nx = 1\n```\nafter")
        #expect(sections[0].textLineNumbers == [2, 3, 4, 5, 6, 7])
    }

    @Test func frontMatterGivesTheTitleAndIsNotText() {
        let (title, sections) = parse("---\ntitle: \"Attention notes\"\ndate: 2024-10-01\n---\n# Heading\nbody")
        #expect(title == "Attention notes")
        #expect(sections.count == 1 && sections[0].text == "body" && sections[0].lineStart == 6)
    }

    @Test func blankRunsBecomeOneParagraphBreak() {
        let (_, sections) = parse("\n\na\n\n\n\nb\n\n")
        #expect(sections[0].text == "a\n\nb")
        #expect(sections[0].lineStart == 3 && sections[0].lineEnd == 7)
    }

    @Test func windowsLineEndingsSplitLikeUnixOnes() {
        let (title, sections) = parse("# A\r\ntext\r\n## B\r\nmore\r\n")
        #expect(title == "A")
        #expect(sections.map(\.text) == ["text", "more"])
        #expect(sections.map(\.lineStart) == [2, 4])
    }

    @Test func hashWithoutSpaceIsNotAHeading() {
        let (_, sections) = parse("#hashtag\n####### seven")
        #expect(sections.count == 1 && sections[0].headingPath.isEmpty)
    }
}
