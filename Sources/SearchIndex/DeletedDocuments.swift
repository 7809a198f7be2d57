/// The deleted documents of one segment: one bit per document, set when the document is deleted. Stored as the
/// segment's `<segment>_<generation>.deletes` file, a new generation at every commit that deletes from it.
///
///     header (kind "DELS", the segment's id)
///     documentCount u64 | deletedCount u64 | ⌈documentCount / 64⌉ words u64, bit d % 64 of word d / 64 = doc d
///     footer
///
/// Invariants: `words` holds exactly `wordCount` initialised words, owned by the object and freed by `deinit`;
/// no bit at or above `documentCount` is set; `count` is the number of set bits. An instance that readers see
/// is never modified (the writer changes only its own copies), so `bits` may be read from any thread.
public final class DeletedDocuments: @unchecked Sendable {
    /// The number of documents of the segment (bits that can be set).
    public let documentCount: Int
    /// The number of deleted documents.
    public private(set) var count = 0
    private let wordCount: Int
    private let words: UnsafeMutablePointer<UInt64>

    /// A set with no deleted document for a segment of `documentCount` documents.
    init(documentCount: Int) {
        self.documentCount = documentCount
        wordCount = (documentCount + 63) / 64
        words = .allocate(capacity: Swift.max(wordCount, 1))
        words.initialize(repeating: 0, count: Swift.max(wordCount, 1))
    }

    deinit {
        words.deallocate()
    }

    /// The bitset for hot loops: bit `d & 63` of word `d >> 6` is set when document `d` is deleted. Valid for
    /// the object's lifetime, `(documentCount + 63) / 64` words.
    public var bits: UnsafePointer<UInt64> { UnsafePointer(words) }

    /// Whether bit `doc` of a `bits` bitset is set, for hot loops that hold the pointer (`doc` within the segment).
    @inlinable
    public static func isDeleted(_ doc: UInt32, in bits: UnsafePointer<UInt64>) -> Bool {
        bits[Int(doc &>> 6)] & (1 &<< UInt64(doc & 63)) != 0
    }

    /// Whether `doc` is deleted (false for a number outside the segment).
    public func contains(_ doc: UInt32) -> Bool {
        Int(doc) < documentCount && words[Int(doc >> 6)] & (1 &<< UInt64(doc & 63)) != 0
    }

    /// The 64 deletion bits of documents `start ..< start + 64` (bit i for document start + i); documents
    /// past the segment's end read as not deleted.
    public func word(startingAt start: UInt32) -> UInt64 {
        let index = Int(start >> 6)
        let shift = UInt64(start & 63)
        let low = index < wordCount ? words[index] &>> shift : 0
        guard shift != 0, index + 1 < wordCount else { return low }
        return low | words[index + 1] &<< (64 - shift)
    }

    /// Marks `doc` deleted; returns false if it already was.
    @discardableResult
    func insert(_ doc: UInt32) -> Bool {
        precondition(Int(doc) < documentCount, "document \(doc) is outside the segment")
        let mask: UInt64 = 1 &<< UInt64(doc & 63)
        let index = Int(doc >> 6)
        if words[index] & mask != 0 { return false }
        words[index] |= mask
        count += 1
        return true
    }

    /// Marks `doc` live again; returns false if it was not deleted.
    @discardableResult
    func remove(_ doc: UInt32) -> Bool {
        precondition(Int(doc) < documentCount, "document \(doc) is outside the segment")
        let mask: UInt64 = 1 &<< UInt64(doc & 63)
        let index = Int(doc >> 6)
        if words[index] & mask == 0 { return false }
        words[index] &= ~mask
        count -= 1
        return true
    }

    /// Whether `other` marks exactly the same documents.
    func hasSameBits(as other: DeletedDocuments) -> Bool {
        documentCount == other.documentCount && count == other.count
            && (0..<wordCount).allSatisfy { words[$0] == other.words[$0] }
    }

    /// A modifiable copy.
    func copy() -> DeletedDocuments {
        let copy = DeletedDocuments(documentCount: documentCount)
        copy.words.update(from: words, count: wordCount)
        copy.count = count
        return copy
    }

    /// Writes the set as segment `segment`'s deletions file at `path` (synced).
    func write(path: String, segment: SegmentID) throws(IndexError) {
        let output = try FileOutput(path: path)
        FileFormat.writeHeader(output, kind: .deletes, segment: segment)
        output.writeUInt64(UInt64(documentCount))
        output.writeUInt64(UInt64(count))
        for index in 0..<wordCount { output.writeUInt64(words[index]) }
        try output.finish()
    }

    /// The deleted documents of segment `info` of the index in `directory` as of its manifest entry's
    /// generation; nil when it has none.
    static func read(directory: String, info: SegmentInfo, verifyChecksum: Bool = true) throws(IndexError)
        -> DeletedDocuments?
    {
        guard info.deleteGeneration > 0 else { return nil }
        return try read(
            path: SegmentFiles.deletesPath(directory, info.name, generation: info.deleteGeneration), info: info,
            verifyChecksum: verifyChecksum)
    }

    /// Reads the deletions file at `path` of a segment of `info.documentCount` documents, checking its
    /// envelope, sizes, that no bit lies past the last document and that its count matches the manifest's.
    static func read(path: String, info: SegmentInfo, verifyChecksum: Bool = true) throws(IndexError)
        -> DeletedDocuments
    {
        let file = try FileSystem.map(path)
        let content = try FileFormat.validate(
            file.bytes, path: path, kind: .deletes, segment: info.id, verifyChecksum: verifyChecksum)
        var reader = ByteReader(file.bytes, range: content, path: path)
        let documentCount = try reader.readOffset(max: SegmentWriter.maximumDocumentCount, "document count")
        let count = try reader.readOffset(max: documentCount, "deleted count")
        guard documentCount == info.documentCount else {
            throw .corrupt("\(path): deletions of \(documentCount) documents for a segment of \(info.documentCount)")
        }
        let deleted = DeletedDocuments(documentCount: documentCount)
        guard content.upperBound - reader.offset == deleted.wordCount * 8 else {
            throw .corrupt("\(path): the bitset has the wrong size")
        }
        var total = 0
        for index in 0..<deleted.wordCount {
            let word = try reader.readUInt64()
            deleted.words[index] = word
            total += word.nonzeroBitCount
        }
        let tail = documentCount & 63
        if tail != 0, deleted.words[deleted.wordCount - 1] &>> UInt64(tail) != 0 {
            throw .corrupt("\(path): a document past the end of the segment is marked deleted")
        }
        guard total == count, count == info.deletedCount else {
            throw .corrupt(
                "\(path): \(total) bits set, the file says \(count) and the manifest \(info.deletedCount) deletions")
        }
        deleted.count = count
        return deleted
    }
}
