/// A page's lines in the order a person reads them: column by column where the page has two
/// columns, top to bottom otherwise.
///
/// A line narrower than half the text's width lies in the left or the right column; a wider one
/// (a title, a figure-wide caption, a running header) spans both and ends the columns above it.
/// So a page is read as bands between spanning lines, each band's left column before its right.
/// Pieces of one line that poppler cut apart are joined first, within a column only: the gutter
/// between two columns may be narrower than the space after a heading's number.
enum PDFReadingOrder {
    static func ordered(_ pieces: [PDFLine]) -> [PDFLine] {
        guard let minX = pieces.map(\.left).min(), let maxX = pieces.map(\.right).max() else { return pieces }
        let middle = (minX + maxX) / 2
        let slack = (maxX - minX) * 0.02
        func column(_ line: PDFLine) -> Column {
            line.right <= middle + slack ? .left : line.left >= middle - slack ? .right : .spanning
        }
        let inLeft = pieces.filter { column($0) == .left }.count
        let inRight = pieces.filter { column($0) == .right }.count
        // Two columns need a good share of the lines in each; a slide's few right-hand lines are not a column.
        let twoColumns = inLeft >= 3 && inRight >= 3 && (inLeft + inRight) * 2 >= pieces.count
        let rows = PDFLine.rows(pieces).map { joined($0, sameColumn: twoColumns ? { column($0) == column($1) } : { _, _ in true }) }
        guard twoColumns else { return rows.flatMap { $0 } }
        var ordered: [PDFLine] = []
        var left: [PDFLine] = []
        var right: [PDFLine] = []
        for line in rows.joined() {
            switch column(line) {
            case .left: left.append(line)
            case .right: right.append(line)
            case .spanning:
                ordered += left + right + [line]
                (left, right) = ([], [])
            }
        }
        return ordered + left + right
    }

    private enum Column { case left, right, spanning }

    /// A row's pieces (left to right), each joined to the one before it when both lie in one
    /// column and no more than a gutter apart.
    private static func joined(_ row: [PDFLine], sameColumn: (PDFLine, PDFLine) -> Bool) -> [PDFLine] {
        var joined: [PDFLine] = []
        for piece in row {
            if var last = joined.last, sameColumn(last, piece),
                piece.left - last.right < PDFLine.gutter * max(last.fontSize, piece.fontSize)
            {
                last.append(piece)
                joined[joined.count - 1] = last
            } else {
                joined.append(piece)
            }
        }
        return joined
    }
}
