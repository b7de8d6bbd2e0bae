import Foundation
import Testing

@testable import Ingest

/// PDFs from real producers (pdfLaTeX, beamer, hyperref): text fidelity, reading order, headings
/// and pages, against the sources they were typeset from.
@Suite struct PDFParserTests {
    static func document(_ name: String) throws -> Document {
        let note = PDFFixtures.read(name)
        #expect(note.warning == nil, "\(name): \(String(describing: note.warning))")
        return try #require(note.document, "\(name) gave no document")
    }

    @Test(arguments: [("paper.pdf", "paper.txt"), ("slides.pdf", "slides.txt"), ("handout.pdf", "handout.txt")])
    func textIsRecoveredInReadingOrder(pdf: String, source: String) throws {
        let fidelity = try PDFFixtures.fidelity(try Self.document(pdf), source: source)
        print(
            "\(pdf): \(String(format: "%.1f", fidelity.words * 100))% of words, \(String(format: "%.1f", fidelity.sentences * 100))% of sentences whole"
                + (fidelity.missing.isEmpty ? "" : "; not whole: \(fidelity.missing)"))
        #expect(fidelity.words >= 0.98, "\(pdf): \(fidelity.words) of the words")
        #expect(fidelity.sentences >= 0.95, "\(pdf): sentences not found whole: \(fidelity.missing)")
    }

    /// A long PDF is read by a poppler document per core, each taking every n-th page; the
    /// document is the one a single reader makes. 24 pages (the three fixtures joined by Debian's
    /// pdfunite, four times) are three readers' shares of eight.
    @Test func aLongPDFReadOnEveryCoreIsTheOneReadPageByPage() throws {
        let joined = FileManager.default.temporaryDirectory.appendingPathComponent("rag-long-\(UUID().uuidString).pdf").path
        defer { try? FileManager.default.removeItem(atPath: joined) }
        let unite = Process()
        unite.executableURL = URL(fileURLWithPath: "/usr/bin/pdfunite")
        unite.arguments = Array(repeating: ["paper.pdf", "handout.pdf", "slides.pdf"].map(PDFFixtures.path), count: 4).flatMap { $0 } + [joined]
        try unite.run()
        unite.waitUntilExit()
        #expect(unite.terminationStatus == 0)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: joined)))
        let alone = NoteReader.parse(bytes, path: joined, format: .pdf, parallelism: .callingThread)
        let parallel = NoteReader.parse(bytes, path: joined, format: .pdf, parallelism: .everyCore)
        let document = try #require(alone.document)
        #expect(document.sections.compactMap(\.pageEnd).max() ?? 0 >= 24, "every page read")
        #expect(parallel.document == document && parallel.warning == nil && alone.warning == nil)
    }

    /// The two columns are read one after the other: the left column's paragraphs end before the
    /// right column's begin, each paragraph whole.
    @Test func twoColumnPaperIsReadColumnByColumn() throws {
        let text = Corpus.collapsed(PDFFixtures.allText(try Self.document("paper.pdf")))
        let left = try #require(text.range(of: "Section six gives practical advice for the coursework."))
        let right = try #require(text.range(of: "The generalisation gap is the difference between the expected loss"))
        #expect(left.upperBound <= right.lowerBound)
        #expect(text.contains("Reading these curves correctly is the first diagnostic skill the course expects."))
    }

    @Test func hyphensAtLineEndsJoinAndLigaturesAreLetters() throws {
        let text = PDFFixtures.allText(try Self.document("paper.pdf"))
        // "regularisa-/tion", "hyper-/parameters", "val-/idation" are hyphenated by LaTeX.
        #expect(!text.contains("- ") && !text.contains("-\n"), "a hyphen was left at a line's end")
        #expect(text.contains("coefficient") && text.contains("first") && text.contains("effective"))
        #expect(!text.unicodeScalars.contains { (0xFB00...0xFB06).contains($0.value) }, "a ligature was left as one character")
    }

    @Test func runningHeadersAndPageNumbersAreDropped() throws {
        let document = try Self.document("paper.pdf")
        let text = PDFFixtures.allText(document)
        #expect(!text.contains("ML 101 Reading 3"))
        #expect(!document.sections.flatMap { $0.text.split(separator: "\n") }.contains { $0.allSatisfy(\.isNumber) })
    }

    @Test func headingsComeFromTypeSizeWithoutAnOutline() throws {
        let document = try Self.document("paper.pdf")
        #expect(document.title == "Regularisation and Generalisation in Small Neural Networks")
        let paths = document.sections.map(\.headingPath)
        #expect(paths.contains(["1 Introduction"]))
        #expect(paths.contains(["2 Measuring the Generalisation Gap", "2.1 Sources of Variance in the Estimate"]), "\(paths)")
        #expect(paths.contains(["6 Practical Advice for the Coursework"]))
    }

    @Test func headingsComeFromTheOutline() throws {
        let document = try Self.document("handout.pdf")
        #expect(document.title == "Week 5 Handout: Decision Trees and Ensembles")
        // Before the first heading: the author and date under the title.
        #expect(document.sections.first?.headingPath == [] && document.sections.first?.text.contains("Autumn term") == true)
        #expect(
            document.sections.dropFirst().map(\.headingPath) == [
                ["Decision Trees"], ["Decision Trees", "Growing a Tree"], ["Decision Trees", "Pruning"], ["Ensembles"],
                ["Ensembles", "Bagging and Random Forests"], ["Ensembles", "Boosting"], ["Exercises"],
            ])
    }

    @Test func aSlideDeckIsOneSectionPerSlideTitledByItsLargestText() throws {
        let document = try Self.document("slides.pdf")
        #expect(document.title == "Lecture 7: Convolutional Networks")
        #expect(
            document.sections.map(\.headingPath)
                == [
                    "Lecture 7: Convolutional Networks", "Why Convolutions", "The Convolution Operation", "Stride and Padding", "Pooling",
                    "Receptive Fields", "A Classic Architecture", "Training Tips", "Summary",
                ].map { [$0] })
        for (i, section) in document.sections.enumerated() {
            #expect(section.pageStart == i + 1 && section.pageEnd == i + 1)
        }
        // Top to bottom: the bullets in the order they were written.
        let pooling = Corpus.collapsed(document.sections[4].text)
        let first = try #require(pooling.range(of: "Max pooling keeps"))
        let last = try #require(pooling.range(of: "Many modern networks"))
        #expect(first.lowerBound < last.lowerBound)
    }

    /// Beamer's list items (a "▶" and text whose wrapped lines hang under its first word): each item
    /// one paragraph, its wrapped lines joined, so a sentence is not cut at the slide's line end.
    @Test func aSlidesBulletsAreParagraphsWithTheirWrappedLinesJoined() throws {
        let note = NoteReader.read(Corpus.path("ml-notes/week06-embeddings-retrieval/measuring-retrieval-slides.pdf"), format: .pdf)
        let document = try #require(note.document)
        let benchmark = try #require(document.sections.first { $0.headingPath == ["The Course Benchmark"] })
        #expect(
            benchmark.text.components(separatedBy: "\n\n") == [
                "▶ The course benchmark has 500 questions written by the students of the previous year.",
                "▶ Annotators labelled 1,200 question and passage pairs as relevant or not.",
                "▶ Their agreement, measured by the Cohen kappa statistic, was 0.78.",
            ], "\(benchmark.text)")
    }

    /// Every chunk names the pages its own text is on.
    @Test(arguments: [
        ("paper.pdf", "The test error itself is a random quantity.", 2),
        ("paper.pdf", "A model generalises when its error", 1),
        ("paper.pdf", "Finally, write down which invariance", 3),
        ("handout.pdf", "A decision tree predicts by asking", 1),
        ("handout.pdf", "explain in a short paragraph why the out of bag error", 2),
        ("slides.pdf", "Max pooling keeps the largest value", 5),
    ])
    func chunksKnowTheirPages(pdf: String, sentence: String, page: Int) throws {
        let chunker = try ChunkerTests.chunker.get()
        let document = try Self.document(pdf)
        let chunks = chunker.chunks(document)
        ChunkerTests.checkInvariants(document, chunks, chunker)
        let pages = try #require(document.sections.compactMap(\.pageEnd).max())
        for chunk in chunks {
            let (start, end) = (try #require(chunk.pageStart), try #require(chunk.pageEnd))
            #expect(1 <= start && start <= end && end <= pages)
        }
        let holding = try #require(chunks.first { Corpus.collapsed($0.ownText).contains(sentence) }, "no chunk holds \(sentence)")
        #expect(holding.pageStart! <= page && page <= holding.pageEnd!, "\(sentence): pages \(holding.pageStart!)-\(holding.pageEnd!)")
        #expect(holding.pageEnd! - holding.pageStart! <= 1)
    }

    @Test func otherFormatsHaveNoPages() throws {
        let chunker = try ChunkerTests.chunker.get()
        let document = NoteReader.parseMarkdown("# Notes\n\nGradient descent takes a step.\n", path: "n.md", format: .markdown)
        #expect(chunker.chunks(document).allSatisfy { $0.pageStart == nil && $0.pageEnd == nil })
    }
}
