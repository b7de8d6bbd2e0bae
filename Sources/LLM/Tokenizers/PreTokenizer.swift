/// Splits text into the words that BPE then encodes one at a time, as llama.cpp does for the
/// GGUF's `tokenizer.ggml.pre`. Pieces are ranges of Unicode scalars; no merge crosses a piece boundary.
///
/// `gpt2` is GPT-2's pattern `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`.
/// `smollm` first isolates every digit (`\p{N}`), then applies GPT-2's pattern to each piece on its own:
/// that is why every digit is a token and a space before a digit is a token by itself.
enum PreTokenizer: String, Sendable {
    case gpt2
    case smollm

    /// The scalar ranges of `text`'s words, in order; together they cover the whole text.
    func split(_ text: [Unicode.Scalar]) -> [Range<Int>] {
        switch self {
        case .gpt2:
            return Self.gpt2Words(text, in: 0..<text.count)
        case .smollm:
            return Self.isolatingDigits(text).flatMap { Self.gpt2Words(text, in: $0) }
        }
    }

    /// The character classes the pattern uses, with llama.cpp's meaning of each.
    private enum Class {
        case letter, number, whitespace, other
    }

    private static func classify(_ scalar: Unicode.Scalar) -> Class {
        // ASCII, most of any prompt, without the Unicode property lookup
        if scalar.isASCII {
            switch scalar.value {
            case 0x41...0x5A, 0x61...0x7A: return .letter
            case 0x30...0x39: return .number
            case 0x09...0x0D, 0x20: return .whitespace
            default: return .other
            }
        }
        let properties = scalar.properties
        if properties.isWhitespace { return .whitespace }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return .letter
        case .decimalNumber, .letterNumber, .otherNumber: return .number
        default: return .other
        }
    }

    /// `\p{N}` with both the matches and the text between them kept as pieces.
    private static func isolatingDigits(_ text: [Unicode.Scalar]) -> [Range<Int>] {
        var pieces: [Range<Int>] = []
        var start = 0
        for i in text.indices where classify(text[i]) == .number {
            if start < i { pieces.append(start..<i) }
            pieces.append(i..<i + 1)
            start = i + 1
        }
        if start < text.count { pieces.append(start..<text.count) }
        return pieces
    }

    /// GPT-2's pattern over `text[range]`, which it treats as the whole input (the lookahead
    /// `(?!\S)` sees the end of the range, not the text after it).
    private static func gpt2Words(_ text: [Unicode.Scalar], in range: Range<Int>) -> [Range<Int>] {
        var words: [Range<Int>] = []
        func classAt(_ i: Int) -> Class? { i < range.upperBound ? classify(text[i]) : nil }
        var position = range.lowerBound
        while position < range.upperBound {
            let scalar = text[position]
            let start = position

            // 's 't 're 've 'm 'll 'd (lower case only, as in GPT-2)
            if scalar == "'", position + 1 < range.upperBound {
                let next = text[position + 1]
                if next == "s" || next == "t" || next == "m" || next == "d" {
                    words.append(start..<position + 2)
                    position += 2
                    continue
                }
                if position + 2 < range.upperBound {
                    let pair = String(String.UnicodeScalarView([next, text[position + 2]]))
                    if pair == "re" || pair == "ve" || pair == "ll" {
                        words.append(start..<position + 3)
                        position += 3
                        continue
                    }
                }
            }

            // ` ?\p{L}+`, ` ?\p{N}+`, ` ?[^\s\p{L}\p{N}]+`: an optional space, then a run of one class
            let first = scalar == " " ? classAt(position + 1) : classAt(position)
            if let first, first != .whitespace {
                position += scalar == " " ? 1 : 0
                while classAt(position) == first { position += 1 }
                words.append(start..<position)
                continue
            }

            // `\s+(?!\S)` leaves the last space of a run for the word after it; `\s+` takes the rest
            var spaces = 0
            while classAt(position + spaces) == .whitespace { spaces += 1 }
            if spaces > 1, position + spaces < range.upperBound {
                position += spaces - 1
            } else {
                position += max(spaces, 1)
            }
            words.append(start..<position)
        }
        return words
    }
}
