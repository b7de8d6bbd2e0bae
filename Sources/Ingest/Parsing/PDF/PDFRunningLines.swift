/// Running headers, footers and page numbers: lines near a page's top or bottom edge that repeat
/// on most pages (numbers aside, so "Reading 3 · page 2" and "… page 3" are one header), and lone
/// page numbers there. They say nothing about the page's subject and would cut its sentences.
enum PDFRunningLines {
    /// How near an edge, as a share of the page's height, a running line sits.
    static let band = 0.12

    /// `pages` (each page's lines) without their running lines.
    static func removed(from pages: [[PDFLine]], heights: [Double]) -> [[PDFLine]] {
        var pagesWithKey: [String: Int] = [:]
        for (lines, height) in zip(pages, heights) {
            for key in Set(lines.filter { inBand($0, height) }.map(\.repetitionKey)) { pagesWithKey[key, default: 0] += 1 }
        }
        // On most pages, and on at least two: one page has nothing to repeat.
        let most = max(2, (pages.count + 1) / 2)
        return zip(pages, heights).map { lines, height in
            lines.filter { line in
                !(inBand(line, height) && (pagesWithKey[line.repetitionKey, default: 0] >= most || line.isPageNumber))
            }
        }
    }

    private static func inBand(_ line: PDFLine, _ height: Double) -> Bool {
        line.bottom <= height * band || line.top >= height * (1 - band)
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
    fileprivate var isPageNumber: Bool {
        let words = text.lowercased().split { $0.isWhitespace || $0 == "-" || $0 == "–" || $0 == "/" || $0 == "|" }
            .filter { $0 != "page" && $0 != "of" }
        return !words.isEmpty && words.count <= 2
            && words.allSatisfy { $0.allSatisfy(\.isNumber) || $0.allSatisfy("ivxlc".contains) }
    }
}
