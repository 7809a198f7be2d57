/// Per-field statistics of one segment, the ingredients of BM25's average field length.
public struct FieldStatistics: Sendable, Equatable {
    /// The number of documents in which the field has at least one token.
    public var documentCount: Int
    /// The number of tokens of the field, summed over all documents.
    public var totalTermCount: UInt64

    /// Creates statistics from their two counts.
    public init(documentCount: Int, totalTermCount: UInt64) {
        self.documentCount = documentCount
        self.totalTermCount = totalTermCount
    }
}
