/// A word's other English spelling: "neighbours" and "neighbors", "minimise" and "minimize",
/// "centre" and "center", "modelling" and "modeling". Students write one and notes the other, and
/// BM25 matches words as they are spelled (the porter stemmer keeps "neighbour" and "neighbor"
/// apart). The rules are spelling patterns, not a dictionary: a variant that is no word ("noize"
/// for "noise", "vectour" for "vector") matches nothing and costs nothing.
enum SpellingVariants {
    /// The other spelling of a lowercase word, if one of the patterns fits it.
    static func of(_ word: String) -> String? {
        for (pattern, replacement) in rules {
            guard let match = word.wholeMatch(of: pattern) else { continue }
            return String(match.output.stem) + replacement(String(match.output.ending)) + String(match.output.rest)
        }
        return nil
    }

    // -ise/-ize and -yse/-yze with their inflections; -our/-or after three letters or more ("four"
    // is not "for"); -tre/-ter; a doubled l before -ed/-ing/-er after a single vowel ("labelled",
    // "modeling"; not "called").
    nonisolated(unsafe) private static let rules: [(Regex<(Substring, stem: Substring, ending: Substring, rest: Substring)>, (String) -> String)] = [
        (/(?<stem>\p{L}{3,})(?<ending>is|iz|ys|yz)(?<rest>e|es|ed|ing|er|ers|ation|ations|able)/, { swapped($0, "s", "z") }),
        (/(?<stem>\p{L}{3,})(?<ending>our|or)(?<rest>|s|ed|ing|ite|ites|able|hood|hoods|ful)/, { $0 == "our" ? "or" : "our" }),
        (/(?<stem>\p{L}{3,})(?<ending>tre|ter)(?<rest>|s)/, { $0 == "tre" ? "ter" : "tre" }),
        (/(?<stem>\p{L}+[^aeiou][aeiou])(?<ending>ll|l)(?<rest>ed|ing|er|ers)/, { $0 == "ll" ? "l" : "ll" }),
    ]

    private static func swapped(_ ending: String, _ a: Character, _ b: Character) -> String {
        String(ending.map { $0 == a ? b : $0 == b ? a : $0 })
    }
}
