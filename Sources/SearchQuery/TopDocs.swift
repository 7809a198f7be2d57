/// One page of results: the exact number of matches and the requested hits, best first.
public struct TopDocs: Sendable, Equatable {
    /// Exact number of documents matching the query.
    public var total: Int
    /// The hits after `offset`, at most `limit` of them, best first.
    public var hits: [ScoredDocument]

    /// Creates a result page.
    public init(total: Int, hits: [ScoredDocument]) {
        self.total = total
        self.hits = hits
    }
}
