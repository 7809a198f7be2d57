import CZlib

/// Accumulates stored documents into zlib-compressed blocks of about `blockTarget` uncompressed bytes and
/// writes them as the `.stored` file.
///
///     blocks:  zlib streams; uncompressed, each is per document 6 × (VByte length | UTF-8 bytes) in the order
///              id, url, title, author, published, body
///     index:   per block: firstDoc u32 | offset u64 (in the file) | compressedLength u32 | uncompressedLength u32
///     trailer: blockCount u64 | documentCount u64 | indexStart u64
final class StoredFieldsWriter {
    /// Uncompressed bytes per block: large enough for zlib to find repetition across documents, small enough
    /// that fetching one document decompresses little.
    static let blockTarget = 32 * 1024
    /// zlib's level: 1 trades ~10% size for several times the speed of the default 6.
    static let compressionLevel: Int32 = 1

    struct Block {
        var firstDoc: UInt32
        var offset: Int
        var compressedLength: Int
        var uncompressedLength: Int
    }

    private var pending: [UInt8] = []
    private var pendingFirstDoc = 0
    private var compressed = _UnsafeGrowableArray<UInt8>(capacity: 1 << 16)
    private var blocks: [Block] = []
    private(set) var documentCount = 0

    init() {
        pending.reserveCapacity(Self.blockTarget * 2)
    }

    /// The bytes held (for the writer's memory budget).
    var allocatedBytes: Int { compressed.allocatedBytes + pending.capacity }

    /// Appends the next document.
    func add(_ document: StoredDocument) {
        append(document.id)
        append(document.url)
        append(document.title)
        append(document.author)
        append(document.published)
        append(document.body)
        documentCount += 1
        if pending.count >= Self.blockTarget { compressPending() }
    }

    private func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var length = UInt64(bytes.count)
            while length >= 0x80 {
                pending.append(UInt8(truncatingIfNeeded: length) | 0x80)
                length >>= 7
            }
            pending.append(UInt8(length))
            pending.append(contentsOf: bytes)
        }
    }

    private func compressPending() {
        guard documentCount > pendingFirstDoc else { return }
        let bound = Int(compressBound(uLong(pending.count)))
        let start = compressed.extend(by: bound)
        var length = uLongf(bound)
        let status = pending.withUnsafeBufferPointer { source in
            compress2(compressed.base + start, &length, source.baseAddress, uLong(source.count), Self.compressionLevel)
        }
        precondition(status == Z_OK, "zlib compress2 failed with status \(status)")
        compressed.removeLast(bound - Int(length))
        blocks.append(
            Block(
                firstDoc: UInt32(pendingFirstDoc), offset: start, compressedLength: Int(length),
                uncompressedLength: pending.count))
        pending.removeAll(keepingCapacity: true)
        pendingFirstDoc = documentCount
    }

    /// Writes the stored-fields file.
    func write(path: String, segment: SegmentID) throws(IndexError) {
        compressPending()
        let output = try FileOutput(path: path)
        FileFormat.writeHeader(output, kind: .stored, segment: segment)
        let dataStart = output.position
        output.writeBytes(UnsafeRawBufferPointer(compressed.buffer))
        let indexStart = output.position
        for block in blocks {
            output.writeUInt32(block.firstDoc)
            output.writeUInt64(UInt64(dataStart + block.offset))
            output.writeUInt32(UInt32(block.compressedLength))
            output.writeUInt32(UInt32(block.uncompressedLength))
        }
        output.writeUInt64(UInt64(blocks.count))
        output.writeUInt64(UInt64(documentCount))
        output.writeUInt64(UInt64(indexStart))
        try output.finish()
    }
}
