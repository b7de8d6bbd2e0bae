import Foundation
import LLM

/// An answer sentence that its passages do not back, or that cites a passage the prompt did not have.
public struct UnsupportedSentence: Sendable, Codable {
    public let sentence: String
    /// The passage numbers it cites, as written.
    public let cited: [Int]
    public let reason: String
}

/// Checks each sentence of an answer against the passages it cites. A sentence is backed by a
/// passage when most of its content words are in the passage's text or when it says nearly the
/// same as one of the passage's sentences (cosine similarity of their embeddings), so both
/// copied facts and paraphrases count. Model text that only frames ("The answer is:") is skipped.
struct AnswerCheck: Sendable {
    /// The share of a sentence's content words that must appear in a passage.
    static let wordFloor = 0.6
    /// The cosine similarity to one of a passage's sentences that counts as saying the same.
    static let similarityFloor = 0.75
    /// Sentences with fewer content words say too little to check.
    static let minimumWords = 3

    /// Passage numbers in the order the answer first cites them; `added` are those rag attached
    /// to sentences that cited nothing but one passage backs.
    private(set) var citations: [Int] = []
    private(set) var added: Set<Int> = []
    private(set) var unsupported: [UnsupportedSentence] = []

    /// `shown` holds each passage's sentences as the prompt showed them, by passage number.
    init(answer: String, passages: [PromptPassage], shown: [Int: [PassageSentence]], embedder: Embedder) {
        let numbers = Set(passages.map(\.n))
        // a passage says its heading too ("Week 11 › Variational Autoencoders")
        let passageWords = Dictionary(uniqueKeysWithValues: passages.map { ($0.n, ContentWords($0.source.heading + "\n" + $0.text)) })
        let sentences = Sentences.split(Self.citationsBeforeFullStops(answer))
        let words = sentences.map { ContentWords(Self.withoutCitations($0)) }
        let checkable = sentences.indices.filter { words[$0].stems.count >= Self.minimumWords }
        let vectors = Dictionary(uniqueKeysWithValues: zip(checkable, embedder.embed(checkable.map { Self.withoutCitations(sentences[$0]) })))

        // A sentence copied from the notes keeps their own brackets ("… model [5], which …"):
        // those are references of the notes, not citations of passages.
        let notesOwn = shown.values.joined().map { (words: ContentWords(Self.withoutCitations($0.text)), cited: Set(Self.cited(in: $0.text))) }
            .filter { !$0.cited.isEmpty }

        for (index, sentence) in sentences.enumerated() {
            let own = notesOwn.first { $0.words.stems == words[index].stems }?.cited ?? []
            let cited = Self.cited(in: sentence).filter { numbers.contains($0) || !own.contains($0) }
            let valid = cited.filter { numbers.contains($0) }
            for n in valid where !citations.contains(n) { citations.append(n) }
            if cited.count > valid.count {
                let list = cited.filter { !numbers.contains($0) }.map { "[\($0)]" }.joined(separator: ", ")
                unsupported.append(UnsupportedSentence(sentence: sentence, cited: cited, reason: "cites \(list), which the prompt did not have"))
                continue
            }
            guard let vector = vectors[index] else { continue }  // too short to check
            // whether passage n backs this sentence
            func backs(_ n: Int) -> Bool {
                guard let own = passageWords[n] else { return false }
                if words[index].coverage(by: own) >= Self.wordFloor { return true }
                return shown[n, default: []].contains { cosine(vector, $0.vector) >= Self.similarityFloor }
            }
            let backer = passages.map(\.n).first(where: backs)
            if !valid.isEmpty {
                if !valid.contains(where: backs) {
                    let hint = backer.map { "; [\($0)] does" } ?? ""
                    unsupported.append(UnsupportedSentence(sentence: sentence, cited: cited, reason: "the cited passage does not back it\(hint)"))
                }
            } else if let backer {
                if !citations.contains(backer) {
                    citations.append(backer)
                    added.insert(backer)
                }
            } else {
                unsupported.append(UnsupportedSentence(sentence: sentence, cited: [], reason: "no passage backs it"))
            }
        }
    }

    /// The passage numbers a sentence cites: [1], [2, 3] or [1][2].
    static func cited(in sentence: String) -> [Int] {
        citations(in: sentence).flatMap { match in
            match.output.1.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        }
    }

    static func withoutCitations(_ sentence: String) -> String {
        var text = ""
        var rest = sentence.startIndex
        for match in citations(in: sentence) {
            text += sentence[rest..<match.range.lowerBound]
            rest = match.range.upperBound
        }
        return text + sentence[rest...]
    }

    /// The `[n]` written as citations; an index glued to a name, like `tags[0]` in a JSON note, is not one.
    private static func citations(in text: String) -> [Regex<(Substring, Substring)>.Match] {
        text.matches(of: citation).filter { match in
            guard match.range.lowerBound > text.startIndex else { return true }
            let before = text[text.index(before: match.range.lowerBound)]
            return !(before.isLetter || before.isNumber || before == "_")
        }
    }

    /// "… 14:00. [1] The …" → "… 14:00 [1]. The …": a citation after a full stop belongs to the sentence before.
    static func citationsBeforeFullStops(_ text: String) -> String {
        text.replacing(/([.!?])\s*((?:\[\d+(?:\s*,\s*\d+)*\])+)/) { " \($0.output.2)\($0.output.1)" }
    }

    nonisolated(unsafe) private static let citation = /\[(\d+(?:\s*,\s*\d+)*)\]/
}
