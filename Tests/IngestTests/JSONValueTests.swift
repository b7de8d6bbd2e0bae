import Foundation
import Testing

@testable import Ingest

/// The error that parsing `text` throws, or nil when it parses.
private func parseError(_ text: String) -> JSONParseError? {
    do {
        _ = try JSONValue.parse(text)
        return nil
    } catch {
        return error
    }
}

@Test func scalarsAndContainers() throws {
    #expect(try JSONValue.parse("true") == .bool(true, line: 1))
    #expect(try JSONValue.parse(" null ") == .null)
    #expect(try JSONValue.parse("[]") == .array([]))
    #expect(try JSONValue.parse("{ }") == .object([]))
    #expect(
        try JSONValue.parse(#"[1, "a", false, null, [], {}]"#)
            == .array([.number("1", line: 1), .string("a", line: 1), .bool(false, line: 1), .null, .array([]), .object([])]))
}

@Test func objectsKeepKeyOrderAndRepeatedKeys() throws {
    let value = try JSONValue.parse(#"{"z": 1, "a": 2, "m": {"y": true, "b": null}, "a": 3}"#)
    guard case .object(let members) = value else {
        Issue.record("not an object: \(value)")
        return
    }
    #expect(members.map(\.key) == ["z", "a", "m", "a"])
    #expect(value["a"] == .number("2", line: 1))
    #expect(value["m"]?["y"] == .bool(true, line: 1))
    #expect(value["missing"] == nil)
}

@Test func scalarsCarryTheirSourceLine() throws {
    let text = "{\n  \"title\": \"Notes\",\r\n  \"tags\": [\n    \"a\",\n\n    \"b\"\n  ],\n  \"n\": 7\n}\n"
    let value = try JSONValue.parse(text)
    #expect(value["title"] == .string("Notes", line: 2))
    #expect(value["tags"] == .array([.string("a", line: 4), .string("b", line: 6)]))
    #expect(value["n"] == .number("7", line: 8))
}

@Test func firstLineNumbersASliceOfALargerFile() throws {
    let bytes = Array(#"{"q": "x"}"#.utf8)
    let value = try bytes.withUnsafeBufferPointer { try JSONValue.parse($0, firstLine: 42) }
    #expect(value["q"] == .string("x", line: 42))
}

@Test func escapes() throws {
    #expect(try JSONValue.parse(#""\"\\\/\b\f\n\r\t""#) == .string("\"\\/\u{08}\u{0C}\n\r\t", line: 1))
    #expect(try JSONValue.parse(#""caf\u00e9 \u00E9 \u4e2d""#) == .string("café é 中", line: 1))
    #expect(try JSONValue.parse(#""raw UTF-8: 困惑度, κλίση""#) == .string("raw UTF-8: 困惑度, κλίση", line: 1))
    #expect(try JSONValue.parse(#""a\u0000b""#) == .string("a\u{0}b", line: 1))
}

@Test func surrogatePairsAndLoneSurrogates() throws {
    #expect(try JSONValue.parse(#""\ud83d\ude00""#) == .string("😀", line: 1))
    #expect(try JSONValue.parse(#""\uD834\uDD1E clef""#) == .string("𝄞 clef", line: 1))
    // A lone half becomes U+FFFD; what follows it is kept.
    #expect(try JSONValue.parse(#""x\ud83dy""#) == .string("x\u{FFFD}y", line: 1))
    #expect(try JSONValue.parse(#""\ude00""#) == .string("\u{FFFD}", line: 1))
    #expect(try JSONValue.parse(#""\ud83d\u0041""#) == .string("\u{FFFD}A", line: 1))
    #expect(try JSONValue.parse(#""\ud83d\ud83d\ude00""#) == .string("\u{FFFD}😀", line: 1))
}

@Test func numbersFollowTheGrammarAndKeepTheirText() throws {
    for text in ["0", "-0", "12", "-3.25", "1e-4", "6.02E+23", "0.5e2", "12345678901234567890"] {
        #expect(try JSONValue.parse(text) == .number(text, line: 1), "\(text)")
    }
    for text in ["01", "-", "1.", ".5", "1e", "1e+", "+1", "0x10", "NaN", "Infinity", "-a", "1.e3"] {
        #expect(parseError(text) != nil, "\(text) should not parse")
    }
    #expect(parseError("01")?.message == "invalid number: leading zero")
}

@Test func invalidDocumentsSayWhatAndWhere() {
    let cases: [(text: String, line: Int, column: Int, message: String)] = [
        ("", 1, 1, "unexpected end of input"),
        ("  \n ", 2, 2, "unexpected end of input"),
        (#"{"a": 1} x"#, 1, 10, "unexpected 'x' after the JSON value"),
        ("[1] [2]", 1, 5, "unexpected '[' after the JSON value"),
        ("[1,]", 1, 4, "unexpected ']'"),
        (#"{"a": 1,}"#, 1, 9, "expected a string key, found '}'"),
        (#"{"a" 1}"#, 1, 6, "expected ':' after the key \"a\""),
        ("{a: 1}", 1, 2, "expected a string key, found 'a'"),
        ("[1 2]", 1, 4, "expected ',' or ']' after an array element"),
        (#"{"a": 1 "b": 2}"#, 1, 9, "expected ',' or '}' after an object member"),
        ("['x']", 1, 2, "unexpected '''"),
        ("[tru]", 1, 2, "unexpected 't'"),
        ("[1, 2", 1, 6, "unexpected end of input"),
        ("\"tab\there\"", 1, 5, "control character U+0009 in a string must be escaped"),
        (#""bad \x escape""#, 1, 6, "invalid escape 'x' in a string"),
        (#""\u12G4""#, 1, 2, #"invalid \u escape: expected four hex digits"#),
        ("\"ends with a backslash\\", 1, 1, "unterminated string"),
    ]
    for (text, line, column, message) in cases {
        let error = parseError(text)
        #expect(error == JSONParseError(line: line, column: column, message: message), "\(text)")
    }
}

@Test func unterminatedStringPointsAtItsOpeningQuote() throws {
    let text = "{\n  \"a\": \"ok\",\n  \"b\": \"never closed\n}\n"
    let error = try #require(parseError(text))
    #expect(error.description == "line 3, column 8: unterminated string")
    // At the end of input too, as in a file cut off half-way.
    #expect(parseError("[\"cut off")?.description == "line 1, column 2: unterminated string")
}

@Test func columnsCountCharactersNotBytes() {
    #expect(parseError(#"["é, 中", x]"#) == JSONParseError(line: 1, column: 10, message: "unexpected 'x'"))
}

@Test func byteOrderMarkIsSkipped() throws {
    #expect(try JSONValue.parse("\u{FEFF}{\"a\": \"b\"}") == .object([(key: "a", value: .string("b", line: 1))]))
}

@Test func nestingIsCappedWithoutRecursion() throws {
    let limit = JSONValue.maxDepth
    let deepest = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
    #expect(parseError(deepest) == nil)
    let tooDeep = String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1)
    #expect(parseError(tooDeep) == JSONParseError(line: 1, column: limit + 1, message: "nesting deeper than 512 levels"))

    // corpora/bad-inputs/deep-nesting.json: 10,000 levels.
    let url = Corpus.root.appendingPathComponent("bad-inputs/deep-nesting.json")
    let file = try String(contentsOf: url, encoding: .utf8)
    #expect(parseError(file)?.description == "line 1, column 513: nesting deeper than 512 levels")
}

@Test func everyCorpusJSONFileParses() throws {
    let folder = Corpus.root.appendingPathComponent("ml-notes")
    let names = try FileManager.default.subpathsOfDirectory(atPath: folder.path).filter {
        $0.hasSuffix(".json") || $0.hasSuffix(".ipynb")
    }
    #expect(names.count >= 8)
    for name in names {
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        #expect(parseError(text) == nil, "\(name)")
    }
}
