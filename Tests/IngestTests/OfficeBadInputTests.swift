import Foundation
import Testing

@testable import Ingest

/// Office files and e-books rag cannot read, or not all of: one warning naming the file and the
/// reason each, memory bounded however a zip lies, and the rest of the folder still read.
@Suite struct OfficeBadInputTests {
    @Test(arguments: [
        ("not-a-zip.docx", "not a zip archive, as a .docx must be"),
        ("password.docx", "password-protected"),
        ("truncated.docx", "damaged or truncated"),
        // 200 MB of text whose headers claim 4 KB: stopped while inflating.
        ("bomb.docx", "word/document.xml inflates more than 100 times its compressed size: a zip bomb?"),
        ("laughs.docx", "word/document.xml declares XML entities"),
    ])
    func unreadableFilesGiveOneWarning(file: String, reason: String) throws {
        let note = OfficeFixtures.read(file)
        #expect(note.document == nil)
        let warning = try #require(note.warning, "\(file) gave no warning")
        #expect(warning.path == OfficeFixtures.path(file))
        #expect(warning.reason.contains(reason), "\(file): \(warning.reason)")
    }

    /// Past the limit on what a whole file may inflate to, reading stops, whatever the ratio.
    @Test func theExpandedSizeIsBounded() throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: OfficeFixtures.path("handout.docx"))))
        var zip = try ZipContainer(bytes, format: .docx, limit: 4096)
        #expect(throws: OfficeProblem.zipBomb("word/document.xml", "inflates past 4 KiB")) { _ = try zip.read("word/document.xml") }
    }

    /// A chapter that declares entities is left out, named in the warning; the other chapters are read.
    @Test func anEPUBChapterWithEntitiesIsLeftOut() throws {
        let note = OfficeFixtures.read("laughs.epub")
        let warning = try #require(note.warning)
        #expect(warning.reason.contains("EPUB/text/ch002.xhtml declares XML entities"), "\(warning.reason)")
        let document = try #require(note.document)
        let headings = Set(document.sections.compactMap(\.headingPath.first))
        #expect(headings.contains("Feature Maps") && headings.contains("Gaussian Processes"))
        #expect(!headings.contains("Support Vector Machines") && !PDFFixtures.allText(document).contains("lol"))
    }

    /// An ingest goes on past bad Office files: each named once, the good ones beside them read.
    @Test func theRestOfTheFolderIsStillRead() throws {
        let folder = try Corpus.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let names = ["bomb.docx", "handout.docx", "laughs.docx", "not-a-zip.docx", "password.docx", "truncated.docx", "deck.pptx"]
        for name in names {
            try FileManager.default.copyItem(atPath: OfficeFixtures.path(name), toPath: folder.appendingPathComponent(name).path)
        }
        let notes = NoteScanner().scan([folder.path]).files.map { NoteReader.read($0.path, format: $0.format) }
        #expect(notes.count == names.count)
        #expect(Set(notes.compactMap(\.document).map { ($0.path as NSString).lastPathComponent }) == ["handout.docx", "deck.pptx"])
        #expect(notes.compactMap(\.warning).count == 5)
    }
}
