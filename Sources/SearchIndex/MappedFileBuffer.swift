/// A read-only memory mapping of one whole file, unmapped when the last reference goes away.
///
/// Invariants: `bytes` covers exactly the file's length at open time (empty for an empty file) and stays valid
/// for the object's lifetime; index files are immutable once published, so the mapping never changes under the
/// reader. Everything that reads through `bytes` must bounds-check offsets taken from the file itself.
final class MappedFileBuffer: @unchecked Sendable {
    /// The file's path (for error messages).
    let path: String
    /// The mapped bytes.
    let bytes: UnsafeRawBufferPointer

    init(path: String, base: UnsafeRawPointer?, count: Int) {
        self.path = path
        self.bytes = UnsafeRawBufferPointer(start: base, count: base == nil ? 0 : count)
    }

    /// Takes the whole pages inside `range` out of the process's resident memory (see
    /// `FileSystem.releasePages`), for bytes read once and not soon again.
    func releasePages(_ range: Range<Int>) {
        guard let base = bytes.baseAddress else { return }
        let page = FileSystem.pageSize
        let start = (range.lowerBound + page - 1) / page * page
        let end = Swift.min(range.upperBound, bytes.count) / page * page
        if start < end { FileSystem.releasePages(base + start, count: end - start) }
    }

    deinit {
        if let base = bytes.baseAddress { FileSystem.unmap(base, count: bytes.count) }
    }
}
