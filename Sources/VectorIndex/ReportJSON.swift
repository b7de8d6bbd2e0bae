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

    /// A report read back from its JSON, as `encode` wrote it.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(type, from: data)
    }
}
