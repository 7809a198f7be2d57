import Dispatch
import SearchAnalysis

/// One immutable segment. Documents are numbered 0..<documentCount within the segment.
///
/// Opening maps the segment's six files (and its deletions file, if any), verifies each one's header, footer
/// and (by default) checksum, and validates the directories inside them; all later reads are served from the
/// mappings without copying.
/// Immutable after `init`, hence safe to share between threads.
public final class SegmentReader: @unchecked Sendable {
    let info: SegmentInfo
    private let terms: MappedFileBuffer
    let postingsFile: MappedFileBuffer
    let positionsFile: MappedFileBuffer
    private let normsFile: NormsFile
    let storedFields: StoredFieldsReader
    let identities: SegmentIdentities
    private let dictionaries: [TermDictionary]
    private let postingsContent: Range<Int>
    private let positionsContent: Range<Int>

    /// The number of documents in the segment, deleted ones included (document numbers run to it).
    public let documentCount: Int
    /// The segment's deleted documents; nil when it has none, so that loops test one pointer.
    public let deletedDocuments: DeletedDocuments?

    /// The number of deleted documents.
    public var deletedCount: Int { info.deletedCount }
    /// The number of documents not deleted.
    public var liveDocumentCount: Int { info.liveDocumentCount }

    /// Whether `doc` is deleted.
    public func isDeleted(_ doc: UInt32) -> Bool {
        deletedDocuments?.contains(doc) ?? false
    }

    /// The segment's name (the stem of its file names).
    public var name: String { info.name }

    /// Opens segment `info` of the index in `directory`.
    init(directory: String, info: SegmentInfo, verifyChecksums: Bool = true) throws(IndexError) {
        var files: [MappedFileBuffer] = []
        for (fileExtension, _) in SegmentFiles.kinds {
            files.append(try FileSystem.map(SegmentFiles.path(directory, info.name, fileExtension)))
        }
        let contents = try Self.validate(
            files, kinds: SegmentFiles.kinds.map(\.kind), segment: info.id, verifyChecksums: verifyChecksums)
        let (terms, termsContent) = (files[0], contents[0])
        let (postings, postingsContent) = (files[1], contents[1])
        let (positions, positionsContent) = (files[2], contents[2])
        let (norms, normsContent) = (files[3], contents[3])
        let (stored, storedContent) = (files[4], contents[4])
        let (ids, idsContent) = (files[5], contents[5])
        self.info = info
        self.terms = terms
        self.postingsFile = postings
        self.positionsFile = positions
        self.postingsContent = postingsContent
        self.positionsContent = positionsContent
        self.normsFile = try NormsFile(file: norms, content: normsContent)
        self.storedFields = try StoredFieldsReader(file: stored, content: storedContent)
        self.identities = try SegmentIdentities(file: ids, content: idsContent)
        var dictionaries: [TermDictionary] = []
        for field in IndexedField.allCases {
            dictionaries.append(
                try TermDictionary(
                    file: terms, content: termsContent, field: field, postingsRange: postingsContent,
                    positionsRange: positionsContent))
        }
        self.dictionaries = dictionaries
        self.documentCount = info.documentCount
        self.deletedDocuments = try DeletedDocuments.read(
            directory: directory, info: info, verifyChecksum: verifyChecksums)
        guard normsFile.documentCount == info.documentCount, storedFields.documentCount == info.documentCount,
            identities.documentCount == info.documentCount
        else {
            throw .corrupt(
                "\(norms.path): segment has \(normsFile.documentCount) norms, \(storedFields.documentCount) "
                    + "stored documents and \(identities.documentCount) identities, but the manifest lists "
                    + "\(info.documentCount) documents")
        }
    }

    /// Checks each file's envelope (`FileFormat.validate`) and returns their content ranges, in order. Verifying
    /// the checksums of a segment of `parallelFrom` bytes or more reads all of it, so its files are then checked
    /// on all cores, largest first; the error reported is still the first file's in order.
    static func validate(
        _ files: [MappedFileBuffer], kinds: [FileFormat.Kind], segment: SegmentID, verifyChecksums: Bool,
        parallelFrom threshold: Int = parallelVerificationThreshold
    ) throws(IndexError) -> [Range<Int>] {
        @Sendable func check(_ i: Int) -> Result<Range<Int>, IndexError> {
            Result { () throws(IndexError) in
                // Verifying reads every page; only those that searches read need to stay resident.
                try FileFormat.validate(
                    files[i].bytes, path: files[i].path, kind: kinds[i], segment: segment,
                    verifyChecksum: verifyChecksums, releasingPagesOf: files[i])
            }
        }
        let total = files.reduce(0) { $0 + $1.bytes.count }
        guard verifyChecksums, total >= threshold else {
            return try files.indices.map { i throws(IndexError) in try check(i).get() }
        }
        let bySize = files.indices.sorted { files[$0].bytes.count > files[$1].bytes.count }
        let results = ConcurrentSlots<Result<Range<Int>, IndexError>?>(count: files.count, initial: nil)
        DispatchQueue.concurrentPerform(iterations: files.count) { k in
            results.set(bySize[k], check(bySize[k]))
        }
        return try results.values.map { result throws(IndexError) in try result!.get() }
    }

    /// Segments from this size on have their checksums verified on all cores.
    static let parallelVerificationThreshold = 8 << 20

    /// The live documents whose identity is `identity` (their URL, or their id when they have no URL).
    public func liveDocuments(identity: String) -> [UInt32] {
        identities.documents(identity: DocumentKey(identity)).filter { !isDeleted($0) }
    }

    /// The live documents whose id is `id`.
    public func liveDocuments(id: String) -> [UInt32] {
        identities.documents(id: DocumentKey(id)).filter { !isDeleted($0) }
    }

    /// Per-field statistics for BM25: documents with the field, total tokens of the field over all documents.
    public func statistics(_ field: IndexedField) -> FieldStatistics {
        normsFile.statistics[field.index]
    }

    /// Dictionary lookup (term = normalized UTF-8 bytes); nil if absent.
    public func termInfo(_ field: IndexedField, _ term: UnsafeBufferPointer<UInt8>) -> TermInfo? {
        dictionaries[field.index].lookup(term)
    }

    /// Dictionary lookup (term = normalized UTF-8 bytes); nil if absent.
    public func termInfo(_ field: IndexedField, _ term: [UInt8]) -> TermInfo? {
        term.withUnsafeBufferPointer { dictionaries[field.index].lookup($0) }
    }

    /// A cursor over the term's postings, positioned on its first document >= `target` (decoding only the
    /// block that holds it).
    public func postings(_ term: TermInfo, from target: UInt32 = 0) -> PostingsCursor {
        let empty = UnsafeRawBufferPointer(start: nil, count: 0)
        let valid =
            term.postingsOffset >= postingsContent.lowerBound && term.postingsLength >= 0
            && term.postingsLength <= postingsContent.upperBound - term.postingsOffset
            && term.positionsOffset >= positionsContent.lowerBound && term.positionsLength >= 0
            && term.positionsLength <= positionsContent.upperBound - term.positionsOffset
        guard valid else {
            return PostingsCursor(postings: empty, positions: empty, documentFrequency: 0, norms: norms(term.field))
        }
        return PostingsCursor(
            postings: UnsafeRawBufferPointer(
                rebasing: postingsFile.bytes[term.postingsOffset..<(term.postingsOffset + term.postingsLength)]),
            positions: UnsafeRawBufferPointer(
                rebasing: positionsFile.bytes[term.positionsOffset..<(term.positionsOffset + term.positionsLength)]),
            documentFrequency: term.documentFrequency, norms: norms(term.field), from: target)
    }

    /// The positions bytes of a term of this segment: its documents' VByte positions in document order.
    func positionsBytes(_ term: TermInfo) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(
            rebasing: positionsFile.bytes[term.positionsOffset..<(term.positionsOffset + term.positionsLength)])
    }

    /// An iterator over the terms of `field`, in ascending byte order.
    func terms(_ field: IndexedField) -> TermIterator { TermIterator(dictionaries[field.index]) }

    /// One norm byte per document (FieldNorm-encoded field length); count == documentCount.
    public func norms(_ field: IndexedField) -> UnsafeBufferPointer<UInt8> {
        normsFile.norms(field)
    }

    /// The stored fields of `doc` (decompresses one block).
    public func document(_ doc: UInt32) throws -> StoredDocument {
        try storedFields.document(doc)
    }

    /// Calls `body` with every document of the segment in order, deleted ones included, decompressing each
    /// stored block once.
    public func forEachDocument(_ body: (_ doc: UInt32, _ document: StoredDocument) throws -> Void) throws {
        try storedFields.forEachDocument(body)
    }

    /// Calls `body` with every term of `field` that starts with `prefix` (by default, every term), in ascending
    /// byte order, and its dictionary entry (the term's bytes are valid only during the call); reads only the
    /// dictionary blocks that can hold them. Throws `IndexError.corrupt` on a malformed dictionary block.
    public func forEachTerm(
        _ field: IndexedField, withPrefix prefix: [UInt8] = [],
        _ body: (_ term: UnsafeBufferPointer<UInt8>, _ info: TermInfo) throws -> Void
    ) throws {
        try walkTerms(field, withPrefix: prefix) { term, info in
            try body(term, info)
            return 0
        }
    }

    /// `forEachTerm(_:withPrefix:_:)` where `body` may cut the walk short: it returns a number of leading bytes
    /// of the term it was given such that no later term beginning with them is wanted (0: every term is), and
    /// the walk skips those terms, mostly without reading their dictionary blocks.
    public func walkTerms(
        _ field: IndexedField, withPrefix prefix: [UInt8] = [],
        _ body: (_ term: UnsafeBufferPointer<UInt8>, _ info: TermInfo) throws -> Int
    ) throws {
        try prefix.withUnsafeBufferPointer { prefix in
            try dictionaries[field.index].walkTerms(withPrefix: prefix, body)
        }
    }
}
