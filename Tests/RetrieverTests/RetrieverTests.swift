import Foundation
import LLM
import Testing
import VectorIndex

@testable import Retriever

@Suite struct KeywordQueryTests {
    @Test func wordsAreQuotedAndOred() {
        #expect(KeywordQuery.fts("LoRA rank") == "\"LoRA\" OR \"rank\"")
        #expect(KeywordQuery.fts("") == "" && KeywordQuery.fts("  ?! ") == "")
    }

    @Test func fts5SyntaxIsNeverSyntax() {
        let query = KeywordQuery.fts(#"NEAR("adam" beta*) AND title:x ^start -minus "unterminated OR NOT"#)
        #expect(query == #""NEAR" OR "adam" OR "beta" OR "AND" OR "title" OR "x" OR "start" OR "minus" OR "unterminated" OR "OR" OR "NOT""#)
    }

    @Test func repeatsAndOverlongQueriesAreTrimmed() {
        #expect(KeywordQuery.fts("Adam adam ADAM") == "\"Adam\"")
        let long = (0..<5000).map { "w\($0)" }.joined(separator: " ")
        #expect(KeywordQuery.fts(long).components(separatedBy: " OR ").count == KeywordQuery.maxWords)
    }

    @Test func otherScriptsKeepTheirWords() {
        #expect(KeywordQuery.fts("Привет, мир — 東京") == "\"Привет\" OR \"мир\" OR \"東京\"")
    }

    /// Students write "neighbours" where the notes say "neighbors": both spellings are searched.
    @Test func eachWordsOtherEnglishSpellingIsSearchedToo() {
        #expect(KeywordQuery.fts("k-nearest neighbours minimise") == #""k" OR "nearest" OR "neighbours" OR "neighbors" OR "minimise" OR "minimize""#)
        #expect(KeywordQuery.fts("neighbours", spellings: false) == "\"neighbours\"")
        #expect(SpellingVariants.of("centre") == "center" && SpellingVariants.of("centers") == "centres")
        #expect(SpellingVariants.of("labelled") == "labeled" && SpellingVariants.of("modeling") == "modelling")
        #expect(SpellingVariants.of("analyse") == "analyze" && SpellingVariants.of("normalization") == "normalisation")
        #expect(SpellingVariants.of("behaviour") == "behavior" && SpellingVariants.of("colors") == "colours")
        for word in ["four", "our", "your", "for", "analysis", "noise", "called", "filled"] { #expect(SpellingVariants.of(word) == nil, "\(word)") }
    }

    /// A Chinese question has no spaces: it is searched as the character pairs the store indexes.
    @Test func aCJKRunIsSearchedAsItsCharacterPairs() {
        #expect(KeywordQuery.fts("什么是机器学习？") == #""什么" OR "么是" OR "是机" OR "机器" OR "器学" OR "学习""#)
        #expect(KeywordQuery.fts("GPT模型的参数") == #""GPT" OR "模型" OR "型的" OR "的参" OR "参数""#)
    }
}

@Suite struct ReciprocalRankFusionTests {
    @Test func itemsInBothListsRiseAndScoresFollowTheFormula() {
        let fused = ReciprocalRankFusion.fuse([["a", "b", "c"], ["c", "d"]], k: 60)
        #expect(fused.map(\.id) == ["c", "a", "b", "d"])
        #expect(abs(fused[0].score - (1.0 / 63 + 1.0 / 61)) < 1e-12)
        #expect(ReciprocalRankFusion.fuse([[String]]()).isEmpty)
    }
}

@Suite struct ScoreFusionTests {
    @Test func scoresAreRescaledPerListAndAveraged() {
        // dense cosines and BM25 scores on their own scales
        let dense: [(id: String, score: Float)] = [("a", 0.9), ("c", 0.5), ("b", 0.4)]
        let words: [(id: String, score: Float)] = [("c", 12), ("d", 4)]
        let fused = ScoreFusion.fuse([dense, words])
        #expect(fused.map(\.id) == ["c", "a", "b", "d"])  // b and d tie at 0: first appearance first
        let score = Dictionary(uniqueKeysWithValues: fused.map { ($0.id, $0.score) })
        #expect(abs(score["c"]! - 0.6) < 1e-6)  // (0.5 - 0.4) / 0.5 of dense and all of BM25, averaged
        #expect(abs(score["a"]! - 0.5) < 1e-6)  // top of dense, absent from BM25
        #expect(score["b"]! == 0 && score["d"]! == 0)
    }

    @Test func aFarLeadSurvivesWhereRanksWouldTie() {
        // "a" leads dense by far and is second in BM25 by a hair; rank fusion ties it with "b"
        let dense: [(id: String, score: Float)] = [("a", 0.9), ("b", 0.3), ("c", 0.29)]
        let words: [(id: String, score: Float)] = [("b", 10), ("a", 9.9), ("c", 1)]
        #expect(ScoreFusion.fuse([dense, words]).first?.id == "a")
        #expect(Fusion.rrf.fuse([dense, words]).map(\.score)[0] == Fusion.rrf.fuse([dense, words]).map(\.score)[1])
    }

    @Test func equalScoresAndEmptyListsAreHandled() {
        #expect(ScoreFusion.fuse([[("x", 3)], [(id: String, score: Float)]()]).map(\.score) == [0.5])
        #expect(ScoreFusion.fuse([[(id: String, score: Float)]]()).isEmpty)
    }
}

/// Hybrid search on a real store with the real embedder.
@Suite struct HybridRetrieverTests {
    static let texts = [
        "The Adam optimiser keeps running averages of gradients; beta2 decays the squared-gradient average.",
        "Scaled dot-product attention divides the scores by the square root of the key dimension.",
        "BM25 saturates term frequency with the parameter k1 and normalises by document length with b.",
        "Error code XK-7731 appears when the lab server runs out of GPU memory.",
    ]

    func withRetriever(_ body: (HybridRetriever) throws -> Void) throws {
        try NotesStore.with(Self.texts) { store, embedder in try body(HybridRetriever(store: store, embedder: embedder)) }
    }

    @Test func eachModeFindsWhatItIsGoodAt() throws {
        try withRetriever { retriever in
            #expect(try retriever.search("why divide attention by root d", k: 1, mode: .dense).first?.hit.path == "/notes/1.md")
            #expect(try retriever.search("XK-7731", k: 1, mode: .bm25).first?.hit.path == "/notes/3.md")
            let hybrid = try retriever.search("XK-7731 out of memory", k: 4, mode: .hybrid)
            #expect(hybrid.first?.hit.path == "/notes/3.md")
            #expect(hybrid.first?.denseRank != nil && hybrid.first?.keywordRank == 1)
            #expect(hybrid.map(\.score) == hybrid.map(\.score).sorted(by: >))
        }
    }

    /// "How many parameters does it add?" after an answer from the LoRA note: the quiz bank's
    /// parameter count matches the words better, but the note the last answer cited is searched
    /// too, and its passage makes the k; it keeps the score the query alone gives it.
    @Test func aFollowUpIsAlsoSearchedInTheNotesTheLastAnswerCited() throws {
        let texts =
            [
                "LoRA freezes the pretrained weights and trains two small matrices of rank r beside each one.",
                "Quiz: how many parameters does a 5x5 convolution from 3 to 16 channels add? 1,216 parameters.",
                "Quiz: how many parameters does batch normalisation add? Two per channel, a scale and a shift.",
                "Quiz: how many parameters does a bias add to a dense layer? One per output unit.",
            ] + Self.texts
        try NotesStore.with(texts) { store, embedder in
            var retriever = HybridRetriever(store: store, embedder: embedder)
            retriever.alongside = "How many parameters does it add?"
            let query = "How many parameters does it add? — LoRA"
            let alone = try retriever.search(query, k: 6)
            retriever.previousNotes = .notes(["/notes/0.md"])
            #expect(!alone.prefix(3).contains { $0.hit.path == "/notes/0.md" }, "\(alone.map { ($0.hit.path, $0.score) })")
            let inLight = try retriever.search(query, k: 3)
            let lora = try #require(inLight.first { $0.hit.path == "/notes/0.md" }, "\(inLight.map { ($0.hit.path, $0.score) })")
            #expect(lora.score == alone.first { $0.hit.path == "/notes/0.md" }?.score)
            #expect(inLight.map(\.score) == inLight.map(\.score).sorted(by: >))
        }
    }

    /// "What is LoRA?": the section the notes title "LoRA" defines it without saying the word, and
    /// the passages that use the word outrank it; the question's passages hold it all the same,
    /// and the second stage weighs it as the section that defines the term. Asked something else,
    /// it stays out.
    @Test func aDefinitionQuestionFindsTheSectionTitledWithItsTerm() throws {
        let texts = [
            "Apply LoRA to all linear layers, including the MLP, for better quality.",
            "LoRA learning rate: around 1e-4 to 2e-4 when training LoRA adapters.",
            "LoRA with r = 64 trains 524,288 parameters of the LoRA matrices.",
            "Merge the LoRA matrices into the weights after LoRA training.",
            "The change a fine-tune makes to a weight matrix has low rank, so two thin matrices are learnt instead of a full update.",
        ]
        let headings = ["Fine-tuning › LoRA › Where to apply it", "Checklist", "Fine-tuning › LoRA › Parameter savings", "Fine-tuning › LoRA › Deployment", "Fine-tuning › LoRA (Hu et al., 2021)"]
        try NotesStore.with(texts, heading: { headings[$0] }) { store, embedder in
            let retriever = HybridRetriever(store: store, embedder: embedder)
            #expect(try !retriever.search("Where is LoRA applied?", k: 2).contains { $0.hit.path == "/notes/4.md" })
            let found = try retriever.search("What is LoRA?", k: 2)
            #expect(found.contains { $0.hit.path == "/notes/4.md" }, "\(found.map(\.hit.path))")
            // the second stage weighs it as the section that defines the term
            let vector = embedder.embed(["What is LoRA?"])[0]
            let scores = AnswerRanker(embedder: embedder).answerScores(
                [(texts[4], headings[4], true, 0), (texts[4], headings[4], false, 0)], question: "What is LoRA?", vector: vector)
            #expect(abs(scores[0] - scores[1] - DefinitionQuestion.openingBonus - DefinitionQuestion.sectionBonus) < 1e-9)
        }
    }

    /// A textbook sets a term in emphasis where it defines it, under whatever heading: "What is
    /// co-adaptation?" finds that passage though the passages that use the term outrank it.
    @Test func aDefinitionQuestionFindsThePassageThatSetsItsTermInEmphasis() throws {
        let texts = [
            "Co-adaptation of units: co-adaptation hurts, co-adaptation is why dropout helps.",
            "Dropout breaks up co-adaptation; co-adaptation makes a net overfit.",
            "Measure co-adaptation with co-adaptation scores.",
            "Each layer relies on a specific pattern of activations in the previous layer, a condition called *co-adaptation*.",
        ]
        try NotesStore.with(texts, heading: { _ in "Dropout › Overfitting" }) { store, embedder in
            let retriever = HybridRetriever(store: store, embedder: embedder)
            #expect(try !retriever.search("Which measure of co-adaptation exists?", k: 2).contains { $0.hit.path == "/notes/3.md" })
            let found = try retriever.search("What is co-adaptation?", k: 2)
            #expect(found.contains { $0.hit.path == "/notes/3.md" }, "\(found.map(\.hit.path))")
        }
    }

    @Test func aWordIsFoundInEitherEnglishSpelling() throws {
        let texts = ["The classifier weights each of the k nearest neighbors by the inverse of its distance.", "Centre the data before PCA."]
        try NotesStore.with(texts) { store, embedder throws in
            let retriever = HybridRetriever(store: store, embedder: embedder)
            #expect(try retriever.search("neighbours", k: 1, mode: .bm25).first?.hit.path == "/notes/0.md")
            #expect(try retriever.search("center", k: 1, mode: .bm25).first?.hit.path == "/notes/1.md")
        }
    }

    @Test func hostileQueriesGiveResultsNotErrors() throws {
        try withRetriever { retriever in
            for query in [#"NEAR("adam" *"#, "\"\"\"", "^:*()", String(repeating: "gradient ", count: 1200), "Привет мир", "🙂"] {
                let passages = try retriever.search(query, k: 3)
                #expect(passages.count <= 3)
            }
            #expect(try retriever.search("^:*()", k: 3, mode: .bm25).isEmpty)
        }
    }
}
