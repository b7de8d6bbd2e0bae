import Foundation
import Testing

/// `rag embed` as a user runs it: output contract, exit codes and messages for bad input.
@Suite struct EmbedCommandTests {
    func withTemporaryFile(_ contents: Data, _ body: (String) throws -> Void) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rag-embed-\(UUID().uuidString).jsonl")
        try contents.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        try body(url.path)
    }

    @Test func helpTeachesTheCommands() throws {
        let root = try RagBinary.run(["--help"])
        #expect(root.status == 0)
        #expect(root.stdout.contains("embed") && root.stdout.contains("Exit codes"))
        let embed = try RagBinary.run(["embed", "--help"])
        #expect(embed.status == 0)
        #expect(embed.stdout.contains("--jsonl") && embed.stdout.contains("Examples"))
    }

    @Test func badUsageExitsWith64() throws {
        let none = try RagBinary.run(["embed"])
        #expect(none.status == 64)
        #expect(none.stderr.contains("at least one text"))
        #expect(try RagBinary.run(["embed", "--no-such-flag", "x"]).status == 64)
    }

    @Test func jsonIsOneObjectPerTextInOrder() throws {
        let result = try RagBinary.run(["embed", "--json", "Hello world", "", "   "])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        let objects = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(objects[0]["ids"] as? [Int] == [101, 7592, 2088, 102])
        #expect(objects[1]["ids"] as? [Int] == [101, 102])
        #expect(objects[2]["ids"] as? [Int] == [101, 102])
        for object in objects {
            let embedding = object["embedding"] as! [Double]
            #expect(embedding.count == 384)
            #expect(abs(embedding.reduce(0) { $0 + $1 * $1 } - 1) < 1e-5)
        }
        #expect(result.stderr.contains("tokens/s"))
    }

    @Test func jsonlReadsEveryLineAndSkipsBlankOnes() throws {
        try withTemporaryFile(Data("{\"text\": \"first\"}\n\n{\"text\": \"second\", \"id\": 2}\n".utf8)) { path in
            let result = try RagBinary.run(["embed", "--jsonl", path])
            #expect(result.status == 0)
            #expect(result.stdout.split(separator: "\n").count == 2)
        }
    }

    @Test func malformedJSONLNamesTheLine() throws {
        try withTemporaryFile(Data("{\"text\": \"fine\"}\n{\"text\": broken\n".utf8)) { path in
            let result = try RagBinary.run(["embed", "--jsonl", path])
            #expect(result.status == 1)
            #expect(result.stderr.contains("\(path):2: not a JSON object"))
            #expect(result.stdout.isEmpty)
        }
        try withTemporaryFile(Data("{\"text\": \"fine\"}\n{\"title\": \"no text\"}\n".utf8)) { path in
            let result = try RagBinary.run(["embed", "--jsonl", path])
            #expect(result.stderr.contains("\(path):2: no string field"))
        }
    }

    @Test func invalidUTF8NamesTheLine() throws {
        var bytes = Data("{\"text\": \"ok\"}\n{\"text\": \"caf".utf8)
        bytes.append(contentsOf: [0xC3, 0x28])
        bytes.append(contentsOf: Data("\"}\n".utf8))
        try withTemporaryFile(bytes) { path in
            let result = try RagBinary.run(["embed", "--jsonl", path])
            #expect(result.status == 1)
            #expect(result.stderr.contains("\(path):2: not valid UTF-8"))
        }
    }

    @Test func missingModelsNameTheFileAndTheSetupCommand() throws {
        let result = try RagBinary.run(["embed", "hello"], environment: ["RAG_MODELS": "/nonexistent/models"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("/nonexistent/models/") && result.stderr.contains("scripts/setup.sh"))
    }
}
