/// The tables being read in an Office document (a cell may hold a table of its own): each row
/// becomes one line as `TableRows` writes it, and a table inside a cell becomes that cell's text.
struct OpenTables {
    private struct Table {
        var rows = TableRows()
        var lines: [String] = []
        var cells: [String] = []
        var isHeaderRow = false
        /// The paragraphs of the cell being read, or nil between cells.
        var cell: [String]?
    }

    private var tables: [Table] = []

    /// Whether text now belongs to a table cell rather than to the body.
    var inCell: Bool { tables.last?.cell != nil }

    mutating func openTable() { tables.append(Table()) }

    mutating func openRow(isHeader: Bool) {
        guard !tables.isEmpty else { return }
        tables[tables.count - 1].cells = []
        tables[tables.count - 1].isHeaderRow = isHeader
    }

    mutating func openCell() {
        guard !tables.isEmpty else { return }
        tables[tables.count - 1].cell = []
    }

    /// A paragraph of the open cell; a row stays on one line, so paragraphs join with spaces.
    mutating func append(_ paragraph: String) {
        guard inCell, !paragraph.isEmpty else { return }
        tables[tables.count - 1].cell!.append(paragraph)
    }

    mutating func closeCell() {
        guard let cell = tables.last?.cell else { return }
        tables[tables.count - 1].cells.append(cell.joined(separator: " "))
        tables[tables.count - 1].cell = nil
    }

    mutating func closeRow() {
        guard var table = tables.popLast() else { return }
        if let line = table.rows.line(table.cells, isHeader: table.isHeaderRow) { table.lines.append(line) }
        table.cells = []
        tables.append(table)
    }

    /// The closed table's rows as one paragraph, or nil when it went into the cell around it.
    mutating func closeTable() -> String? {
        guard let table = tables.popLast() else { return nil }
        let text = table.lines.joined(separator: inCell ? " " : "\n")
        if inCell {
            append(text)
            return nil
        }
        return text
    }

    /// Whether a row is the first of the table being read.
    var atFirstRow: Bool { tables.last.map { $0.lines.isEmpty && $0.rows.header == nil } ?? false }
}
