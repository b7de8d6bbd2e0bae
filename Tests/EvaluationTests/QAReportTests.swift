import Foundation
import Testing

@testable import Evaluation
@testable import Retriever
@testable import VectorIndex

/// The tallies of `rag eval qa`, on passages and answers made by hand.
@Suite struct QAReportTests {
    static let note = "/notes/week5.md"
    static let question = GoldQuestion(
        question: "Why divide by the square root of d_k?", path: note, file: "week5.md", evidence: "keeps  the\nvariance", keywords: ["Variance"])
    static let offTopic = GoldQuestion(question: "How do I bake bread?", path: nil, file: nil, evidence: "", keywords: [])

    static func passage(_ path: String, _ text: String, dense: Float?) -> RetrievedPassage {
        let chunk = StoredChunk(id: 1, documentId: 1, NewChunk(ordinal: 0, heading: "", lineStart: 1, lineEnd: 2, text: text, overlap: 0, tokenCount: 5, textHash: ""))
        return RetrievedPassage(
            hit: SearchHit(chunk: chunk, path: path, title: "", score: 0), denseRank: nil, denseScore: dense, keywordRank: nil, keywordScore: nil, score: 0)
    }

    static func answer(_ kind: Answer.Kind, _ text: String, citing paths: [String], pages: [(Int, Int)?] = [], ttft: Double = 0) -> Answer {
        var timings = Answer.Timings()
        timings.ttftMs = ttft
        let citations = paths.enumerated().map { i, path in
            let page = pages.indices.contains(i) ? pages[i] : nil
            return Answer.Citation(
                n: i + 1, chunkId: 1, chunkIds: [1], path: path, heading: "", lineStart: 1, lineEnd: 2, pageStart: page?.0, pageEnd: page?.1,
                place: nil, added: false)
        }
        return Answer(
            question: "", kind: kind, answer: text, quote: nil, citations: citations, unsupported: [], passages: [], dropped: [], promptTokens: 0,
            answerTokens: 0, stop: nil, timings: timings)
    }

    @Test func aHitCountsAtTheRankOfTheFirstPassageWithTheEvidence() {
        var report = QAReport(mode: "hybrid", k: 5)
        let passages = [
            Self.passage("/notes/other.md", "it keeps the variance", dense: 0.5),  // the evidence, but not its note
            Self.passage(Self.note, "Dividing keeps the variance near one.", dense: 0.6),  // whitespace differs from the evidence
        ]
        report.addRetrieval(Self.question, passages: passages, closest: 0.6)
        report.addRetrieval(Self.question, passages: [Self.passage(Self.note, "unrelated", dense: 0.1)], closest: 0.1)
        let summary = report.summary
        #expect(summary.answerable == 2 && summary.hitAt1 == 0 && summary.hitAtK == 0.5 && summary.mrr == 0.25)
        #expect(summary.misses.map(\.file) == ["week5.md"])
        #expect(summary.answerableAboveFloor == 0.5)  // 0.6 is above the floor, 0.1 below
    }

    @Test func theFloorIsCountedForBothKindsOfQuestion() {
        var report = QAReport(mode: "dense", k: 5)
        report.addRetrieval(Self.offTopic, passages: [], closest: Float(Asker.relevanceFloor) - 0.01)
        report.addRetrieval(Self.offTopic, passages: [], closest: 0.9)
        report.addRetrieval(Self.offTopic, passages: [], closest: nil)  // no dense candidate at all
        let summary = report.summary
        #expect(summary.questions == 3 && summary.answerable == 0 && summary.unanswerableBelowFloor == 2.0 / 3)
        #expect(summary.answerableAboveFloor == nil && summary.generation == nil)
    }

    @Test func answersAreTalliedByKeywordCitationAndDecline() throws {
        var report = QAReport(mode: "hybrid", k: 5)
        report.addAnswer(Self.question, Self.answer(.copied, "It keeps the variance near one. [1]", citing: [Self.note, "/notes/other.md"], ttft: 800))
        report.addAnswer(Self.question, Self.answer(.notInNotes, "", citing: []))
        report.addAnswer(Self.offTopic, Self.answer(.notInNotes, "", citing: []))
        report.addRetrieval(Self.question, passages: [], closest: nil)
        report.addRetrieval(Self.question, passages: [], closest: nil)
        report.addRetrieval(Self.offTopic, passages: [], closest: nil)
        let generation = try #require(report.summary.generation)
        #expect(generation.answers == 3 && generation.keywordRate == 0.5)  // one of the two answerable questions
        #expect(generation.citations == 2 && generation.citationPrecision == 0.5)
        #expect(generation.answerableDeclined == 1 && generation.declinedRate == 1)
        #expect(generation.ttftMsP50 == 800)  // a declined answer has no first token to time
        #expect(generation.medianWords == 6)  // "It keeps the variance near one.", the citation left out
        #expect(report.text.contains("answers: 50.0% contain a keyword"))
    }

    /// Of the citations in answers whose evidence is on a page or slide, those that name a page range
    /// holding it: here the evidence is on slide 3, and two citations of four name it.
    @Test func citationsAreCountedByWhetherTheyNameTheEvidencesPage() throws {
        var report = QAReport(mode: "hybrid", k: 5)
        let onSlide3 = (start: 3, end: 3)
        report.addAnswer(
            Self.question, Self.answer(.copied, "It keeps the variance. [1] [2]", citing: [Self.note, Self.note], pages: [(3, 3), (5, 5)]),
            evidencePages: onSlide3)
        // Pages 2–4 hold slide 3; a citation of another note on slide 3 does not count.
        report.addAnswer(
            Self.question, Self.answer(.copied, "It keeps the variance. [1] [2]", citing: [Self.note, "/notes/other.md"], pages: [(2, 4), (3, 3)]),
            evidencePages: onSlide3)
        // Without pages (a Markdown note) the answer is not part of this measure.
        report.addAnswer(Self.question, Self.answer(.copied, "It keeps the variance. [1]", citing: [Self.note]))
        let generation = try #require(report.summary.generation)
        #expect(generation.pageCitations == 4 && generation.pageCitationRate == 0.5)
        #expect(report.text.contains("50.0% of 4 citations name the page or slide that holds the evidence"), "\(report.text)")
    }
}

@Suite struct GoldQuestionTests {
    @Test func aSetIsReadLineByLineRelativeToItsFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gold-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let set = folder.appendingPathComponent("set.jsonl")
        try Data(
            """
            {"question": "What is LoRA?", "file": "week9/lora.md", "evidence": "low-rank", "answer_any": ["rank"]}
            {"question": "How do I bake bread?", "file": null}
            """.utf8
        ).write(to: set)
        let questions = try GoldQuestion.load(set.path)
        #expect(questions.count == 2)
        #expect(questions[0].path == folder.path + "/week9/lora.md" && questions[0].hasKeyword("Low RANK adapters"))
        #expect(questions[1].path == nil && !questions[1].hasKeyword("anything"))

        try Data(#"{"question": "What is LoRA?", "file": "lora.md"}"#.utf8).write(to: set)
        #expect(throws: GoldSetError.self) { try GoldQuestion.load(set.path) }
        try Data("not json\n".utf8).write(to: set)
        let error = try #require(throws: GoldSetError.self) { try GoldQuestion.load(set.path) }
        #expect(error.description.contains("line 1"))
    }
}

@Suite struct GoldConversationTests {
    @Test func turnsAreGoldQuestionsAndLaterOnesAreWrittenOut() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rag-followups-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let set = folder.appendingPathComponent("set.jsonl")
        try Data(
            #"""
            {"id": "lora", "turns": [{"question": "What is LoRA?", "file": "../notes/lora.md", "evidence": "low-rank", "answer_any": ["rank"]}, {"question": "How big is it?", "full": "How many parameters does LoRA add?", "file": "../notes/lora.md", "evidence": "65,536", "answer_any": ["65,536"]}]}
            """#.utf8
        ).write(to: set)
        let conversations = try GoldConversation.load(set.path)
        #expect(conversations.count == 1 && conversations[0].id == "lora" && conversations[0].turns.count == 2)
        let later = conversations[0].turns[1]
        #expect(later.question.question == "How big is it?" && later.full?.question == "How many parameters does LoRA add?")
        #expect(later.full?.path == (folder.deletingLastPathComponent().path + "/notes/lora.md") && conversations[0].turns[0].full == nil)

        try Data(#"{"id": "x", "turns": [{"question": "A?", "file": null}, {"question": "B?", "file": null}]}"#.utf8).write(to: set)
        let missing = try #require(throws: GoldSetError.self) { try GoldConversation.load(set.path) }
        #expect(missing.description.contains("line 1") && missing.description.contains("full"), "\(missing)")
        try Data(#"{"id": "x", "turns": [{"question": "A?", "file": null}]}"#.utf8).write(to: set)
        #expect(throws: GoldSetError.self) { try GoldConversation.load(set.path) }
    }
}
