import Foundation
import Testing

@testable import Ingest

/// Word, PowerPoint, OpenDocument and EPUB files from real producers (pandoc, LibreOffice Impress):
/// text fidelity against the sources they were made from, headings, lists, tables, slides and notes.
@Suite struct OfficeParserTests {
    static func document(_ name: String) throws -> Document {
        let note = OfficeFixtures.read(name)
        #expect(note.warning == nil, "\(name): \(String(describing: note.warning))")
        return try #require(note.document, "\(name) gave no document")
    }

    @Test(arguments: [
        ("handout.docx", "handout.md"), ("handout.odt", "handout.md"), ("deck.pptx", "deck.md"), ("deck.odp", "deck.md"),
        ("book.epub", "book.md"),
    ])
    func textIsRecovered(file: String, source: String) throws {
        let fidelity = PDFFixtures.fidelity(try Self.document(file), source: try OfficeFixtures.source(source))
        print(
            "\(file): \(String(format: "%.1f", fidelity.words * 100))% of words, \(String(format: "%.1f", fidelity.sentences * 100))% of sentences whole"
                + (fidelity.missing.isEmpty ? "" : "; not whole: \(fidelity.missing)"))
        #expect(fidelity.words >= 0.98, "\(file): \(fidelity.words) of the words")
        #expect(fidelity.sentences >= 0.95, "\(file): sentences not found whole: \(fidelity.missing)")
    }

    /// Heading styles (Word) and outline levels (OpenDocument) give the heading path; the title
    /// style is the title, not a heading.
    @Test(arguments: ["handout.docx", "handout.odt"])
    func headingsComeFromStylesAndOutlineLevels(file: String) throws {
        let document = try Self.document(file)
        #expect(document.title == "Week 9 Handout: Recurrent Networks")
        #expect(
            document.sections.map(\.headingPath) == [
                ["Sequence Models"], ["Sequence Models", "Vanishing Gradients"], ["Sequence Models", "Gated Units"],
                ["Comparing Architectures"], ["Comparing Architectures", "Practical Advice"],
            ])
    }

    /// A table reads a row to a line, each cell under its header, as HTML and Markdown tables do;
    /// list items keep their markers, numbered where the list is.
    @Test(arguments: ["handout.docx", "handout.odt"])
    func tablesReadAsRowsAndListsAsLists(file: String) throws {
        let document = try Self.document(file)
        let comparing = try #require(document.sections.first { $0.headingPath == ["Comparing Architectures"] }).text
        #expect(comparing.contains("Model | Gates | Parameters per unit"))
        #expect(comparing.contains("Model: LSTM; Gates: input, forget and output; Parameters per unit: 4 matrices"), "\(comparing)")
        let gated = try #require(document.sections.first { $0.headingPath.last == "Gated Units" }).text
        #expect(gated.contains("- The input gate decides"), "\(gated)")
        let advice = try #require(document.sections.first { $0.headingPath.last == "Practical Advice" }).text
        #expect(advice.contains("1. Start with a GRU") && advice.contains("3. Initialise the forget gate bias"), "\(advice)")
    }

    /// One section per slide, titled by its title placeholder, the speaker notes under the slide's
    /// title as notes; each knows its slide, 1-based in the deck's order.
    @Test(arguments: ["deck.pptx", "deck.odp"])
    func aDeckIsOneSectionPerSlideWithItsNotes(file: String) throws {
        let document = try Self.document(file)
        #expect(document.title == "Lecture 10: Graph Neural Networks")
        let slides = document.sections.filter { $0.headingPath.count == 1 }
        #expect(
            slides.map(\.headingPath[0]) == [
                "Lecture 10: Graph Neural Networks", "Why Graphs", "Message Passing", "Over-smoothing", "Graph Convolutional Networks",
                "Summary",
            ])
        for (i, slide) in slides.enumerated() { #expect(slide.pageStart == i + 1 && slide.pageEnd == i + 1) }
        let notes = document.sections.filter { $0.headingPath.last == "Speaker notes" }
        #expect(notes.map(\.headingPath[0]) == ["Why Graphs", "Message Passing", "Graph Convolutional Networks"])
        #expect(notes.map(\.pageStart) == [2, 3, 5])
        #expect(notes[1].text.contains("Draw a small graph of five nodes"))
        #expect(!slides[2].text.contains("Draw a small graph"), "the notes were read as the slide's text")
    }

    /// Chapters in spine order, titled from the navigation document, each read by the HTML parser.
    @Test func anEPUBIsReadChapterByChapter() throws {
        let document = try Self.document("book.epub")
        #expect(document.title == "A Short Guide to Kernel Methods")
        // pandoc's title page comes first in the spine, under the book's title.
        let chapters = document.sections.map(\.headingPath)
        #expect(
            chapters == [
                ["A Short Guide to Kernel Methods"], ["Feature Maps"], ["Feature Maps", "Polynomial Kernels"], ["Support Vector Machines"],
                ["Support Vector Machines", "The Soft Margin"], ["Gaussian Processes"],
            ])
        #expect(document.sections.allSatisfy { $0.pageStart == nil })
    }

    /// Chunks of a deck name their slide, and chunks of a text its lines, numbered through the
    /// extracted text as `rag chunks` shows it.
    @Test(arguments: ["deck.pptx", "deck.odp", "handout.docx", "handout.odt", "book.epub"])
    func chunksKnowTheirSlidesOrLines(file: String) throws {
        let chunker = try ChunkerTests.chunker.get()
        let document = try Self.document(file)
        let chunks = chunker.chunks(document)
        ChunkerTests.checkInvariants(document, chunks, chunker)
        if file.hasPrefix("deck") {
            let holding = try #require(chunks.first { $0.ownText.contains("After k layers a node has information") })
            #expect(holding.pageStart == 3 && holding.pageEnd == 3)
        } else {
            #expect(chunks.allSatisfy { $0.pageStart == nil })
            #expect(zip(chunks, chunks.dropFirst()).allSatisfy { $0.lineEnd <= $1.lineStart })
        }
    }
}
