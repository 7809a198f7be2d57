/// A segment as the manifest lists it.
struct SegmentInfo: Equatable, Sendable {
    /// The file-name stem of the segment's files.
    var name: String
    /// The identity stamped into each of its files.
    var id: SegmentID
    /// The number of documents it holds.
    var documentCount: Int
}
