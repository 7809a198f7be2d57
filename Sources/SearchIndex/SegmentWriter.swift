import SearchAnalysis

/// The segment being built in memory: one `FieldInverter` per indexed field plus the stored documents, flushed
/// to an immutable segment by `flush`.
final class SegmentWriter {
    private var title = FieldInverter()
    private var body = FieldInverter()
    private var url = FieldInverter()
    private let stored: StoredFieldsWriter
    /// Reused buffer for the body field's text, title + "\n" + body.
    private var text: [UInt8] = []
    /// The number of documents added (reserved).
    private(set) var documentCount = 0
    /// The number of documents analyzed: the first `indexedCount` reserved ones.
    private var indexedCount = 0
    /// Per document: the key of its identity, the key of its id, the hash of its content (the `.ids` file).
    private var identityKeys: [DocumentKey] = []
    private var idKeys: [DocumentKey] = []
    private var contentHashes: [UInt64] = []
    /// The newest document with each identity, and per document the previous one with the same identity
    /// (`UInt32.max`: none), so that every buffered copy of an identity can be found.
    private var newestWithIdentity: [DocumentKey: UInt32] = [:]
    private var previousWithIdentity: [UInt32] = []
    /// Buffered documents deleted since (replaced by a later version): bit d % 64 of word d / 64.
    private var deletedWords: [UInt64] = []

    /// A writer whose stored text goes to scratch files in `scratchDirectory` (when given) rather than memory.
    init(scratchDirectory: String? = nil) {
        stored = StoredFieldsWriter(spillDirectory: scratchDirectory)
    }

    /// The bytes allocated (compared with the writer's memory budget).
    var allocatedBytes: Int {
        title.allocatedBytes + body.allocatedBytes + url.allocatedBytes + stored.allocatedBytes + text.capacity
            + identityKeys.capacity * 36 + newestWithIdentity.capacity * 40
    }

    /// The buffered documents whose identity has key `key`, newest first, with their content hashes; deleted
    /// ones left out.
    func liveDocuments(identity key: DocumentKey) -> [(doc: UInt32, contentHash: UInt64)] {
        var found: [(doc: UInt32, contentHash: UInt64)] = []
        var doc = newestWithIdentity[key] ?? UInt32.max
        while doc != UInt32.max {
            if !isDeleted(doc) { found.append((doc, contentHashes[Int(doc)])) }
            doc = previousWithIdentity[Int(doc)]
        }
        return found
    }

    /// Whether buffered document `doc` was deleted.
    func isDeleted(_ doc: UInt32) -> Bool {
        Int(doc >> 6) < deletedWords.count && deletedWords[Int(doc >> 6)] & (1 &<< UInt64(doc & 63)) != 0
    }

    /// Marks buffered document `doc` deleted; returns false if it already was.
    func delete(_ doc: UInt32) -> Bool {
        precondition(Int(doc) < documentCount, "document \(doc) is not buffered")
        while deletedWords.count <= Int(doc >> 6) { deletedWords.append(0) }
        let mask: UInt64 = 1 &<< UInt64(doc & 63)
        defer { deletedWords[Int(doc >> 6)] |= mask }
        return deletedWords[Int(doc >> 6)] & mask == 0
    }

    /// Records the keys and content hash of the document being added as number `doc`.
    private func identify(_ document: StoredDocument, key: DocumentKey, contentHash: UInt64, doc: UInt32) {
        identityKeys.append(key)
        idKeys.append(DocumentKey(document.id))
        contentHashes.append(contentHash)
        previousWithIdentity.append(newestWithIdentity.updateValue(doc, forKey: key) ?? UInt32.max)
    }

    /// The largest number of documents a segment can hold (document numbers are UInt32, `UInt32.max` is the
    /// cursors' end marker).
    static let maximumDocumentCount = Int(UInt32.max) - 1

    /// Analyzes and buffers one document.
    func add(_ document: StoredDocument, analyzer: inout Analyzer) {
        let doc = reserve(
            document, identity: DocumentKey(identityOf: document), contentHash: ContentHasher.contentHash(of: document))
        index(document, as: doc, analyzer: &analyzer)
    }

    /// Gives `document` the next document number and records its identity (with key `key`) and content hash, so
    /// that `liveDocuments(identity:)` and `delete` know it at once; `index(_:as:analyzer:)` must then analyze it,
    /// documents in the order of their numbers, before the writer is flushed.
    func reserve(_ document: StoredDocument, identity key: DocumentKey, contentHash: UInt64) -> UInt32 {
        precondition(documentCount < Self.maximumDocumentCount, "segment is full")
        let doc = UInt32(documentCount)
        identify(document, key: key, contentHash: contentHash, doc: doc)
        documentCount += 1
        return doc
    }

    /// Analyzes and buffers reserved document `doc` (the lowest one not yet analyzed). Touches only the fields'
    /// postings and the stored documents, so it may run on another thread than `reserve` and `delete`, never at
    /// the same time as a flush.
    func index(_ document: StoredDocument, as doc: UInt32, analyzer: inout Analyzer) {
        precondition(doc == UInt32(indexedCount), "document \(doc) analyzed out of order")
        var titleText = document.title
        var bodyText = document.body
        var urlText = document.url
        text.removeAll(keepingCapacity: true)
        let titleLength = titleText.withUTF8 { bytes in
            text.append(contentsOf: bytes)
            return title.invert(bytes, doc: doc, analyzer: &analyzer)
        }
        text.append(0x0A)
        bodyText.withUTF8 { text.append(contentsOf: $0) }
        let bodyLength = text.withUnsafeBufferPointer { body.invert($0, doc: doc, analyzer: &analyzer) }
        let urlLength = urlText.withUTF8 { url.invert($0, doc: doc, analyzer: &analyzer) }
        title.finishDocument(length: titleLength)
        body.finishDocument(length: bodyLength)
        url.finishDocument(length: urlLength)
        stored.add(document)
        indexedCount += 1
    }

    /// Buffers one document whose fields are already tokenized (`tokens[field]` = terms and positions in
    /// order; the field length is the number of tokens). For tests of the on-disk structures.
    func add(_ document: StoredDocument, tokens: [IndexedField: [(term: [UInt8], position: UInt32)]]) {
        let doc = UInt32(documentCount)
        for field in IndexedField.allCases {
            let fieldTokens = tokens[field] ?? []
            for token in fieldTokens {
                token.term.withUnsafeBufferPointer { term in
                    switch field {
                    case .title: title.add(term, position: token.position, doc: doc)
                    case .body: body.add(term, position: token.position, doc: doc)
                    case .url: url.add(term, position: token.position, doc: doc)
                    }
                }
            }
            let length = UInt32(fieldTokens.count)
            switch field {
            case .title: title.finishDocument(length: length)
            case .body: body.finishDocument(length: length)
            case .url: url.finishDocument(length: length)
            }
        }
        stored.add(document)
        identify(document, key: DocumentKey(identityOf: document), contentHash: ContentHasher.contentHash(of: document),
            doc: doc)
        documentCount += 1
        indexedCount += 1
    }

    /// Writes the buffered documents as segment `name` in `directory` (every file synced) and returns its
    /// manifest entry and the buffered documents that were deleted (nil if none). After a failure it can be
    /// called again (the files are rewritten from scratch); after success the writer is done.
    func flush(directory: String, name: String) throws(IndexError) -> (SegmentInfo, DeletedDocuments?) {
        precondition(indexedCount == documentCount, "flushing reserved documents that were not analyzed")
        let id = SegmentID.random()
        let count = documentCount
        var norms: [[UInt8]] = []
        var statistics: [FieldStatistics] = []
        for field in IndexedField.allCases {
            let (codes, fieldStatistics) =
                switch field {
                case .title: title.normsAndStatistics(documentCount: count)
                case .body: body.normsAndStatistics(documentCount: count)
                case .url: url.normsAndStatistics(documentCount: count)
                }
            norms.append(codes)
            statistics.append(fieldStatistics)
        }

        let path = { (fileExtension: String) in SegmentFiles.path(directory, name, fileExtension) }
        let termsOutput = try FileOutput(path: path(SegmentFiles.terms))
        let postingsOutput = try FileOutput(path: path(SegmentFiles.postings))
        let positionsOutput = try FileOutput(path: path(SegmentFiles.positions))
        FileFormat.writeHeader(termsOutput, kind: .terms, segment: id)
        FileFormat.writeHeader(postingsOutput, kind: .postings, segment: id)
        FileFormat.writeHeader(positionsOutput, kind: .positions, segment: id)
        let postings = PostingsWriter(postings: postingsOutput, positions: positionsOutput)
        let dictionary = TermDictionaryWriter(output: termsOutput)
        for field in IndexedField.allCases {
            dictionary.startField(field)
            try norms[field.index].withUnsafeBufferPointer { codes throws(IndexError) in
                switch field {
                case .title: try title.flush(to: postings, dictionary: dictionary, norms: codes)
                case .body: try body.flush(to: postings, dictionary: dictionary, norms: codes)
                case .url: try url.flush(to: postings, dictionary: dictionary, norms: codes)
                }
            }
            try dictionary.finishField()
        }
        try dictionary.finish()
        try postingsOutput.finish()
        try positionsOutput.finish()
        try NormsFile.write(
            path: path(SegmentFiles.norms), segment: id, documentCount: count, statistics: statistics, norms: norms)
        try stored.write(path: path(SegmentFiles.stored), segment: id)
        try SegmentIdentities.write(
            path: path(SegmentFiles.identities), segment: id, identities: identityKeys, ids: idKeys,
            contentHashes: contentHashes)
        var deleted: DeletedDocuments?
        if deletedWords.contains(where: { $0 != 0 }) {
            let set = DeletedDocuments(documentCount: count)
            for doc in 0..<UInt32(count) where isDeleted(doc) { set.insert(doc) }
            deleted = set
        }
        return (SegmentInfo(name: name, id: id, documentCount: count), deleted)
    }
}
