public import Foundation

/// The JSON every report of rag is written in: what the commands print with `--json`, what
/// `rag serve` answers (on one line there) and what `rag eval qa --answers` logs. Keys are
/// snake_case and sorted, so that the same report always reads the same.
public enum ReportJSON {
    public static func encode(_ value: some Encodable, pretty: Bool) throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }
}
