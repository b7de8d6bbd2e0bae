/// Where a passage is in its file as a viewer shows it: "p. 12" or "pp. 12–13" in a paged format
/// (PDF), "slide 7" or "slides 7–8" in a slide deck (.pptx, .odp), else its lines. Every place rag
/// names a passage (citations, search results, inspect, chunks, every `--json` output's `place`,
/// the page at `/`) says it this way, and this is the one place that decides it.
public enum Place {
    /// "p. 12", "pp. 12–13", "slide 7", "slides 7–8", or nil without pages. A deck keeps its slide
    /// numbers in the page columns; the file's extension says which word a viewer uses for them.
    public static func pages(_ start: Int?, _ end: Int?, path: String) -> String? {
        guard let start else { return nil }
        let end = end ?? start
        let (one, many) = isSlideDeck(path) ? ("slide ", "slides ") : ("p. ", "pp. ")
        return end == start ? one + "\(start)" : many + "\(start)–\(end)"
    }

    /// What follows the path: " p. 12" or " slide 7" where there are pages or slides, else ":3-7" (lines).
    public static func suffix(path: String, lineStart: Int, lineEnd: Int, pageStart: Int?, pageEnd: Int?) -> String {
        pages(pageStart, pageEnd, path: path).map { " " + $0 } ?? ":\(lineStart)-\(lineEnd)"
    }

    /// "p. 12", "slide 7", or "lines 3-7": a passage's place without its path.
    public static func alone(path: String, lineStart: Int, lineEnd: Int, pageStart: Int?, pageEnd: Int?) -> String {
        pages(pageStart, pageEnd, path: path) ?? "lines \(lineStart)-\(lineEnd)"
    }

    /// PowerPoint and OpenDocument presentations: their page columns hold slide numbers. A PDF's are
    /// pages even when it was exported from slides, as a PDF viewer numbers them.
    static func isSlideDeck(_ path: String) -> Bool {
        let name = path.lowercased()
        return name.hasSuffix(".pptx") || name.hasSuffix(".odp")
    }
}

/// The smallest and largest page of two ranges, either of which may have none.
public func pageRange(_ a: (start: Int?, end: Int?), _ b: (start: Int?, end: Int?)) -> (start: Int?, end: Int?) {
    let starts = [a.start, b.start].compactMap { $0 }
    let ends = [a.end ?? a.start, b.end ?? b.start].compactMap { $0 }
    return (starts.min(), ends.max())
}
