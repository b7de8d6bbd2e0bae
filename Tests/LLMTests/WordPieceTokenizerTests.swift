import Testing

@testable import LLM

@Suite struct WordPieceTokenizerTests {
    static let tokenizer = Result { try WordPieceTokenizer(vocabularyPath: ModelCache.embedderDirectory + "/vocab.txt") }

    @Test(arguments: ["", "   ", "\n\t \r\n", "\u{200B}\u{00AD}", "\u{0000}\u{FFFD}"])
    func emptyOrInvisibleTextIsJustClassifyAndSeparator(text: String) throws {
        #expect(try Self.tokenizer.get().encode(text) == [101, 102])
    }

    @Test func tenMegabytesAreCutTo256Pieces() throws {
        let tokenizer = try Self.tokenizer.get()
        let text = String(repeating: "Gradient descent follows the slope downhill. ", count: 230_000)
        #expect(text.utf8.count > 10_000_000)
        let ids = tokenizer.encode(text)
        #expect(ids.count == 256)
        #expect(ids.first == 101 && ids.last == 102)
        #expect(ids == tokenizer.encode(String(text.prefix(2000))))
    }

    @Test func oneHugeWordIsOneUnknown() throws {
        let tokenizer = try Self.tokenizer.get()
        #expect(tokenizer.encode(String(repeating: "x", count: 101)) == [101, tokenizer.unknownID, 102])
        #expect(tokenizer.encode(String(repeating: "x", count: 3_000_000)).count == 3)
    }

    @Test func specialTokenTextsMatchOnlyExactly() throws {
        let tokenizer = try Self.tokenizer.get()
        #expect(tokenizer.encode("[CLS][SEP][MASK]") == [101, 101, 102, 103, 102])
        #expect(tokenizer.encode("[cls]") != [101, 101, 102])
    }

    @Test func maxLengthCountsClassifyAndSeparator() throws {
        let tokenizer = try Self.tokenizer.get()
        let ids = tokenizer.encode("one two three four five", maxLength: 4)
        #expect(ids.count == 4 && ids.first == 101 && ids.last == 102)
        #expect(tokenizer.tokenCount("one two three four five") == 7)
    }

    @Test func accentsAndCaseAreFolded() throws {
        let tokenizer = try Self.tokenizer.get()
        #expect(tokenizer.encode("CAFÉ Naïve") == tokenizer.encode("cafe naive"))
    }
}
