import ArgumentParser
import Console
import Evaluation
import Foundation
import Ingest
import LLM
import Retriever

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure retrieval quality on a BEIR benchmark or on a gold question set.",
        subcommands: [BEIR.self, QA.self, FollowUps.self]
    )

    struct BEIR: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "beir",
            abstract: "nDCG@10, Recall@10, Recall@100 and MRR@10 on a BEIR folder.",
            discussion: """
                The corpus goes into a store of its own (default: `beir-<folder name>` beside the default store), \
                one document per record (title as heading, text), and is reused on later runs. Documents are \
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
        @Flag(
            help:
                "Rank hybrid's first \(BEIREvaluation.rerankDepth) documents again by how well their best sentence answers, as rag ask does (slow: every sentence is embedded)."
        )
        var rerank = false
        @Option(name: .customLong("store"), help: ArgumentHelp("The store for this corpus.", valueName: "dir")) var storeDirectory: String?
        @Flag(help: "Print one JSON document instead of text.") var json = false
        @OptionGroup var writing: WriteOptions
        @OptionGroup var precision: PrecisionOption

        func run() throws {
            let corpus = BEIRCorpus(folder: folder)
            let name = (NoteScanner.absolute(folder) as NSString).lastPathComponent
            let directory = storeDirectory.map(NoteScanner.absolute) ?? StoreOptions.directory(root: nil, collection: "beir-\(name)")
            try Terminal.failing {
                let embedder = try precision.embedder()
                let bar = ProgressBar("embedding corpus", unit: "chunks")
                let (store, embedded) = try corpus.store(
                    in: directory, embedder: embedder, lock: try writing.lock(directory), notice: Terminal.notice,
                    progress: { bar.update(done: $0, total: $1) })
                bar.finish()
                if let embedded { Terminal.note("stored the corpus (\(embedded) chunks embedded) in \(directory)") }
                var evaluation = BEIREvaluation(retriever: retrieval.retriever(store: store, embedder: embedder))
                evaluation.mode = retrieval.mode
                if rerank { evaluation.ranker = AnswerRanker(embedder: embedder) }
                let evaluating = ProgressBar("evaluating", unit: "queries")
                let report = try evaluation.run(
                    queries: try corpus.queries(), judgements: try corpus.judgements(qrels ?? folder + "/qrels/test.tsv"),
                    progress: { evaluating.update(done: $0, total: $1) })
                evaluating.finish()
                if json { try Output.printJSON(report) } else { Output.print(report.text) }
            }
        }
    }
}
