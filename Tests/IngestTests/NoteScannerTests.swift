import Foundation
import Testing

@testable import Ingest

@Suite struct NoteScannerTests {
    @Test func findsEveryNoteButHiddenAndIgnoredOnes() throws {
        let result = NoteScanner().scan([Corpus.notes.path])
        let relative = result.files.map { String($0.path.dropFirst(Corpus.notes.path.count + 1)) }
        #expect(result.files.count == 48)
        #expect(result.warnings.isEmpty, "\(result.warnings)")
        #expect(!relative.contains { $0.hasPrefix("drafts/") || $0.hasPrefix(".") || $0.contains("/.") || $0.hasSuffix(".tmp") })
        #expect(relative.contains("week02-linear-models/regularisation.markdown"))
        #expect(relative.contains("labs/lab01-numpy-and-gradient-descent.ipynb") || relative.contains { $0.hasPrefix("labs/") && $0.hasSuffix(".ipynb") })
        #expect(result.skipped >= 4)  // .ragignore, .hidden-notes.md, .obsidian, drafts, scratch.tmp
    }

    @Test func recordsSizeAndSHA256() throws {
        let folder = try Corpus.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("abc".utf8).write(to: folder.appendingPathComponent("a.txt"))
        let file = try #require(NoteScanner().scan([folder.path]).files.first)
        #expect(file.size == 3 && file.format == .text)
        #expect(file.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func linkLoopsEndAndEachFileComesOnce() throws {
        let result = NoteScanner().scan([Corpus.badInputs.path])
        let paths = result.files.map(\.path)
        #expect(Set(paths).count == paths.count)
        #expect(!paths.contains { $0.contains("/loop/") })
        let selfLink = result.warnings.filter { $0.path.hasSuffix("self-link.md") }
        #expect(selfLink.count == 1 && selfLink[0].reason.contains("symbolic links"))
        #expect(!paths.contains { $0.hasSuffix(".png") || $0.hasSuffix(".py") })
    }

    /// A link inside the named folder is followed only where it leads inside that folder.
    @Test func linksLeadingOutsideTheNamedFolderAreNotFollowed() throws {
        let folder = try Corpus.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let notes = folder.appendingPathComponent("notes").path
        try FileManager.default.createDirectory(atPath: notes + "/sub", withIntermediateDirectories: true)
        try "# Private\n\nNot for the store.\n".write(toFile: folder.path + "/private.md", atomically: true, encoding: .utf8)
        try "# B\n\nA note.\n".write(toFile: notes + "/sub/b.md", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: notes + "/leak.md", withDestinationPath: folder.path + "/private.md")
        try FileManager.default.createSymbolicLink(atPath: notes + "/outward", withDestinationPath: folder.path)
        try FileManager.default.createSymbolicLink(atPath: notes + "/also-b.md", withDestinationPath: "sub/b.md")

        let result = NoteScanner().scan([notes])
        #expect(result.files.map(\.path) == [notes + "/also-b.md"], "\(result.files.map(\.path))")
        let refused = result.warnings.filter { $0.reason.hasPrefix("not followed: a link to") }.map(\.path).sorted()
        #expect(refused == [notes + "/leak.md", notes + "/outward"], "\(result.warnings)")
        // Named itself, a file is read wherever it is.
        #expect(NoteScanner().scan([notes + "/leak.md"]).files.count == 1)
    }

    @Test func oversizedFilesAreWarnedAbout() {
        let result = NoteScanner(maxFileSize: 100_000).scan([Corpus.badInputs.path])
        let warning = result.warnings.first { $0.path.hasSuffix("one-huge-line.txt") }
        #expect(warning?.reason.contains("--max-file-size") == true)
        #expect(!result.files.contains { $0.path.hasSuffix("one-huge-line.txt") })
    }

    /// The limit is in MiB, as `--max-file-size` counts: "21 MB" read as a different limit.
    @Test func theSizeLimitIsShownInMiB() throws {
        let folder = try Corpus.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let big = folder.appendingPathComponent("big.txt").path
        #expect(FileManager.default.createFile(atPath: big, contents: nil))
        #expect(truncate(big, off_t(NoteScanner.defaultMaxFileSize + 1)) == 0)  // sparse: no data written
        let warnings = NoteScanner().scan([folder.path]).warnings
        #expect(warnings.map(\.reason) == ["larger than the 20 MiB limit (--max-file-size)"])
    }

    /// A name that is not UTF-8 cannot be reached through a Swift string: say so, rather than "No such file".
    @Test func aFileNameThatIsNotUTF8IsWarnedAboutByName() throws {
        let folder = try Corpus.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let name: [UInt8] = Array("caf".utf8) + [0xE9] + Array(".md".utf8) + [0]
        let path = Array(folder.path.utf8) + [UInt8(ascii: "/")] + name
        let created = path.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT, 0o644) }
        }
        #expect(created >= 0)
        close(created)
        let result = NoteScanner().scan([folder.path])
        #expect(result.files.isEmpty)
        #expect(result.warnings.map(\.path) == [folder.path + "/caf\\xe9.md"])
        #expect(result.warnings.first?.reason.contains("not UTF-8") == true, "\(result.warnings)")
    }

    @Test func missingPathsAndExplicitUnsupportedFilesAreWarnedAbout() {
        let result = NoteScanner().scan(["/nonexistent/notes", Corpus.path("bad-inputs/image.png")])
        #expect(result.files.isEmpty)
        #expect(result.warnings.map(\.reason) == ["cannot read: No such file or directory", "unsupported file type"])
    }

    @Test func relativePathsBecomeAbsolute() {
        #expect(NoteScanner.absolute("/a/b/../c") == "/a/c")
        #expect(NoteScanner.absolute("x").hasPrefix("/"))
    }
}
