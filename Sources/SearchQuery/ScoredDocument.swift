/// A hit: a document (segment index in `IndexReader.segments`, document number within it) and its score.
public struct ScoredDocument: Sendable, Equatable, Hashable {
    /// Index of the segment in `IndexReader.segments`.
    public var segment: Int
    /// Document number within the segment.
    public var doc: UInt32
    /// BM25 score (higher is better).
    public var score: Float

    /// Creates a hit.
    public init(segment: Int, doc: UInt32, score: Float) {
        self.segment = segment
        self.doc = doc
        self.score = score
    }
}
