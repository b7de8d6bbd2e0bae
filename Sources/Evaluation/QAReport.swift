import Foundation
public import Retriever

/// Tallies of `rag eval qa`: retrieval on the answerable questions, the not-in-notes floor on all,
/// and with --generate the answers.
public struct QAReport: Sendable {
    public struct Miss: Encodable, Sendable {
        public let question: String
        public let file: String
    }

    public struct Summary: Encodable, Sendable {
        public let questions: Int
        public let answerable: Int
        public let hitAt1: Double
        public let hitAtK: Double
        public let k: Int
        public let mrr: Double
        public let mode: String
        public let misses: [Miss]
        /// Answerable questions whose closest passage is above the floor, unanswerable ones below it.
        public let floor: Double
        public let answerableAboveFloor: Double?
        public let unanswerableBelowFloor: Double?
        public let generation: Generation?
    }

    public struct Generation: Encodable, Sendable {
        public let answers: Int
        /// Answerable questions whose answer contains an expected keyword.
        public let keywordRate: Double
        /// Quotes ("From your notes") that contain an expected keyword.
        public let quoteKeywordRate: Double
        /// Cited passages (the model's and the ones rag attached) from the expected note.
        public let citationPrecision: Double
        public let citations: Int
        public let writtenCitations: Int
        public let unsupportedSentences: Int
        /// Citations in answers whose evidence lies on pages or slides (a PDF, a deck), and the share
        /// of them that cite the expected file at a page range holding the evidence; nil without any.
        public let pageCitations: Int
        public let pageCitationRate: Double?
        /// Answers whose last line stops short of a sentence's end, and sentences said twice in one answer.
        public let fragments: Int
        public let repeatedSentences: Int
        /// Words in the median answer, citations left out.
        public let medianWords: Double
        /// Answerable questions answered "not in your notes".
        public let answerableDeclined: Int
        /// Unanswerable questions answered "not in your notes".
        public let declinedRate: Double?
        public let ttftMsP50: Double
        public let ttftMsP95: Double
        public let retrieveMsP50: Double
    }

    public let mode: String
    public let k: Int
    private var answerable = 0, unanswerable = 0, hits1 = 0, hitsK = 0
    private var reciprocal = 0.0
    private var misses: [Miss] = []
    private var aboveFloor = 0, belowFloor = 0
    private var answers = 0, keywordHits = 0, quoteHits = 0, citations = 0, correctCitations = 0, writtenCitations = 0
    private var unsupported = 0, declined = 0, fragments = 0, repeats = 0, answerableDeclined = 0
    private var pageCitations = 0, pageCitationsRight = 0
    private var words: [Double] = []
    private var ttfts: [Double] = [], retrieveTimes: [Double] = []

    public init(mode: String, k: Int) {
        self.mode = mode
        self.k = k
    }

    public mutating func addRetrieval(_ question: GoldQuestion, passages: [RetrievedPassage], closest: Float?) {
        let aboveFloor = Double(closest ?? -1) >= Asker.relevanceFloor
        guard question.path != nil else {
            unanswerable += 1
            if !aboveFloor { belowFloor += 1 }
            return
        }
        answerable += 1
        if aboveFloor { self.aboveFloor += 1 }
        if let rank = passages.firstIndex(where: { question.isAnswered(byPassageFrom: $0.hit.path, text: $0.hit.chunk.text) }) {
            hitsK += 1
            if rank == 0 { hits1 += 1 }
            reciprocal += 1 / Double(rank + 1)
        } else {
            misses.append(Miss(question: question.question, file: question.file ?? ""))
        }
    }

    /// `evidencePages`: the pages (or slides) of the expected file's chunks that hold the evidence,
    /// where that file has pages.
    public mutating func addAnswer(_ question: GoldQuestion, _ answer: Answer, evidencePages: (start: Int, end: Int)? = nil) {
        answers += 1
        retrieveTimes.append(answer.timings.retrieveMs)
        if AnswerShape.endsInFragment(answer.answer, passages: answer.passages) { fragments += 1 }
        repeats += AnswerShape.repeatedSentences(answer.answer)
        if answer.kind != .notInNotes { words.append(Double(AnswerShape.words(answer.answer))) }
        guard let path = question.path else {
            if answer.kind == .notInNotes { declined += 1 }
            return
        }
        if answer.kind == .notInNotes { answerableDeclined += 1 }
        if answer.kind == .copied || answer.kind == .generated { ttfts.append(answer.timings.ttftMs) }
        if question.hasKeyword(answer.answer) { keywordHits += 1 }
        if let quote = answer.quote, question.hasKeyword(quote.text) { quoteHits += 1 }
        citations += answer.citations.count
        correctCitations += answer.citations.filter { $0.path == path }.count
        writtenCitations += answer.citations.filter { !$0.added }.count
        if let evidencePages {
            pageCitations += answer.citations.count
            pageCitationsRight +=
                answer.citations.filter { citation in
                    guard citation.path == path, let start = citation.pageStart else { return false }
                    return start <= evidencePages.end && evidencePages.start <= (citation.pageEnd ?? start)
                }.count
        }
        unsupported += answer.unsupported.count
    }

    public var summary: Summary {
        let n = Double(max(answerable, 1))
        let generation =
            answers == 0
            ? nil
            : Generation(
                answers: answers, keywordRate: Double(keywordHits) / n, quoteKeywordRate: Double(quoteHits) / n,
                citationPrecision: citations == 0 ? 0 : Double(correctCitations) / Double(citations), citations: citations,
                writtenCitations: writtenCitations, unsupportedSentences: unsupported, pageCitations: pageCitations,
                pageCitationRate: pageCitations == 0 ? nil : Double(pageCitationsRight) / Double(pageCitations), fragments: fragments, repeatedSentences: repeats,
                medianWords: percentile(words, 0.5), answerableDeclined: answerableDeclined,
                declinedRate: unanswerable == 0 ? nil : Double(declined) / Double(unanswerable), ttftMsP50: percentile(ttfts, 0.5),
                ttftMsP95: percentile(ttfts, 0.95), retrieveMsP50: percentile(retrieveTimes, 0.5))
        return Summary(
            questions: answerable + unanswerable, answerable: answerable, hitAt1: Double(hits1) / n, hitAtK: Double(hitsK) / n, k: k,
            mrr: reciprocal / n, mode: mode, misses: misses, floor: Asker.relevanceFloor,
            answerableAboveFloor: answerable == 0 ? nil : Double(aboveFloor) / n,
            unanswerableBelowFloor: unanswerable == 0 ? nil : Double(belowFloor) / Double(unanswerable), generation: generation)
    }

    /// The report as `rag eval qa` prints it.
    public var text: String {
        let s = summary
        var out = String(format: "%@ on %d questions: hit@1 %.3f · hit@%d %.3f · MRR@%d %.3f\n", mode, s.answerable, s.hitAt1, k, s.hitAtK, k, s.mrr)
        for miss in misses { out += "  missed: \(miss.question)  (\(miss.file))\n" }
        out += String(format: "not-in-notes floor %.2f:", s.floor)
        if let above = s.answerableAboveFloor { out += String(format: " %.1f%% of answerable questions above it", above * 100) }
        if let below = s.unanswerableBelowFloor { out += String(format: " · %.1f%% of unanswerable below it", below * 100) }
        out += "\n"
        if let g = s.generation {
            out += String(
                format: "answers: %.1f%% contain a keyword (quotes %.1f%%) · citation precision %.1f%% of %d (%d written in the answers) · %d unsupported sentences\n",
                g.keywordRate * 100, g.quoteKeywordRate * 100, g.citationPrecision * 100, g.citations, g.writtenCitations, g.unsupportedSentences)
            if let rate = g.pageCitationRate {
                out += String(format: "pages: %.1f%% of %d citations name the page or slide that holds the evidence\n", rate * 100, g.pageCitations)
            }
            out += String(
                format: "form: %d answers end in a fragment · %d repeated sentences · median %.0f words\n", g.fragments, g.repeatedSentences, g.medianWords)
            if let declined = g.declinedRate { out += String(format: "unanswerable questions declined: %.1f%%", declined * 100) }
            out += String(format: "%@answerable questions declined: %d\n", g.declinedRate == nil ? "" : " · ", g.answerableDeclined)
            out += String(format: "first token p50 %.0f ms, p95 %.0f ms · retrieval p50 %.0f ms\n", g.ttftMsP50, g.ttftMsP95, g.retrieveMsP50)
        }
        return out
    }
}
