import Dispatch
import SearchAnalysis
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The segment being built in memory: one `FieldInverter` per indexed field plus the stored documents, flushed
/// to an immutable segment by `flush`.
///
/// Sendable because its users keep to one thread at a time for each part: a lane's queue analyzes into the
/// inverters and stored documents while the writer's thread numbers and deletes; a flush reads the inverters on
/// one thread and the stored documents and identities on another.
final class SegmentWriter: @unchecked Sendable {
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

    /// A writer whose stored text moves to `spill` (when given) rather than staying in memory.
    init(spill: StoredSpill? = nil) {
        stored = StoredFieldsWriter(spill: spill)
    }

    /// The bytes that analysis allocated: postings, stored text and scratch. Read on the thread that analyzes.
    var analysisBytes: Int {
        title.allocatedBytes + body.allocatedBytes + url.allocatedBytes + stored.allocatedBytes + text.capacity
    }

    /// The bytes of the documents' identities. Read on the thread that numbers documents (`reserve`), never
    /// where they are analyzed: the two run at once. With `analysisBytes`, compared with the memory budget.
    var identityBytes: Int { identityKeys.capacity * 36 + newestWithIdentity.capacity * 40 }

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
        try Self.flush([self], directory: directory, name: name)
    }

    /// Writes the documents of several writers as one segment `name`, the documents of each writer after those
    /// of the ones before it (its document `d` becoming `d` plus their document count), and returns the
    /// segment's manifest entry and its deleted documents (nil if none). Terms are merged across the writers'
    /// sorted term tables, so this costs about what flushing them one by one would; the stored documents and
    /// identities are written on another thread meanwhile. Retrying after a failure, and success, as `flush`.
    static func flush(_ writers: [SegmentWriter], directory: String, name: String) throws(IndexError) -> (
        SegmentInfo, DeletedDocuments?
    ) {
        for writer in writers {
            precondition(
                writer.indexedCount == writer.documentCount, "flushing reserved documents that were not analyzed")
        }
        let id = SegmentID.random()
        var starts: [UInt32] = []
        var total = 0
        for writer in writers {
            starts.append(UInt32(total))
            total += writer.documentCount
        }
        let (bases, count) = (starts, total)
        precondition(count <= maximumDocumentCount, "segment is full")
        @Sendable func path(_ fileExtension: String) -> String { SegmentFiles.path(directory, name, fileExtension) }

        // Stored documents and identities are plain concatenations, written while the postings are.
        @Sendable func writeStoredAndIdentities() throws(IndexError) {
            try StoredFieldsWriter.write(writers.map { $0.stored }, path: path(SegmentFiles.stored), segment: id)
            var identities: [DocumentKey] = []
            var ids: [DocumentKey] = []
            var hashes: [UInt64] = []
            for writer in writers {
                identities += writer.identityKeys
                ids += writer.idKeys
                hashes += writer.contentHashes
            }
            try SegmentIdentities.write(
                path: path(SegmentFiles.identities), segment: id, identities: identities, ids: ids,
                contentHashes: hashes)
        }

        @Sendable func writeTermsAndNorms() throws(IndexError) {
            var norms: [[UInt8]] = []
            var statistics: [FieldStatistics] = []
            for field in IndexedField.allCases {
                var codes: [UInt8] = []
                codes.reserveCapacity(count)
                var total = FieldStatistics(documentCount: 0, totalTermCount: 0)
                for writer in writers {
                    let (part, partStatistics) = writer.withInverter(field) {
                        $0.normsAndStatistics(documentCount: writer.documentCount)
                    }
                    codes += part
                    total.documentCount += partStatistics.documentCount
                    total.totalTermCount += partStatistics.totalTermCount
                }
                norms.append(codes)
                statistics.append(total)
            }
            let outputs = try TermOutputs(path: path, segment: id)
            let (postings, dictionary) = (outputs.postings, outputs.dictionary)
            for field in IndexedField.allCases {
                dictionary.startField(field)
                try norms[field.index].withUnsafeBufferPointer { codes throws(IndexError) in
                    try writeTerms(
                        of: field, writers: writers, bases: bases, to: postings, dictionary: dictionary, norms: codes)
                }
                try dictionary.finishField()
            }
            try outputs.finish()
            try NormsFile.write(
                path: path(SegmentFiles.norms), segment: id, documentCount: count, statistics: statistics,
                norms: norms)
        }

        // Not a concurrentPerform: one nested in another runs its iterations one after the other, and the terms
        // are written by one.
        let stored = ConcurrentSlots<Result<Void, IndexError>>(count: 1, initial: .success(()))
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            stored.set(0, Result { () throws(IndexError) in try writeStoredAndIdentities() })
        }
        let terms = Result { () throws(IndexError) in try writeTermsAndNorms() }
        group.wait()
        try terms.get()
        try stored.values[0].get()

        var deleted: DeletedDocuments?
        for (writer, base) in zip(writers, bases) where writer.deletedWords.contains(where: { $0 != 0 }) {
            let set = deleted ?? DeletedDocuments(documentCount: count)
            for doc in 0..<UInt32(writer.documentCount) where writer.isDeleted(doc) { set.insert(base + doc) }
            deleted = set
        }
        return (SegmentInfo(name: name, id: id, documentCount: count), deleted)
    }

    /// Calls `body` with the inverter of `field`.
    private func withInverter<R>(_ field: IndexedField, _ use: (borrowing FieldInverter) -> R) -> R {
        switch field {
        case .title: use(title)
        case .body: use(body)
        case .url: use(url)
        }
    }

    /// Fields with fewer terms than this are written on one thread.
    static let parallelTermThreshold = 20_000

    /// Writes every term of `field` (in term order, merged across the writers' term tables) with its postings
    /// and dictionary entry; a term's documents in writer `i` are numbered from `bases[i]`. A large field is
    /// cut into chunks of terms written on two threads, all but the first into memory, each appended as soon as
    /// the chunks before it are in, its terms' locations shifted by where its bytes land.
    private static func writeTerms(
        of field: IndexedField, writers: [SegmentWriter], bases: [UInt32], to postings: PostingsWriter,
        dictionary: TermDictionaryWriter, norms: UnsafeBufferPointer<UInt8>
    ) throws(IndexError) {
        let sortedSlots = ConcurrentSlots<[UInt32]>(count: writers.count, initial: [])
        DispatchQueue.concurrentPerform(iterations: writers.count) { w in
            sortedSlots.set(w, writers[w].withInverter(field) { $0.terms.sortedIDs() })
        }
        let sorted = sortedSlots.values
        let ends = sorted.map(\.count)
        let largest = writers.indices.max { sorted[$0].count < sorted[$1].count }!
        // Cut at evenly spaced terms of the largest writer's list; every writer's terms below cut k belong to
        // the chunks before k. One thread writes chunk 0 to the segment; then both threads take the next chunk
        // not yet taken and write it to memory, so that neither waits for the other long; chunks are appended
        // in order as they are done (`ChunkAppender`). A small field is one chunk.
        let chunkCount = ends.reduce(0, +) >= parallelTermThreshold ? 16 : 1
        let cuts: [[Int]] = (0...chunkCount).map { k in
            if k == 0 { return ends.map { _ in 0 } }
            if k == chunkCount { return ends }
            let cut = writers[largest].withInverter(field) {
                $0.terms.term(Int(sorted[largest][sorted[largest].count * k / chunkCount]))
            }
            return writers.indices.map { w in
                var low = 0
                var high = sorted[w].count
                while low < high {
                    let mid = (low + high) / 2
                    let term = writers[w].withInverter(field) { $0.terms.term(Int(sorted[w][mid])) }
                    if compare(term, cut) < 0 { low = mid + 1 } else { high = mid }
                }
                return low
            }
        }
        let nextChunk = Atomic<Int>(1)
        let segment = UncheckedBox((postings, dictionary, norms))
        let appender = ChunkAppender(chunkCount: chunkCount, postings: postings, dictionary: dictionary)
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            let (postings, dictionary, norms) = segment.value
            if part == 0 {
                let result = Result { () throws(IndexError) in
                    try mergeTerms(field, writers, bases, sorted, from: cuts[0], to: cuts[1]) {
                        term, docs, frequencies, positions throws(IndexError) in
                        let location = try postings.write(
                            docs: docs, frequencies: frequencies, positionBytes: positions, norms: norms)
                        try dictionary.add(
                            term, documentFrequency: UInt32(docs.count),
                            totalTermFrequency: totalFrequency(frequencies), location: location)
                    }
                }
                appender.finish(0, result.map { nil })
            }
            while case let k = nextChunk.add(1, ordering: .relaxed).oldValue, k < chunkCount {
                let result = Result { () throws(IndexError) -> TermChunk? in
                    let chunk = TermChunk(norms: norms)
                    try mergeTerms(field, writers, bases, sorted, from: cuts[k], to: cuts[k + 1]) {
                        term, docs, frequencies, positions throws(IndexError) in
                        try chunk.add(term, docs: docs, frequencies: frequencies, positions: positions)
                    }
                    return chunk
                }
                appender.finish(k, result)
            }
        }
        try appender.outcome()
    }

    /// The sum of a term's frequencies.
    fileprivate static func totalFrequency(_ frequencies: UnsafeBufferPointer<UInt32>) -> UInt64 {
        var total: UInt64 = 0
        for frequency in frequencies { total += UInt64(frequency) }
        return total
    }

    /// Calls `body` with each term of `field` whose position in writer `w`'s sorted list lies in
    /// `start[w]..<end[w]`, in term order, with its documents (renumbered from `bases`), frequencies and
    /// positions bytes merged across the writers.
    private static func mergeTerms(
        _ field: IndexedField, _ writers: [SegmentWriter], _ bases: [UInt32], _ sorted: [[UInt32]],
        from start: [Int], to end: [Int],
        _ body: (
            UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt32>, UnsafeBufferPointer<UInt32>,
            UnsafeBufferPointer<UInt8>
        ) throws(IndexError) -> Void
    ) throws(IndexError) {
        // Scratch reused across terms, local rather than a writer's properties: an inout access to a class's
        // property is checked for exclusivity at run time, on every term.
        var docs = _UnsafeGrowableArray<UInt32>(capacity: 1 << 10)
        var frequencies = _UnsafeGrowableArray<UInt32>(capacity: 1 << 10)
        var positionBytes = _UnsafeGrowableArray<UInt8>(capacity: 1 << 12)
        var stream = _UnsafeGrowableArray<UInt8>(capacity: 1 << 12)
        var next = start
        var holders: [Int] = []
        while true {
            // The smallest term at the head of any writer's sorted list, and the writers holding it.
            var smallest: UnsafeBufferPointer<UInt8>?
            holders.removeAll(keepingCapacity: true)
            for w in writers.indices where next[w] < end[w] {
                let term = writers[w].withInverter(field) { $0.terms.term(Int(sorted[w][next[w]])) }
                let order = smallest.map { compare(term, $0) } ?? -1
                if order < 0 {
                    smallest = term
                    holders.removeAll(keepingCapacity: true)
                }
                if order <= 0 { holders.append(w) }
            }
            guard let term = smallest else { return }
            docs.removeAll()
            frequencies.removeAll()
            positionBytes.removeAll()
            for w in holders {
                let termID = Int(sorted[w][next[w]])
                writers[w].withInverter(field) {
                    $0.collect(
                        termID, base: bases[w], docs: &docs, frequencies: &frequencies, positions: &positionBytes,
                        stream: &stream)
                }
                next[w] += 1
            }
            try body(term, docs.buffer, frequencies.buffer, positionBytes.buffer)
        }
    }

    /// The dictionary's order of two terms: bytes compared unsigned, a proper prefix first (<0, 0, >0).
    static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let n = Swift.min(a.count, b.count)
        if n > 0, let x = a.baseAddress, let y = b.baseAddress {
            let c = memcmp(x, y, n)
            if c != 0 { return Int(c) }
        }
        return a.count - b.count
    }
}

/// A value handed to another thread that, by the caller's design, is used there alone meanwhile.
private struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// The chunks of a field's terms written on two threads, appended to the segment in order as they are done:
/// chunk 0 is written to the segment directly; a later chunk waits in memory until the chunks before it are
/// in, so only the chunks finished out of order are held. One thread at a time appends, outside the lock, so
/// the other goes on writing its next chunk meanwhile.
private final class ChunkAppender: @unchecked Sendable {
    private struct State {
        /// Per chunk: nil while being written, then its outcome (a chunk to append, or nil once it is in).
        var done: [Result<TermChunk?, IndexError>?]
        /// The first chunk not yet in the segment.
        var next = 0
        /// Whether a thread is appending.
        var appending = false
        /// The first failure, after which nothing more is appended.
        var failure: IndexError?
    }

    private let state: Mutex<State>
    // Used only by the thread that set `appending`.
    private let postings: PostingsWriter
    private let dictionary: TermDictionaryWriter

    init(chunkCount: Int, postings: PostingsWriter, dictionary: TermDictionaryWriter) {
        state = Mutex(State(done: Array(repeating: nil, count: chunkCount)))
        self.postings = postings
        self.dictionary = dictionary
    }

    /// Records that chunk `k` is written (chunk 0: `.success(nil)`, its terms being in the segment already)
    /// and, unless another thread is at it, appends every chunk that is next in order.
    func finish(_ k: Int, _ result: Result<TermChunk?, IndexError>) {
        var take = state.withLock { state in
            state.done[k] = result
            return Self.claim(&state)
        }
        while let (index, outcome) = take {
            let appended = Result { () throws(IndexError) in
                try outcome.get()?.append(to: postings, dictionary: dictionary)
            }
            take = state.withLock { state in
                if case .failure(let error) = appended {
                    state.failure = error
                } else {
                    state.done[index] = .success(nil)
                    state.next = index + 1
                }
                state.appending = false
                return Self.claim(&state)
            }
        }
    }

    /// The next chunk to append, marking the caller as the appending thread; nil if there is none yet, after
    /// a failure, or while another thread appends.
    private static func claim(_ state: inout State) -> (Int, Result<TermChunk?, IndexError>)? {
        guard !state.appending, state.failure == nil, state.next < state.done.count,
            let outcome = state.done[state.next]
        else { return nil }
        state.appending = true
        return (state.next, outcome)
    }

    /// Throws the first failure; otherwise every chunk is in the segment.
    func outcome() throws(IndexError) {
        let (failure, complete) = state.withLock { ($0.failure, $0.next == $0.done.count) }
        if let failure { throw failure }
        precondition(complete, "a chunk of terms was not appended")
    }
}

/// A chunk of a field's terms written apart from the segment: postings, positions and dictionary entries into
/// memory, until `append` adds them after the terms before them.
private final class TermChunk: @unchecked Sendable {
    private let postingsOutput: FileOutput
    private let positionsOutput: FileOutput
    private let postings: PostingsWriter
    private let norms: UnsafeBufferPointer<UInt8>
    private var entries: [(term: UnsafeBufferPointer<UInt8>, documentFrequency: UInt32, total: UInt64, at: TermLocation)]
        = []

    init(norms: UnsafeBufferPointer<UInt8>) {
        postingsOutput = FileOutput(inMemory: "postings of a chunk of terms")
        positionsOutput = FileOutput(inMemory: "positions of a chunk of terms")
        postings = PostingsWriter(postings: postingsOutput, positions: positionsOutput)
        self.norms = norms
    }

    /// Writes one term (whose bytes stay valid until `append`).
    func add(
        _ term: UnsafeBufferPointer<UInt8>, docs: UnsafeBufferPointer<UInt32>,
        frequencies: UnsafeBufferPointer<UInt32>, positions: UnsafeBufferPointer<UInt8>
    ) throws(IndexError) {
        let location = try postings.write(docs: docs, frequencies: frequencies, positionBytes: positions, norms: norms)
        entries.append((term, UInt32(docs.count), SegmentWriter.totalFrequency(frequencies), location))
    }

    /// Appends the chunk's bytes to the segment's outputs and the entries to its dictionary, their locations
    /// moved by where the bytes land; the chunk lets go of its bytes.
    func append(to target: PostingsWriter, dictionary: TermDictionaryWriter) throws(IndexError) {
        let postingsShift = target.postings.position
        let positionsShift = target.positions.position
        postingsOutput.copy(to: target.postings)
        positionsOutput.copy(to: target.positions)
        for entry in entries {
            var location = entry.at
            location.postingsOffset += postingsShift
            location.positionsOffset += positionsShift
            try dictionary.add(
                entry.term, documentFrequency: entry.documentFrequency, totalTermFrequency: entry.total,
                location: location)
        }
    }
}
