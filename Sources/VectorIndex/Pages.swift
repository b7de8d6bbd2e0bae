/// Where a passage is in its file as a viewer shows it: "p. 12" or "pp. 12–13" in a paged format
/// (PDF), else its lines. Every place rag names a passage (citations, search results, inspect, the
/// page at `/`) says it this way.
public enum Place {
    /// "p. 12", "pp. 12–13", or nil without pages.
    public static func pages(_ start: Int?, _ end: Int?) -> String? {
        guard let start else { return nil }
        let end = end ?? start
        return end == start ? "p. \(start)" : "pp. \(start)–\(end)"
    }

    /// What follows the path: " p. 12" where there are pages, else ":3-7" (lines).
    public static func suffix(lineStart: Int, lineEnd: Int, pageStart: Int?, pageEnd: Int?) -> String {
        pages(pageStart, pageEnd).map { " " + $0 } ?? ":\(lineStart)-\(lineEnd)"
    }
}

/// The smallest and largest page of two ranges, either of which may have none.
public func pageRange(_ a: (start: Int?, end: Int?), _ b: (start: Int?, end: Int?)) -> (start: Int?, end: Int?) {
    let starts = [a.start, b.start].compactMap { $0 }
    let ends = [a.end ?? a.start, b.end ?? b.start].compactMap { $0 }
    return (starts.min(), ends.max())
}
