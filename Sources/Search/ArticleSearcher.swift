import SearchAnalysis
import SearchIndex
import SearchQuery

/// One ranked result.
public struct SearchHit: Sendable {
    /// The document's identifier (JSONL `id`, or the page's path).
    public var id: String
    /// The article's address, or an empty string.
    public var url: String
    /// The article's headline, or an empty string.
    public var title: String
    /// The article's author, or an empty string.
    public var author: String
    /// The publication date (ISO 8601), or an empty string.
    public var published: String
    /// The BM25 score.
    public var score: Float
    /// The best passage of the article, with the query's words marked.
    public var snippet: Snippet
}

/// A page of ranked results.
public struct SearchResults: Sendable {
    /// The exact number of matching documents.
    public var total: Int
    /// The requested page of hits, best first.
    public var hits: [SearchHit]
    /// When the query found few or no documents: the query with its misspelt words corrected ("did you mean").
    public var suggestion: String?

    /// Creates a page of results.
    public init(total: Int, hits: [SearchHit], suggestion: String? = nil) {
        self.total = total
        self.hits = hits
        self.suggestion = suggestion
    }
}

/// Why a search could not run; `description` is a sentence for users.
public enum SearchError: Error, CustomStringConvertible, Sendable {
    /// The query text was empty or only blanks.
    case emptyQuery
    /// A limit or offset out of range.
    case badArgument(String)

    /// A sentence for users.
    public var description: String {
        switch self {
        case .emptyQuery: "the query is empty"
        case .badArgument(let why): why
        }
    }
}

/// Answers queries over one commit of an index: parses, ranks, loads the stored articles and cuts snippets.
/// The read side of the `Search` façade.
public final class ArticleSearcher: @unchecked Sendable {
    /// The commit being searched.
    public let reader: IndexReader
    /// The query evaluator.
    public let searcher: Searcher

    /// Below this many matching documents, results carry a spelling suggestion when there is one.
    public static let fewHits = 3

    /// Opens the latest commit of the index in `directory`.
    public init(directory: String, parameters: BM25Parameters = BM25Parameters()) throws {
        reader = try IndexReader(directory: directory)
        searcher = Searcher(reader: reader, parameters: parameters)
    }

    /// Runs `text` (Lucene classic syntax) and returns hits `offset ..< offset + limit` with snippets of about
    /// `snippetBytes` bytes.
    public func search(_ text: String, limit: Int = 10, offset: Int = 0, snippetBytes: Int = 240) throws
        -> SearchResults
    {
        guard text.contains(where: { !$0.isWhitespace }) else { throw SearchError.emptyQuery }
        guard (0...10_000).contains(limit) else { throw SearchError.badArgument("limit must be 0 to 10000") }
        guard offset >= 0 else { throw SearchError.badArgument("offset must not be negative") }
        let query = try QueryParser.parse(text)
        let top = searcher.search(query, limit: limit, offset: offset)
        var snippets = SnippetBuilder(
            analyzer: reader.analyzer, terms: searcher.highlightTerms(query), maxBytes: snippetBytes)
        var hits: [SearchHit] = []
        hits.reserveCapacity(top.hits.count)
        for hit in top.hits {
            let document = try reader.segments[hit.segment].document(hit.doc)
            hits.append(SearchHit(
                id: document.id, url: document.url, title: document.title, author: document.author,
                published: document.published, score: hit.score, snippet: snippets.snippet(of: document.body)))
        }
        let suggestion = top.total < Self.fewHits ? try SpellingSuggester(reader: reader).suggestion(for: text) : nil
        return SearchResults(total: top.total, hits: hits, suggestion: suggestion)
    }
}
