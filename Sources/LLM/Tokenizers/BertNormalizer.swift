import Foundation

/// The text clean-up BERT-uncased applies before splitting into words, as HuggingFace's
/// `BertNormalizer` and `BertPreTokenizer` do it:
/// control characters removed, whitespace unified, CJK ideographs set apart, accents stripped
/// (NFD, then combining marks dropped), lowercased; then split at whitespace and around punctuation.
enum BertNormalizer {
    /// The words of `text`, each a run of Unicode scalars ready for WordPiece.
    static func words(_ text: Substring) -> [[Unicode.Scalar]] {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return asciiWords(text) }
        var words: [[Unicode.Scalar]] = []
        var word: [Unicode.Scalar] = []
        func endWord() {
            if !word.isEmpty { words.append(word) }
            word.removeAll(keepingCapacity: true)
        }
        for scalar in lowercased(strippingAccents(cleaned(text))) {
            if scalar == " " {
                endWord()
            } else if isPunctuation(scalar) {
                endWord()
                words.append([scalar])
            } else {
                word.append(scalar)
            }
        }
        endWord()
        return words
    }

    /// The same steps for ASCII text, where they reduce to byte tests: most notes are ASCII, and
    /// Unicode property look-ups would otherwise dominate the time to count a chunk's tokens.
    private static func asciiWords(_ text: Substring) -> [[Unicode.Scalar]] {
        var words: [[Unicode.Scalar]] = []
        var word: [Unicode.Scalar] = []
        for byte in text.utf8 {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D:
                if !word.isEmpty { words.append(word) }
                word.removeAll(keepingCapacity: true)
            case 0..<0x20, 0x7F:
                continue  // control characters are dropped
            case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E:
                if !word.isEmpty { words.append(word) }
                word.removeAll(keepingCapacity: true)
                words.append([Unicode.Scalar(byte)])
            case 0x41...0x5A:
                word.append(Unicode.Scalar(byte + 32))
            default:
                word.append(Unicode.Scalar(byte))
            }
        }
        if !word.isEmpty { words.append(word) }
        return words
    }

    /// Drops NUL, U+FFFD and every "other" (C*) character but tab and newlines; whitespace becomes
    /// a space; CJK ideographs get a space on each side so that each is a word of its own.
    private static func cleaned(_ text: Substring) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.value == 0 || scalar.value == 0xFFFD || isControl(scalar) { continue }
            if isWhitespace(scalar) {
                out.append(" ")
            } else if isCJKIdeograph(scalar) {
                out.append(" ")
                out.append(scalar)
                out.append(" ")
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    private static func strippingAccents(_ text: String) -> [Unicode.Scalar] {
        text.decomposedStringWithCanonicalMapping.unicodeScalars.filter {
            $0.properties.generalCategory != .nonspacingMark
        }
    }

    /// Full Unicode lowercasing, with the Greek final sigma where a word ends, as Rust's
    /// `str::to_lowercase` (which HuggingFace's tokenizers use) does it.
    private static func lowercased(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(scalars.count)
        for (i, scalar) in scalars.enumerated() {
            if scalar.isASCII {
                out.append(scalar.value >= 65 && scalar.value <= 90 ? Unicode.Scalar(scalar.value + 32)! : scalar)
            } else if scalar == "\u{03A3}" {
                let afterLetter = i > 0 && scalars[i - 1].properties.isCased
                let beforeLetter = i + 1 < scalars.count && scalars[i + 1].properties.isCased
                out.append(afterLetter && !beforeLetter ? "\u{03C2}" : "\u{03C3}")
            } else {
                out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return out
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\t" || scalar == "\n" || scalar == "\r" { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned: return true
        default: return false
        }
    }

    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar.properties.isWhitespace
    }

    /// ASCII symbols count as punctuation too (BERT splits "$" and "^"), other symbols do not.
    private static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v) {
            return true
        }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default: return false
        }
    }

    /// The CJK Unified Ideographs blocks BERT treats as one word per character
    /// (not Hiragana, Katakana or Hangul, which are split like any other letters).
    private static func isCJKIdeograph(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
            0x2B740...0x2B81F, 0x2B820...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default: return false
        }
    }
}
