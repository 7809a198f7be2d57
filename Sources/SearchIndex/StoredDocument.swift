/// One document as stored (and returned by search). Empty string = absent.
public struct StoredDocument: Sendable, Equatable, Codable {
    /// The caller's identifier of the document.
    public var id: String
    /// The page address.
    public var url: String
    /// The headline.
    public var title: String
    /// The byline.
    public var author: String
    /// The publication date (ISO 8601).
    public var published: String
    /// The article text, paragraphs separated by "\n".
    public var body: String

    /// Creates a document; fields left out are absent (empty).
    public init(
        id: String, url: String = "", title: String = "", author: String = "", published: String = "", body: String
    ) {
        self.id = id
        self.url = url
        self.title = title
        self.author = author
        self.published = published
        self.body = body
    }
}
