import Foundation
import Testing

@testable import Ingest

/// The text of a file under `corpora/`.
private func corpusText(_ path: String) throws -> String {
    try String(contentsOf: Corpus.root.appendingPathComponent(path), encoding: .utf8)
}

/// A file under `corpora/` parsed the way its extension says.
private func parse(_ path: String) throws -> Document {
    try parse(try corpusText(path), path: path)
}

/// `text` parsed the way the extension of `path` says; JSON Lines warnings are dropped.
private func parse(_ text: String, path: String) throws(IngestWarning) -> Document {
    if path.hasSuffix(".json") { return try JSONParser.parseJSON(text, path: path) }
    if path.hasSuffix(".ipynb") { return try JSONParser.parseNotebook(text, path: path).document }
    return try JSONParser.parseJSONLines(text, path: path).0
}

/// The warning that parsing a file under `corpora/` throws, or nil when it does not throw.
private func warning(_ path: String) throws -> IngestWarning? {
    let text = try corpusText(path)
    return thrown { () throws(IngestWarning) in try parse(text, path: path) }
}

private func thrown(_ parse: () throws(IngestWarning) -> Document) -> IngestWarning? {
    do {
        _ = try parse()
        return nil
    } catch {
        return error
    }
}

private func section(_ document: Document, _ headingPath: [String]) throws -> Section {
    try #require(document.sections.first { $0.headingPath == headingPath }, "no section \(headingPath)")
}

/// The checks every parsed corpus file must pass: lines inside the file, tidy non-empty text.
private func expectWellFormed(_ document: Document, text: String) {
    let lineCount = text.split(separator: "\n", omittingEmptySubsequences: false).count
    for section in document.sections {
        #expect(
            1 <= section.lineStart && section.lineStart <= section.lineEnd && section.lineEnd <= lineCount,
            "\(document.path) \(section.headingPath): lines \(section.lineStart)-\(section.lineEnd) of \(lineCount)")
        #expect(!section.text.isEmpty)
        #expect(section.text.first?.isNewline == false && section.text.last?.isWhitespace == false)
        if !section.isCode { #expect(section.text == section.text.trimmingSpaces) }
    }
}

private let exports = [
    "syllabus.json", "glossary.json", "quiz-bank.json", "course-config.json", "flashcards.jsonl", "forum-threads.ndjson",
].map { "ml-notes/exports/" + $0 }
private let notebooks = ["lab01-linear-regression", "lab02-mlp-numpy", "lab03-kmeans-pca", "lab04-retrieval-eval"]
    .map { "ml-notes/labs/\($0).ipynb" }

// MARK: - JSON

@Test func syllabusRecordsAreHeadedByTheirTitles() throws {
    let path = "ml-notes/exports/syllabus.json"
    let document = try parse(path)
    #expect(document.path == path && document.format == .json)
    #expect(document.title == "COMP 47120 Machine Learning: Foundations and Practice")

    let topLevel = try section(document, [])
    #expect(topLevel.text.hasPrefix("course: COMP 47120 Machine Learning: Foundations and Practice\ncode: COMP47120\nterm: Autumn 2024"))
    #expect(topLevel.text.contains("credits: 7.5"))
    #expect(try section(document, ["lecturer"]).text == "name: Prof. Ingrid Halvorsen\nemail: ingrid.halvorsen@example.edu\nroom: E3.12")

    let lectures = document.sections.filter { $0.headingPath.first == "lectures" }
    #expect(lectures.count == 18)
    let attention = try section(document, ["lectures", "Attention"])
    #expect(
        attention.text == """
            number: 9
            week: 5
            date: 2024-10-15
            title: Attention
            summary: From the encoder-decoder bottleneck to scaled dot-product and multi-head attention.
            readings[0]: Bahdanau, Cho & Bengio (2014)
            readings[1]: Vaswani et al. (2017), sections 3.2–3.3
            """)
    // The section runs from its first leaf's line to its last's.
    let lines = try corpusText(path).split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines[attention.lineStart - 1].contains(#""number": 9"#))
    #expect(lines[attention.lineEnd - 1].contains("Vaswani et al. (2017), sections 3.2–3.3"))

    let exam = try section(document, ["assessments", "Final exam"])
    #expect(exam.text.contains("weight: 0.35"))
    #expect(exam.text.contains("details: Two-hour written exam in the Sports Hall"))
}

@Test func glossaryKeepsEveryLanguage() throws {
    let document = try parse("ml-notes/exports/glossary.json")
    #expect(document.title == "COMP 47120 multilingual glossary")
    #expect(document.sections.filter { $0.headingPath.first == "terms" }.count == 13)
    #expect(try section(document, ["languages"]).text == "zh: Chinese (Simplified)\nel: Greek\nru: Russian")
    let perplexity = try section(document, ["terms", "perplexity"])
    #expect(perplexity.text.contains("translations.zh: 困惑度\ntranslations.el: αμηχανία\ntranslations.ru: перплексия"))
    #expect(perplexity.text.contains("note: Wei says the Chinese term 困惑度 literally means degree of confusion"))
}

@Test func quizBankNestsOptionsAndKeepsNumbers() throws {
    let document = try parse("ml-notes/exports/quiz-bank.json")
    #expect(document.title == "Midterm practice question bank")
    #expect(try section(document, []).text.contains("time_limit_minutes: 40"))
    let questions = document.sections.filter { $0.headingPath.first == "questions" }
    #expect(questions.count == 12)
    let first = try #require(questions.first)
    #expect(first.headingPath[1].hasPrefix("A degree-12 polynomial"))
    #expect(first.text.contains("options.A: High bias\noptions.B: High variance"))
    let multiple = try #require(questions.first { $0.text.contains("id: P07") })
    #expect(multiple.text.contains("answer[0]: A\nanswer[1]: B\nanswer[2]: D"))
    #expect(questions.contains { $0.text.contains("answer: 0.67") })
}

@Test func courseConfigGroupsByTopLevelKey() throws {
    let document = try parse("ml-notes/exports/course-config.json")
    #expect(document.title == "course-config")  // its "course" is an object, not a name
    #expect(document.sections.map(\.headingPath) == [["export"], ["course"]])
    let course = try section(document, ["course"])
    #expect(course.text.hasPrefix("id: COMP47120-AUT24\nsettings.visibility.students: true\nsettings.visibility.guests: false"))
    #expect(course.text.contains("settings.grading.categories.labs.weight: 0.3"))
    #expect(course.text.contains("settings.autograder.python.packages[2]: torch==2.4.1"))
    #expect(course.text.contains("settings.forum.moderators[1]: Tomás Reyes"))
}

@Test func jsonShapesBesideTheCorpus() throws {
    // A top-level array of records, labelled or not, and a scalar document.
    let array = #"[{"name": "Ada", "born": 1815}, {"x": null, "y": " "}, {"id": 3}, "loose"]"#
    let records = try JSONParser.parseJSON(array, path: "people.json")
    #expect(records.title == "people")
    #expect(records.sections.map(\.headingPath) == [["Ada"], ["[2]"], []])
    #expect(records.sections.map(\.text) == ["name: Ada\nborn: 1815", "id: 3", "[3]: loose"])

    let scalar = try JSONParser.parseJSON("\"just one string\"\n", path: "dir/one.json")
    #expect(scalar.sections == [Section(headingPath: [], text: "just one string", lineStart: 1, lineEnd: 1)])

    // A value keeps its own line breaks; a title field names the document.
    let multiline = try JSONParser.parseJSON(#"{"title": "  T\nsub", "body": "one\ntwo "}"#, path: "m.json")
    #expect(multiline.title == "T")
    #expect(multiline.sections.map(\.text) == ["title: T\nsub\nbody: one\ntwo"])

    // Nesting at the limit parses and walks without trouble.
    let depth = JSONValue.maxDepth - 1
    let deep = String(repeating: #"{"a":"#, count: depth) + #""bottom""# + String(repeating: "}", count: depth)
    let nested = try JSONParser.parseJSON(deep, path: "deep.json")
    #expect(nested.sections.first?.text.hasSuffix("a.a: bottom") == true)
}

@Test func emptyJSONIsAnEmptyDocument() throws {
    for text in ["", "  \n\t\r\n", "\u{FEFF}"] {
        let document = try JSONParser.parseJSON(text, path: "notes/empty.json")
        #expect(document == Document(path: "notes/empty.json", title: "empty", format: .json, sections: []))
        let (lines, warning) = try JSONParser.parseJSONLines(text, path: "empty.jsonl")
        #expect(lines.sections.isEmpty && warning == nil)
        #expect(try JSONParser.parseNotebook(text, path: "empty.ipynb").document.sections.isEmpty)
    }
}

// MARK: - JSON Lines

@Test func flashcardsAreOneSectionPerLine() throws {
    let path = "ml-notes/exports/flashcards.jsonl"
    let (document, warning) = try JSONParser.parseJSONLines(try corpusText(path), path: path)
    #expect(warning == nil)
    #expect(document.title == "flashcards" && document.format == .jsonLines)
    #expect(document.sections.count == 28)
    for (index, section) in document.sections.enumerated() {
        #expect(section.lineStart == index + 1 && section.lineEnd == index + 1)
        #expect(section.text.hasPrefix("front: \(section.headingPath[0])\nback: "))
    }
    #expect(document.sections[0].headingPath == ["What does the kernel trick let an SVM do?"])
    #expect(document.sections[0].text.hasSuffix("tags[0]: svm"))
}

@Test func forumThreadsKeepTheirReplies() throws {
    let document = try parse("ml-notes/exports/forum-threads.ndjson")
    let thread = try section(document, ["JupyterHub down?"])
    #expect(thread.lineStart == 4 && thread.lineEnd == 4)
    #expect(thread.text.contains("thread_id: 1071\nforum: Lab 3\ntitle: JupyterHub down?"))
    #expect(thread.text.contains("replies[0].author: Priya Natarajan (TA)"))
    #expect(thread.text.contains("replies[0].body: Confirmed outage."))
}

@Test func jsonLinesWithoutATitleAreHeadedByLineNumber() throws {
    let text = "{\"a\": 1}\n\n[\"x\", {\"b\": true}]\r\n\"plain\"\n{}\n"
    let (document, warning) = try JSONParser.parseJSONLines(text, path: "r.ndjson")
    #expect(warning == nil)
    #expect(
        document.sections == [
            Section(headingPath: ["line 1"], text: "a: 1", lineStart: 1, lineEnd: 1),
            Section(headingPath: ["line 3"], text: "[0]: x\n[1].b: true", lineStart: 3, lineEnd: 3),
            Section(headingPath: ["line 4"], text: "plain", lineStart: 4, lineEnd: 4),
        ])
}

@Test func malformedLinesAreListedInOneWarning() throws {
    let many = (1...12).map { "{bad \($0)" } + [#"{"front": "ok"}"#]
    let (document, warning) = try JSONParser.parseJSONLines(many.joined(separator: "\n"), path: "many.jsonl")
    #expect(document.sections.map(\.headingPath) == [["ok"]])
    #expect(
        warning?.reason
            == "skipped 12 malformed lines: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, … (line 1, column 2: expected a string key, found 'b')")

    let one = try JSONParser.parseJSONLines("[1]\n[2,\n", path: "one.jsonl")
    #expect(one.1?.reason == "skipped 1 malformed line: 2 (line 2, column 4: unexpected end of input)")

    let none = thrown { () throws(IngestWarning) in try JSONParser.parseJSONLines("nope\n\n{\n", path: "none.jsonl").0 }
    #expect(none == IngestWarning(path: "none.jsonl", reason: "invalid JSON Lines: no line parses (line 1, column 1: unexpected 'n')"))
}

// MARK: - Notebooks

@Test func notebooksAreTitledByTheirFirstHeading() throws {
    let titles = try notebooks.map { try parse($0).title }
    #expect(
        titles == [
            "Lab 1 — Linear Regression from Scratch",
            "Lab 2 — A Multilayer Perceptron in NumPy",
            "Lab 3 — Unsupervised Learning: k-means and PCA",
            "Lab 4 — Evaluating Retrieval: BM25 vs Dense vs Hybrid",
        ])
    for path in notebooks {
        #expect(try parse(path).format == .notebook)
    }
}

@Test func codeCellsSitUnderTheHeadingsBeforeThem() throws {
    let lab1 = try parse(notebooks[0])
    let code = lab1.sections.filter(\.isCode)
    #expect(code.count == 5)
    #expect(code.allSatisfy { $0.headingPath.first == "Lab 1 — Linear Regression from Scratch" })
    let gd = try #require(code.first { $0.text.hasPrefix("def fit_gd(") })
    #expect(gd.headingPath == ["Lab 1 — Linear Regression from Scratch", "Part C — Gradient descent", "Question C2 (written, 1 mark)"])
    #expect(code.last?.headingPath.last == "Part D — Test error")
    // The code keeps its layout; `# 160 rows…` is a comment, not a heading.
    let load = try #require(code.first)
    #expect(load.text.contains("\n\n# 160 rows for training, 40 for testing (fixed split, do not change)\n"))
    #expect(load.headingPath.last == "Part A — Loading and standardising the data")

    // Lab 2 has single-string sources: every line of a cell is on the cell's one file line.
    let lab2 = try parse(notebooks[1])
    let plot = try #require(lab2.sections.first { $0.isCode && $0.text.hasPrefix("import matplotlib") })
    #expect(plot.headingPath.last == "Part C — Training")
    #expect(plot.lineStart == plot.lineEnd)
}

@Test func markdownLinesMapToTheFile() throws {
    let path = notebooks[0]
    let document = try parse(path)
    let lines = try corpusText(path).split(separator: "\n", omittingEmptySubsequences: false)
    for section in document.sections {
        // Each section's first and last lines are source strings that hold its first and last text lines.
        let text = section.text.split(separator: "\n")
        let first = try #require(text.first), last = try #require(text.last)
        let escapedFirst = first.prefix(30).replacingOccurrences(of: "\"", with: "\\\"")
        let escapedLast = last.suffix(20).replacingOccurrences(of: "\"", with: "\\\"")
        #expect(lines[section.lineStart - 1].contains(escapedFirst), "\(section.headingPath)")
        #expect(lines[section.lineEnd - 1].contains(escapedLast), "\(section.headingPath)")
    }
}

@Test func outputsNeverReachSections() throws {
    for path in notebooks {
        let document = try parse(path)
        let text = document.sections.map(\.text).joined(separator: "\n")
        let notebook = try #require(try JSONSerialization.jsonObject(with: Data(try corpusText(path).utf8)) as? [String: Any])
        var outputs: [String] = []
        for cell in notebook["cells"] as? [[String: Any]] ?? [] {
            for output in cell["outputs"] as? [[String: Any]] ?? [] {
                let data = (output["data"] as? [String: Any])?.values.map { $0 } ?? []
                for value in [output["text"] as Any] + data {
                    outputs += (value as? [String] ?? [value as? String].compactMap { $0 })
                        .flatMap { $0.split(separator: "\n").map(String.init) }
                }
            }
        }
        #expect(!outputs.isEmpty)
        for output in outputs where output.count >= 6 {
            #expect(!text.contains(output), "\(path): output \(output.prefix(60))")
        }
    }
    let lab2 = try parse(notebooks[1]).sections.map(\.text).joined()
    #expect(!lab2.contains("iVBORw0KGgo") && !lab2.contains("epoch 10: loss 0.0871"))
}

@Test func notebookCellsOfTheWrongShapeAreSkipped() throws {
    let text = """
        {
         "metadata": {"title": "Given title"},
         "cells": [
          "not a cell",
          {"cell_type": "code", "source": 42},
          {"cell_type": "code", "source": ["x = 1\\n", null, 7, "y = 2"]},
          {"cell_type": "unknown", "source": "# Not a heading"},
          {"source": "no type"},
          {"cell_type": "markdown", "source": ["## Part A\\n", "\\n", "Text under A.\\n"]},
          {"cell_type": "raw", "source": "\\n# raw, not a heading\\n\\n\\nsecond paragraph\\n"},
          {"cell_type": "code", "source": "\\n\\n    indented()\\n\\n", "outputs": "not-a-list"},
          {"cell_type": "code", "source": ["  \\n"]}
         ]
        }
        """
    let (document, warning) = try JSONParser.parseNotebook(text, path: "nb.ipynb")
    #expect(warning?.reason == "cells 1, 2, 3, 5 of 9 have no type or a source that is not text, which was skipped")
    #expect(document.title == "Given title")
    #expect(
        document.sections == [
            Section(headingPath: [], text: "x = 1\ny = 2", lineStart: 6, lineEnd: 6, isCode: true, textLineNumbers: [6, 6]),
            Section(headingPath: ["Part A"], text: "Text under A.", lineStart: 9, lineEnd: 9, textLineNumbers: [9]),
            Section(
                headingPath: ["Part A"], text: "# raw, not a heading\n\nsecond paragraph", lineStart: 10, lineEnd: 10,
                textLineNumbers: [10, 10, 10]),
            Section(headingPath: ["Part A"], text: "    indented()", lineStart: 11, lineEnd: 11, isCode: true, textLineNumbers: [11]),
        ])
}

/// Read through `NoteReader`, as an ingest reads it: stored empty, but with a warning naming the file.
@Test func aNotebookOfCellsWithoutTextIsWarnedAbout() throws {
    let text = ##"{"cells": [{"cell_type": "markdown", "source": {"text": "# Week 1"}}, {"cell_type": "code", "source": [1, 2]}, {"cell_type": "code", "source": []}]}"##
    let read = NoteReader.parse(Array(text.utf8), path: "/n/week1.ipynb", format: .notebook)
    #expect(read.document?.sections.isEmpty == true)
    #expect(read.warning?.path == "/n/week1.ipynb")
    #expect(read.warning?.reason == "cells 1, 2 of 3 have no type or a source that is not text, which was skipped")
}

@Test func notebookListSourcesMapLineByLine() throws {
    let text = """
        {"cells": [
          {"cell_type": "markdown", "source": [
            "# Title\\n",
            "\\n",
            "Intro line one\\n",
            "intro line two\\n",
            "\\n",
            "## Section\\n",
            "Body"
          ]},
          {"cell_type": "code", "source": [
            "\\n",
            "a = 1\\n",
            "b = 2\\n"
          ]}
        ]}
        """
    let document = try JSONParser.parseNotebook(text, path: "dir/lines.ipynb").document
    #expect(document.title == "Title")
    #expect(
        document.sections == [
            Section(headingPath: ["Title"], text: "Intro line one\nintro line two", lineStart: 5, lineEnd: 6, textLineNumbers: [5, 6]),
            Section(headingPath: ["Title", "Section"], text: "Body", lineStart: 9, lineEnd: 9, textLineNumbers: [9]),
            Section(
                headingPath: ["Title", "Section"], text: "a = 1\nb = 2", lineStart: 13, lineEnd: 14, isCode: true,
                textLineNumbers: [13, 14]),
        ])
}

// MARK: - Bad inputs (corpora/bad-inputs/README.md)

@Test func badInputsGiveOneWarningEach() throws {
    #expect(try warning("bad-inputs/broken.json")?.reason == "invalid JSON: line 6, column 18: unterminated string")
    #expect(try warning("bad-inputs/deep-nesting.json")?.reason == "invalid JSON: line 1, column 513: nesting deeper than 512 levels")
    #expect(
        try warning("bad-inputs/broken-notebook.ipynb")
            == IngestWarning(path: "bad-inputs/broken-notebook.ipynb", reason: "not a Jupyter notebook: no cells"))
    let truncated = try warning("bad-inputs/truncated-notebook.ipynb")
    #expect(truncated?.reason.hasPrefix("invalid JSON: line ") == true)
    #expect(truncated?.path == "bad-inputs/truncated-notebook.ipynb")

    // Not a notebook either: cells that are not cell objects. An empty notebook is just empty.
    let strings = thrown { () throws(IngestWarning) in try JSONParser.parseNotebook(#"{"cells": ["a", 1]}"#, path: "s.ipynb").document }
    #expect(strings?.reason == "not a Jupyter notebook: no cells")
    #expect(try JSONParser.parseNotebook(#"{"cells": []}"#, path: "e.ipynb").document.sections.isEmpty)
}

@Test func brokenLinesKeepTheGoodRecords() throws {
    let path = "bad-inputs/broken-lines.jsonl"
    let (document, warning) = try JSONParser.parseJSONLines(try corpusText(path), path: path)
    #expect(document.sections.map(\.lineStart) == [1, 2, 5, 7])
    #expect(
        document.sections.map(\.headingPath) == [
            ["What does BM25's b control?"], ["Default RRF constant?"], ["What is HNSW's efSearch?"], ["Cosine of identical unit vectors?"],
        ])
    let reason = try #require(warning?.reason)
    #expect(reason.hasPrefix("skipped 2 malformed lines: 3, 6 (line 3, column "))
    #expect(warning?.path == path)
}

// MARK: - Acceptance

@Test func everyGoldEvidencePhraseIsInItsFile() throws {
    var checked = 0
    for line in try corpusText("qa.jsonl").split(separator: "\n") {
        let row = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let file = try #require(row["file"] as? String), evidence = try #require(row["evidence"] as? String)
        guard [".json", ".jsonl", ".ndjson", ".ipynb"].contains(where: file.hasSuffix) else { continue }
        let text = Corpus.collapsed(try parse(file).sections.map(\.text).joined(separator: "\n"))
        #expect(text.contains(Corpus.collapsed(evidence)), "\(file): \(evidence)")
        checked += 1
    }
    #expect(checked == 16)
}

@Test func corpusSectionsAreWellFormed() throws {
    for path in exports + notebooks {
        let document = try parse(path)
        #expect(!document.sections.isEmpty, "\(path)")
        expectWellFormed(document, text: try corpusText(path))
    }
}
