/// A segment as the manifest lists it.
struct SegmentInfo: Equatable, Sendable {
    /// The file-name stem of the segment's files.
    var name: String
    /// The identity stamped into each of its files.
    var id: SegmentID
    /// The number of documents it holds, deleted ones included.
    var documentCount: Int
    /// The commit generation whose `.deletes` file holds the segment's deletions; 0 when it has none.
    var deleteGeneration: UInt64 = 0
    /// The number of its documents marked deleted (the bits set in that file).
    var deletedCount = 0

    /// The documents not deleted.
    var liveDocumentCount: Int { documentCount - deletedCount }
}
