/// A passage of a document small enough to embed whole: a contiguous piece of one section's text.
public struct Chunk: Sendable, Equatable {
    /// Outermost heading first; the document title leads when it is not already the first heading.
    public var headingPath: [String]
    /// The passage as the user reads it, starting with the overlap repeated from the chunk before.
    public var text: String
    /// How many leading characters of `text` repeat the end of the previous chunk of the section.
    public var overlap: Int
    /// Source lines, 1-based and inclusive.
    public var lineStart: Int
    public var lineEnd: Int
    /// Pages of the chunk's own text (1-based, inclusive), for formats with pages.
    public var pageStart: Int? = nil
    public var pageEnd: Int? = nil
    /// Word pieces of `embeddedText`, [CLS] and [SEP] included.
    public var tokenCount: Int

    /// The new text of this chunk, without the overlap.
    public var ownText: Substring { text.dropFirst(overlap) }

    /// The heading path as one line: "Week 3 › Attention".
    public var heading: String { headingPath.joined(separator: " › ") }

    /// What the embedder sees: the heading path as context, then the passage.
    public var embeddedText: String { Self.embeddedText(heading: heading, text: text) }

    /// The embedded text of a chunk with this heading line and text (also for stored chunks).
    public static func embeddedText(heading: String, text: String) -> String {
        heading.isEmpty ? text : heading + "\n\n" + text
    }
}
