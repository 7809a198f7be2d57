import SearchIndex
import Synchronization

/// Finds the documents of one segment by their stored `id`.
///
/// Ids are stored, not indexed, so the table is built on first use by reading every stored document of the
/// segment once (O(n) block decompressions). It then holds, sorted, one 64-bit FNV-1a hash of each id with its
/// document number — 12 bytes a document, no strings — and a lookup is a binary search plus one stored-document
/// read to confirm the id (hashes may collide). Segments are immutable, so a table stays valid for as long as its
/// segment is part of the index; `DocumentIDTables` shares tables between the snapshots of a `LiveIndex`.
final class DocumentIDTable: Sendable {
    /// The hashes, ascending, and the document each belongs to (parallel arrays).
    private struct Entries {
        var hashes: [UInt64]
        var documents: [UInt32]
    }

    /// The segment size the table was built for (guards against a reused segment name).
    let documentCount: Int
    private let entries = Mutex<Entries?>(nil)

    /// An empty table for a segment of `documentCount` documents; filled on the first lookup.
    init(documentCount: Int) {
        self.documentCount = documentCount
    }

    /// The newest live document of `segment` whose id is `id`, or nil. Builds the table on first use; concurrent
    /// callers wait for that build rather than repeating it.
    func document(id: String, in segment: SegmentReader) throws -> StoredDocument? {
        let hash = Self.hash(id)
        let candidates: [UInt32] = try entries.withLock { entries in
            if entries == nil { entries = try Self.build(segment) }
            let table = entries!
            var low = 0
            var high = table.hashes.count
            while low < high {  // the first entry whose hash is >= `hash`
                let mid = (low + high) >> 1
                if table.hashes[mid] < hash { low = mid + 1 } else { high = mid }
            }
            var found: [UInt32] = []
            while low < table.hashes.count && table.hashes[low] == hash {
                found.append(table.documents[low])
                low += 1
            }
            return found
        }
        // Duplicated ids (a page indexed twice) resolve to the later copy; deleted documents are not found.
        for doc in candidates.sorted(by: >) where !segment.isDeleted(doc) {
            let document = try segment.document(doc)
            if document.id == id { return document }
        }
        return nil
    }

    private static func build(_ segment: SegmentReader) throws -> Entries {
        var pairs: [(hash: UInt64, doc: UInt32)] = []
        pairs.reserveCapacity(segment.documentCount)
        for doc in 0..<UInt32(segment.documentCount) {
            pairs.append((hash(try segment.document(doc).id), doc))
        }
        pairs.sort { $0.hash < $1.hash || ($0.hash == $1.hash && $0.doc < $1.doc) }
        return Entries(hashes: pairs.map(\.hash), documents: pairs.map(\.doc))
    }

    /// FNV-1a (Fowler, Noll, Vo) over the id's UTF-8 bytes.
    static func hash(_ id: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}

/// The id tables of an index's segments, by segment name, kept across snapshots so that a refresh rebuilds only
/// the tables of new segments.
final class DocumentIDTables: Sendable {
    private let tables = Mutex<[String: DocumentIDTable]>([:])

    /// The tables for `segments` (in their order), reusing those already known; forgets all others.
    func tables(for segments: [SegmentReader]) -> [DocumentIDTable] {
        tables.withLock { known in
            var kept: [String: DocumentIDTable] = [:]
            let result = segments.map { segment in
                let table: DocumentIDTable
                if let existing = known[segment.name], existing.documentCount == segment.documentCount {
                    table = existing
                } else {
                    table = DocumentIDTable(documentCount: segment.documentCount)
                }
                kept[segment.name] = table
                return table
            }
            known = kept
            return result
        }
    }

    /// Forgets every table (the index was replaced by another one).
    func removeAll() {
        tables.withLock { $0.removeAll() }
    }
}
