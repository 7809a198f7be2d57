/// One document read from an input, before extraction: raw HTML or already-extracted text.
public struct SourceDocument: Sendable {
    /// What the input holds for this document.
    public enum Content: Sendable {
        /// A raw page, to be decoded and extracted.
        case html([UInt8])
        /// Plain text (a JSONL `body` or `text` field): indexed as it is.
        case text(String)
    }

    /// The document's identifier: the JSONL `id`, or the file's path relative to the input root without extensions.
    public var id: String
    /// The document's address when the input gives one (JSONL `url`); extraction may find a canonical one.
    public var url: String?
    /// The title when the input gives one (JSONL `title`).
    public var title: String?
    /// Where the document came from, for error messages ("pages/a.html", "corpus.jsonl:17").
    public var origin: String
    /// The document's content.
    public var content: Content

    /// The size of the content in bytes (UTF-8 for text).
    public var byteCount: Int {
        switch content {
        case .html(let bytes): bytes.count
        case .text(let text): text.utf8.count
        }
    }

    /// Creates a document from its parts.
    public init(id: String, url: String? = nil, title: String? = nil, origin: String, content: Content) {
        self.id = id
        self.url = url
        self.title = title
        self.origin = origin
        self.content = content
    }
}

/// How an input file is read.
public enum InputFormat: String, Sendable, CaseIterable {
    /// Decide from the first bytes (inside gzip), then from the file name.
    case auto
    /// HTML pages (`.html`, `.htm`, `.xhtml`, each possibly `.gz`).
    case html
    /// One JSON object per line: `{"id", "url"?, "title"?, "body" | "text" | "html"}`.
    case jsonl
    /// Web archives (`.warc`, `.warc.gz`): the HTML responses they hold.
    case warc
}

/// Why an input, or part of one, could not be read.
public enum SourceError: Error, CustomStringConvertible, Sendable {
    /// The file or directory could not be opened or read.
    case unreadable(String)
    /// A gzip stream was damaged or truncated.
    case badGzip(String)
    /// The input is larger than this reader accepts.
    case tooLarge(String)
    /// A JSONL line is not a JSON object of the expected shape.
    case badRecord(String)
    /// The input is not in a format this reader understands.
    case unsupported(String)

    /// A sentence for users.
    public var description: String {
        switch self {
        case .unreadable(let why): "cannot read \(why)"
        case .badGzip(let why): "bad gzip data: \(why)"
        case .tooLarge(let why): "input too large: \(why)"
        case .badRecord(let why): "bad record: \(why)"
        case .unsupported(let why): "unsupported input: \(why)"
        }
    }
}
