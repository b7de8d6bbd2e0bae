import Foundation
import Testing

@testable import Ingest

/// PDFs rag cannot read, or not all of: one warning naming the file and the reason each, and
/// what can be read still read.
@Suite struct PDFBadInputTests {
    @Test(arguments: [
        ("needs-password.pdf", "needs a password"),
        ("scan.pdf", "no text layer: a scan? rag does not read images"),
        ("truncated.pdf", "damaged or truncated"),
    ])
    func unreadablePDFsGiveOneWarning(file: String, reason: String) throws {
        let note = PDFFixtures.read(file)
        #expect(note.document == nil)
        let warning = try #require(note.warning, "\(file) gave no warning")
        #expect(warning.path == PDFFixtures.path(file))
        #expect(warning.reason.contains(reason), "\(file): \(warning.reason)")
    }

    @Test func notAPDFAtAllIsDamaged() throws {
        let note = NoteReader.read(Corpus.path("bad-inputs/binary.pdf"), format: .pdf)
        #expect(note.document == nil && note.warning?.reason.contains("damaged or truncated") == true)
    }

    /// paper.pdf as `bench/fuzz 600` mangled it (a font's ToUnicode map): poppler's map reader
    /// grows a buffer by small steps, which under AddressSanitizer took 24 s (libFuzzer's slow-input
    /// finding) and in the release build takes a fifth of a second. It is read, title and all.
    @Test func aPDFWithAMangledFontMapIsStillRead() throws {
        let note = PDFFixtures.read("fuzzed-tounicode.pdf")
        let document = try #require(note.document, "\(String(describing: note.warning))")
        #expect(document.title == "Regularisation and Generalisation in Small Neural Networks" && document.sections.count > 3)
    }

    /// Encrypted with an owner password only: any viewer opens it, and so does rag.
    @Test func anEncryptedPDFThatOpensWithoutAPasswordIsRead() throws {
        let note = PDFFixtures.read("owner-password-only.pdf")
        #expect(note.warning == nil)
        let document = try #require(note.document)
        #expect(try PDFFixtures.fidelity(document, source: "handout.txt").words >= 0.98)
    }

    /// An ingest goes on past a bad PDF: the scan's warning, and the paper beside it read.
    @Test func theRestOfTheFolderIsStillRead() throws {
        let folder = try Corpus.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["scan.pdf", "paper.pdf", "truncated.pdf"] {
            try FileManager.default.copyItem(atPath: PDFFixtures.path(name), toPath: folder.appendingPathComponent(name).path)
        }
        let notes = NoteScanner().scan([folder.path]).files.map { NoteReader.read($0.path, format: $0.format) }
        #expect(notes.count == 3)
        #expect(notes.compactMap(\.document).map { ($0.path as NSString).lastPathComponent } == ["paper.pdf"])
        #expect(notes.compactMap(\.warning).count == 2)
    }

    /// Two thousand pages are read one at a time, every page's text kept and its page known.
    @Test func aLongPDFIsReadPageByPage() throws {
        let pages = 2000
        let topics = ["gradient descent", "dropout", "attention", "convolution", "boosting", "pruning", "embeddings"]
        let bytes = Self.pdf(
            pages: (1...pages).map { n in
                [
                    "Course notes", "Lecture note \(n) explains \(topics[n % 7]).", "It builds on \(topics[(n * 3) % 7]) and \(topics[(n * 5 + 1) % 7]).",
                    "Exercise \(n % 11 + 1) asks for \(topics[(n * 2) % 7]) on real data.", "See also the notes on \(topics[(n + 3) % 7]).", "\(n)",
                ]
            })
        let note = NoteReader.parse(bytes, path: "long.pdf", format: .pdf)
        let document = try #require(note.document, "\(String(describing: note.warning))")
        let chunks = try ChunkerTests.chunker.get().chunks(document)
        let text = Corpus.collapsed(chunks.map(\.ownText).joined(separator: " "))
        #expect(text.contains("Lecture note 1 explains dropout.") && text.contains("Lecture note 2000 explains pruning."))
        #expect(!text.contains("Course notes"), "the running header was kept")
        #expect(chunks.first?.pageStart == 1 && chunks.last?.pageEnd == pages)
        let page1234 = try #require(chunks.first { $0.ownText.contains("note 1234 ") })
        #expect(page1234.pageStart! <= 1234 && 1234 <= page1234.pageEnd!)
    }

    /// A minimal PDF of lines of Helvetica on each page, its cross-reference table computed.
    static func pdf(pages: [[String]]) -> [UInt8] {
        var objects: [String] = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [\((0..<pages.count).map { "\(4 + 2 * $0) 0 R" }.joined(separator: " "))] /Count \(pages.count) >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        for (i, lines) in pages.enumerated() {
            // From the top down, 14 points a line.
            let content = lines.enumerated().map { "BT /F1 12 Tf 72 \(720 - 14 * $0) Td (\($1)) Tj ET" }.joined(separator: "\n")
            objects.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents \(5 + 2 * i) 0 R >>")
            objects.append("<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream")
        }
        var out = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (i, object) in objects.enumerated() {
            offsets.append(out.utf8.count)
            out += "\(i + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = out.utf8.count
        out += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { out += String(format: "%010d 00000 n \n", offset) }
        out += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Array(out.utf8)
    }
}
