/// A page's lines in the order a person reads them: column by column where the page has two
/// columns, top to bottom otherwise.
///
/// A line narrower than half the text's width lies in the left or the right column; a wider one
/// (a title, a figure-wide caption, a running header) spans both and ends the columns above it.
/// So a page is read as bands between spanning lines, each band's left column before its right.
enum PDFReadingOrder {
    static func ordered(_ lines: [PDFLine]) -> [PDFLine] {
        guard let minX = lines.map(\.left).min(), let maxX = lines.map(\.right).max() else { return lines }
        let middle = (minX + maxX) / 2
        let slack = (maxX - minX) * 0.02
        let rows = PDFLine.rows(lines)
        let inLeft = lines.filter { $0.right <= middle + slack }.count
        let inRight = lines.filter { $0.left >= middle - slack }.count
        // Two columns need a good share of the lines in each; a slide's few right-hand lines are not a column.
        guard inLeft >= 3, inRight >= 3, (inLeft + inRight) * 2 >= lines.count else { return rows.flatMap { $0 } }
        var ordered: [PDFLine] = []
        var left: [PDFLine] = []
        var right: [PDFLine] = []
        for row in rows {
            for line in row {
                if line.right <= middle + slack {
                    left.append(line)
                } else if line.left >= middle - slack {
                    right.append(line)
                } else {
                    ordered += left + right + [line]
                    (left, right) = ([], [])
                }
            }
        }
        return ordered + left + right
    }
}
