import ArgumentParser
import Console
import Foundation
import Ingest
import LLM
import VectorIndex

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Add folders of notes to the store, or bring it up to date with them.",
        discussion: """
            A sync, not an append: new files are added; changed files are read again, and only chunks \
            whose text changed are embedded again; deleted files leave the store; moved or renamed files \
            keep their embeddings. Hidden files, what a .ragignore excludes and unsupported types are \
            skipped. A file that cannot be read gives a warning and keeps its last good version.

            Formats: Markdown and text (.md .markdown .txt), HTML (.html .htm .xhtml), JSON (.json \
            .jsonl .ndjson), notebooks (.ipynb), PDF (.pdf), Word (.docx), PowerPoint (.pptx), \
            OpenDocument (.odt .odp) and EPUB (.epub). Passages are cited by page in a PDF \
            ("slides.pdf p. 12"), by slide in a deck ("deck.pptx slide 7", speaker notes under \
            "Speaker notes"), and elsewhere by lines ("notes.md:3-7"; in Word, OpenDocument text and \
            EPUB the lines of the extracted text that `rag chunks FILE` shows).

            Work is committed in batches: an interrupted ingest keeps what it finished, and running \
            it again completes the rest.

            With --watch, the first sync is followed by one more for each batch of changes (files \
            created, changed, renamed or deleted; changes within about a second go together), each \
            printed as a line on stderr, until Ctrl-C or SIGTERM, which stop it at its next file or \
            embedding batch, keeping every commit. The store's lock is held only while a batch \
            syncs, so other writers can run between batches (a batch waits for them).

            Exit codes: 0 when the run completed (unreadable files are warnings), 1 when nothing could be read.

            Examples:
              rag ingest ~/courses/ml-notes
              rag ingest --dry-run notes/              # list what would change
              rag ingest --json notes/ | jq .chunks_embedded
              rag ingest --watch ~/courses/ml-notes  # keep the store in sync while you edit
            """
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var writing: WriteOptions

    @Flag(help: "List what would be added, updated, renamed and removed, and change nothing.")
    var dryRun = false

    @Flag(help: "Print the summary as one JSON document.")
    var json = false

    @Flag(help: "Keep the store in sync as files change, until Ctrl-C or SIGTERM.")
    var watch = false

    @Option(help: ArgumentHelp("Skip files larger than this many MiB (1 MiB = 1,048,576 bytes).", valueName: "MiB"))
    var maxFileSize: Double = Double(NoteScanner.defaultMaxFileSize) / 1_048_576

    @Option(
        name: .customLong("index"),
        help: ArgumentHelp(
            "The FAISS index type of a new store: auto (exact until \(IndexKind.hnswFrom.formatted()) chunks, HNSW beyond), flat, hnsw or ivf.",
            valueName: "type"))
    var indexKind = "auto"

    @Option(help: ArgumentHelp("Commit after about this many chunks; an interrupted ingest keeps every commit.", valueName: "chunks"))
    var commitEvery = 2048

    @OptionGroup var precision: PrecisionOption

    @Argument(help: "Folders or files of notes.")
    var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("Give at least one folder or file to ingest.") }
        if maxFileSize <= 0 { throw ValidationError("--max-file-size must be positive.") }
        if commitEvery <= 0 { throw ValidationError("--commit-every must be positive.") }
        if indexKind != "auto" && IndexKind(rawValue: indexKind) == nil {
            throw ValidationError("--index takes auto, flat, hnsw or ivf, not '\(indexKind)'.")
        }
        if watch && (dryRun || json) { throw ValidationError("--watch prints a line per sync on stderr; it takes neither --dry-run nor --json.") }
    }

    func run() throws {
        let scanner = NoteScanner(maxFileSize: Int(maxFileSize * 1_048_576))
        if watch { return try keepInSync(scanner) }
        let report: IngestReport
        if dryRun {
            let existing = Store.exists(at: store.directory) ? try store.openForReading() : nil
            report = try Ingestor.plan(paths, store: existing, scanner: scanner)
        } else {
            report = try ingest(scanner)
        }
        if json {
            try Output.printJSON(report)
        } else {
            IngestText.printSummary(report)
        }
        let nothingRead = report.added + report.changed + report.unchanged + report.renamed == 0 && !report.warnings.isEmpty
        if nothingRead { throw ExitCode.failure }
    }

    private func ingest(_ scanner: NoteScanner) throws -> IngestReport {
        let lock = try writing.lock(store.directory)
        return try Terminal.failing {
            let embedder = try precision.embedder()
            var ingestor = try Ingestor(directory: store.directory, lock: lock, embedder: embedder, kind: IndexKind(rawValue: indexKind), notice: Terminal.notice)
            ingestor.scanner = scanner
            ingestor.chunksPerCommit = commitEvery
            let bars = IngestText.ProgressBars()
            defer { bars.finish() }
            return try ingestor.sync(paths, lock: lock, progress: bars.progress)
        }
    }

    /// `--watch`: the first sync's summary as a plain run prints it, then a line per sync that
    /// changed something, and each warning once.
    private func keepInSync(_ scanner: NoteScanner) throws {
        let stop = Interrupt([SIGINT, SIGTERM])
        try Terminal.failing {
            var watcher = NoteWatcher(paths: paths, storeDirectory: store.directory, embedder: try precision.embedder())
            (watcher.scanner, watcher.chunksPerCommit, watcher.kind) = (scanner, commitEvery, IndexKind(rawValue: indexKind))
            watcher.notice = Terminal.notice
            var warned: Set<String> = []
            var first = true
            Terminal.note("watching \(paths.map { Terminal.safe($0, oneLine: true) }.joined(separator: ", ")); Ctrl-C stops")
            try watcher.run(until: { stop.happened }) { report in
                for warning in report.warnings where warned.insert(warning.path + "\n" + warning.reason).inserted { IngestText.warn(warning) }
                if first || report.added + report.changed + report.renamed + report.removed > 0 { Terminal.note(report.summary) }
                first = false
            }
        }
        Terminal.note("stopped watching")
    }
}
