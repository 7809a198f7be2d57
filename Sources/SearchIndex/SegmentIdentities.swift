/// A segment's `.ids` file: for every document, the hash of its content and the keys of its identity and of its
/// id, sorted for binary search, so the writer finds the document an input replaces (and whether it changed)
/// and `search delete` finds documents by URL or id without decompressing stored fields.
///
///     header (kind "IDEN", the segment's id)
///     documentCount u64
///     content hashes: documentCount × u64, by document
///     identity keys:  documentCount × (high u64 | low u64 | doc u32), ascending by (key, doc)
///     id keys:        documentCount × (high u64 | low u64 | doc u32), ascending by (key, doc)
///     footer
///
/// Invariants, established by `init`: the three arrays lie in the content and every document number is below
/// `documentCount` (whether each document appears exactly once is left to `check`).
struct SegmentIdentities {
    let file: MappedFileBuffer
    let documentCount: Int
    private let contentStart: Int
    private let identityStart: Int
    private let idStart: Int

    static let entrySize = 20

    init(file: MappedFileBuffer, content: Range<Int>) throws(IndexError) {
        var reader = ByteReader(file.bytes, range: content, path: file.path)
        let count = try reader.readOffset(max: content.count / (8 + 2 * Self.entrySize), "document count")
        guard content.count == 8 + count * (8 + 2 * Self.entrySize) else {
            throw .corrupt("\(file.path): the identity tables have the wrong size")
        }
        self.file = file
        documentCount = count
        contentStart = content.lowerBound + 8
        identityStart = contentStart + 8 * count
        idStart = identityStart + Self.entrySize * count
        for index in 0..<(2 * count) where entry(identityStart, index).doc >= count {
            throw .corrupt("\(file.path): identity entry \(index) names a document outside the segment")
        }
    }

    /// The content hash of `doc` (`ContentHasher.contentHash`).
    func contentHash(_ doc: UInt32) -> UInt64 {
        file.bytes.loadUnaligned(fromByteOffset: contentStart + 8 * Int(doc), as: UInt64.self).littleEndian
    }

    /// The documents whose identity has key `key`, ascending.
    func documents(identity key: DocumentKey) -> [UInt32] { documents(key, table: identityStart) }

    /// The documents whose id has key `key`, ascending.
    func documents(id key: DocumentKey) -> [UInt32] { documents(key, table: idStart) }

    /// Every document's identity key and id key, by document (for merging segments).
    func keysByDocument() -> (identities: [DocumentKey], ids: [DocumentKey]) {
        var identities = [DocumentKey](repeating: DocumentKey(high: 0, low: 0), count: documentCount)
        var ids = identities
        for index in 0..<documentCount {
            let identity = entry(identityStart, index)
            identities[Int(identity.doc)] = identity.key
            let id = entry(idStart, index)
            ids[Int(id.doc)] = id.key
        }
        return (identities, ids)
    }

    private func entry(_ table: Int, _ index: Int) -> (key: DocumentKey, doc: UInt32) {
        let at = table + index * Self.entrySize
        let bytes = file.bytes
        return (
            DocumentKey(
                high: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self).littleEndian,
                low: bytes.loadUnaligned(fromByteOffset: at + 8, as: UInt64.self).littleEndian),
            bytes.loadUnaligned(fromByteOffset: at + 16, as: UInt32.self).littleEndian
        )
    }

    private func documents(_ key: DocumentKey, table: Int) -> [UInt32] {
        var low = 0
        var high = documentCount
        while low < high {  // the first entry whose key is >= `key`
            let mid = (low + high) >> 1
            if entry(table, mid).key < key { low = mid + 1 } else { high = mid }
        }
        var found: [UInt32] = []
        while low < documentCount {
            let (candidate, doc) = entry(table, low)
            guard candidate == key else { break }
            found.append(doc)
            low += 1
        }
        return found
    }

    /// Checks that each table is sorted and names every document exactly once.
    func check() throws(IndexError) {
        for (name, table) in [("identity", identityStart), ("id", idStart)] {
            var seen = [Bool](repeating: false, count: documentCount)
            var previous: (key: DocumentKey, doc: UInt32)?
            for index in 0..<documentCount {
                let current = entry(table, index)
                if let previous,
                    current.key < previous.key || (current.key == previous.key && current.doc <= previous.doc)
                {
                    throw .corrupt("\(file.path): the \(name) table is out of order at entry \(index)")
                }
                guard !seen[Int(current.doc)] else {
                    throw .corrupt("\(file.path): the \(name) table lists document \(current.doc) twice")
                }
                seen[Int(current.doc)] = true
                previous = current
            }
        }
    }

    /// Writes the `.ids` file of a segment whose documents have these identity keys, id keys and content hashes.
    static func write(
        path: String, segment: SegmentID, identities: [DocumentKey], ids: [DocumentKey], contentHashes: [UInt64]
    ) throws(IndexError) {
        let output = try FileOutput(path: path)
        FileFormat.writeHeader(output, kind: .identities, segment: segment)
        output.writeUInt64(UInt64(contentHashes.count))
        for hash in contentHashes { output.writeUInt64(hash) }
        for keys in [identities, ids] {
            let order = keys.indices.sorted { keys[$0] < keys[$1] || (keys[$0] == keys[$1] && $0 < $1) }
            for doc in order {
                output.writeUInt64(keys[doc].high)
                output.writeUInt64(keys[doc].low)
                output.writeUInt32(UInt32(doc))
            }
        }
        try output.finish()
    }
}
