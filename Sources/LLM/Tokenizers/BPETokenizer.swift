/// A byte-level BPE tokenizer (GGUF `tokenizer.ggml.model = gpt2`), built from the model file's
/// vocabulary, token types and merges, giving the ids llama.cpp gives.
///
/// The pipeline: special tokens are cut out first (when special text is parsed) → the
/// pre-tokenizer splits the rest into words → each word's UTF-8 bytes become byte-level symbols,
/// and the adjacent pair with the lowest merge rank is merged until none is left → ids.
/// No BOS is added here; `addsBOS` says whether the model wants one.
public struct BPETokenizer: Sendable {
    /// GGUF token types (llama.cpp's `llama_token_type`).
    enum TokenType: Int {
        case undefined = 0, normal, unknown, control, userDefined, unused, byte
    }

    public let vocabularySize: Int
    public let bosID: Int32?
    public let eosID: Int32?
    public let addsBOS: Bool
    /// Ids that end a generation: the end-of-sequence token and the end-of-turn markers (see `endOfGenerationIDs`).
    public let endOfGeneration: Set<Int32>

    private let types: [TokenType]
    /// Each token's bytes, as printed: byte-level decoded for ordinary tokens, the literal text for special ones.
    private let pieces: [[UInt8]]
    /// The merge of two adjacent symbols (left id << 32 | right id) → its rank (lower merges first) and result.
    private let merges: [UInt64: (rank: Int32, result: Int32)]
    /// The symbol each byte starts as.
    private let byteIDs: [Int32?]
    /// Tokens cut out of the text before BPE, longest first; `control` ones only when special text is parsed.
    private let specials: [(text: [Unicode.Scalar], id: Int32, isControl: Bool)]
    private let preTokenizer: PreTokenizer

    /// Reads `tokenizer.ggml.*` from `file`.
    public init(file: GGUFFile) throws(ModelFileError) {
        func fail(_ problem: String) -> ModelFileError { ModelFileError(path: file.path, problem: problem) }
        let model = try file.string("tokenizer.ggml.model")
        guard model == "gpt2" else {
            throw fail("tokenizer.ggml.model is \(model); rag reads byte-level BPE (gpt2) tokenizers only")
        }
        let preName = try file.metadata["tokenizer.ggml.pre"] == nil ? "gpt2" : file.string("tokenizer.ggml.pre")
        guard let preTokenizer = PreTokenizer(rawValue: preName == "default" ? "gpt2" : preName) else {
            throw fail("tokenizer.ggml.pre is \(preName); rag knows the gpt2 and smollm pre-tokenizers only")
        }
        let texts = try file.strings("tokenizer.ggml.tokens")
        let typeNumbers =
            try file.metadata["tokenizer.ggml.token_type"] == nil
            ? [Int](repeating: TokenType.normal.rawValue, count: texts.count) : file.integers("tokenizer.ggml.token_type")
        guard typeNumbers.count == texts.count else {
            throw fail("tokenizer.ggml.token_type has \(typeNumbers.count) entries for \(texts.count) tokens")
        }
        guard !texts.isEmpty, texts.count < Int(Int32.max) else { throw fail("tokenizer.ggml.tokens holds \(texts.count) tokens") }
        let types = typeNumbers.map { TokenType(rawValue: $0) ?? .undefined }
        func tokenID(_ key: String) throws(ModelFileError) -> Int32? {
            guard file.metadata[key] != nil else { return nil }
            let id = try file.integer(key)
            guard id >= 0, id < texts.count else { throw fail("\(key) is \(id), outside the \(texts.count)-token vocabulary") }
            return Int32(id)
        }

        var ids: [String: Int32] = [:]
        ids.reserveCapacity(texts.count)
        for (id, text) in texts.enumerated() where ids[text] == nil { ids[text] = Int32(id) }

        var merges: [UInt64: (rank: Int32, result: Int32)] = [:]
        let mergeLines = try file.strings("tokenizer.ggml.merges")
        merges.reserveCapacity(mergeLines.count)
        for (rank, line) in mergeLines.enumerated() {
            let parts = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { throw fail("tokenizer.ggml.merges entry \(rank) (\"\(line)\") is not two symbols") }
            // A merge whose parts or result are not tokens can never apply to token symbols.
            guard let left = ids[String(parts[0])], let right = ids[String(parts[1])],
                let result = ids[String(parts[0]) + String(parts[1])]
            else { continue }
            let key = UInt64(UInt32(left)) << 32 | UInt64(UInt32(right))
            if merges[key] == nil { merges[key] = (Int32(rank), result) }
        }

        self.types = types
        self.merges = merges
        self.preTokenizer = preTokenizer
        vocabularySize = texts.count
        byteIDs = ByteLevel.characters.map { ids[String($0)] }
        pieces = zip(texts, types).map { text, type in
            type == .normal ? ByteLevel.decode(text) ?? Array(text.utf8) : Array(text.utf8)
        }
        specials = zip(texts, types).enumerated()
            .filter { [.control, .userDefined, .unknown].contains($0.element.1) && !$0.element.0.isEmpty }
            .map { (Array($0.element.0.unicodeScalars), Int32($0.offset), $0.element.1 != .userDefined) }
            .sorted { $0.text.count > $1.text.count }
        bosID = try tokenID("tokenizer.ggml.bos_token_id")
        eosID = try tokenID("tokenizer.ggml.eos_token_id")
        addsBOS = try file.bool("tokenizer.ggml.add_bos_token", default: false)
        endOfGeneration = Self.endOfGenerationIDs(
            texts: texts, types: types,
            declared: [eosID, try tokenID("tokenizer.ggml.eot_token_id"), try tokenID("tokenizer.ggml.eom_token_id")])
    }

    /// The ids of `text`. With `parseSpecial`, the literal text of a control token (such as
    /// "<|im_start|>") becomes that token; without, it is encoded as ordinary text.
    public func encode(_ text: String, parseSpecial: Bool = false) -> [Int32] {
        var out: [Int32] = []
        for fragment in fragments(Array(text.unicodeScalars), parseSpecial: parseSpecial) {
            switch fragment {
            case .special(let id):
                out.append(id)
            case .text(let scalars):
                for word in preTokenizer.split(scalars) {
                    var bytes: [UInt8] = []
                    for scalar in scalars[word] { bytes.append(contentsOf: UTF8.encode(scalar)!) }
                    appendWord(bytes, to: &out)
                }
            }
        }
        return out
    }

    /// The ids of a whole prompt (such as `ChatTemplate.render` makes) as the model expects them:
    /// special text parsed, and BOS first when the model asks for one (SmolLM2 does not).
    public func promptIDs(_ prompt: String) -> [Int32] {
        let bos = addsBOS ? bosID.map { [$0] } ?? [] : []
        return bos + encode(prompt, parseSpecial: true)
    }

    /// The bytes token `id` stands for: ordinary tokens decoded from the byte-level alphabet,
    /// special tokens as their literal text. Empty for an id outside the vocabulary.
    public func bytes(of id: Int32) -> [UInt8] {
        pieces.indices.contains(Int(id)) ? pieces[Int(id)] : []
    }

    /// True for control tokens such as "<|im_start|>", which a streamed answer does not print.
    public func isControl(_ id: Int32) -> Bool {
        types.indices.contains(Int(id)) && types[Int(id)] == .control
    }

    /// The text of `ids`, invalid UTF-8 replaced by U+FFFD.
    public func decode(_ ids: [Int32]) -> String {
        String(decoding: ids.flatMap { bytes(of: $0) }, as: UTF8.self)
    }

    // MARK: Special tokens

    private enum Fragment {
        case text([Unicode.Scalar])
        case special(Int32)
    }

    /// Cuts the special tokens out of the text, longest token first, as llama.cpp's
    /// `tokenizer_st_partition` does. User-defined tokens are always cut; control tokens only with `parseSpecial`.
    private func fragments(_ text: [Unicode.Scalar], parseSpecial: Bool) -> [Fragment] {
        var fragments: [Fragment] = text.isEmpty ? [] : [.text(text)]
        for special in specials where parseSpecial || !special.isControl {
            fragments = fragments.flatMap { fragment -> [Fragment] in
                guard case .text(let scalars) = fragment else { return [fragment] }
                return Self.cut(scalars, at: special.text, id: special.id)
            }
        }
        return fragments
    }

    private static func cut(_ scalars: [Unicode.Scalar], at token: [Unicode.Scalar], id: Int32) -> [Fragment] {
        var out: [Fragment] = []
        var start = 0
        var i = 0
        while i + token.count <= scalars.count {
            if scalars[i] == token[0] && scalars[i..<i + token.count].elementsEqual(token) {
                if start < i { out.append(.text(Array(scalars[start..<i]))) }
                out.append(.special(id))
                i += token.count
                start = i
            } else {
                i += 1
            }
        }
        if start < scalars.count { out.append(.text(Array(scalars[start...]))) }
        return out
    }

    // MARK: BPE

    /// Merges one word's byte symbols, lowest rank first and leftmost first among equal ranks.
    private func appendWord(_ bytes: [UInt8], to out: inout [Int32]) {
        // A doubly linked list of symbols; merged-away symbols get id -1.
        var symbols = bytes.compactMap { byteIDs[Int($0)] }
        guard symbols.count > 1 else {
            out.append(contentsOf: symbols)
            return
        }
        var next = Array(1...symbols.count)
        var previous = Array(-1..<symbols.count - 1)
        var candidates = MergeQueue()
        func consider(_ left: Int) {
            let right = next[left]
            guard right < symbols.count, let merge = merges[Self.key(symbols[left], symbols[right])] else { return }
            candidates.push(.init(rank: merge.rank, left: Int32(left), leftID: symbols[left], rightID: symbols[right]))
        }
        for i in symbols.indices.dropLast() { consider(i) }
        while let candidate = candidates.pop() {
            let left = Int(candidate.left)
            let right = next[left]
            // Skip pairs that an earlier merge changed.
            guard symbols[left] == candidate.leftID, right < symbols.count, symbols[right] == candidate.rightID,
                let merge = merges[Self.key(candidate.leftID, candidate.rightID)]
            else { continue }
            symbols[left] = merge.result
            symbols[right] = -1
            next[left] = next[right]
            if next[right] < symbols.count { previous[next[right]] = left }
            if previous[left] >= 0 { consider(previous[left]) }
            consider(left)
        }
        out.append(contentsOf: symbols.filter { $0 >= 0 })
    }

    private static func key(_ left: Int32, _ right: Int32) -> UInt64 { UInt64(UInt32(left)) << 32 | UInt64(UInt32(right)) }

    // MARK: End of generation

    /// Texts that llama.cpp treats as the end of a turn in any vocabulary, plus the fill-in-the-middle
    /// repository and file markers it also stops at. GGUF files rarely list these ids in metadata,
    /// so llama.cpp finds them by text; rag does the same to stop where llama.cpp stops.
    static let endOfGenerationTexts: Set<String> = [
        "<|endoftext|>", "<|im_end|>", "<|eot_id|>", "<|eom_id|>", "<|end|>", "<end_of_turn>", "<|end_of_text|>",
        "<EOT>", "_<EOT>", "</s>", "<end_of_utterance>",
        "<|fim_pad|>", "<fim-pad>", "<fim_pad>", "<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>", "<reponame>",
        "<|file_sep|>",
    ]

    private static func endOfGenerationIDs(texts: [String], types: [TokenType], declared: [Int32?]) -> Set<Int32> {
        var ids = Set(declared.compactMap { $0 })
        for (id, text) in texts.enumerated() where types[id] == .control && endOfGenerationTexts.contains(text) {
            ids.insert(Int32(id))
        }
        return ids
    }
}

/// A binary min-heap of merge candidates ordered by (rank, left position), the order llama.cpp merges in.
private struct MergeQueue {
    struct Candidate {
        let rank: Int32
        let left: Int32
        let leftID: Int32
        let rightID: Int32

        func precedes(_ other: Candidate) -> Bool { rank != other.rank ? rank < other.rank : left < other.left }
    }

    private var heap: [Candidate] = []

    mutating func push(_ candidate: Candidate) {
        heap.append(candidate)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Candidate? {
        guard let first = heap.first else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let (left, right) = (2 * parent + 1, 2 * parent + 2)
                var smallest = parent
                if left < heap.count && heap[left].precedes(heap[smallest]) { smallest = left }
                if right < heap.count && heap[right].precedes(heap[smallest]) { smallest = right }
                guard smallest != parent else { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return first
    }
}
