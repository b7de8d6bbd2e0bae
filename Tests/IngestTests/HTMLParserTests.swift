import Foundation
import Testing

@testable import Ingest

/// The HTML parser on the course pages in corpora/ml-notes, the broken pages in corpora/bad-inputs,
/// and small pages written here for the edge cases.
@Suite struct HTMLParserTests {
    static let lecture = "ml-notes/week01-foundations/lecture01-intro.html"
    static let latin1Lecture = "ml-notes/week02-linear-models/lecture-linear-models.htm"
    static let cnns = "ml-notes/week03-neural-networks/cnns.html"

    /// Every HTML file of corpora/ that the repository holds, relative to it: not the scikit-learn
    /// pages that scripts/real-notes.sh copies in (their `<pre>` keeps runs of blank lines).
    static let htmlFiles: [String] = {
        let files = FileManager.default.enumerator(atPath: Corpus.root.path)?.compactMap { $0 as? String } ?? []
        return files.filter { ["html", "htm", "xhtml"].contains(($0 as NSString).pathExtension) && !$0.hasPrefix("sklearn-guide/") }.sorted()
    }()

    /// A corpus file decoded as the scanner does it (the .htm page is Latin-1, the rest UTF-8), and parsed.
    static func parse(_ file: String) throws -> (document: Document, source: String) {
        let data = try Data(contentsOf: Corpus.root.appendingPathComponent(file))
        let source = try #require(String(data: data, encoding: file.hasSuffix(".htm") ? .isoLatin1 : .utf8))
        return (HTMLParser.parse(source, path: file), source)
    }

    static func parse(html: String, path: String = "notes/page.html") -> Document {
        HTMLParser.parse(html, path: path)
    }

    static func allText(_ document: Document) -> String {
        document.sections.map(\.text).joined(separator: "\n\n")
    }

    /// libxml2's HTML parser ends a DOCTYPE at its first `>`, so an internal subset's declarations
    /// (entities, elements, comments) became page text.
    @Test func aDoctypeInternalSubsetLeavesNoText() {
        let page = """
            <!DOCTYPE html [
            <!ENTITY secret "a ]> in quotes">
            <!ELEMENT p ANY>
            <!-- a comment in the subset -->
            ]>
            <html><head><title>T</title></head><body>
            <h1>Head</h1>
            <p>Real text here.</p>
            </body></html>
            """
        let document = Self.parse(html: page)
        #expect(document.sections.map(\.text) == ["Real text here."], "\(document.sections)")
        #expect(document.sections.first.map { [$0.lineStart, $0.lineEnd] } == [7, 8])
    }

    // MARK: Course pages

    @Test func lectureTitleComesFromTheTitleElement() throws {
        let (document, _) = try Self.parse(Self.lecture)
        #expect(document.title == "Lecture 1: What Is Machine Learning? | COMP 47120 | Brightspace")
        #expect(document.format == .html)
        #expect(document.path == Self.lecture)
    }

    @Test func headingsNestByLevel() throws {
        let (document, _) = try Self.parse(Self.lecture)
        let h1 = "Week 1 › Lecture 1: What Is Machine Learning?"
        #expect(
            document.sections.map(\.headingPath) == [
                [h1],
                [h1, "A working definition"],
                [h1, "The three broad settings"],
                [h1, "The standard workflow"],
                [h1, "The standard workflow", "Why a baseline matters"],
                [h1, "No free lunch"],
                [h1, "No free lunch", "Inductive bias examples"],
                [h1, "A first piece of code"],
                // An h4 straight under an h2 sits under that h2.
                [h1, "A first piece of code", "Reading for next week"],
            ])
    }

    @Test func boilerplateIsDropped() throws {
        let (document, _) = try Self.parse(Self.lecture)
        let text = Self.allText(document)
        let boilerplate = [
            "d2lSession", "sendBeacon",  // <script>
            "font-family", "is NOT content",  // <style>
            "Course Home", "Discussions",  // <nav>
            "University Learning Environment", "Search this course",  // <header>, <form>
            "JavaScript is disabled",  // <noscript>
            "Table of Contents", "Lab rooms for week 2",  // <aside>
            "All rights reserved", "Accessibility",  // <footer>
            "Lecture 1: What Is Machine Learning? | COMP",  // <title> is the title, not text
        ]
        for phrase in boilerplate {
            #expect(!text.contains(phrase), "\(phrase)")
        }
    }

    @Test func tableRowsBecomeLines() throws {
        let (document, _) = try Self.parse(Self.lecture)
        let section = try #require(document.sections.first { $0.headingPath.last == "The three broad settings" })
        let lines = section.text.split(separator: "\n").map(String.init)
        #expect(lines.contains("Setting | What the data look like | Course example"))
        // a row under the header says what each cell is, so that found or copied alone it still reads
        #expect(
            lines.contains(
                "Setting: Supervised learning; What the data look like: Inputs paired with labels; Course example: Predicting monthly rent from flat size"))
        #expect(
            lines.contains(
                "Setting: Reinforcement learning; What the data look like: States, actions & delayed rewards; Course example: Not covered in this module"))
        #expect(section.text.hasPrefix("Setting | "))
    }

    @Test func preKeepsItsLayout() throws {
        let (document, _) = try Self.parse(Self.lecture)
        let section = try #require(document.sections.first { $0.headingPath.last == "A first piece of code" })
        #expect(
            section.text == """
                The majority-class baseline she showed on the slide:

                from collections import Counter

                def majority_baseline(y_train, y_test):
                    most_common, _ = Counter(y_train).most_common(1)[0]
                    correct = sum(1 for y in y_test if y == most_common)
                    return correct / len(y_test)
                """)
        #expect(!section.isCode)

        let (cnns, _) = try Self.parse(Self.cnns)
        let code = try #require(cnns.sections.first { $0.headingPath.last == "Code: the lab network in PyTorch" })
        #expect(code.isCode)
        #expect(code.text.hasPrefix("class SmallCNN(nn.Module):\n    def __init__(self, num_classes=10):\n"))
        #expect(cnns.sections.filter(\.isCode).count == 1)
    }

    @Test func textIsLaidOutInParagraphs() throws {
        let (document, _) = try Self.parse(Self.lecture)
        let workflow = try #require(document.sections.first { $0.headingPath.last == "The standard workflow" })
        #expect(workflow.text.hasPrefix("1. Define the task and the metric before touching the data.\n\n2. Split"))
        let definition = try #require(document.sections.first { $0.headingPath.last == "A working definition" })
        #expect(definition.text.contains("has not learned anything useful — it has only compressed a table"))
        #expect(definition.text.split(separator: "\n\n").count == 2)
        let reading = try #require(document.sections.last)
        #expect(reading.text.contains("The résumé of the chapter"))

        for file in Self.htmlFiles {
            for section in try Self.parse(file).document.sections {
                #expect(!section.text.isEmpty, "\(file)")
                #expect(section.text == section.text.trimmingSpaces, "\(file): \(section.headingPath)")
                #expect(!section.text.contains("\n\n\n"), "\(file): \(section.headingPath)")
            }
        }
    }

    @Test func titleFallsBackToTheFirstH1() throws {
        let (document, _) = try Self.parse(Self.cnns)
        #expect(document.title == "Week 3 › Convolutional Neural Networks")
        #expect(document.sections.first?.headingPath == ["Week 3 › Convolutional Neural Networks"])
        // The sidebar's h2 is inside <aside>: it must not open a section.
        #expect(!document.sections.contains { $0.headingPath.contains("COMP 47120 Study Group") })
    }

    @Test func latin1PageIsNotDecodedTwice() throws {
        // The page declares iso-8859-1 in a http-equiv <meta>; the text handed over is already decoded.
        let (document, _) = try Self.parse(Self.latin1Lecture)
        let text = Self.allText(document)
        #expect(document.title == "Guest Lecture: Linear Models in Practice (Week 2) - COMP 47120 Wiki")
        #expect(text.contains("Dr. Lena Brünner"))
        #expect(text.contains("a single café near Zürich Hauptbahnhof"))
        #expect(text.contains("18 °C"))
        #expect(document.sections.contains { $0.headingPath.last?.hasPrefix("Classification aside: naïve") == true })
        #expect(!text.contains("Ã"))
        #expect(!text.contains("Toolbox"))

        let inline = Self.parse(html: #"<meta charset="iso-8859-1"><p>café, naïve, Zürich</p>"#)
        #expect(Self.allText(inline) == "café, naïve, Zürich")
    }

    /// The acceptance test: every gold evidence phrase from an HTML file is in that file's text.
    @Test func everyEvidencePhraseIsInTheText() throws {
        let rows = try String(contentsOf: Corpus.root.appendingPathComponent("qa.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let htmlRows = rows.filter {
            let file = $0["file"] as! String
            return file.hasSuffix(".html") || file.hasSuffix(".htm") || file.hasSuffix(".xhtml")
        }
        #expect(htmlRows.count >= 15)
        for row in htmlRows {
            let file = row["file"] as! String
            let evidence = Corpus.collapsed(row["evidence"] as! String)
            let text = Corpus.collapsed(Self.allText(try Self.parse(file).document))
            #expect(text.contains(evidence), "\(file): \(evidence)")
        }
    }

    @Test func lineRangesCoverTheSource() throws {
        for file in Self.htmlFiles {
            let (document, source) = try Self.parse(file)
            let lineCount =
                source.split(separator: "\n", omittingEmptySubsequences: false).count
                - (source.hasSuffix("\n") ? 1 : 0)
            var previousStart = 0
            for section in document.sections {
                #expect(1 <= section.lineStart, "\(file): \(section.headingPath)")
                #expect(section.lineStart <= section.lineEnd, "\(file): \(section.headingPath)")
                #expect(section.lineEnd <= lineCount, "\(file): \(section.headingPath)")
                #expect(section.lineStart >= previousStart, "\(file): sections in source order")
                previousStart = section.lineStart
            }
        }
        // The heading's line through the last line of content.
        let (lecture, _) = try Self.parse(Self.lecture)
        let definition = try #require(lecture.sections.first { $0.headingPath.last == "A working definition" })
        #expect((definition.lineStart, definition.lineEnd) == (59, 61))
        let code = try #require(lecture.sections.first { $0.headingPath.last == "A first piece of code" })
        #expect((code.lineStart, code.lineEnd) == (98, 105))
        let (cnns, _) = try Self.parse(Self.cnns)
        let cnnsCode = try #require(cnns.sections.first { $0.isCode })
        #expect((cnnsCode.lineStart, cnnsCode.lineEnd) == (94, 110))
    }

    // MARK: Broken pages

    @Test func tagSoupIsRecovered() throws {
        let (document, _) = try Self.parse("bad-inputs/tag-soup.html")
        let text = Self.allText(document)
        #expect(document.title == "Tag soup lecture page")
        for phrase in [
            "Convolutions share weights across positions.", "Pooling halves the width and height.", "Kernel 3x3",
            "unclosed cell | another cell", "Text after a stray closing html tag: receptive fields grow with depth.",
            "café & naïve —", "Last recoverable paragraph: pooling adds a little translation invariance.",
        ] {
            #expect(text.contains(phrase), "\(phrase)")
        }
        for phrase in ["not text", "var x", "Everything after an unclosed", "inside both", "unterminated comment"] {
            #expect(!text.contains(phrase), "\(phrase)")
        }
        let h1 = "Week 3 notes on CNNs"
        #expect(document.sections.map(\.headingPath) == [[h1], [h1, "Second section"]])
    }

    @Test func unterminatedCommentHidesTheRest() throws {
        let (document, _) = try Self.parse("bad-inputs/unterminated-comment.html")
        #expect(document.sections.count == 1)
        #expect(document.sections.first?.headingPath == ["Week 6 notes"])
        let paragraph = "HNSW search cost grows roughly logarithmically with the number of vectors."
        #expect(document.sections.first?.text == paragraph)
    }

    // MARK: Edge cases

    @Test func emptyAndBarePages() {
        let empty = Self.parse(html: "", path: "notes/empty.html")
        #expect(empty.sections.isEmpty)
        #expect(empty.title == "empty")
        #expect(Self.parse(html: " \n\t\n ").sections.isEmpty)

        let bare = Self.parse(html: "<p>only text", path: "a/b.c/only.text.htm")
        #expect(bare.title == "only.text")
        #expect(bare.sections == [Section(headingPath: [], text: "only text", lineStart: 1, lineEnd: 1)])
    }

    @Test func aPageWithMainKeepsOnlyItsMainContent() throws {
        let url = URL(fileURLWithPath: Corpus.path("ml-notes/week06-embeddings-retrieval/bm25-hybrid.html"))
        let document = HTMLParser.parse(try String(contentsOf: url, encoding: .utf8), path: url.path)
        #expect(!Self.allText(document).contains("We use cookies"))
        #expect(document.title.contains("BM25"))
        let inline = Self.parse(html: "<title>T</title><div>banner</div><main><h1>Real</h1><p>body</p></main><footer>x</footer>")
        #expect(inline.title == "T" && Self.allText(inline) == "body")
        // Sphinx marks its content with an ARIA role rather than <main>
        let sphinx = Self.parse(html: "<div role=\"navigation\">Toggle Menu</div><div role=\"main\"><h1>SVM</h1><p>margins</p></div><div>Prev Up Next</div>")
        #expect(Self.allText(sphinx) == "margins")
        #expect(sphinx.sections.last?.headingPath == ["SVM"])
        let permalink = Self.parse(html: "<h1>Lasso<a class=\"headerlink\" href=\"#lasso\">¶</a></h1><p>sparse</p><h2>C#</h2><p>x</p>")
        #expect(permalink.sections.map(\.headingPath) == [["Lasso"], ["Lasso", "C#"]])
    }

    @Test func deepNestingDoesNotCrash() {
        let depth = 5_000
        let html =
            "<p>before</p>" + String(repeating: "<div>", count: depth) + "deep"
            + String(repeating: "</div>", count: depth) + "<p>after</p>"
        let document = Self.parse(html: html)
        // Without XML_PARSE_HUGE libxml2 would give up below 256 levels and drop "deep" and "after".
        #expect(Corpus.collapsed(Self.allText(document)) == "before deep after")

        let tables = "<p>before</p>" + String(repeating: "<table><tr><td>x", count: 2_000)
        #expect(Self.allText(Self.parse(html: tables)).hasPrefix("before"))
    }

    @Test func textBeforeTheFirstHeadingHasNoHeadingPath() {
        let html = "<body>\n<p>Intro</p>\n<h2>Part</h2>\n<p>Body</p>\n<h1>Top</h1>\n<h3>Deep</h3>\n<p>x</p>"
        let document = Self.parse(html: html)
        #expect(
            document.sections == [
                Section(headingPath: [], text: "Intro", lineStart: 2, lineEnd: 2),
                Section(headingPath: ["Part"], text: "Body", lineStart: 3, lineEnd: 4),
                Section(headingPath: ["Top", "Deep"], text: "x", lineStart: 6, lineEnd: 7),
            ])
        #expect(document.title == "Top")
    }

    @Test func whitespaceCollapsesLikeABrowser() {
        let html = """
            <h1> A   <em>spaced</em>
              heading </h1>
            <p>one\ttwo
               three <b>bold</b>tail<br>next line</p>
            <div>block<span> inline</span><div>nested</div>after</div>
            <pre>  keep   this
                exactly  </pre>
            """
        let document = Self.parse(html: html)
        #expect(document.title == "A spaced heading")
        #expect(
            document.sections.first?.text == """
                one two three boldtail
                next line

                block inline

                nested

                after

                  keep   this
                    exactly
                """)
        // libxml2 leaves carriage returns in the text; code comes out with "\n" line breaks only.
        #expect(Self.allText(Self.parse(html: "<pre>a\r\n  b\rc\r\n</pre>\r\n<p>x\r\ny</p>")) == "a\n  b\nc\n\nx y")
    }

    @Test func droppedElementsTakeTheirContentAlong() {
        let html = """
            <p>kept</p><!-- a comment --><template><p>template text</p></template>
            <iframe>frame text</iframe><button>Click</button><select><option>Choice</option></select>
            <object>object text</object><canvas>canvas text</canvas>
            <svg><title>svg title</title><text>svg text</text></svg>
            <div hidden>hidden text</div><span aria-hidden="true">icon</span><span aria-hidden="false">shown</span>
            <div role="navigation">menu</div><div role="Search">search box</div><div role="note">note</div>
            """
        let document = Self.parse(html: html, path: "page.html")
        #expect(Self.allText(document) == "kept\n\nshown\n\nnote")
        #expect(document.title == "page")
    }

    @Test func listsAndTables() {
        let html = """
            <ul><li>one<li>two <ol><li>first</li><li>second</li></ol></ul>
            <table><caption>Scores</caption>
            <tr><th>Model</th><th>F1</th></tr>
            <tr><td><p>BM25</p></td><td>0.61<br>±0.02</td></tr>
            <tr><td></td><td></td></tr>
            </table>
            """
        #expect(
            Self.allText(Self.parse(html: html)) == """
                - one

                - two

                1. first

                2. second

                Scores

                Model | F1
                Model: BM25; F1: 0.61 ±0.02
                """)
    }

    @Test func layoutTablesAreReadAsBlocks() {
        let html = """
            <table><tr><td>Menu</td><td><h1>Notes</h1><p>First paragraph.</p>
            <table><tr><td>a</td><td>b</td></tr></table></td></tr></table>
            """
        let document = Self.parse(html: html)
        #expect(document.sections.map(\.headingPath) == [[], ["Notes"]])
        #expect(document.sections.last?.text == "First paragraph.\n\na | b")
    }

    @Test func emptyHeadingsOpenNoSection() {
        let document = Self.parse(html: "<h1>Top</h1><p>a</p><h2> <img src=x> </h2><p>b</p>")
        #expect(document.sections == [Section(headingPath: ["Top"], text: "a\n\nb", lineStart: 1, lineEnd: 1)])
    }

    @Test func linesPastLibxml2sCapStayInTheFile() {
        // libxml2 keeps line numbers in 16 bits and reports 65535 for every line after that.
        let lineCount = 70_000
        var lines = Array(repeating: "x", count: lineCount)
        lines[0] = "<h1>Start</h1>"
        lines[69_000] = "<h2>Late</h2>"
        lines[lineCount - 1] = "<p>end</p>"
        let document = Self.parse(html: lines.joined(separator: "\n"))
        let late = document.sections.last
        #expect(late?.headingPath == ["Start", "Late"])
        #expect(late.map { 65_535 <= $0.lineStart && $0.lineEnd == lineCount } == true)
        #expect(document.sections.first?.lineStart == 1)
    }
}
