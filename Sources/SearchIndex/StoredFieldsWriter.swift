import CZlib

/// Accumulates stored documents into zlib-compressed blocks of about `blockTarget` uncompressed bytes and
/// writes them as the `.stored` file. Given a `StoredSpill`, it moves the compressed blocks there,
/// `spillThreshold` bytes at a time, so that stored text (the bulk of a segment) does not stay in memory; bytes
/// leave memory only once written, so a spill that fails just means they stay.
///
///     blocks:  zlib streams; uncompressed, each is per document 6 × (VByte length | UTF-8 bytes) in the order
///              id, url, title, author, published, body
///     index:   per block: firstDoc u32 | offset u64 (in the file) | compressedLength u32 | uncompressedLength u32
///     trailer: blockCount u64 | documentCount u64 | indexStart u64
///
/// Blocks lie between the header and the index in any order (the index gives each one's offset), so the
/// writers flushed together can move their blocks to one shared spill file as they come, which then becomes
/// the `.stored` file where it is.
final class StoredFieldsWriter {
    /// Uncompressed bytes per block: large enough for zlib to find repetition across documents, small enough
    /// that fetching one document decompresses little.
    static let blockTarget = 32 * 1024
    /// zlib's level: 1 trades ~10% size for several times the speed of the default 6.
    static let compressionLevel: Int32 = 1

    struct Block {
        var firstDoc: UInt32
        /// Where the block starts: in the spill file for the first `spilledBlocks` blocks, in `compressed` for
        /// the others.
        var offset: Int
        var compressedLength: Int
        var uncompressedLength: Int
    }

    private var pending: [UInt8] = []
    private var pendingFirstDoc = 0
    private var compressed = _UnsafeGrowableArray<UInt8>(capacity: 1 << 16)
    private var blocks: [Block] = []
    private(set) var documentCount = 0
    /// Where compressed blocks move to (nil: everything stays in memory).
    let spill: StoredSpill?
    /// How many of `blocks` are in the spill file.
    private var spilledBlocks = 0
    /// The runs of the spill file that hold this writer's blocks, in order.
    private var pieces: [(offset: Int, count: Int)] = []
    private let spillThreshold: Int
    /// One deflate state for every block, reset between them: setting one up allocates and clears ~270 KB.
    private let deflater: UnsafeMutablePointer<z_stream>

    /// A writer that keeps compressed blocks in memory up to `spillThreshold` bytes, then moves them to
    /// `spill` (if given).
    init(spill: StoredSpill? = nil, spillThreshold: Int = 4 << 20) {
        self.spill = spill
        self.spillThreshold = spillThreshold
        pending.reserveCapacity(Self.blockTarget * 2)
        deflater = .allocate(capacity: 1)
        deflater.initialize(to: z_stream())
        let status = deflateInit_(deflater, Self.compressionLevel, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK, "zlib deflateInit failed with status \(status)")
    }

    deinit {
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
                firstDoc: UInt32(documentCount), offset: start, compressedLength: bytes.count,
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
                firstDoc: UInt32(pendingFirstDoc), offset: start, compressedLength: length,
                uncompressedLength: pending.count))
        pending.removeAll(keepingCapacity: true)
        pendingFirstDoc = documentCount
        if compressed.count >= spillThreshold { spillCompressed() }
    }

    /// Moves the in-memory compressed bytes to the spill; if that fails they stay in memory.
    private func spillCompressed() {
        guard let spill, compressed.count > 0,
            let at = spill.append(UnsafeRawBufferPointer(compressed.buffer))
        else { return }
        for i in spilledBlocks..<blocks.count { blocks[i].offset += at }
        spilledBlocks = blocks.count
        pieces.append((at, compressed.count))
        compressed.removeAll()
    }

    /// Writes the stored-fields file.
    func write(path: String, segment: SegmentID) throws(IndexError) {
        try Self.write([self], path: path, segment: segment)
    }

    /// Writes one stored-fields file holding the documents of `writers` in turn, their compressed blocks not
    /// compressed again. When every byte of their spill file is theirs, the rest of their blocks join it there
    /// and it becomes the file (`StoredSpill.seal`); otherwise their blocks are copied into a new file.
    static func write(_ writers: [StoredFieldsWriter], path: String, segment: SegmentID) throws(IndexError) {
        for writer in writers { writer.compressPending() }
        if let spill = writers.lazy.compactMap(\.spill).first, writers.allSatisfy({ $0.spill === spill }) {
            for writer in writers { writer.spillCompressed() }
            let theirs = writers.reduce(0) { $0 + $1.pieces.reduce(0) { $0 + $1.count } }
            if writers.allSatisfy({ $0.compressed.count == 0 }) && theirs == spill.pieceBytes {
                let tail = FileOutput(inMemory: path)
                let indexStart = FileFormat.headerSize + theirs
                writeIndex(writers, to: tail, indexStart: indexStart) { w, b in writers[w].blocks[b].offset }
                if try spill.seal(path: path, segment: segment, tail: tail.takeBytes()) { return }
            }
        }
        // A file already at `path` may be the spill itself, named by an earlier attempt whose flush failed
        // later: remove its name rather than truncate the blocks about to be copied from it.
        try FileSystem.removeFile(path)
        let output = try FileOutput(path: path)
        FileFormat.writeHeader(output, kind: .stored, segment: segment)
        // Per writer, where its spilled pieces and its in-memory bytes landed.
        var moved: [[(from: Int, to: Int)]] = []
        var memoryStarts: [Int] = []
        for writer in writers {
            var runs: [(from: Int, to: Int)] = []
            for piece in writer.pieces {
                runs.append((piece.offset, output.position))
                try writer.spill!.copy(piece.offset, count: piece.count, to: output)
            }
            moved.append(runs)
            memoryStarts.append(output.position)
            output.writeBytes(UnsafeRawBufferPointer(writer.compressed.buffer))
        }
        writeIndex(writers, to: output, indexStart: output.position) { w, block in
            guard block < writers[w].spilledBlocks else { return memoryStarts[w] + writers[w].blocks[block].offset }
            let offset = writers[w].blocks[block].offset
            // The last piece starting at or before the block holds it (pieces ascend).
            let run = moved[w].last { $0.from <= offset }!
            return run.to + (offset - run.from)
        }
        try output.finish()
    }

    /// Writes the block index (each block's offset in the file from `offset(writer, block)`) and the trailer.
    private static func writeIndex(
        _ writers: [StoredFieldsWriter], to output: FileOutput, indexStart: Int, offset: (Int, Int) -> Int
    ) {
        var base = 0
        var blockCount = 0
        for (w, writer) in writers.enumerated() {
            for (b, block) in writer.blocks.enumerated() {
                output.writeUInt32(UInt32(base) + block.firstDoc)
                output.writeUInt64(UInt64(offset(w, b)))
                output.writeUInt32(UInt32(block.compressedLength))
                output.writeUInt32(UInt32(block.uncompressedLength))
            }
            base += writer.documentCount
            blockCount += writer.blocks.count
        }
        output.writeUInt64(UInt64(blockCount))
        output.writeUInt64(UInt64(base))
        output.writeUInt64(UInt64(indexStart))
    }
}
