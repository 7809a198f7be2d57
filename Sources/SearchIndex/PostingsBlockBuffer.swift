/// The decoded documents and frequencies of one postings block, owned by a `PostingsCursor` and reused for
/// every block it decodes (one allocation per cursor, none per block).
///
/// Invariants: `docs` has room for `PostingsFormat.blockSize + 1` values (the extra one holds the
/// `UInt32.max` sentinel after the block's last document, which bounds in-block scans); `frequencies` for
/// `PostingsFormat.blockSize`. Both are freed in `deinit`; cursors copy the object before writing to it when
/// it is shared (`isKnownUniquelyReferenced`), which keeps `PostingsCursor` a value type.
@usableFromInline
final class PostingsBlockBuffer {
    @usableFromInline let docs: UnsafeMutablePointer<UInt32>
    @usableFromInline let frequencies: UnsafeMutablePointer<UInt32>

    init() {
        docs = .allocate(capacity: PostingsFormat.blockSize + 1)
        docs.initialize(repeating: .max, count: PostingsFormat.blockSize + 1)
        frequencies = .allocate(capacity: PostingsFormat.blockSize)
        frequencies.initialize(repeating: 0, count: PostingsFormat.blockSize)
    }

    /// A copy with the same contents.
    func copy() -> PostingsBlockBuffer {
        let copy = PostingsBlockBuffer()
        copy.docs.update(from: docs, count: PostingsFormat.blockSize + 1)
        copy.frequencies.update(from: frequencies, count: PostingsFormat.blockSize)
        return copy
    }

    deinit {
        docs.deallocate()
        frequencies.deallocate()
    }
}
