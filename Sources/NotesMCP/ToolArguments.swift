import MCP

/// A tool call's arguments, read against the tool's schema: a missing required argument, a wrong
/// type or a value out of range is the client's mistake, answered as a protocol error (invalid
/// params) that names the argument.
struct ToolArguments {
    let tool: String
    let values: [String: Value]

    func string(_ name: String) throws -> String {
        guard let value = values[name] else { throw MCPError.invalidParams("\(tool): \(name) is required") }
        guard let text = value.stringValue, !text.allSatisfy(\.isWhitespace) else {
            throw MCPError.invalidParams("\(tool): \(name) must be a non-empty string")
        }
        return text
    }

    func strings(_ name: String) throws -> [String] {
        guard let value = values[name] else { throw MCPError.invalidParams("\(tool): \(name) is required") }
        guard let items = value.arrayValue, !items.isEmpty, let texts = Optional(items.compactMap(\.stringValue)), texts.count == items.count else {
            throw MCPError.invalidParams("\(tool): \(name) must be a list of strings")
        }
        return texts
    }

    /// A list of strings, or nil when absent.
    func optionalStrings(_ name: String) throws -> [String]? {
        values[name] == nil ? nil : try strings(name)
    }

    /// A whole number of at least 1, or nil when absent.
    func optionalInteger(_ name: String) throws -> Int? {
        values[name] == nil ? nil : try integer(name, in: 1...Int.max)
    }

    /// Without a default, the argument is required.
    func integer(_ name: String, default fallback: Int? = nil, in range: ClosedRange<Int>) throws -> Int {
        guard let value = values[name] else {
            guard let fallback else { throw MCPError.invalidParams("\(tool): \(name) is required") }
            return fallback
        }
        // JSON has one number type: 5.0 is taken as 5, 5.5 is not a whole number.
        let number = value.intValue ?? value.doubleValue.flatMap { $0 == $0.rounded() ? Int(exactly: $0) : nil }
        guard let number, range.contains(number) else {
            throw MCPError.invalidParams("\(tool): \(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    func choice<Choice: RawRepresentable & CaseIterable>(_ name: String, default fallback: Choice) throws -> Choice where Choice.RawValue == String {
        guard let value = values[name] else { return fallback }
        guard let text = value.stringValue, let choice = Choice(rawValue: text) else {
            throw MCPError.invalidParams("\(tool): \(name) takes \(Choice.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return choice
    }
}
