import GRDB

/// Chinese and Japanese put no spaces between words, so FTS5's unicode61 tokenizer keeps a whole
/// sentence as one token, and BM25 matched a CJK question only when it was that exact sentence.
/// Here a run of CJK characters becomes its overlapping pairs of characters (one character stays
/// itself), the way search engines for those languages commonly index them: a question and a
/// passage then share the pairs of the words they share. Other text is cut as before.
public enum CJKPairs {
    /// The pieces `word` is indexed and searched as: itself when it has no CJK character, else its
    /// other parts whole and each CJK run as its character pairs, in order.
    public static func pieces(_ word: String) -> [String] {
        guard word.unicodeScalars.contains(where: isCJK) else { return [word] }
        var pieces: [String] = []
        var run: [Unicode.Scalar] = []
        var other = String.UnicodeScalarView()
        func endRun() {
            if run.count == 1 { pieces.append(String(run[0])) }
            for i in run.indices.dropLast() { pieces.append(String(String.UnicodeScalarView([run[i], run[i + 1]]))) }
            run = []
        }
        func endOther() {
            if !other.isEmpty { pieces.append(String(other)) }
            other = String.UnicodeScalarView()
        }
        for scalar in word.unicodeScalars {
            if isCJK(scalar) {
                endOther()
                run.append(scalar)
            } else {
                endRun()
                other.append(scalar)
            }
        }
        endRun()
        endOther()
        return pieces
    }

    /// Han ideographs, kana and Hangul syllables.
    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3040...0x30FF, 0x31F0...0x31FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFF66...0xFF9F,
            0x20000...0x3134F:
            true
        default: false
        }
    }
}

/// The word index's tokenizer: FTS5's `porter unicode61`, with CJK runs cut by `CJKPairs`.
/// Every connection that writes chunks or searches words must know it (`Configuration.withRagTokenizer`).
final class CJKPairTokenizer: FTS5WrapperTokenizer {
    static let name = "rag_cjk"
    let wrappedTokenizer: any FTS5Tokenizer

    init(db: Database, arguments: [String]) throws {
        wrappedTokenizer = try db.makeTokenizer(.porter(wrapping: .unicode61()))
    }

    func accept(token: String, flags: FTS5TokenFlags, for tokenization: FTS5Tokenization, tokenCallback: FTS5WrapperTokenCallback) throws {
        for piece in CJKPairs.pieces(token) { try tokenCallback(piece, flags) }
    }
}

extension Configuration {
    /// This configuration, with `CJKPairTokenizer` added to each connection it opens.
    func withRagTokenizer() -> Configuration {
        var configuration = self
        configuration.prepareDatabase { $0.add(tokenizer: CJKPairTokenizer.self) }
        return configuration
    }
}
