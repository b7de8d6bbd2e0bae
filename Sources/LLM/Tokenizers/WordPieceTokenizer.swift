import Foundation

/// BERT-uncased's tokenizer: `BertNormalizer`'s words, cut into the longest vocabulary pieces
/// (greedy, continuation pieces prefixed "##"), between [CLS] and [SEP].
///
/// The literal texts of the special tokens ("[CLS]", "[SEP]", "[MASK]", "[UNK]", "[PAD]") in the
/// input become their ids, as they do in HuggingFace's tokenizer.
public struct WordPieceTokenizer: Sendable {
    /// The longest input sentence-transformers feeds all-MiniLM-L6-v2, [CLS] and [SEP] included.
    public static let defaultMaxLength = 256
    /// Longer words become a single [UNK], as in BERT.
    static let maxWordLength = 100

    private let vocabulary: [String: Int32]
    public let pieces: [String]
    public let classifyID: Int32
    public let separatorID: Int32
    public let unknownID: Int32
    private let specialTokens: [(text: String, id: Int32)]

    /// Loads `vocab.txt`: one piece a line, its id the line number from 0.
    public init(vocabularyPath path: String) throws(ModelFileError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelFileError(path: path, problem: "cannot read the vocabulary")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ModelFileError(path: path, problem: "vocabulary is not UTF-8")
        }
        var pieces = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0.hasSuffix("\r") ? $0.dropLast() : $0)
        }
        if pieces.last == "" { pieces.removeLast() }
        try self.init(pieces: pieces, path: path)
    }

    init(pieces: [String], path: String = "vocabulary") throws(ModelFileError) {
        var vocabulary: [String: Int32] = [:]
        for (id, piece) in pieces.enumerated() where vocabulary[piece] == nil {
            vocabulary[piece] = Int32(id)
        }
        func id(_ token: String) throws(ModelFileError) -> Int32 {
            guard let id = vocabulary[token] else { throw ModelFileError(path: path, problem: "vocabulary lacks \(token)") }
            return id
        }
        self.vocabulary = vocabulary
        self.pieces = pieces
        classifyID = try id("[CLS]")
        separatorID = try id("[SEP]")
        unknownID = try id("[UNK]")
        specialTokens = ["[CLS]", "[SEP]", "[MASK]", "[UNK]", "[PAD]"].compactMap { token in
            vocabulary[token].map { (token, $0) }
        }
    }

    /// [CLS], the pieces of `text` (as many as fit), [SEP]: at most `maxLength` ids.
    public func encode(_ text: String, maxLength: Int = defaultMaxLength) -> [Int32] {
        let body = pieceIDs(text, limit: max(0, maxLength - 2))
        return [classifyID] + body + [separatorID]
    }

    /// How many ids `encode` would give without truncation, [CLS] and [SEP] included.
    public func tokenCount(_ text: String) -> Int { pieceIDs(text, limit: .max).count + 2 }

    /// The pieces of `text` without [CLS] and [SEP], stopping after `limit`.
    private func pieceIDs(_ text: String, limit: Int) -> [Int32] {
        var ids: [Int32] = []
        for segment in splitAtSpecialTokens(text) {
            guard ids.count < limit else { break }
            switch segment {
            case .special(let id):
                ids.append(id)
            case .text(let text):
                // Normalised a piece at a time, so that a huge input stops costing once the limit is reached.
                var rest = text
                while !rest.isEmpty, ids.count < limit {
                    let piece = Self.leadingPiece(of: rest)
                    for word in BertNormalizer.words(piece) {
                        guard ids.count < limit else { break }
                        appendPieces(of: word, to: &ids)
                    }
                    rest = rest[piece.endIndex...]
                }
            }
        }
        return Array(ids.prefix(limit))
    }

    /// Greedy longest-match-first WordPiece; a word with any unmatched part is one [UNK].
    private func appendPieces(of word: [Unicode.Scalar], to ids: inout [Int32]) {
        guard word.count <= Self.maxWordLength else {
            ids.append(unknownID)
            return
        }
        var wordIDs: [Int32] = []
        var start = 0
        while start < word.count {
            var end = word.count
            var found: Int32?
            while start < end {
                var candidate = start > 0 ? "##" : ""
                candidate.unicodeScalars.append(contentsOf: word[start..<end])
                if let id = vocabulary[candidate] {
                    found = id
                    break
                }
                end -= 1
            }
            guard let found else {
                ids.append(unknownID)
                return
            }
            wordIDs.append(found)
            start = end
        }
        ids.append(contentsOf: wordIDs)
    }

    /// The start of `text` up to the first space or newline after 2048 characters.
    /// Those always separate BERT words, so no word is split.
    private static func leadingPiece(of text: Substring) -> Substring {
        guard let start = text.index(text.startIndex, offsetBy: 2048, limitedBy: text.endIndex) else { return text }
        return text[..<(text[start...].firstIndex { $0 == " " || $0 == "\n" } ?? text.endIndex)]
    }

    private enum Segment {
        case text(Substring)
        case special(Int32)
    }

    /// Cuts the raw text at literal special tokens, which match case-sensitively and before normalisation.
    /// A "[" that starts no special token also ends a segment; it is punctuation, so no word is split.
    private func splitAtSpecialTokens(_ text: String) -> [Segment] {
        var segments: [Segment] = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "[") {
            let tail = rest[open...]
            if let special = specialTokens.first(where: { tail.hasPrefix($0.text) }) {
                segments.append(.text(rest[..<open]))
                segments.append(.special(special.id))
                rest = tail.dropFirst(special.text.count)
            } else {
                segments.append(.text(rest[...open]))
                rest = rest[rest.index(after: open)...]
            }
        }
        segments.append(.text(rest))
        return segments
    }
}
