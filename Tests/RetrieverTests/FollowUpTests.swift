import Testing

@testable import Retriever

/// Follow-ups searched with the topic of the turn before; questions that stand alone searched as asked.
@Suite struct FollowUpTests {
    @Test func aQuestionThatLeansOnTheConversationCarriesTheTopicOver() {
        #expect(FollowUp.query(for: "How many parameters does it add?", after: ["What is LoRA?"]) == "How many parameters does it add? — LoRA")
        #expect(FollowUp.query(for: "Why?", after: ["What does dropout do at test time?"]) == "Why? — dropout test time")
        #expect(FollowUp.query(for: "And for RNNs?", after: ["Which normalisation does the course use in CNNs?"]).hasPrefix("And for RNNs? — normalisation course CNNs"))
        #expect(FollowUp.query(for: "What about the other one?", after: ["Who are the TAs?"]) == "What about the other one? — TAs")
    }

    @Test func aThirdTurnStillCarriesTheFirstTopic() {
        let second = FollowUp.query(for: "How many parameters does it add?", after: ["What is LoRA?"])
        let third = FollowUp.query(for: "Is that a lot?", after: ["What is LoRA?", second])
        #expect(third.contains("LoRA") && third.contains("parameters"), "\(third)")
        #expect(FollowUp.words(of: third).count <= FollowUp.words(of: "Is that a lot?").count + FollowUp.topicWords)
    }

    @Test func aQuestionThatStandsAloneIsRankedAsAsked() {
        let standalone = "Why are attention scores divided by the square root of d_k?"
        let query = FollowUp.query(for: standalone, after: ["What is LoRA?"])
        #expect(query == standalone + " — LoRA")
        #expect(FollowUp.rankedBy(query: query, asked: standalone) == standalone)
        #expect(FollowUp.rankedBy(query: "How many parameters does it add? — LoRA", asked: "How many parameters does it add?") == "How many parameters does it add? — LoRA")
        #expect(FollowUp.rankedBy(query: "What is it?", asked: nil) == "What is it?")
        #expect(FollowUp.query(for: "What is it?", after: []) == "What is it?")  // nothing to lean on
        #expect(!FollowUp.leansOnContext("How many epochs does lab 3 train for?") && FollowUp.leansOnContext("Why not?"))
    }

    @Test func theLastAnswersNotesAreSearchedOnlyForAFollowUpThatLeans() {
        let notes = ["/notes/lora.md"]
        #expect(FollowUp.previousNotes(notes, asked: "How many parameters does it add?") == .notes(notes))
        #expect(FollowUp.previousNotes(notes, asked: "How many epochs does lab 3 train for?") == nil)
        #expect(FollowUp.previousNotes(notes, asked: nil) == nil)  // a first turn, or one searched as asked
        #expect(FollowUp.previousNotes([], asked: "Why?") == nil)  // the last answer cited nothing
    }

    @Test func wordsAlreadyAskedAreNotRepeated() {
        #expect(FollowUp.query(for: "Does LoRA use it?", after: ["What is the rank r in LoRA?"]) == "Does LoRA use it? — rank r")
    }
}
