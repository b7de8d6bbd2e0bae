import Foundation
import LLM
import Testing

@testable import Retriever
@testable import VectorIndex

@Suite struct SentencesTests {
    @Test func linesAndFullStopsCutButAbbreviationsAndDecimalsDoNot() {
        let text = "Dropout zeroes activations. It came in 2014! See e.g. the mask, version 3.5 of it.\n- item one\n\n| a | b |"
        #expect(Sentences.split(text) == ["Dropout zeroes activations.", "It came in 2014!", "See e.g. the mask, version 3.5 of it.", "- item one", "| a | b |"])
        #expect(Sentences.split("  \n---\n") == [])
    }

    @Test func aSentenceMayOpenOnALowerCaseNameAfterAPlainWord() {
        #expect(
            Sentences.split("A high C classifies all examples correctly. gamma defines the influence of one example.") == [
                "A high C classifies all examples correctly.", "gamma defines the influence of one example.",
            ])
        // after an abbreviation, an initial, a dotted name or a number a full stop opens nothing
        for whole in ["Use a scaler, e.g. the standard one.", "Call np.ndarray. then reshape it.", "It is approx. the mean.", "Version 3. then 4."] {
            #expect(Sentences.split(whole) == [whole])
        }
    }

    @Test func tableRowsSayWhatTheirCellsAre() {
        let table = "| Method | Trainable parameters |\n|---|:--:|\n| LoRA, r = 8 | 65,536 |\n| Full | |\n| odd | row | out |\nAfter."
        #expect(
            Sentences.split(table) == [
                "| Method | Trainable parameters |", "Method: LoRA, r = 8; Trainable parameters: 65,536", "Method: Full",
                "| odd | row | out |", "After.",
            ])
        #expect(Sentences.split("| a | b |\n| c | d |") == ["| a | b |", "| c | d |"])  // no header rule: rows as they are
    }

    @Test func linesWrappedInsideAParagraphAreReadAsOne() {
        // Dive into Deep Learning breaks its lines after phrases; a reader sees one paragraph
        let wrapped = """
            In standard dropout regularization,
            one zeros out some fraction of the nodes in each layer
            and then *debiases* each layer by normalizing
            by the fraction of nodes that were retained (not dropped out).
            In other words, with *dropout probability* $p$,
            each intermediate activation $h$ is replaced by
            a random variable $h'$ as follows:
            $$h' = h / (1-p)$$
            LSTMs have three types of gates:
            input gates, forget gates, and output gates.
            After the first Elman-style RNNs were trained
            :cite:`elman1990finding`, the problems of the
            `MultiHeadAttention` class and the *memory cell* became salient.
            The dataset contains
            1400 positive-class images.
            """
        #expect(
            Sentences.split(wrapped) == [
                "In standard dropout regularization, one zeros out some fraction of the nodes in each layer and then *debiases* each layer by normalizing by the fraction of nodes that were retained (not dropped out).",
                "In other words, with *dropout probability* $p$, each intermediate activation $h$ is replaced by a random variable $h'$ as follows:",
                "$$h' = h / (1-p)$$", "LSTMs have three types of gates: input gates, forget gates, and output gates.",
                "After the first Elman-style RNNs were trained :cite:`elman1990finding`, the problems of the `MultiHeadAttention` class and the *memory cell* became salient.",
                "The dataset contains 1400 positive-class images.",
            ])
        // what opens a block of its own stays apart: a list item, a field, a capitalised slide
        // bullet, the line after a blank one, a heading, a table, aligned columns and code
        let blocks = """
            Three gates control the cell
            - the input gate
            name: LSTM
            replies[0].author: Prof. Halvorsen
            Scaled dot product
            Additive attention

            keeps the state
            # Gates
            fits in memory
            | a | b |
            precision   bits
            fp32        32
            ```python
            def f(x)
                return x
            ```
            """
        #expect(
            Sentences.split(blocks) == [
                "Three gates control the cell", "- the input gate", "name: LSTM", "replies[0].author: Prof. Halvorsen", "Scaled dot product", "Additive attention", "keeps the state",
                "# Gates", "fits in memory", "| a | b |", "precision   bits", "fp32        32", "```python", "def f(x)", "return x",
            ])
        // a chunk that opens inside a code block: its first fence closes the block, the code stays
        // line by line and the wrapped paragraph after it is joined
        let openedInCode = """
                return X.reshape(-1)
            @d2l.add_to_class(MultiHeadAttention)
            def transpose_output(self, X):
            ```

            As a result,
            the shape of the output
            is (`batch_size`, `num_queries`).
            """
        #expect(
            Sentences.split(openedInCode) == [
                "return X.reshape(-1)", "@d2l.add_to_class(MultiHeadAttention)", "def transpose_output(self, X):",
                "As a result, the shape of the output is (`batch_size`, `num_queries`).",
            ])
        // a chunk that ends inside a code block whose bare fence follows a blank line: the prose
        // before the block is still joined
        #expect(Sentences.split("Scores are\ncomputed like this.\n\n```\nscores = q @ k.T") == ["Scores are computed like this.", "scores = q @ k.T"])
        // an answer's lines end in their citations and stay apart
        #expect(Sentences.split("The rate is 0.1 [1]\ngamma sets the width [2]") == ["The rate is 0.1 [1]", "gamma sets the width [2]"])
    }
}

@Suite struct UnknownTermsTests {
    @Test func anAcronymIsSpelledOutByWordsInARowWithItsInitials() {
        #expect(UnknownTerms.spellsOut("LDA", in: "Unlike Linear Discriminant Analysis, NCA learns a metric."))
        #expect(UnknownTerms.spellsOut("SDPA", in: "Scaled dot-product attention divides the scores."))
        #expect(UnknownTerms.spellsOut("AUC", in: "the area under the curve"), "function words are passed over")
        #expect(!UnknownTerms.spellsOut("SMOTE", in: "Synthetic samples for the minority class are made by over-sampling."))
        #expect(!UnknownTerms.spellsOut("LDA", in: "Linear models"), "too few words")
    }

    @Test func aHowOrWhyQuestionsSubjectIsItsFirstTwoWordsPastTheVerbAndAnArticleOrPossessive() {
        #expect(UnknownTopic.subject(of: "How does label propagation spread labels?")! == ("label", "propagation"))
        #expect(UnknownTopic.subject(of: "How does an isolation forest decide how anomalous a sample is?")! == ("isolation", "forest"))
        #expect(UnknownTopic.subject(of: "Why is scikit-learn's random forest so slow?")! == ("random", "forest"))
        #expect(UnknownTopic.subject(of: "What does the Adam optimizer add to SGD?") == nil, "not a how or why question")
        #expect(UnknownTopic.subject(of: "How do padding and stride change the output size?") == nil, "a function word")
        #expect(UnknownTopic.subject(of: "How does k-means pick its centroids?") == nil, "the keyword index cuts k-means apart")
        #expect(UnknownTopic.subject(of: "How does SVC come up with probability estimates?") == nil, "a verb and its particle")
        #expect(UnknownTopic.subject(of: "How does dropout work?") == nil, "nothing after the verb")
    }
}

@Suite struct ContentWordsTests {
    @Test func spellingsAndInflectionsMeetAndNumbersStayWhole() {
        let sentence = ContentWords("The regularisation weight is 35% and the MSE was 0.21.")
        #expect(sentence.coverage(by: ContentWords("regularization weights: 35%; MSE 0.21")) == 1)
        #expect(sentence.coverage(by: ContentWords("MSE 0.2")) < 0.5)
        #expect(ContentWords("what is the").isEmpty)
    }
}

@Suite struct CitationTests {
    @Test func citationsAreReadInEveryCommonForm() {
        #expect(AnswerCheck.cited(in: "Adam [1], momentum [2, 3][4] and [x] or [10]") == [1, 2, 3, 4, 10])
        #expect(AnswerCheck.withoutCitations("Adam [1] works [2, 3].") == "Adam  works .")
        #expect(AnswerCheck.citationsBeforeFullStops("It ends. [1] Next one! [2][3] Done.") == "It ends [1]. Next one [2][3]! Done.")
    }

    @Test func indexesInCopiedJSONAreNotCitations() {
        #expect(AnswerCheck.cited(in: "tags[0]: svm [1] and readings_2[3] ([2])") == [1, 2])
        #expect(AnswerCheck.withoutCitations("tags[0]: svm [1]") == "tags[0]: svm ")
    }
}

@Suite struct SourcePassageTests {
    static func retrieved(
        _ id: Int64, document: Int64, ordinal: Int, lines: ClosedRange<Int>, text: String, overlap: Int = 0, heading: String? = nil
    ) -> RetrievedPassage {
        let chunk = StoredChunk(
            id: id, documentId: document,
            NewChunk(
                ordinal: ordinal, heading: heading ?? "H\(document)", lineStart: lines.lowerBound, lineEnd: lines.upperBound,
                text: text, overlap: overlap, tokenCount: 10, textHash: text))
        return RetrievedPassage(
            hit: SearchHit(chunk: chunk, path: "/notes/\(document).md", title: "", score: 0), denseRank: nil, denseScore: Float(id) / 10,
            keywordRank: nil, keywordScore: nil, score: 1 / Double(id))
    }

    @Test func adjacentChunksMergeWithoutTheirOverlapAndDuplicatesGo() {
        let passages = SourcePassage.merging([
            Self.retrieved(3, document: 1, ordinal: 1, lines: 4...6, text: "shared tail\nsecond part.", overlap: 12),
            Self.retrieved(5, document: 2, ordinal: 0, lines: 1...2, text: "other note."),
            Self.retrieved(2, document: 1, ordinal: 0, lines: 1...4, text: "first part, shared tail"),
            Self.retrieved(7, document: 3, ordinal: 0, lines: 1...1, text: "other note."),  // same text as chunk 5
            Self.retrieved(9, document: 1, ordinal: 5, lines: 20...22, text: "far away."),
            Self.retrieved(10, document: 1, ordinal: 6, lines: 23...24, text: "next section.", heading: "H1 › Next"),  // another section
        ])
        #expect(passages.map(\.chunkIDs) == [[2, 3], [5], [9], [10]])
        #expect(passages[0].text == "first part, shared tail\nsecond part.")
        #expect((passages[0].lineStart, passages[0].lineEnd) == (1, 6))
        #expect(passages[0].rank == 1 && passages[0].similarity == 0.3)
    }
}

/// Prompt composition, answer checks and whole answers with the real models.
@Suite(.serialized) struct AnsweringTests {
    static let notes = [
        "Prof. Halvorsen holds office hours on Thursdays from 14:00 to 15:30 in room E3.12. No appointment is needed.",
        "Scaled dot-product attention divides the scores by the square root of the key dimension, so that softmax does not saturate. The softmax weights are normalized to sum to one.",
        "The course uses a 70/15/15 train, validation and test split, fixed with random seed 47120.",
    ]

    func withAsker(_ body: (Asker) throws -> Void) throws {
        try NotesStore.with(Self.notes, heading: { "Note \($0)" }) { store, embedder in
            try body(Asker(retriever: HybridRetriever(store: store, embedder: embedder), generator: try Generator()))
        }
    }

    @Test func thePromptFitsItsBudgetAndDropsWhatDoesNot() throws {
        try withAsker { asker in
            let sources = SourcePassage.merging(try asker.retriever.search("office hours", k: 3))
            let offered = sources.map { ($0, $0.text) }
            let roomy = try PromptComposer(tokenizer: asker.generator.tokenizer, budget: 1536).compose(question: "When?", passages: offered)
            #expect(roomy.passages.map(\.n) == [1, 2, 3] && roomy.dropped.isEmpty)
            #expect(asker.generator.tokenizer.decode(roomy.ids).contains("[1] notes/\(URL(fileURLWithPath: sources[0].path).lastPathComponent) § Note"))

            let tight = roomy.ids.count - roomy.passages[1].tokens
            let fitted = try PromptComposer(tokenizer: asker.generator.tokenizer, budget: tight).compose(question: "When?", passages: offered)
            #expect(fitted.ids.count <= tight)
            #expect(fitted.passages.map(\.n) == [1, 2] && fitted.dropped.count == 1)

            #expect(throws: PromptError.self) {
                try PromptComposer(tokenizer: asker.generator.tokenizer, budget: 200).compose(
                    question: String(repeating: "why ", count: 400), passages: offered)
            }
            let bare = roomy.ids.count - roomy.passages.map(\.tokens).reduce(0, +)
            #expect(throws: PromptError.self) {
                try PromptComposer(tokenizer: asker.generator.tokenizer, budget: bare + 5).compose(question: "When?", passages: offered)
            }
        }
    }

    @Test func sentencesAreCheckedAgainstWhatTheyCite() throws {
        try withAsker { asker in
            let sources = SourcePassage.merging(try asker.retriever.search("office hours attention split", k: 3))
            let focus = PassageFocus(
                scorer: AnswerScore(question: "office hours", vector: asker.retriever.embedder.embed(["office hours"])[0]), passages: sources,
                vectors: SentenceVectors(embedder: asker.retriever.embedder), perPassage: 3)
            let prompt = try PromptComposer(tokenizer: asker.generator.tokenizer, budget: 1536).compose(
                question: "office hours", passages: sources.indices.map { (sources[$0], focus.shown(inPassage: $0).map(\.text).joined(separator: "\n")) })
            let shown = Dictionary(uniqueKeysWithValues: prompt.passages.map { ($0.n, focus.shown(inPassage: $0.index)) })
            let office = prompt.passages.first { $0.source.path == "/notes/0.md" }!.n
            let other = prompt.passages.first { $0.source.path == "/notes/2.md" }!.n
            let answer = """
                Office hours are on Thursdays from 14:00 to 15:30 in room E3.12 [\(office)]. \
                Office hours are on Thursdays from 14:00 to 15:30 [\(other)]. \
                The exam is worth sixty percent of the final grade. \
                Attention divides the scores by the square root of the key dimension. \
                Yes [9].
                """
            let check = AnswerCheck(answer: answer, passages: prompt.passages, shown: shown, embedder: asker.retriever.embedder)
            #expect(
                check.unsupported.map(\.reason) == [
                    "the cited passage does not back it; [\(office)] does", "no passage backs it", "cites [9], which the prompt did not have",
                ])
            let attention = prompt.passages.first { $0.source.path == "/notes/1.md" }!.n
            #expect(check.citations == [office, other, attention] && check.added == [attention])
        }
    }

    @Test func bracketsTheNotesThemselvesWriteAreNotCitations() throws {
        try withAsker { asker in
            let text = "Setting multi_class to multinomial learns a true multinomial model [5], which is better calibrated."
            let source = SourcePassage.merging([SourcePassageTests.retrieved(1, document: 1, ordinal: 0, lines: 1...1, text: text)])[0]
            let passage = PromptPassage(n: 1, index: 0, source: source, text: text, tokens: 20)
            let vector = asker.retriever.embedder.embed([text])[0]
            let shown = [1: [PassageSentence(passage: 0, position: 0, text: text, words: ContentWords(text), vector: vector, relevance: 1)]]
            let copied = AnswerCheck(answer: text + " [1]", passages: [passage], shown: shown, embedder: asker.retriever.embedder)
            #expect(copied.unsupported.isEmpty && copied.citations == [1])
            let written = AnswerCheck(
                answer: "A multinomial model is better calibrated [5].", passages: [passage], shown: shown, embedder: asker.retriever.embedder)
            #expect(written.unsupported.map(\.reason) == ["cites [5], which the prompt did not have"])
        }
    }

    @Test func anAnswerStreamsWithItsPassagesAndTimings() throws {
        try withAsker { asker in
            var streamed = ""
            let answer = try asker.ask("When and where are Prof. Halvorsen's office hours?") { piece in
                streamed += piece
                return true
            }
            #expect(answer.kind == .copied)
            #expect(streamed == answer.answer && !answer.answer.isEmpty)
            // whole sentences of the best passage, each on its own line and cited
            let lines = answer.answer.split(separator: "\n").map(String.init)
            let best = try #require(answer.passages.first)
            #expect(best.path == "/notes/0.md" && !lines.isEmpty)
            for line in lines {
                #expect(line.hasSuffix(" [1]") && best.text.contains(line.dropLast(4)), "\(line)")
            }
            #expect(lines[0].contains("14:00"))
            #expect(answer.citations.map(\.n) == [1] && answer.citations[0].added == false && answer.unsupported.isEmpty)
            #expect(answer.passages.first?.path == "/notes/0.md")
            #expect(Set(answer.citations.map(\.n)).isSubset(of: answer.passages.map(\.n)))
            let quote = try #require(answer.quote)
            #expect(answer.passages.contains { $0.n == quote.n && $0.path == quote.path && $0.text.contains(quote.text) })
            #expect(answer.timings.ttftMs > answer.timings.retrieveMs && answer.promptTokens > 0 && answer.answerTokens > 0)
        }
    }

    @Test func freeFormAnswersAreTheModelsOwnWords() throws {
        try withAsker { asker in
            var settings = AskSettings()
            settings.style = .freeForm
            settings.maxTokens = 48
            let answer = try asker.ask("When and where are Prof. Halvorsen's office hours?", settings: settings)
            #expect(answer.kind == .generated && answer.answerTokens > 0 && !answer.answer.isEmpty)
            #expect(Set(answer.citations.map(\.n)).isSubset(of: answer.passages.map(\.n)))
        }
    }

    @Test func copyingAllowsOnlyTheSentencesInOrderThenTheEnd() throws {
        try withAsker { asker in
            let tokenizer = asker.generator.tokenizer
            let copying = try #require(SentenceCopying(sentences: ["First one.", "Second one.", "Third one."].map { ($0, 2) }, tokenizer: tokenizer, maxTokens: 256))
            let two = tokenizer.encode("First one. [2]") + tokenizer.encode("\nSecond one. [2]")
            let three = two + tokenizer.encode("\nThird one. [2]")
            #expect(copying.allowed(after: []) == [two[0]])
            #expect(copying.allowed(after: Array(two.prefix(3))) == [two[3]])
            // a short answer says every sentence; after the last it must stop
            #expect(copying.allowed(after: two) == [three[two.count]])
            #expect(Set(copying.allowed(after: three)!) == tokenizer.endOfGeneration)
            // one that would run past `short` words copies two before the model may stop
            let wordy = (1...4).map { "Sentence \($0) " + String(repeating: "says a little more ", count: 6) + "here." }
            let four = try #require(SentenceCopying(sentences: wordy.map { ($0, 2) }, tokenizer: tokenizer, maxTokens: 256))
            let one = tokenizer.encode("\(wordy[0]) [2]")
            let wordyTwo = one + tokenizer.encode("\n\(wordy[1]) [2]")
            let wordyThree = wordyTwo + tokenizer.encode("\n\(wordy[2]) [2]")
            #expect(four.allowed(after: one) == [wordyTwo[one.count]])
            #expect(Set(four.allowed(after: wordyTwo)!) == tokenizer.endOfGeneration.union([wordyThree[wordyTwo.count]]))
            #expect(Set(four.allowed(after: wordyThree)!) == tokenizer.endOfGeneration.union(tokenizer.encode("\n\(wordy[3]) [2]").prefix(1)))
            #expect(copying.allowed(after: [three[0] + 1]) == [])
            let single = try #require(SentenceCopying(sentences: ["Only one."].map { ($0, 1) }, tokenizer: tokenizer, maxTokens: 256))
            #expect(Set(single.allowed(after: tokenizer.encode("Only one. [1]"))!) == tokenizer.endOfGeneration)
            // the token limit never cuts a sentence: a sentence that would not fit is not offered
            let limited = try #require(SentenceCopying(sentences: ["First one.", "Second one.", "Third one."].map { ($0, 2) }, tokenizer: tokenizer, maxTokens: two.count))
            #expect(Set(limited.allowed(after: two)!) == tokenizer.endOfGeneration)
            let tight = try #require(SentenceCopying(sentences: ["First one.", "Second one."].map { ($0, 2) }, tokenizer: tokenizer, maxTokens: two.count - 1))
            #expect(Set(tight.allowed(after: tokenizer.encode("First one. [2]"))!) == tokenizer.endOfGeneration)
            // a first sentence too long for the limit is left out and the next one offered; none fitting, nothing is
            let long = String(repeating: "word ", count: 40) + "end."
            let skipping = try #require(SentenceCopying(sentences: [long, "Short one."].map { ($0, 1) }, tokenizer: tokenizer, maxTokens: 12))
            #expect(skipping.answers == [tokenizer.encode("Short one. [1]")])
            #expect(SentenceCopying(sentences: [long].map { ($0, 1) }, tokenizer: tokenizer, maxTokens: 12) == nil)
            // each sentence cites its own passage
            let mixed = try #require(SentenceCopying(sentences: [("First one.", 1), ("Second one.", 3)], tokenizer: tokenizer, maxTokens: 256))
            #expect(mixed.answers == [tokenizer.encode("First one. [1]") + tokenizer.encode("\nSecond one. [3]")])
        }
    }

    @Test func aFreeAnswerIsShownInWholeSentencesAndStopsAtItsFirstRepeat() {
        var stream = WholeSentences(copied: false)
        var shown = ["The split is", " 70/15/15. It", " is fixed.\n1. The split", " is 70/15/15. More"].map { stream.add($0) }.joined()
        #expect(stream.repeated)
        shown += stream.finish()
        #expect(shown == "The split is 70/15/15. It is fixed.")

        var cut = WholeSentences(copied: false)
        let text = ["It is red. ", "It is bl"].map { cut.add($0) }.joined() + cut.finish()
        #expect(text == "It is red." && !cut.repeated)  // the token limit left a fragment: it is not shown

        var ended = WholeSentences(copied: false)
        #expect(ended.add("Done [1].") == "" && ended.finish() == "Done [1].")
        var copied = WholeSentences(copied: true)
        #expect(copied.add("- **Lect") == "- **Lect")
    }

    @Test func offTopicQuestionsAreDeclinedWithoutGenerating() throws {
        try withAsker { asker in
            let answer = try asker.ask("How do I bake sourdough bread at home?") { _ in
                Issue.record("nothing should be generated")
                return true
            }
            #expect(answer.kind == .notInNotes && answer.answer.isEmpty && answer.answerTokens == 0)
            #expect(!answer.passages.isEmpty)
        }
    }

    @Test func questionsNamingWhatTheNotesNeverMentionAreDeclinedWithTheName() throws {
        try withAsker { asker in
            var settings = AskSettings()
            settings.style = .extractive
            let named = try asker.ask("How does the Linformer approximate the attention scores?", settings: settings)
            #expect(named.kind == .notInNotes && named.whyNotInNotes == "your notes never mention “Linformer”")
            // a name both vocabularies hold whole, capitalised as a name; an acronym no passage spells out
            let adam = try asker.ask("Does the Adam optimizer divide the attention scores?", settings: settings)
            #expect(adam.whyNotInNotes == "your notes never mention “Adam”", "\(adam.whyNotInNotes ?? adam.answer)")
            let smote = try asker.ask("How does SMOTE change the attention scores in softmax?", settings: settings)
            #expect(smote.whyNotInNotes == "your notes never mention “SMOTE”", "\(smote.whyNotInNotes ?? smote.answer)")
            // a method named by two words the notes say, never together
            let topic = try asker.ask("How does split attention divide the scores in softmax?", settings: settings)
            #expect(topic.whyNotInNotes == "your notes never mention “split attention”", "\(topic.whyNotInNotes ?? topic.answer)")
            // words the notes do use, acronyms they spell out (SDPA), a sentence's capitalised first word,
            // words about the notes themselves,
            // everyday words ("downside": one token of the generator's vocabulary, though WordPiece cuts
            // it) and the start of a name the notes write longer ("Halvor…sen") do not decline
            for question in [
                "Why does attention divide the scores in softmax?", "What does the SDPA tutorial say about softmax scores?",
                "What is the downside of dividing the attention scores in softmax?", "When does Halvor hold office hours?",
                "Why does attention divide the scores in softmax? Briefly.",
                // the other spelling of a word the notes write ("normalized")
                "Why are the attention weights normalised in softmax?",
                // a subject of one word and the notes' own verb ("does not saturate")
                "How does softmax saturate when the scores are large?",
            ] {
                let answer = try asker.ask(question, settings: settings)
                #expect(answer.kind == .extractive, "\(question): \(answer.whyNotInNotes ?? "")")
            }
        }
    }

    @Test func questionsWhosePassagesSayLittleOfWhatTheyAskAreDeclined() throws {
        try withAsker { asker in
            var settings = AskSettings()
            settings.style = .extractive
            // close in meaning to the attention note, but it says none of the method asked about
            let near = try asker.ask("How do sliding window patterns reduce the quadratic cost of attention over long sequences?", settings: settings)
            #expect(near.kind == .notInNotes && near.whyNotInNotes?.hasPrefix("no passage says most of what the question asks") == true, "\(near.whyNotInNotes ?? near.answer)")
            let asked = try asker.ask("Why does scaled dot-product attention divide the scores?", settings: settings)
            #expect(asked.kind == .extractive, "\(asked.whyNotInNotes ?? "")")
        }
    }

    @Test func extractiveAnswersQuoteTheBestSentencesWithCitations() throws {
        try withAsker { asker in
            var settings = AskSettings()
            settings.style = .extractive
            let answer = try asker.ask("What split does the course use?", settings: settings)
            #expect(answer.kind == .extractive && answer.answerTokens == 0)
            #expect(answer.answer.split(separator: "\n").allSatisfy { $0.hasSuffix(" [1]") })
            #expect(answer.answer.contains("70/15/15"))
            #expect(answer.citations.contains { $0.path == "/notes/2.md" && !$0.added })
            #expect(answer.unsupported.isEmpty)
        }
    }
}

@Suite struct AnswerScoreTests {
    @Test func sentencesThatCannotAnswerAreKnownByTheirShape() {
        #expect(AnswerScore.cannotAnswer("- What are GANs?"))
        #expect(AnswerScore.cannotAnswer("- **Common Metrics**:"))
        #expect(AnswerScore.cannotAnswer("- [VAEs Explained (OpenAI blog)](https://example.org/vae)"))
        #expect(AnswerScore.cannotAnswer("Further reading"))
        #expect(AnswerScore.cannotAnswer(">>> from sklearn.metrics import cohen_kappa_score"))
        #expect(AnswerScore.cannotAnswer("...     scores = cross_val_score(clf, X, y, scoring='accuracy', cv=5)"))
        #expect(!AnswerScore.cannotAnswer("... and the same holds for every other estimator of the module."))
        #expect(!AnswerScore.cannotAnswer("- **Office hours:** Thursdays from 14:00 to 15:30 in room E3.12."))
        #expect(!AnswerScore.cannotAnswer("Degree 3 had the lowest validation MSE (0.21)."))
        #expect(!AnswerScore.cannotAnswer("See [the paper](https://example.org) for the proof of the bound on the error."))
        // an assignment is code; an assignment followed by prose says what a setting does
        #expect(AnswerScore.cannotAnswer("scores = q @ k.transpose(-2, -1)"))
        #expect(AnswerScore.cannotAnswer("n_jobs=-1"))
        #expect(!AnswerScore.cannotAnswer("n_jobs=-1 means that the computation will be dispatched on all the CPUs of the computer."))
        // a call that leaves its line open or unfinished is code too
        #expect(AnswerScore.cannotAnswer("init_weight(f'W_x{name}', (self.num_inputs, self.num_hiddens)),"))
        #expect(AnswerScore.cannotAnswer("GridSearchCV(cv=None,..."))
        #expect(AnswerScore.cannotAnswer("d2l.show_images(hotdogs + not_hotdogs, 2, 8, scale=1.4);"))
        #expect(AnswerScore.cannotAnswer("s[:].assign(beta2 * s + (1 - beta2) * tf.math.square(grad))"))
        #expect(AnswerScore.cannotAnswer("s[:].assign(s + (1 - beta2) * tf.math.sign("))
        #expect(AnswerScore.cannotAnswer("p[:].assign(p - hyperparams['lr'] * v_bias_corr"))
        #expect(AnswerScore.cannotAnswer("assert 0 <= dropout <= 1"))
        #expect(AnswerScore.cannotAnswer("raise ValueError('dropout must lie in [0, 1]')"))
        #expect(!AnswerScore.cannotAnswer("Assertions in the tests check that dropout lies between 0 and 1."))
        #expect(!AnswerScore.cannotAnswer("X[:, 0] (the first column) holds each student's age in years."))
        #expect(!AnswerScore.cannotAnswer("Dropout(p) zeroes each activation with probability p during training."))
        // a row of a formula set over several lines says nothing alone; a whole formula may answer
        #expect(AnswerScore.cannotAnswer(#"0 & \textrm{ with probability } p \\"#))
        #expect(AnswerScore.cannotAnswer(#"\mathbf{s}_t & \leftarrow \beta_2 \mathbf{s}_{t-1} + (1 - \beta_2) \mathbf{g}_t^2."#))
        #expect(!AnswerScore.cannotAnswer(#"\[\text{MSE}(y, \hat{y}) = \frac{1}{n} \sum_{i} (y_i - \hat{y}_i)^2.\]"#))
        #expect(!AnswerScore.cannotAnswer(#"Inline math such as $\mathbf{a} & b \\ c$ and Q & A sessions stay."#))
        // study prompts name what to learn; a formula's gloss goes on from the formula
        #expect(AnswerScore.cannotAnswer("- Be able to explain *why* zero initialisation fails (symmetry), not just *that* it fails."))
        #expect(AnswerScore.cannotAnswer("Explain the difference between L2 regularisation and decoupled weight decay."))
        #expect(AnswerScore.cannotAnswer("where we make use of the hinge loss."))
        #expect(!AnswerScore.cannotAnswer("Where the data is sparse, a linear kernel is usually enough."))
        #expect(!AnswerScore.cannotAnswer("Compare the query with all nlist centroids and keep the closest ones."))
    }

    @Test func questionsThatAskWhereAreKnown() {
        #expect(AnswerScore.asksWhere("Which week covers variational autoencoders?"))
        #expect(AnswerScore.asksWhere("Which section of the SVM notes explains class weights?"))
        #expect(AnswerScore.asksWhere("What lecture introduced dropout?"))
        #expect(!AnswerScore.asksWhere("Which optimiser gave the best accuracy?"))
        #expect(!AnswerScore.asksWhere("What is a partial derivative?"))
    }

    @Test func aSectionOfExercisesSetsTasks() {
        #expect(AnswerScore.setsTasks("Dropout › Exercises"))
        #expect(AnswerScore.setsTasks("Chapter 3 › 3.7 Review questions"))
        #expect(AnswerScore.setsTasks("Week 2 › **Homework**"))
        #expect(!AnswerScore.setsTasks("Dropout › Dropout in Practice"))
        #expect(!AnswerScore.setsTasks("1.4.1.3. Unbalanced problems"))
        #expect(!AnswerScore.setsTasks("FAQ › Questions"), "an FAQ answers its questions")
        let vector = [Float](repeating: 0, count: 4)
        let scorer = AnswerScore(question: "What did the dropout paper compare dropout to?", vector: vector)
        let task = "Increase the number of epochs and compare the results obtained when using dropout."
        let scored = { (tasks: Bool) in scorer.score(of: task, words: ContentWords(task), vector: vector, heading: ContentWords(""), setsTasks: tasks) }
        #expect(scored(true) == scored(false) - AnswerScore.shapePenalty)
    }

    @Test func theHeadingCountsAsWhatASentenceSays() {
        let vector = [Float](repeating: 0, count: 4)
        let scorer = AnswerScore(question: "Which week covers variational autoencoders?", vector: vector)
        let sentence = "They learn a latent distribution."
        let plain = scorer.score(of: sentence, words: ContentWords(sentence), vector: vector, heading: ContentWords(""))
        let headed = scorer.score(of: sentence, words: ContentWords(sentence), vector: vector, heading: ContentWords("Week 11 › Variational Autoencoders"))
        #expect(headed > plain)
        // the same words asked rather than said score lower by the penalty
        let asked = "Which week covers variational autoencoders?", said = "Week 11 covers variational autoencoders."
        let difference =
            scorer.score(of: said, words: ContentWords(said), vector: vector, heading: ContentWords(""))
            - scorer.score(of: asked, words: ContentWords(asked), vector: vector, heading: ContentWords(""))
        #expect(abs(difference - AnswerScore.shapePenalty) < 1e-9)
    }

    static func sentence(_ text: String, relevance: Double, passage: Int = 0) -> PassageSentence {
        PassageSentence(passage: passage, position: 0, text: text, words: ContentWords(text), vector: [], relevance: relevance)
    }

    @Test func theBestPassagesOwnSentencesComeBeforeItsNeighbours() {
        let own = Self.sentence("The best passage says this about it.", relevance: 0.8)
        let near = Self.sentence("A neighbour says this about it.", relevance: 0.9, passage: 2)
        #expect(CopiedSentences.choose(from: [near, own], question: "What?").map(\.passage) == [0, 2])
        let better = Self.sentence("A neighbour says this much better.", relevance: 0.8 + CopiedSentences.elsewherePenalty + 0.1, passage: 2)
        #expect(CopiedSentences.choose(from: [own, better], question: "What?").map(\.passage) == [2, 0])
    }

    @Test func aCopyTakesTheSentencesCloseToTheBestWithinItsWords() {
        let chosen = CopiedSentences.choose(
            from: [
                Self.sentence("Second best, said in a few words.", relevance: 0.9),
                Self.sentence("The best sentence of the passage, which answers the question.", relevance: 1.0),
                Self.sentence("A neighbour about something else entirely.", relevance: 0.2),
            ], question: "What does it answer?")
        #expect(chosen.map(\.text) == ["The best sentence of the passage, which answers the question.", "Second best, said in a few words."])
        // past the word budget a sentence is left out and a shorter one may still go in; the first always goes in
        let long = String(repeating: "word ", count: CopiedSentences.wordBudget - 6) + "end."
        let budgeted = CopiedSentences.choose(
            from: [Self.sentence(long, relevance: 1), Self.sentence(long + " again", relevance: 0.95), Self.sentence("Short.", relevance: 1)],
            question: "Why?")
        #expect(budgeted.map(\.text) == [long, "Short."])
        #expect(CopiedSentences.choose(from: [], question: "Why?").isEmpty)
    }

    @Test func aSentenceThatCannotAnswerIsCopiedOnlyWhenNothingElseCan() {
        let code = Self.sentence(">>> cross_val_score(svc, X, y, n_jobs=-1)", relevance: 1.0)
        let prose = Self.sentence("The computation is dispatched on all the CPUs of the computer.", relevance: 0.5)
        #expect(CopiedSentences.choose(from: [code, prose], question: "What does n_jobs=-1 do?").map(\.text) == [prose.text])
        #expect(CopiedSentences.choose(from: [code], question: "What does n_jobs=-1 do?").map(\.text) == [code.text])
    }

    @Test func aQuestionAskingForANumberPrefersASentenceWithOne() {
        let sentences = [Self.sentence("Bins are small integers that index the histograms.", relevance: 1.0), Self.sentence("Features go into 256 bins.", relevance: 0.8)]
        #expect(CopiedSentences.choose(from: sentences, question: "How many bins does each feature get?").first?.text == "Features go into 256 bins.")
        #expect(CopiedSentences.choose(from: sentences, question: "What are bins?").first?.text == "Bins are small integers that index the histograms.")
        #expect(CopiedSentences.asksNumber("What year was it published?") && CopiedSentences.asksNumber("From what model size do outliers appear?"))
        #expect(!CopiedSentences.asksNumber("What is a kernel?"))
    }

    @Test func markdownIsShownAsPlainText() {
        #expect(MarkdownText.plain("- **Office hours:** Thursdays, `E3.12`.") == "Office hours: Thursdays, E3.12.")
        #expect(MarkdownText.plain("2. a_b stays") == "2. a_b stays")
        #expect(
            MarkdownText.plain("It is called *multi-head attention*; _noted_, while 2 * 3, a*b*c and snake_case_name stay.")
                == "It is called multi-head attention; noted, while 2 * 3, a*b*c and snake_case_name stay.")
    }
}

@Suite struct DefinitionQuestionTests {
    @Test func aQuestionAskingWhatATermIsNamesTheTerm() throws {
        #expect(try #require(DefinitionQuestion("What is DBSCAN?")).term.stems == ContentWords("DBSCAN").stems)
        #expect(try #require(DefinitionQuestion("what are extremely randomized trees")).term.stems == ContentWords("extremely randomized trees").stems)
        #expect(try #require(DefinitionQuestion("What is mode collapse in a GAN?")).term.stems == ContentWords("mode collapse").stems)
        #expect(try #require(DefinitionQuestion("Define inertia.")).term.stems == ContentWords("inertia").stems)
        #expect(DefinitionQuestion("What is the default kernel cache size for SVC, and what should I raise it to?") == nil)
        #expect(DefinitionQuestion("How does k-means choose its centroids?") == nil)
        #expect(DefinitionQuestion("What is it?") == nil)
    }

    @Test func theSectionAboutTheTermIsTheOneItsOwnHeadingNames() throws {
        let lora = try #require(DefinitionQuestion("What is LoRA?"))
        #expect(lora.isTitled(by: "Week 7 › Fine-tuning and LoRA › LoRA (Hu et al., 2021)"))
        #expect(!lora.isTitled(by: "Week 7 › Fine-tuning and LoRA"))
        #expect(!lora.isTitled(by: "Week 7 › Fine-tuning and LoRA › LoRA (Hu et al., 2021) › Deployment"))
        let kmeans = try #require(DefinitionQuestion("What is k-means?"))
        #expect(kmeans.isTitled(by: "2.3. Clustering › 2.3.2. K-means"))
        #expect(kmeans.isTitled(by: "Reference › k-means clustering"))
        #expect(!kmeans.isTitled(by: "2.3.2.2. Mini Batch K-Means"))
        #expect(!kmeans.isTitled(by: "2.3.6.5. Bisecting K-Means"))
        #expect(!(try #require(DefinitionQuestion("What is ridge regression?"))).isTitled(by: "1.1.10.1. Bayesian Ridge Regression"))
        // what follows a dash or a colon spells the name out or explains it
        let hnsw = try #require(DefinitionQuestion("What is HNSW?"))
        #expect(hnsw.isTitled(by: "Week 6 › Vector Search › 4. HNSW — Hierarchical Navigable Small World graphs"))
        #expect(hnsw.isTitled(by: "Indexes › HNSW: graphs of neighbours"))
        #expect(!hnsw.isTitled(by: "Indexes › Tuning HNSW — efSearch"))
    }

    @Test func theOpeningSentenceOfThatSectionScoresHigher() throws {
        let vector = [Float](repeating: 0, count: 4)
        let scorer = AnswerScore(question: "What is LoRA?", vector: vector)
        let sentences = ["**Idea.**", "The change a fine-tune makes to a weight matrix has low rank.", "So two thin matrices are learnt."]
        #expect(scorer.definingPosition(in: sentences, heading: "Fine-tuning › LoRA (Hu et al., 2021)", opensSection: true) == 1)
        #expect(scorer.definingPosition(in: sentences, heading: "Fine-tuning › LoRA (Hu et al., 2021)", opensSection: false) == nil)
        #expect(scorer.definingPosition(in: sentences, heading: "Fine-tuning › Deployment", opensSection: true) == nil)
        #expect(AnswerScore(question: "Where is LoRA applied?", vector: vector).definingPosition(in: sentences, heading: "LoRA", opensSection: true) == nil)
        // a formula's lead-in cannot answer; the sentence after it defines
        let formula = ["Goal: partition n points into k clusters so that the inertia is as small as possible:", "Each point goes to its nearest centroid."]
        #expect(AnswerScore(question: "What is k-means?", vector: vector).definingPosition(in: formula, heading: "k-means clustering", opensSection: true) == 1)
        // nor does the reference the method comes from
        let cited = ["Malkov & Yashunin (2016, published in 2018).", "Currently the most popular ANN index in vector databases."]
        #expect(AnswerScore(question: "What is HNSW?", vector: vector).definingPosition(in: cited, heading: "4. HNSW", opensSection: true) == 1)
        // a sentence that sets the term in emphasis defines it wherever it stands
        let multiHead = try #require(DefinitionQuestion("What is multi-head attention?"))
        #expect(multiHead.isEmphasized(in: "This design is called *multi-head attention*, where each output is a *head*."))
        #expect(multiHead.isEmphasized(in: "This design is called **Multi-Head Attention**."))
        #expect(!multiHead.isEmphasized(in: "Multi-head attention concatenates the *heads*."))
        #expect(!multiHead.isEmphasized(in: "It is *multi-head* by design."))
        let words = ContentWords(sentences[1])
        let opening = scorer.score(of: sentences[1], words: words, vector: vector, heading: ContentWords("LoRA"), opensDefinition: true)
        let plain = scorer.score(of: sentences[1], words: words, vector: vector, heading: ContentWords("LoRA"))
        #expect(abs(opening - plain - DefinitionQuestion.openingBonus) < 1e-9)
    }
}

@Suite struct AskSettingsTests {
    @Test func eachLimitIsCheckedAndNamed() throws {
        try AskSettings().check()
        func invalid(_ change: (inout AskSettings) -> Void) -> AskSettings.Invalid.Setting? {
            var settings = AskSettings()
            change(&settings)
            do { try settings.check() } catch { return error.setting }
            return nil
        }
        #expect(invalid { $0.k = 0 } == .k && invalid { $0.k = 51 } == .k)
        #expect(invalid { $0.temperature = 2.5 } == .temperature && invalid { $0.temperature = .nan } == .temperature)
        #expect(invalid { $0.temperature = 2 } == nil)
        #expect(invalid { $0.maxTokens = 0 } == .maxTokens)
        #expect(
            invalid {
                $0.promptBudget = 1800; $0.maxTokens = 512
            } == .maxTokens)  // past the context together
        #expect(invalid { $0.promptBudget = 10 } == .promptBudget)
    }
}

@Suite struct AnswerShapeTests {
    @Test func anAnswerEndsInAFragmentWhenItsLastLineStopsShort() {
        let text = "- **Office hours:** Thursdays 14:00 in E3.12\n- **Lectures:** Mondays 10:00\nThis page is admin."
        let passage = Answer.Passage(
            n: 1, chunkIds: [1], path: "/notes/a.md", heading: "Week 1 › Course overview › Admin", lineStart: 1, lineEnd: 3, pageStart: nil, pageEnd: nil, place: nil,
            score: 1,
            similarity: 1,
            text: text, tokens: 30)
        #expect(AnswerShape.endsInFragment("- **Office hours:** Thursdays 14:00 in E3.12 [1]\n- **Lect", passages: [passage]))
        #expect(AnswerShape.endsInFragment("Office hours are on Thursdays. [1]\nThis", passages: [passage]))
        #expect(!AnswerShape.endsInFragment("- **Office hours:** Thursdays 14:00 in E3.12 [1]", passages: [passage]))
        #expect(!AnswerShape.endsInFragment("Course overview › Admin [1]", passages: [passage]))
        #expect(!AnswerShape.endsInFragment("This page is admin. [1]", passages: []))
        #expect(!AnswerShape.endsInFragment("", passages: [passage]))
        // shown a line each, sentences that would read as one wrapped line stay whole apart
        let shown = Answer.Passage(
            n: 1, chunkIds: [1], path: "/notes/b.md", heading: "Tables", lineStart: 1, lineEnd: 2, pageStart: nil, pageEnd: nil, place: nil,
            score: 1, similarity: 1, text: "Typical setting: p = 0.9\n`top_p` sets it per request", tokens: 20)
        #expect(!AnswerShape.endsInFragment("Typical setting: p = 0.9 [1]\n`top_p` sets it per request [1]", passages: [shown]))
    }

    @Test func repeatedSentencesAndWordsAreCountedWithoutCitations() {
        #expect(AnswerShape.repeatedSentences("1. The split is 70/15/15. [1]\n2. The split is 70/15/15. [2]") == 1)
        #expect(AnswerShape.repeatedSentences("It is red. It is blue.") == 0)
        #expect(AnswerShape.words("It is red [1]. It is blue [2].") == 6)
    }
}

/// `rag ask`'s streamed answer in a terminal.
@Suite struct PlainAnswerStreamTests {
    @Test func aStreamedLineIsShownPlainHoweverItsPiecesFall() {
        let text = "- **Office hours:** Thursdays at `14:00`. [1]\n* a_b and 2 * 3 [1]\nIt is called *multi-head attention*, each a *head* (V. 2017). [2]\nBoth 2 *x and *y* stay. [3]"
        for size in 1...4 {
            var stream = PlainAnswerStream()
            var shown = ""
            var index = text.startIndex
            while index < text.endIndex {
                let end = text.index(index, offsetBy: size, limitedBy: text.endIndex) ?? text.endIndex
                shown += stream.add(String(text[index..<end]))
                index = end
            }
            shown += stream.finish()
            #expect(
                shown == "Office hours: Thursdays at 14:00. [1]\na_b and 2 * 3 [1]\nIt is called multi-head attention, each a head (V. 2017). [2]\nBoth 2 *x and y stay. [3]",
                "pieces of \(size)")
        }
    }
}

@Suite struct AntecedentTests {
    static func sentence(_ text: String, passage: Int = 0, at position: Int) -> PassageSentence {
        PassageSentence(passage: passage, position: position, text: text, words: ContentWords(text), vector: [], relevance: 0)
    }

    @Test func aSentenceThatRefersBackIsSaidAfterTheOneItRefersTo() {
        let named = Self.sentence("The “lbfgs” solver approximates the BFGS algorithm.", at: 3)
        let referring = Self.sentence("As such, it can deal with a wide range of data and is the default solver.", at: 4)
        let other = Self.sentence("Those values are averaged.", passage: 1, at: 0)
        let said = Antecedent.before([referring, other], in: [named, referring, other])
        #expect(said.map(\.text) == [named.text, referring.text, other.text], "the second refers back but opens its passage")
        #expect(Antecedent.before([named, referring], in: [named, referring]).map(\.text) == [named.text, referring.text], "said once")
        #expect(Antecedent.before([referring, named], in: [named, referring]).map(\.text) == [named.text, referring.text], "moved in front")
        #expect(!Antecedent.refersBack("Itemsets are counted.") && Antecedent.refersBack("- **This** is why."))
        #expect(Antecedent.refersBack("In these cases, you can use RobustScaler instead.") && !Antecedent.refersBack("In sparse cases it helps."))
        #expect(Antecedent.refersBack("To this end, heads are concatenated.") && Antecedent.refersBack("Instead it rotates each key."))
        #expect(!Antecedent.refersBack("Instead of averaging deep trees, it adds shallow ones.") && !Antecedent.refersBack("In contrast, it is robust."))
        // a doctest's output before "It is possible…" says nothing: the sentence goes alone
        let output = Self.sentence("0.96", at: 0)
        let possible = Self.sentence("It is possible to disable centering by passing with_mean=False.", at: 1)
        #expect(Antecedent.before([possible], in: [output, possible]).map(\.text) == [possible.text])
    }
}
