import Foundation
import Testing

@testable import Ingest

@Suite struct TextDecodingTests {
    func decode(_ bytes: [UInt8], html: Bool = false) throws -> TextDecoding.Decoded {
        try TextDecoding.decode(bytes, isHTML: html)
    }

    @Test func byteOrderMarksAreHonouredAndDropped() throws {
        #expect(try decode([0xEF, 0xBB, 0xBF] + Array("café".utf8)).text == "café")
        let utf16LE: [UInt8] = [0xFF, 0xFE] + Array("hé".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(try decode(utf16LE).text == "hé")
        let utf16BE: [UInt8] = [0xFE, 0xFF] + Array("hé".utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(try decode(utf16BE).text == "hé")
    }

    @Test func latin1FallsBackWithAWarning() throws {
        let decoded = try decode([0x63, 0x61, 0x66, 0xE9, 0x20, 0x80])  // "café €" in Windows-1252
        #expect(decoded.text == "café €")
        #expect(decoded.warning?.contains("Latin-1") == true)
    }

    @Test func mostlyUTF8KeepsItsCharacters() throws {
        let decoded = try decode(Array("naïve résumé ".utf8) + [0xFF] + Array(" Zürich".utf8))
        #expect(decoded.text == "naïve résumé \u{FFFD} Zürich")
        #expect(decoded.warning?.contains("U+FFFD") == true)
    }

    @Test func htmlCharsetDeclarationIsTrusted() throws {
        let bytes = Array("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">caf".utf8) + [0xE9]
        let decoded = try decode(bytes, html: true)
        #expect(decoded.text.hasSuffix("café") && decoded.warning == nil)
    }

    @Test func textIsNormalisedToNFC() throws {
        #expect(try decode(Array("e\u{301}".utf8)).text.unicodeScalars.count == 1)
    }

    @Test func binaryIsRefusedButUTF16WithoutBOMIsRead() throws {
        #expect(throws: TextDecoding.BinaryContent.self) { try decode([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02]) }
        let utf16 = Array("plain notes in UTF-16".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let decoded = try decode(utf16)
        #expect(decoded.text == "plain notes in UTF-16" && decoded.warning != nil)
    }
}
