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

    @Test func inlineHTMLLinkTargetsAndTablesOfContentsAreNotText() {
        let (_, sections) = parse(
            """
            ## <a name='intro'></a>Introduction
            - [Intro](#intro)
            - [Week 2](#week-2) · [Week 3](#week-3)

            Read [the VAE paper](https://example.org/vae "VAE") and ![a plot](plot.png) first.<br/>
            Keep a < b and <3 as they are. <!-- a note to self -->
            [paper]: https://example.org/paper
            ```html
            <a href="x">code stays</a>
            ```
            """)
        #expect(sections.map(\.headingPath) == [["Introduction"]])
        #expect(
            sections[0].text == """
                Read the VAE paper and a plot first.
                Keep a < b and <3 as they are.

                ```html
                <a href="x">code stays</a>
                ```
                """)
        #expect(sections[0].lineStart == 5)
    }

    @Test func obsidianSyntaxReadsAsItsReadingViewShowsIt() {
        let (_, sections) = parse(
            """
            # Attention
            See [[Transformers]], [[Softmax|the softmax note]] and [[Attention#Scaling]]. %% ask the TA %%
            > [!note] Key idea
            > Attention weighs the values.
            > [!tip]-
            ![[attention-diagram.png]]
            - [ ] revise multi-head attention
            - [x] read the paper
            It divides by $\\sqrt{d_k}$ ==so softmax does not saturate==, and a == b stays.
            W = [[0.4, -0.2]] after [[2024-10-01]].
            ```
            x = [[1, 2]] %% not a comment %%
            ```
            """)
        #expect(
            sections[0].text == """
                See Transformers, the softmax note and Attention › Scaling.
                > Key idea
                > Attention weighs the values.
                >

                - revise multi-head attention
                - read the paper
                It divides by $\\sqrt{d_k}$ so softmax does not saturate, and a == b stays.
                W = [[0.4, -0.2]] after 2024-10-01.
                ```
                x = [[1, 2]] %% not a comment %%
                ```
                """)
    }

    @Test func courseBookRolesReadAsTheBuiltPageShowsThem() {
        let (_, sections) = parse(
            """
            # [**Defining the Model**]
            :label:`sec_model`

            (sec-model)=
            Each output is a *head* :cite:`Vaswani.Shazeer.Parmar.ea.2017`, as :citet:`Bahdanau.2014` proposed.
            See :numref:`fig_lstm` and {ref}`the intro <sec-intro>`; {cite:p}`smith2020`.
            :begin_tab:`pytorch`
            We [**rescale the survivors**] by `1.0-p`[~~, shown on slides only~~].
            :end_tab:
            Weights are shared (**weight tying**), and [**a link**](https://example.org) is one.
            ```python
            x = {"a":`b`}  # :cite:`in code`
            ```
            """)
        #expect(sections.map(\.headingPath) == [["Defining the Model"]])
        #expect(
            sections[0].text == """
                Each output is a *head* (Vaswani.Shazeer.Parmar.ea.2017), as (Bahdanau.2014) proposed.
                See fig_lstm and the intro; (smith2020).

                We rescale the survivors by `1.0-p`.

                Weights are shared (**weight tying**), and **a link** is one.
                ```python
                x = {"a":`b`}  # :cite:`in code`
                ```
                """)
    }

    @Test func fencedBoxesOfProseReadAsText() {
        let (_, sections) = parse(
            """
            # Dropout
            ```{note}
            :class: dropdown
            Dropout is switched off at test time.
            ```
            ````{admonition} Key idea
            Survivors are scaled by 1/(1-p).
            ```python
            y = x / (1 - p)
            ```
            ````
            ::: {.callout-tip}
            Tune p on the validation set.
            :::
            :::warning Careful
            Not with batch norm.
            :::
            ```{code-cell} python
            dropout(x)
            ```
            ```{toctree}
            chapter1
            ```
            """)
        #expect(
            sections[0].text == """
                Dropout is switched off at test time.

                Key idea

                Survivors are scaled by 1/(1-p).
                ```python
                y = x / (1 - p)
                ```

                Tune p on the validation set.

                Careful

                Not with batch norm.

                ```{code-cell} python
                dropout(x)
                ```
                """)
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
