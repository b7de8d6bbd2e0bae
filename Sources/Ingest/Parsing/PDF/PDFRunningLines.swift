/// Running headers, footers and page numbers: lines in a page's first or last rows that repeat
/// on most pages (numbers aside, so "Reading 3 · page 2" and "… page 3" are one header), and lone
/// page numbers there. They say nothing about the page's subject and would cut its sentences.
/// Rows, not a share of the height: margins differ too much between producers.
enum PDFRunningLines {
    /// How many rows at each edge of a page may hold running lines.
    static let edgeRows = 2

    /// `pages` (each page's lines) without their running lines.
    static func removed(from pages: [[PDFLine]]) -> [[PDFLine]] {
        let edges = pages.map(edgeLines)
        var pagesWithKey: [String: Int] = [:]
        for lines in edges {
            for key in Set(lines.map(\.repetitionKey)) { pagesWithKey[key, default: 0] += 1 }
        }
        // On most pages, and on at least two: one page has nothing to repeat.
        let most = max(2, (pages.count + 1) / 2)
        return zip(pages, edges).map { lines, edge in
            let running = edge.filter { pagesWithKey[$0.repetitionKey, default: 0] >= most || $0.isPageNumber }
            return lines.filter { line in !running.contains { $0.isSame(as: line) } }
        }
    }

    private static func edgeLines(_ lines: [PDFLine]) -> [PDFLine] {
        let rows = PDFLine.rows(lines)
        // A page with no more rows than the edges hold is all content (a title page, a short
        // slide), apart from a page number.
        guard rows.count > 2 * edgeRows else { return rows.last.map { $0.filter(\.isPageNumber) } ?? [] }
        let edges = Set(rows.indices.prefix(edgeRows)).union(rows.indices.suffix(edgeRows))
        return edges.sorted().flatMap { rows[$0] }
    }
}

extension PDFLine {
    /// The text with every run of digits as "#", lowercased: equal on every page for a running line.
    fileprivate var repetitionKey: String {
        var key = ""
        for character in text.lowercased() where !character.isWhitespace {
            if character.isNumber {
                if key.last != "#" { key.append("#") }
            } else {
                key.append(character)
            }
        }
        return key
    }

    /// "7", "- 7 -", "Page 7", "7 / 30", "vii": what a page number looks like on its own.
    var isPageNumber: Bool {
        let words = text.lowercased().split { $0.isWhitespace || "-–/|".contains($0) }.filter { $0 != "page" && $0 != "of" }
        return !words.isEmpty && words.count <= 2
            && words.allSatisfy { $0.allSatisfy(\.isNumber) || ($0.count <= 4 && $0.allSatisfy("ivxl".contains)) }
    }

    fileprivate func isSame(as other: PDFLine) -> Bool {
        page == other.page && top == other.top && left == other.left && text == other.text
    }
}
