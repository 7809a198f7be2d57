import CZlib

/// Reads documents from a mapped `.stored` file (layout in `StoredFieldsWriter`).
///
/// Invariants, established by `init`: the block index lies inside the file, block first-documents start at 0
/// and increase, and every block's compressed bytes lie between the header and the index. Decompressed bytes
/// are parsed with bounds checks.
struct StoredFieldsReader {
    let file: MappedFileBuffer
    let blockCount: Int
    let indexStart: Int
    let documentCount: Int

    private static let entrySize = 20

    init(file: MappedFileBuffer, content: Range<Int>) throws(IndexError) {
        let path = file.path
        guard content.count >= 24 else { throw .corrupt("\(path): stored fields trailer is missing") }
        var trailer = ByteReader(file.bytes, range: (content.upperBound - 24)..<content.upperBound, path: path)
        let blockCount = try trailer.readOffset(max: content.count / Self.entrySize, "block count")
        let documentCount = try trailer.readOffset(max: Int(UInt32.max), "document count")
        let indexStart = try trailer.readOffset(max: content.upperBound, "index offset")
        guard indexStart >= content.lowerBound, indexStart + blockCount * Self.entrySize == content.upperBound - 24
        else { throw .corrupt("\(path): stored fields index has the wrong size") }
        self.file = file
        self.blockCount = blockCount
        self.indexStart = indexStart
        self.documentCount = documentCount
        guard (blockCount == 0) == (documentCount == 0) else {
            throw .corrupt("\(path): \(documentCount) stored documents in \(blockCount) blocks")
        }
        var previous = -1
        for block in 0..<blockCount {
            let entry = self.entry(block)
            guard Int(entry.firstDoc) > previous, block > 0 || entry.firstDoc == 0,
                Int(entry.firstDoc) < documentCount, entry.offset >= content.lowerBound,
                entry.compressedLength <= indexStart - entry.offset
            else { throw .corrupt("\(path): stored fields block \(block) is out of place") }
            previous = Int(entry.firstDoc)
        }
    }

    func entry(_ block: Int) -> (firstDoc: UInt32, offset: Int, compressedLength: Int, uncompressedLength: Int)
    {
        let at = indexStart + block * Self.entrySize
        let bytes = file.bytes
        let offset = bytes.loadUnaligned(fromByteOffset: at + 4, as: UInt64.self).littleEndian
        return (
            bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self).littleEndian,
            Int(clamping: offset),
            Int(bytes.loadUnaligned(fromByteOffset: at + 12, as: UInt32.self).littleEndian),
            Int(bytes.loadUnaligned(fromByteOffset: at + 16, as: UInt32.self).littleEndian)
        )
    }

    /// The stored fields of `doc` (decompresses one block).
    func document(_ doc: UInt32) throws(IndexError) -> StoredDocument {
        guard Int(doc) < documentCount else { throw .documentOutOfRange(doc: doc, count: documentCount) }
        var low = 0
        var high = blockCount
        while low < high {  // the last block whose first document is <= doc
            let mid = (low + high) >> 1
            if entry(mid).firstDoc <= doc { low = mid + 1 } else { high = mid }
        }
        let block = low - 1
        let entry = self.entry(block)
        let path = file.path
        let bytes = try decompress(block)
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(IndexError) in
                try Self.parse(raw, first: entry.firstDoc, doc: doc, path: "\(path) block \(block)")
            }
        }
        return try result.get()
    }

    /// The uncompressed bytes of block `block`.
    func decompress(_ block: Int) throws(IndexError) -> [UInt8] {
        let entry = self.entry(block)
        let path = file.path
        // zlib cannot expand more than ~1032:1, so a larger claim is damage (and must not drive an allocation).
        guard entry.uncompressedLength <= entry.compressedLength * 1040 + 64 else {
            throw .corrupt("\(path): stored fields block \(block) has an impossible size")
        }
        var bytes = [UInt8](repeating: 0, count: entry.uncompressedLength)
        var length = uLongf(entry.uncompressedLength)
        let status = bytes.withUnsafeMutableBufferPointer { target in
            uncompress(
                target.baseAddress, &length,
                (file.bytes.baseAddress! + entry.offset).assumingMemoryBound(to: UInt8.self),
                uLong(entry.compressedLength))
        }
        guard status == Z_OK, Int(length) == entry.uncompressedLength else {
            throw .corrupt("\(path): stored fields block \(block) does not decompress (zlib status \(status))")
        }
        return bytes
    }

    /// Calls `body` with every document in order, decompressing each block once.
    func forEachDocument(_ body: (UInt32, StoredDocument) throws -> Void) throws {
        for block in 0..<blockCount {
            let first = documents(inBlock: block).lowerBound
            for (offset, document) in try decodeDocuments(inBlock: block).enumerated() {
                try body(first + UInt32(offset), document)
            }
        }
    }

    /// The documents block `block` holds.
    func documents(inBlock block: Int) -> Range<UInt32> {
        entry(block).firstDoc..<(block + 1 < blockCount ? entry(block + 1).firstDoc : UInt32(documentCount))
    }

    /// The compressed bytes of block `block`.
    func compressedBytes(_ block: Int) -> UnsafeRawBufferPointer {
        let entry = self.entry(block)
        return UnsafeRawBufferPointer(rebasing: file.bytes[entry.offset..<(entry.offset + entry.compressedLength)])
    }

    /// The documents of block `block`, in order (decompresses it).
    func decodeDocuments(inBlock block: Int) throws(IndexError) -> [StoredDocument] {
        let count = documents(inBlock: block).count
        let bytes = try decompress(block)
        let path = "\(file.path) block \(block)"
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(IndexError) -> [StoredDocument] in
                var reader = ByteReader(raw, range: 0..<raw.count, path: path)
                var documents: [StoredDocument] = []
                documents.reserveCapacity(count)
                for _ in 0..<count { documents.append(try Self.readDocument(&reader, limit: raw.count)) }
                return documents
            }
        }
        return try result.get()
    }

    /// Decodes the document at the reader's position (six length-prefixed fields).
    private static func readDocument(_ reader: inout ByteReader, limit: Int) throws(IndexError) -> StoredDocument {
        var fields: [String] = []
        fields.reserveCapacity(6)
        for _ in 0..<6 {
            let field = try reader.readBytes(reader.readCount(max: limit, "field length"))
            fields.append(String(decoding: field, as: UTF8.self))
        }
        return StoredDocument(
            id: fields[0], url: fields[1], title: fields[2], author: fields[3], published: fields[4], body: fields[5])
    }

    /// Skips to document `doc` in a decompressed block whose first document is `first`, and decodes it.
    private static func parse(
        _ raw: UnsafeRawBufferPointer, first: UInt32, doc: UInt32, path: String
    )
        throws(IndexError) -> StoredDocument
    {
        var reader = ByteReader(raw, range: 0..<raw.count, path: path)
        for _ in Int(first)..<Int(doc) {
            for _ in 0..<6 { _ = try reader.readBytes(reader.readCount(max: raw.count, "field length")) }
        }
        return try readDocument(&reader, limit: raw.count)
    }
}
