import Foundation
import Testing

/// `rag generate` and `rag tokenize` as a user runs them: output contract, exit codes, Ctrl-C.
@Suite struct GenerateCommandTests {
    static func json(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
    }

    @Test func helpNamesTheOptions() throws {
        let generate = try RagBinary.run(["generate", "--help"])
        #expect(generate.status == 0)
        for option in ["--raw", "--system", "--max-tokens", "--temperature", "--top-p", "--seed", "--ignore-eos", "--json"] {
            #expect(generate.stdout.contains(option), "\(option)")
        }
        let tokenize = try RagBinary.run(["tokenize", "--help"])
        #expect(tokenize.status == 0 && tokenize.stdout.contains("--special"))
        #expect(try RagBinary.run(["--help"]).stdout.contains("generate"))
    }

    @Test func badUsageExitsWith64() throws {
        #expect(try RagBinary.run(["generate"]).status == 64)
        let tokens = try RagBinary.run(["generate", "--max-tokens", "0", "--", "hi"])
        #expect(tokens.status == 64 && tokens.stderr.contains("--max-tokens"))
        #expect(try RagBinary.run(["generate", "--top-p", "1.5", "--", "hi"]).status == 64)
        #expect(try RagBinary.run(["generate", "--raw", "--system", "x", "--", "hi"]).status == 64)
    }

    @Test func jsonReportsTheGoldenPromptIDsAndTimings() throws {
        let result = try RagBinary.run(["generate", "--json", "--max-tokens", "4", "--", "What is the capital of France?"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try Self.json(result.stdout)
        // llama.cpp's ids for this message in the chat template (../shared/golden/smollm2_golden.jsonl, "capital")
        let golden = [
            1, 9690, 198, 2683, 359, 253, 5356, 5646, 11173, 3365, 3511, 308, 34519, 28, 7018, 411, 407, 19712, 8182, 2, 198,
            1, 4093, 198, 1780, 314, 260, 3575, 282, 4649, 47, 2, 198, 1, 520, 9531, 198,
        ]
        #expect(report["prompt_ids"] as? [Int] == golden)
        #expect((report["ids"] as? [Int])?.count == 4)
        #expect(report["prompt_tokens"] as? Int == 37)
        #expect((report["first_top5"] as? [[String: Any]])?.count == 5)
        for key in ["text", "stop", "prefill_tok_s", "decode_tok_s", "peak_rss_mb"] { #expect(report[key] != nil, "\(key)") }
        #expect((report["peak_rss_mb"] as? Double ?? 1000) < 400)
        #expect(result.stderr.contains("tokens/s"))
    }

    @Test func rawPromptsParseSpecialTokensAndTextStreamsToStdout() throws {
        let result = try RagBinary.run(["generate", "--raw", "--max-tokens", "5", "--", "<|im_start|>user\nSay hi<|im_end|>\n<|im_start|>assistant\n"])
        #expect(result.status == 0)
        #expect(!result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        #expect(!result.stdout.contains("<|im_end|>"))
    }

    @Test func ctrlCStopsCleanly() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rag-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (out, err) = (directory.appendingPathComponent("out"), directory.appendingPathComponent("err"))
        try Data().write(to: out)
        try Data().write(to: err)
        let process = Process()
        process.executableURL = RagBinary.url
        process.arguments = ["generate", "--ignore-eos", "--max-tokens", "1900", "--", "Tell me a long story."]
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while (try Data(contentsOf: out)).count < 20 && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        process.interrupt()
        #expect(process.exits(within: 60), "rag generate did not stop on Ctrl-C")
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        #expect(try String(contentsOf: err, encoding: .utf8).contains("ended by Ctrl-C"))
        #expect(try Data(contentsOf: out).count >= 20)
    }

    @Test func tokenizePrintsIDsAndPieces() throws {
        let result = try RagBinary.run(["tokenize", "--special", "--json", "--", "<|im_start|>user\nhi<|im_end|>\n"])
        #expect(result.status == 0)
        let report = try Self.json(result.stdout)
        #expect(report["ids"] as? [Int] == [1, 4093, 198, 6004, 2, 198])
        #expect(report["pieces"] as? [String] == ["<|im_start|>", "user", "\n", "hi", "<|im_end|>", "\n"])
        let plain = try RagBinary.run(["tokenize", "--", "Hello world"])
        #expect(plain.stdout == "19556\t\"Hello\"\n905\t\" world\"\n")
    }

    @Test func missingModelNamesTheFileAndTheSetupCommand() throws {
        for command in [["generate", "--", "hi"], ["tokenize", "--", "hi"]] {
            let result = try RagBinary.run(command, environment: ["RAG_MODELS": "/nonexistent/models"])
            #expect(result.status == 1)
            #expect(result.stderr.contains("/nonexistent/models/") && result.stderr.contains("scripts/setup.sh"))
        }
    }
}
