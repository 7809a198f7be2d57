/// What extraction yields from one HTML page. nil = not found.
public struct Article: Sendable, Equatable, Codable {
    /// The headline, without a trailing " | Site" suffix.
    public var title: String?
    /// The author name(s), joined with ", " when there are several.
    public var author: String?
    /// The publication date as an ISO 8601 calendar date ("YYYY-MM-DD").
    public var published: String?
    /// The canonical URL of the page (or the URL it was fetched from).
    public var url: String?
    /// The language tag of the page, e.g. "en" or "pt-BR".
    public var language: String?
    /// The page's own summary (meta description or og:description).
    public var description: String?
    /// The article text, paragraphs separated by "\n".
    public var body: String

    /// Creates an article from its parts.
    public init(
        title: String? = nil, author: String? = nil, published: String? = nil, url: String? = nil,
        language: String? = nil, description: String? = nil, body: String = ""
    ) {
        self.title = title
        self.author = author
        self.published = published
        self.url = url
        self.language = language
        self.description = description
        self.body = body
    }
}

/// Why a page could not be extracted.
public enum ExtractionError: Error, CustomStringConvertible, Equatable {
    /// The input holds no bytes (or only whitespace).
    case empty
    /// The input is not text (NUL bytes or control characters where markup should be).
    case binary
    /// libxml2 could not set up a parser (out of memory).
    case parserUnavailable

    /// A sentence for users.
    public var description: String {
        switch self {
        case .empty: return "The page is empty."
        case .binary: return "The input is binary data, not an HTML page."
        case .parserUnavailable: return "The HTML parser could not be created (out of memory?)."
        }
    }
}
