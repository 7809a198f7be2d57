import Dispatch
import SearchAnalysis
import Synchronization

/// Merges adjacent segments into one from their files, without analyzing any document again: each field's
/// term dictionaries are walked side by side, and a term's postings are the concatenation of its live postings
/// in each segment, renumbered past the documents before them; positions bytes are copied (a document's
/// positions start with an absolute value, so they do not depend on what precedes them). Block metadata is
/// computed afresh from the new norms, stored blocks without deleted documents are copied still compressed,
/// and the rest are decompressed and compressed again with the deleted documents left out.
///
/// The result is the segment that indexing the live documents in that order would have built, byte for byte
/// in its postings, positions, norms, statistics and dictionary. Memory holds the document maps, the norms
/// and identities (tens of bytes per document) and one term's postings at a time, whatever the segments'
/// size; the stored text goes to a file without a name that becomes the segment's (`StoredSpill`).
enum SegmentMerger {
    /// What a merge wrote: the new segment's manifest entry, and where each merged segment's documents went.
    struct Merged: Sendable {
        let info: SegmentInfo
        let maps: [DocumentMap]
    }

    /// Writes the documents of `segments` that `deleted` (one set per segment, nil: none deleted; by default
    /// the segments' own) leaves live, in order, as segment `name` in `directory` (every file synced); nil,
    /// writing nothing, when no document is live. The terms are written on the calling thread while the stored
    /// documents and identities are written on another. Once `cancelled` is set, the merge stops between two
    /// terms or stored blocks and throws `IndexError.cancelled`, leaving files that no manifest names.
    static func merge(
        _ segments: [SegmentReader], deleted: [DeletedDocuments?]? = nil, directory: String, name: String,
        cancelled: CancellationFlag = CancellationFlag()
    ) throws(IndexError) -> Merged? {
        var maps: [DocumentMap] = []
        var count = 0
        for (k, segment) in segments.enumerated() {
            let map = DocumentMap(segment, deleted: deleted.map { $0[k] } ?? segment.deletedDocuments, base: count)
            count += map.liveCount
            guard count <= SegmentWriter.maximumDocumentCount else {
                throw .io("could not merge segments: more than \(SegmentWriter.maximumDocumentCount) documents")
            }
            maps.append(map)
        }
        guard count > 0 else { return nil }
        let id = SegmentID.random()
        let documentCount = count
        let documentMaps = maps
        @Sendable func path(_ fileExtension: String) -> String { SegmentFiles.path(directory, name, fileExtension) }

        let stored = ConcurrentSlots<Result<Void, IndexError>>(count: 1, initial: .success(()))
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            stored.set(0, Result { () throws(IndexError) in
                try writeStored(segments, documentMaps, path: path(SegmentFiles.stored), directory: directory,
                    segment: id, cancelled: cancelled)
                try writeIdentities(segments, documentMaps, path: path(SegmentFiles.identities), segment: id)
            })
        }
        let terms = Result { () throws(IndexError) in
            try writeTermsAndNorms(
                segments, documentMaps, documentCount: documentCount, path: path, segment: id, cancelled: cancelled)
        }
        group.wait()
        try terms.get()
        try stored.values[0].get()
        return Merged(info: SegmentInfo(name: name, id: id, documentCount: documentCount), maps: documentMaps)
    }

    /// Where the documents of one segment go in the merged one.
    struct DocumentMap: Sendable {
        /// The merged number of the segment's first live document.
        let base: Int
        /// The number of live documents.
        let liveCount: Int
        /// Per document, its merged number (`UInt32.max` if deleted); nil when nothing is deleted, so that
        /// document `d` becomes `base + d`.
        let numbers: [UInt32]?

        /// The map of `segment` whose deleted documents are `deleted`, its first live one becoming `base`.
        init(_ segment: SegmentReader, deleted: DeletedDocuments?, base: Int) {
            self.base = base
            guard let deleted else {
                liveCount = segment.documentCount
                numbers = nil
                return
            }
            var numbers = [UInt32](repeating: .max, count: segment.documentCount)
            var next = base
            for doc in 0..<segment.documentCount where !deleted.contains(UInt32(doc)) {
                numbers[doc] = UInt32(next)
                next += 1
            }
            liveCount = next - base
            self.numbers = numbers
        }

        /// Whether document `doc` of the segment is live.
        func isLive(_ doc: Int) -> Bool { number(UInt32(doc)) != nil }

        /// The merged number of live document `doc` of the segment (nil if it was deleted).
        func number(_ doc: UInt32) -> UInt32? {
            guard let numbers else { return UInt32(base) + doc }
            return numbers[Int(doc)] == .max ? nil : numbers[Int(doc)]
        }
    }

    /// Writes each field's terms with their merged postings, then the norms file with the statistics the
    /// postings add up to (a field's length in a document is its number of tokens: the sum of its terms'
    /// frequencies there).
    private static func writeTermsAndNorms(
        _ segments: [SegmentReader], _ maps: [DocumentMap], documentCount: Int, path: (String) -> String,
        segment id: SegmentID, cancelled: CancellationFlag
    ) throws(IndexError) {
        var norms: [[UInt8]] = []
        var statistics: [FieldStatistics] = []
        for field in IndexedField.allCases {
            var codes: [UInt8] = []
            codes.reserveCapacity(documentCount)
            var withField = 0
            for (segment, map) in zip(segments, maps) {
                let segmentNorms = segment.norms(field)
                for doc in 0..<segment.documentCount where map.isLive(doc) {
                    codes.append(segmentNorms[doc])
                    if segmentNorms[doc] != 0 { withField += 1 }
                }
            }
            norms.append(codes)
            statistics.append(FieldStatistics(documentCount: withField, totalTermCount: 0))
        }
        let outputs = try TermOutputs(path: path, segment: id)
        let (postings, dictionary) = (outputs.postings, outputs.dictionary)
        for field in IndexedField.allCases {
            dictionary.startField(field)
            statistics[field.index].totalTermCount = try norms[field.index].withUnsafeBufferPointer {
                codes throws(IndexError) in
                try writeTerms(
                    of: field, segments, maps, to: postings, dictionary: dictionary, norms: codes, cancelled: cancelled)
            }
            try dictionary.finishField()
        }
        try outputs.finish()
        try NormsFile.write(
            path: path(SegmentFiles.norms), segment: id, documentCount: documentCount, statistics: statistics,
            norms: norms)
    }

    /// Writes every term of `field` that has a live posting, in term order, and returns the sum of their
    /// frequencies.
    private static func writeTerms(
        of field: IndexedField, _ segments: [SegmentReader], _ maps: [DocumentMap], to postings: PostingsWriter,
        dictionary: TermDictionaryWriter, norms: UnsafeBufferPointer<UInt8>, cancelled: CancellationFlag
    ) throws(IndexError) -> UInt64 {
        var iterators = segments.map { $0.terms(field) }
        var entries: [TermInfo?] = []
        for k in iterators.indices { entries.append(try iterators[k].next()) }
        var docs = _UnsafeGrowableArray<UInt32>(capacity: 1 << 10)
        var frequencies = _UnsafeGrowableArray<UInt32>(capacity: 1 << 10)
        var positionBytes = _UnsafeGrowableArray<UInt8>(capacity: 1 << 12)
        var postingsRead = segments.map { PagesRead($0.postingsFile) }
        var positionsRead = segments.map { PagesRead($0.positionsFile) }
        var holders: [Int] = []
        var fieldTotal: UInt64 = 0
        while true {
            // The smallest current term, and the segments holding it.
            var smallest = -1
            holders.removeAll(keepingCapacity: true)
            for k in iterators.indices where entries[k] != nil {
                let order =
                    smallest < 0
                    ? -1
                    : iterators[k].term.withUnsafeBufferPointer { a in
                        iterators[smallest].term.withUnsafeBufferPointer { b in SegmentWriter.compare(a, b) }
                    }
                if order < 0 {
                    smallest = k
                    holders.removeAll(keepingCapacity: true)
                }
                if order <= 0 { holders.append(k) }
            }
            guard smallest >= 0 else { return fieldTotal }
            if cancelled.isSet { throw .cancelled }
            docs.removeAll()
            frequencies.removeAll()
            positionBytes.removeAll()
            var total: UInt64 = 0
            for k in holders {
                let info = entries[k]!
                total += try collect(
                    info, of: segments[k], map: maps[k], docs: &docs, frequencies: &frequencies,
                    positions: &positionBytes)
                postingsRead[k].readUpTo(info.postingsOffset + info.postingsLength)
                positionsRead[k].readUpTo(info.positionsOffset + info.positionsLength)
            }
            if docs.count > 0 {
                let location = try postings.write(
                    docs: docs.buffer, frequencies: frequencies.buffer, positionBytes: positionBytes.buffer,
                    norms: norms)
                try iterators[smallest].term.withUnsafeBufferPointer { term throws(IndexError) in
                    try dictionary.add(
                        term, documentFrequency: UInt32(docs.count), totalTermFrequency: total, location: location)
                }
                fieldTotal += total
            }
            for k in holders { entries[k] = try iterators[k].next() }
        }
    }

    /// Appends the live postings of term `info` of `segment` (renumbered by `map`) and their positions bytes to
    /// the scratch arrays; returns the sum of their frequencies. Postings that disagree with the term's entry
    /// or with the positions bytes are reported as corruption.
    private static func collect(
        _ info: TermInfo, of segment: SegmentReader, map: DocumentMap, docs: inout _UnsafeGrowableArray<UInt32>,
        frequencies: inout _UnsafeGrowableArray<UInt32>, positions: inout _UnsafeGrowableArray<UInt8>
    ) throws(IndexError) -> UInt64 {
        let bytes = segment.positionsBytes(info)
        let corrupt = IndexError.corrupt(
            "segment \(segment.name): the \(info.field) postings of a term disagree with its dictionary entry")
        var cursor = segment.postings(info)
        var seen: UInt32 = 0
        var total: UInt64 = 0
        var offset = 0
        let limit = UInt32(segment.documentCount)
        while cursor.doc != PostingsCursor.exhausted {
            let doc = cursor.doc
            let frequency = cursor.frequency
            guard doc < limit, let base = bytes.baseAddress else { throw corrupt }
            var end = offset
            guard VByte.skip(Int(frequency), base, &end, bytes.count) else { throw corrupt }
            if let numbers = map.numbers {
                let number = numbers[Int(doc)]
                if number != .max {
                    docs.append(number)
                    frequencies.append(frequency)
                    total += UInt64(frequency)
                    positions.append(
                        contentsOf: UnsafeBufferPointer(
                            start: (base + offset).assumingMemoryBound(to: UInt8.self), count: end - offset))
                }
            } else {
                docs.append(UInt32(map.base) + doc)
                frequencies.append(frequency)
                total += UInt64(frequency)
            }
            offset = end
            seen += 1
            cursor.next()
        }
        guard seen == info.documentFrequency, offset == bytes.count else { throw corrupt }
        if map.numbers == nil, let base = bytes.baseAddress {
            positions.append(
                contentsOf: UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: bytes.count))
        }
        return total
    }

    /// Writes the stored documents: the blocks of each segment without deleted documents are copied as they
    /// are, the others' live documents compressed again.
    private static func writeStored(
        _ segments: [SegmentReader], _ maps: [DocumentMap], path: String, directory: String, segment id: SegmentID,
        cancelled: CancellationFlag
    ) throws(IndexError) {
        let writer = StoredFieldsWriter(spill: StoredSpill(directory: directory))
        for (segment, map) in zip(segments, maps) {
            let reader = segment.storedFields
            var read = PagesRead(reader.file)
            for block in 0..<reader.blockCount {
                read.readUpTo(reader.entry(block).offset)
                if cancelled.isSet { throw .cancelled }
                let documents = reader.documents(inBlock: block)
                if documents.allSatisfy({ map.isLive(Int($0)) }) {
                    writer.appendCompressedBlock(
                        reader.compressedBytes(block), documentCount: documents.count,
                        uncompressedLength: reader.entry(block).uncompressedLength)
                } else {
                    for (doc, document) in zip(documents, try reader.decodeDocuments(inBlock: block))
                    where map.isLive(Int(doc)) {
                        writer.add(document)
                    }
                }
            }
        }
        try writer.write(path: path, segment: id)
    }

    /// Writes the identities file of the live documents.
    private static func writeIdentities(
        _ segments: [SegmentReader], _ maps: [DocumentMap], path: String, segment id: SegmentID
    ) throws(IndexError) {
        var identities: [DocumentKey] = []
        var ids: [DocumentKey] = []
        var hashes: [UInt64] = []
        for (segment, map) in zip(segments, maps) {
            let keys = segment.identities.keysByDocument()
            for doc in 0..<segment.documentCount where map.isLive(doc) {
                identities.append(keys.identities[doc])
                ids.append(keys.ids[doc])
                hashes.append(segment.identities.contentHash(UInt32(doc)))
            }
        }
        try SegmentIdentities.write(path: path, segment: id, identities: identities, ids: ids, contentHashes: hashes)
    }
}

/// A flag one thread sets to ask work running on another to stop.
final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    /// Whether stopping was asked for.
    var isSet: Bool { flag.load(ordering: .relaxed) }

    /// Asks the work to stop.
    func set() { flag.store(true, ordering: .relaxed) }
}

/// The part of a mapped file that a merge has read front to back so far, whose pages it hands back a few
/// megabytes at a time: a merge reads every byte of its segments once, and the mappings would otherwise keep all
/// of them resident until it ends.
private struct PagesRead {
    let file: MappedFileBuffer
    /// Where the pages not yet handed back start.
    var released = 0

    /// How many bytes are read before their pages are handed back.
    static let batch = 4 << 20

    init(_ file: MappedFileBuffer) { self.file = file }

    /// Notes that reading reached `offset`, handing back the pages before it a batch at a time (blocks are
    /// not always in file order: one read again later maps its pages back).
    mutating func readUpTo(_ offset: Int) {
        guard offset - released >= Self.batch else { return }
        file.releasePages(released..<offset)
        released = offset
    }
}
