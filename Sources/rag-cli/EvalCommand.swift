import ArgumentParser
import Foundation
import Ingest
import LLM
import Retriever
import VectorIndex

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure retrieval quality on a BEIR benchmark or on a gold question set.",
        subcommands: [BEIR.self, QA.self]
    )

    struct BEIR: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "beir",
            abstract: "nDCG@10, Recall@10, Recall@100 and MRR@10 on a BEIR folder.",
            discussion: """
                The corpus goes into a store of its own (default: `beir-<folder name>` beside the default store),
                one document per record (title as heading, text), and is reused on later runs. Documents are
                ranked by their best chunk; hybrid fuses the dense and BM25 document rankings (see --fusion).

                Example:
                  rag eval beir ../shared/eval/scifact --qrels ../shared/eval/scifact/qrels/train.tsv --mode hybrid
                  rag eval beir ../shared/eval/scifact --qrels ../shared/eval/scifact/qrels/train.tsv --fusion rrf
                  rag eval beir ../shared/eval/scifact --qrels ../shared/eval/scifact/qrels/train.tsv --rerank
                """
        )

        @Argument(help: "A BEIR folder with corpus.jsonl, queries.jsonl and qrels/.") var folder: String
        @Option(help: "The judgements (default: qrels/test.tsv in the folder).") var qrels: String?
        @OptionGroup var retrieval: RetrievalOptions
        @Flag(help: "Rank hybrid's first \(Self.rerankDepth) documents again by how well their best sentence answers, as rag ask does (slow: every sentence is embedded).")
        var rerank = false
        @Option(name: .customLong("store"), help: ArgumentHelp("The store for this corpus.", valueName: "dir")) var storeDirectory: String?
        @Flag(help: "Print one JSON document instead of text.") var json = false
        @OptionGroup var writing: WriteOptions

        struct Report: Encodable {
            let ndcg10: Double
            let recall10: Double
            let recall100: Double
            let mrr10: Double
            let queries: Int
            let mode: String
            /// How hybrid fused the rankings; nil for dense and bm25.
            let fusion: String?
            /// Whether the second stage ranked hybrid's first documents again.
            let reranked: Bool

            enum CodingKeys: String, CodingKey {
                case ndcg10 = "ndcg@10", recall10 = "recall@10", recall100 = "recall@100", mrr10 = "mrr@10", queries, mode, fusion, reranked
            }
        }

        /// Documents the second stage ranks again: the ones nDCG@10 and MRR@10 can see, and some below.
        static let rerankDepth = 20

        func run() throws {
            let corpus = BEIRCorpus(folder: folder)
            let name = (NoteScanner.absolute(folder) as NSString).lastPathComponent
            let directory = storeDirectory.map(NoteScanner.absolute) ?? StoreOptions.directory(root: nil, collection: "beir-\(name)")
            do {
                let embedder = try Embedder()
                let store = try Store(directory: directory, creating: (embedder.dimension, .flat), notice: { Terminal.note("notice: \($0)") })
                let ingestor = Ingestor(store: store, embedder: embedder)
                let documents = try corpus.documents()
                if try store.stats().documents < documents.count {
                    let lock = try writing.lock(directory)
                    let bar = ProgressBar("embedding corpus", unit: "chunks")
                    let embedded = try ingestor.add(documents, lock: lock) { bar.update(done: $0, total: $1) }
                    bar.finish()
                    Terminal.note("stored \(documents.count) documents (\(embedded) chunks embedded) in \(directory)")
                }
                let report = try evaluate(corpus: corpus, retriever: retrieval.retriever(store: store, embedder: embedder))
                if json {
                    try Output.printJSON(report)
                } else {
                    Output.print(
                        String(
                            format: "%@ on %d queries: nDCG@10 %.4f · Recall@10 %.4f · Recall@100 %.4f · MRR@10 %.4f\n", report.mode,
                            report.queries, report.ndcg10, report.recall10, report.recall100, report.mrr10))
                }
            } catch let error as ExitCode {
                throw error
            } catch {
                throw Terminal.fail("\(error)")
            }
        }

        private func evaluate(corpus: BEIRCorpus, retriever: HybridRetriever) throws -> Report {
            let judgements = try corpus.judgements(qrels ?? folder + "/qrels/test.tsv")
            let queries = try corpus.queries()
            let evaluated = judgements.keys.filter { queries[$0] != nil }.sorted()
            let mode = retrieval.mode
            // Documents are ranked by their best chunk; 300 chunks give 100 documents even when long ones split.
            let chunkDepth = 300
            let vectors = mode == .bm25 ? [] : retriever.embedder.embed(evaluated.map { queries[$0]! })
            var paths: [Int64: String] = [:]
            // each document's best chunk, which the second stage reads
            var bestChunk: [String: Int64] = [:]
            func documentRanking(_ candidates: [(id: Int64, score: Float)]) throws -> [(id: String, score: Float)] {
                let unknown = candidates.map(\.id).filter { paths[$0] == nil }
                for hit in try retriever.store.hits(unknown.map { ($0, 0) }) { paths[hit.chunk.id!] = hit.path }
                var seen: Set<String> = []
                return candidates.compactMap { chunk in
                    paths[chunk.id].map { path in
                        let document = BEIRCorpus.corpusID(ofPath: path)
                        if bestChunk[document] == nil { bestChunk[document] = chunk.id }
                        return (document, chunk.score)
                    }
                }.filter { seen.insert($0.id).inserted }
            }
            let ranker = rerank && mode == .hybrid ? AnswerRanker(embedder: retriever.embedder) : nil
            // the first documents again, each by its best chunk, as `rag ask` ranks passages
            func rankAgain(_ fused: [(id: String, score: Double)], by ranker: AnswerRanker, query: String, vector: [Float]) throws -> [String] {
                let top = Array(fused.prefix(Self.rerankDepth))
                let chunks = Dictionary(
                    uniqueKeysWithValues: try retriever.store.hits(top.map { (bestChunk[$0.id]!, 0) }).map { (BEIRCorpus.corpusID(ofPath: $0.path), $0.chunk) })
                let scores = ranker.answerScores(top.map { (chunks[$0.id]!.text, chunks[$0.id]!.heading, $0.score) }, question: query, vector: vector)
                let reordered = zip(top, scores).enumerated().sorted { ($0.element.1, -$0.offset) > ($1.element.1, -$1.offset) }
                return reordered.map(\.element.0.id) + fused.dropFirst(Self.rerankDepth).map(\.id)
            }
            var totals = (ndcg: 0.0, recall10: 0.0, recall100: 0.0, mrr: 0.0)
            let bar = ProgressBar("evaluating", unit: "queries")
            for (i, id) in evaluated.enumerated() {
                bestChunk = [:]
                let dense = mode == .bm25 ? [] : try documentRanking(retriever.denseCandidates(vector: vectors[i], limit: chunkDepth))
                let words = mode == .dense ? [] : try documentRanking(retriever.keywordCandidates(queries[id]!, limit: chunkDepth))
                let ranked: [String]
                switch mode {
                case .dense: ranked = dense.map(\.id)
                case .bm25: ranked = words.map(\.id)
                case .hybrid:
                    let fused = retriever.fusion.fuse([Array(dense.prefix(100)), Array(words.prefix(100))], rrfK: retriever.fusionK)
                    ranked = try ranker.map { try rankAgain(fused, by: $0, query: queries[id]!, vector: vectors[i]) } ?? fused.map(\.id)
                }
                let relevant = judgements[id]!
                totals.ndcg += RankingMetrics.ndcg(ranked, relevant)
                totals.recall10 += RankingMetrics.recall(ranked, relevant, k: 10)
                totals.recall100 += RankingMetrics.recall(ranked, relevant, k: 100)
                totals.mrr += RankingMetrics.reciprocalRank(ranked, relevant)
                bar.update(done: i + 1, total: evaluated.count)
            }
            bar.finish()
            let n = Double(max(evaluated.count, 1))
            return Report(
                ndcg10: totals.ndcg / n, recall10: totals.recall10 / n, recall100: totals.recall100 / n, mrr10: totals.mrr / n,
                queries: evaluated.count, mode: mode.rawValue + (ranker == nil ? "" : " + answer ranking"),
                fusion: mode == .hybrid ? retriever.fusion.rawValue : nil, reranked: ranker != nil)
        }
    }
}
