import SearchAnalysis

/// The segment being built in memory: one `FieldInverter` per indexed field plus the stored documents, flushed
/// to an immutable segment by `flush`.
final class SegmentWriter {
    private var title = FieldInverter()
    private var body = FieldInverter()
    private var url = FieldInverter()
    private let stored = StoredFieldsWriter()
    /// Reused buffer for the body field's text, title + "\n" + body.
    private var text: [UInt8] = []
    /// The number of documents added.
    private(set) var documentCount = 0

    /// The bytes allocated (compared with the writer's memory budget).
    var allocatedBytes: Int {
        title.allocatedBytes + body.allocatedBytes + url.allocatedBytes + stored.allocatedBytes + text.capacity
    }

    /// The largest number of documents a segment can hold (document numbers are UInt32, `UInt32.max` is the
    /// cursors' end marker).
    static let maximumDocumentCount = Int(UInt32.max) - 1

    /// Analyzes and buffers one document.
    func add(_ document: StoredDocument, analyzer: inout Analyzer) {
        precondition(documentCount < Self.maximumDocumentCount, "segment is full")
        let doc = UInt32(documentCount)
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
        documentCount += 1
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
        documentCount += 1
    }

    /// Writes the buffered documents as segment `name` in `directory` (every file synced) and returns its
    /// manifest entry. After a failure it can be called again (the files are rewritten from scratch); after
    /// success the writer is done.
    func flush(directory: String, name: String) throws(IndexError) -> SegmentInfo {
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
        return SegmentInfo(name: name, id: id, documentCount: count)
    }
}
