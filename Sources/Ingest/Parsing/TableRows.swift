/// A table read one row to a line, as the HTML and Office parsers read it: the header as `a | b`,
/// a row under it as `a: cell; b: cell`, so that a row copied or found alone still says what its
/// cells are ("Method name: OPTICS; …").
struct TableRows {
    /// The cells of the table's header row, once one is read.
    private(set) var header: [String]?

    /// The line for one row; `isHeader` when the row is the table's header (all `<th>`, or marked
    /// as the header row in Word, PowerPoint or OpenDocument). Nil for a row with no text.
    mutating func line(_ cells: [String], isHeader: Bool) -> String? {
        guard cells.contains(where: { !$0.isEmpty }) else { return nil }
        if isHeader, header == nil {
            header = cells
        } else if let header, header.count == cells.count {
            return zip(header, cells).filter { !$1.isEmpty }.map { $0.isEmpty ? $1 : "\($0): \($1)" }.joined(separator: "; ")
        }
        return cells.joined(separator: " | ")
    }
}
