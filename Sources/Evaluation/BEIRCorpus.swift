import Foundation
public import Ingest
public import LLM
public import VectorIndex

/// A BEIR benchmark folder (https://github.com/beir-cellar/beir): `corpus.jsonl` (`_id`, `title`,
/// `text`), `queries.jsonl` (`_id`, `text`) and `qrels/*.tsv` (a header line, then
/// `query-id corpus-id score`, LF or CRLF).
public struct BEIRCorpus {
    public let folder: String

    public init(folder: String) {
        self.folder = folder
    }

    public var corpusPath: String { NoteScanner.absolute(folder + "/corpus.jsonl") }

    /// Each corpus record as a document of one section, at the path `corpus.jsonl#<_id>`.
    public func documents() throws -> [Document] {
        try records(folder + "/corpus.jsonl").map { line, record in
            let id = try Self.string(record["_id"], "_id", line)
            return Document(
                path: corpusPath + "#" + id, title: (record["title"] as? String) ?? "", format: .jsonLines,
                sections: [Section(headingPath: [], text: (record["text"] as? String) ?? "", lineStart: line, lineEnd: line)])
        }
    }

    /// The corpus `_id` of a document made by `documents()`.
    public static func corpusID(ofPath path: String) -> String {
        String(path[path.index(after: path.lastIndex(of: "#") ?? path.startIndex)...])
    }

    /// Query texts by `_id`.
    public func queries() throws -> [String: String] {
        var queries: [String: String] = [:]
        for (line, record) in try records(folder + "/queries.jsonl") {
            queries[try Self.string(record["_id"], "_id", line)] = try Self.string(record["text"], "text", line)
        }
        return queries
    }

    /// Relevance judgements: query id → corpus id → grade.
    public func judgements(_ path: String) throws -> [String: [String: Int]] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw IngestWarning(path: path, reason: "cannot read the relevance judgements")
        }
        var judgements: [String: [String: Int]] = [:]
        for (index, line) in text.split(whereSeparator: \.isNewline).enumerated().dropFirst() {
            let fields = line.split(whereSeparator: { $0 == "\t" || $0 == " " })
            guard fields.count >= 3, let grade = Int(fields[2]) else {
                throw IngestWarning(path: path, reason: "line \(index + 1): expected query-id, corpus-id and score")
            }
            judgements[String(fields[0]), default: [:]][String(fields[1])] = grade
        }
        return judgements
    }

    private func records(_ path: String) throws -> [(line: Int, record: [String: Any])] {
        guard let data = FileManager.default.contents(atPath: path) else { throw IngestWarning(path: path, reason: "cannot read") }
        return try data.split(separator: UInt8(ascii: "\n")).enumerated().compactMap { index, bytes in
            guard !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) else { return nil }
            guard let record = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] else {
                throw IngestWarning(path: path, reason: "line \(index + 1) is not a JSON object")
            }
            return (index + 1, record)
        }
    }

    private static func string(_ value: Any?, _ key: String, _ line: Int) throws -> String {
        if let text = value as? String { return text }
        if let number = value as? NSNumber { return number.stringValue }
        throw IngestWarning(path: "corpus", reason: "line \(line) has no \(key)")
    }
}

extension BEIRCorpus {
    /// The corpus in the store in `directory`: stored, one document per record, on the first run
    /// and reused on later ones. `embedded` counts the chunks this run embedded, nil when none.
    public func store(
        in directory: String, embedder: Embedder, lock: WriteLock, notice: (String) -> Void = { _ in },
        progress: @escaping @Sendable (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) throws -> (store: Store, embedded: Int?) {
        let ingestor = try Ingestor(directory: directory, lock: lock, embedder: embedder, notice: notice)
        let documents = try documents()
        guard try ingestor.store.stats().documents < documents.count else { return (ingestor.store, nil) }
        return (ingestor.store, try ingestor.add(documents, lock: lock, progress: progress))
    }
}
