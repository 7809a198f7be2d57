import CZlib

/// Accumulates stored documents into zlib-compressed blocks of about `blockTarget` uncompressed bytes and
/// writes them as the `.stored` file. Given a directory, it moves the compressed blocks, `spillThreshold` bytes
/// at a time, into a nameless scratch file there, so that stored text (the bulk of a segment) does not stay in
/// memory; bytes leave memory only once written, so a scratch file that fails just means they stay.
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
        /// Where the block starts in the concatenation of the spilled and the in-memory compressed bytes.
        var offset: Int
        var compressedLength: Int
        var uncompressedLength: Int
    }

    private var pending: [UInt8] = []
    private var pendingFirstDoc = 0
    private var compressed = _UnsafeGrowableArray<UInt8>(capacity: 1 << 16)
    private var blocks: [Block] = []
    private(set) var documentCount = 0
    /// The directory for the scratch file (nil: everything stays in memory), and the file once made.
    private var spillDirectory: String?
    private var spill: Int32?
    /// How many compressed bytes the scratch file holds; they precede `compressed`.
    private var spilledBytes = 0
    private let spillThreshold: Int
    /// One deflate state for every block, reset between them: setting one up allocates and clears ~270 KB.
    private let deflater: UnsafeMutablePointer<z_stream>

    /// A writer that keeps compressed blocks in memory up to `spillThreshold` bytes, then moves them to a scratch
    /// file in `spillDirectory` (if given).
    init(spillDirectory: String? = nil, spillThreshold: Int = 4 << 20) {
        self.spillDirectory = spillDirectory
        self.spillThreshold = spillThreshold
        pending.reserveCapacity(Self.blockTarget * 2)
        deflater = .allocate(capacity: 1)
        deflater.initialize(to: z_stream())
        let status = deflateInit_(deflater, Self.compressionLevel, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK, "zlib deflateInit failed with status \(status)")
    }

    deinit {
        if let spill { FileSystem.closeQuietly(spill) }
        deflateEnd(deflater)
        deflater.deinitialize(count: 1)
        deflater.deallocate()
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

    /// Appends `count` documents as one block compressed elsewhere (`bytes`, one zlib stream of
    /// `uncompressedLength` bytes in this file's block layout), without compressing them again; the documents
    /// added before it end their block.
    func appendCompressedBlock(_ bytes: UnsafeRawBufferPointer, documentCount count: Int, uncompressedLength: Int) {
        compressPending()
        let start = compressed.extend(by: bytes.count)
        if let source = bytes.baseAddress { (compressed.base + start).update(from: source.assumingMemoryBound(to: UInt8.self), count: bytes.count) }
        blocks.append(
            Block(
                firstDoc: UInt32(documentCount), offset: spilledBytes + start, compressedLength: bytes.count,
                uncompressedLength: uncompressedLength))
        documentCount += count
        pendingFirstDoc = documentCount
        if compressed.count >= spillThreshold { spillCompressed() }
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
        let bound = Int(deflateBound(deflater, uLong(pending.count)))
        let start = compressed.extend(by: bound)
        deflateReset(deflater)
        let status = pending.withUnsafeMutableBufferPointer { source in
            deflater.pointee.next_in = source.baseAddress
            deflater.pointee.avail_in = uInt(source.count)
            deflater.pointee.next_out = compressed.base + start
            deflater.pointee.avail_out = uInt(bound)
            return deflate(deflater, Z_FINISH)
        }
        precondition(status == Z_STREAM_END, "zlib deflate failed with status \(status)")
        let length = Int(deflater.pointee.total_out)
        compressed.removeLast(bound - length)
        blocks.append(
            Block(
                firstDoc: UInt32(pendingFirstDoc), offset: spilledBytes + start, compressedLength: length,
                uncompressedLength: pending.count))
        pending.removeAll(keepingCapacity: true)
        pendingFirstDoc = documentCount
        if compressed.count >= spillThreshold { spillCompressed() }
    }

    /// Moves the in-memory compressed bytes to the scratch file; on any failure they stay in memory and no more
    /// spilling is tried.
    private func spillCompressed() {
        guard let directory = spillDirectory else { return }
        if spill == nil { spill = FileSystem.createScratchFile(in: directory) }
        guard let spill else {
            spillDirectory = nil
            return
        }
        do {
            try FileSystem.writeAll(spill, UnsafeRawBufferPointer(compressed.buffer), path: "\(directory)/.scratch")
            spilledBytes += compressed.count
            compressed.removeAll()
        } catch {
            // The file may hold some of these bytes past `spilledBytes`; they are never read.
            spillDirectory = nil
        }
    }

    /// Copies the scratch file's bytes to `output`.
    private func copySpilled(to output: FileOutput) throws(IndexError) {
        guard let spill, spilledBytes > 0 else { return }
        try output.append(spilledBytes, bytesOf: spill, path: "\(output.path) (scratch)")
    }

    /// Writes the stored-fields file.
    func write(path: String, segment: SegmentID) throws(IndexError) {
        try Self.write([self], path: path, segment: segment)
    }

    /// Writes one stored-fields file holding the documents of `writers` in turn: their compressed blocks are
    /// copied, not compressed again.
    static func write(_ writers: [StoredFieldsWriter], path: String, segment: SegmentID) throws(IndexError) {
        let output = try FileOutput(path: path)
        FileFormat.writeHeader(output, kind: .stored, segment: segment)
        var starts: [Int] = []
        for writer in writers {
            writer.compressPending()
            starts.append(output.position)
            try writer.copySpilled(to: output)
            output.writeBytes(UnsafeRawBufferPointer(writer.compressed.buffer))
        }
        let indexStart = output.position
        var base = 0
        var blockCount = 0
        for (writer, start) in zip(writers, starts) {
            for block in writer.blocks {
                output.writeUInt32(UInt32(base) + block.firstDoc)
                output.writeUInt64(UInt64(start + block.offset))
                output.writeUInt32(UInt32(block.compressedLength))
                output.writeUInt32(UInt32(block.uncompressedLength))
            }
            base += writer.documentCount
            blockCount += writer.blocks.count
        }
        output.writeUInt64(UInt64(blockCount))
        output.writeUInt64(UInt64(base))
        output.writeUInt64(UInt64(indexStart))
        try output.finish()
    }
}
