/// The decoded documents and frequencies of one postings block, owned by a `PostingsCursor` and reused for
/// every block it decodes (one allocation per cursor, none per block).
///
/// Invariants: `docs` has room for `PostingsFormat.blockSize + sentinelCount` values, and the
/// `sentinelCount` values after the block's last document are `UInt32.max` (they bound in-block scans, which
/// look up to seven values ahead; the slots after a full block are never written); `frequencies` and
/// `positionsLengths` (used by the checker only) have room for `PostingsFormat.blockSize`. All are freed in
/// `deinit`; cursors copy the object before writing to it when it is shared (`isKnownUniquelyReferenced`), which
/// keeps `PostingsCursor` a value type.
@usableFromInline
final class PostingsBlockBuffer {
    /// The number of `UInt32.max` sentinels kept after the decoded documents.
    @usableFromInline static let sentinelCount = 8

    @usableFromInline let docs: UnsafeMutablePointer<UInt32>
    @usableFromInline let frequencies: UnsafeMutablePointer<UInt32>
    let positionsLengths: UnsafeMutablePointer<UInt32>

    init() {
        docs = .allocate(capacity: PostingsFormat.blockSize + Self.sentinelCount)
        docs.initialize(repeating: .max, count: PostingsFormat.blockSize + Self.sentinelCount)
        frequencies = .allocate(capacity: PostingsFormat.blockSize)
        frequencies.initialize(repeating: 0, count: PostingsFormat.blockSize)
        positionsLengths = .allocate(capacity: PostingsFormat.blockSize)
        positionsLengths.initialize(repeating: 0, count: PostingsFormat.blockSize)
    }

    /// A copy with the same contents.
    func copy() -> PostingsBlockBuffer {
        let copy = PostingsBlockBuffer()
        copy.docs.update(from: docs, count: PostingsFormat.blockSize + Self.sentinelCount)
        copy.frequencies.update(from: frequencies, count: PostingsFormat.blockSize)
        return copy
    }

    deinit {
        docs.deallocate()
        frequencies.deallocate()
        positionsLengths.deallocate()
    }
}
