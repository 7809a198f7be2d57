/// The two free parameters of BM25 (Robertson & Zaragoza, "The Probabilistic Relevance Framework: BM25 and
/// Beyond", 2009): `k1` saturates term frequency, `b` scales length normalisation (0 = none, 1 = full).
public struct BM25Parameters: Sendable, Equatable {
    /// Term-frequency saturation; Lucene's and tantivy's default is 1.2.
    public var k1: Float
    /// Length normalisation; Lucene's and tantivy's default is 0.75.
    public var b: Float

    /// Creates parameters; the defaults are Lucene's and tantivy's.
    public init(k1: Float = 1.2, b: Float = 0.75) {
        self.k1 = k1
        self.b = b
    }
}
