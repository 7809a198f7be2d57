/// A passage of a document for display, with the byte ranges of the words that matched the query.
public struct Snippet: Sendable, Equatable {
    /// The passage, with "…" where the document text was cut and line breaks shown as spaces.
    public var text: String
    /// UTF-8 byte ranges into `text` of the words that matched, ascending and non-overlapping.
    public var highlights: [Range<Int>]

    /// Creates a snippet.
    public init(text: String, highlights: [Range<Int>]) {
        self.text = text
        self.highlights = highlights
    }
}
