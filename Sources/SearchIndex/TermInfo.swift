/// What the term dictionary knows about one term of one field in one segment.
///
/// Obtained from `SegmentReader.termInfo(_:_:)` and valid only for the segment that returned it.
public struct TermInfo: Sendable, Equatable {
    /// The number of documents of the segment that contain the term.
    public var documentFrequency: UInt32
    /// The number of occurrences of the term, summed over all documents of the segment.
    public var totalTermFrequency: UInt64
    /// The field the term belongs to.
    public internal(set) var field: IndexedField
    /// Byte range of the term's postings (blocks, then skip entries) in the `.postings` file.
    var postingsOffset: Int
    var postingsLength: Int
    /// Byte range of the term's positions in the `.positions` file.
    var positionsOffset: Int
    var positionsLength: Int
}
