import Foundation
import Hummingbird

/// What a request may carry: bodies are small JSON documents (a question, a list of paths).
enum RequestLimits {
    static let bodyBytes = 64 * 1024
}

extension Request {
    /// The body decoded from JSON with snake_case keys, or a 413, 415 or 400 saying what is wrong.
    ///
    /// Only `application/json` is accepted: a web page on another site can send a form or plain
    /// text to a local server without asking first, but not JSON, so this also stops such pages
    /// from starting an ingest or a generation.
    func decodeJSON<Body: Decodable>(_ type: Body.Type) async throws -> Body {
        if let length = headers[.contentLength].flatMap(Int.init), length > RequestLimits.bodyBytes {
            throw APIError(.contentTooLarge, JSONErrorMiddleware<BasicRequestContext>.message(for: .contentTooLarge))
        }
        let mediaType = headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard mediaType == "application/json" else {
            throw APIError(.unsupportedMediaType, "send the body as JSON with Content-Type: application/json")
        }
        let buffer = try await body.collect(upTo: RequestLimits.bodyBytes)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(Body.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw APIError(.badRequest, Self.explain(error))
        }
    }

    /// DecodingError's own text is long and internal; this names the field in the API's spelling.
    private static func explain(_ error: DecodingError) -> String {
        func field(_ path: [any CodingKey], _ key: (any CodingKey)? = nil) -> String {
            let names = (path + (key.map { [$0] } ?? [])).map { $0.intValue.map { "[\($0)]" } ?? snakeCase($0.stringValue) }
            return names.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context): return "the body needs \"\(field(context.codingPath, key))\""
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "\"\(field(context.codingPath))\" must be \(kind(of: type))"
        case .dataCorrupted(let context) where !context.codingPath.isEmpty:
            return "\"\(field(context.codingPath))\" has a value that is not allowed"
        default: return "the body is not valid JSON"
        }
    }

    private static func kind(of type: Any.Type) -> String {
        switch String(describing: type) {
        case "String": "a string"
        case "Bool": "true or false"
        case let name where name.hasPrefix("Array"): "a list"
        case let name where name.hasPrefix("Dictionary"): "an object"
        default: "a number"
        }
    }

    private static func snakeCase(_ name: String) -> String {
        name.reduce(into: "") { result, character in
            if character.isUppercase { result += "_" + character.lowercased() } else { result.append(character) }
        }
    }
}
