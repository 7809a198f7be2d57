import CPrefetch
import SearchAnalysis

/// The in-memory inverted index of one field of the segment being written: a term table plus, per term, two
/// byte streams in a `ByteSlicePool` and a small fixed-size state record.
///
/// Per term, the doc stream holds one VByte code per finished document, `delta << 1 | (frequency == 1)`,
/// followed by the frequency when it is not 1 (`delta` is the document number minus the previous one, the
/// first document's number for the first); the document still being counted lives in the state record until
/// the next document or the flush. The positions stream holds every occurrence's position as a VByte delta
/// from the previous position in the same document (the first one absolute) — exactly the on-disk positions
/// encoding, so flushing copies it.
struct FieldInverter: ~Copyable {
    /// A term's writing state: the fields every token touches, 32 bytes on a 64-byte-aligned array so that
    /// one token costs one cache line of it.
    struct TermState {
        var docUpto: UInt32
        var docEnd: UInt32
        var positionsUpto: UInt32
        var positionsEnd: UInt32
        /// The last document the term occurred in.
        var lastDoc: UInt32
        /// `lastDoc` minus the document before it (or `lastDoc` itself for the first).
        var lastDocDelta: UInt32
        /// Occurrences in `lastDoc` so far.
        var frequency: UInt32
        /// The last position in `lastDoc`.
        var lastPosition: UInt32
    }

    /// Where a term's two streams start (read only at flush).
    struct TermStreams {
        var docStart: UInt32
        var positionsStart: UInt32
    }

    private(set) var terms = TermHashTable()
    private(set) var states = _UnsafeGrowableArray<TermState>(capacity: 1 << 10, alignment: 64)
    private(set) var streams = _UnsafeGrowableArray<TermStreams>(capacity: 1 << 10)
    private(set) var pool = ByteSlicePool()
    /// The field's length (token count) in each document.
    private(set) var lengths = _UnsafeGrowableArray<UInt32>(capacity: 1 << 10)

    /// A token of the document being inverted, with its term's table prefix and hash.
    struct PendingToken {
        var prefix: UInt64
        var hash: UInt64
        /// The term's bytes in `pendingBytes`.
        var offset: UInt32
        var length: UInt32
        var position: UInt32
    }

    /// The tokens gathered by `invert` and not yet recorded, and their terms' bytes.
    private var pending = _UnsafeGrowableArray<PendingToken>(capacity: Self.batchSize)
    private var pendingBytes = _UnsafeGrowableArray<UInt8>(capacity: Self.batchSize * 16)

    /// The bytes allocated (for the writer's memory budget).
    var allocatedBytes: Int {
        terms.allocatedBytes + states.allocatedBytes + streams.allocatedBytes + pool.allocatedBytes
            + lengths.allocatedBytes + pending.allocatedBytes + pendingBytes.allocatedBytes
    }

    /// Records one occurrence of `term` at `position` in document `doc` (documents ascending, positions
    /// ascending within a document).
    @inline(__always)
    mutating func add(_ term: UnsafeBufferPointer<UInt8>, position: UInt32, doc: UInt32) {
        let prefix = TermHashTable.prefix(term)
        add(term, prefix: prefix, hash: TermHashTable.hash(term, prefix: prefix), position: position, doc: doc)
    }

    /// `add(_:position:doc:)` with the term's table prefix and hash already computed.
    @inline(__always)
    private mutating func add(
        _ term: UnsafeBufferPointer<UInt8>, prefix: UInt64, hash: UInt64, position: UInt32, doc: UInt32
    ) {
        let (id, isNew) = terms.findOrInsert(term, prefix: prefix, hash: hash)
        if isNew {
            let docStream = pool.newStream()
            let positionsStream = pool.newStream()
            var positionsUpto = positionsStream.start
            var positionsEnd = positionsStream.end
            pool.appendVByte(UInt64(position), at: &positionsUpto, end: &positionsEnd)
            streams.append(TermStreams(docStart: docStream.start, positionsStart: positionsStream.start))
            states.append(
                TermState(
                    docUpto: docStream.start, docEnd: docStream.end, positionsUpto: positionsUpto,
                    positionsEnd: positionsEnd, lastDoc: doc, lastDocDelta: doc, frequency: 1,
                    lastPosition: position))
            return
        }
        let state = states.base + id
        if state.pointee.lastDoc == doc {
            state.pointee.frequency &+= 1
            pool.appendVByte(
                UInt64(position &- state.pointee.lastPosition), at: &state.pointee.positionsUpto,
                end: &state.pointee.positionsEnd)
        } else {
            let frequency = state.pointee.frequency
            let code = UInt64(state.pointee.lastDocDelta) << 1 | (frequency == 1 ? 1 : 0)
            pool.appendVByte(code, at: &state.pointee.docUpto, end: &state.pointee.docEnd)
            if frequency != 1 {
                pool.appendVByte(UInt64(frequency), at: &state.pointee.docUpto, end: &state.pointee.docEnd)
            }
            state.pointee.lastDocDelta = doc &- state.pointee.lastDoc
            state.pointee.lastDoc = doc
            state.pointee.frequency = 1
            pool.appendVByte(UInt64(position), at: &state.pointee.positionsUpto, end: &state.pointee.positionsEnd)
        }
        state.pointee.lastPosition = position
    }

    /// Analyzes `text` as document `doc`'s value of this field and returns the number of tokens.
    ///
    /// Tokens are gathered `batchSize` at a time before they are recorded, so that recording can run ahead of
    /// itself: a term's slot in the table is fetched `slotLead` tokens before it is needed and its state record
    /// `stateLead` tokens before. That overlaps the cache misses of rare terms (the table and the states are
    /// far larger than the caches) instead of waiting for each in turn.
    mutating func invert(_ text: UnsafeBufferPointer<UInt8>, doc: UInt32, analyzer: inout Analyzer) -> UInt32 {
        var tokens: UInt32 = 0
        analyzer.analyze(text) { term, position, _, _ in
            let prefix = TermHashTable.prefix(term)
            let offset = pendingBytes.extend(by: term.count)
            Self.copy(term, to: pendingBytes.base + offset)
            pending.append(
                PendingToken(
                    prefix: prefix, hash: TermHashTable.hash(term, prefix: prefix), offset: UInt32(offset),
                    length: UInt32(term.count), position: position))
            tokens &+= 1
            if pending.count == Self.batchSize { recordPending(doc: doc) }
        }
        recordPending(doc: doc)
        return tokens
    }

    /// Records the gathered tokens of document `doc`, in order, and forgets them.
    private mutating func recordPending(doc: UInt32) {
        let count = pending.count
        let tokens = pending.base
        for i in 0..<Swift.min(Self.slotLead, count) { terms.prefetchSlot(hash: tokens[i].hash) }
        for i in 0..<count {
            if i &+ Self.slotLead < count { terms.prefetchSlot(hash: tokens[i &+ Self.slotLead].hash) }
            if i &+ Self.stateLead < count {
                let ahead = tokens[i &+ Self.stateLead]
                let id = terms.probableID(prefix: ahead.prefix, hash: ahead.hash, length: Int(ahead.length))
                if id >= 0 { search_prefetch(states.base + id) }
            }
            let token = tokens[i]
            let term = UnsafeBufferPointer(start: pendingBytes.base + Int(token.offset), count: Int(token.length))
            add(term, prefix: token.prefix, hash: token.hash, position: token.position, doc: doc)
        }
        pending.removeAll()
        pendingBytes.removeAll()
    }

    /// Copies a term's bytes a word at a time (terms are short: a call to `memcpy` would cost more).
    @inline(__always)
    private static func copy(_ term: UnsafeBufferPointer<UInt8>, to target: UnsafeMutablePointer<UInt8>) {
        guard let source = term.baseAddress else { return }
        let count = term.count
        var i = 0
        while i &+ 8 <= count {
            UnsafeMutableRawPointer(target + i).storeBytes(
                of: UnsafeRawPointer(source + i).loadUnaligned(as: UInt64.self), as: UInt64.self)
            i &+= 8
        }
        while i < count {
            target[i] = source[i]
            i &+= 1
        }
    }

    /// How many tokens `invert` gathers before recording them (their records stay in the first-level cache).
    private static let batchSize = 1024
    /// How many tokens ahead `invert` fetches a term's table slot, and its state record.
    private static let slotLead = 16
    private static let stateLead = 8

    /// Records the field's length in the next document (call once per document, in order).
    mutating func finishDocument(length: UInt32) {
        lengths.append(length)
    }

    /// Appends term `id`'s documents (each plus `base`), frequencies and VByte positions bytes to the scratch
    /// arrays (`stream` is scratch for the encoded doc stream).
    func collect(
        _ id: Int, base: UInt32, docs: inout _UnsafeGrowableArray<UInt32>,
        frequencies: inout _UnsafeGrowableArray<UInt32>, positions: inout _UnsafeGrowableArray<UInt8>,
        stream: inout _UnsafeGrowableArray<UInt8>
    ) {
        stream.removeAll()
        let state = states[id]
        let start = streams[id]
        pool.copyStream(start: start.docStart, end: state.docUpto, into: &stream)
        let bytes = UnsafeRawPointer(stream.base)
        let end = stream.count
        var offset = 0
        var doc = base
        while offset < end {
            let code = VByte.decode(bytes, &offset, end)!
            doc &+= UInt32(truncatingIfNeeded: code >> 1)
            let frequency = code & 1 == 1 ? 1 : UInt32(truncatingIfNeeded: VByte.decode(bytes, &offset, end)!)
            docs.append(doc)
            frequencies.append(frequency)
        }
        docs.append(base &+ state.lastDoc)
        frequencies.append(state.frequency)
        pool.copyStream(start: start.positionsStart, end: state.positionsUpto, into: &positions)
    }

    /// The field's norm codes and statistics over the first `documentCount` documents.
    func normsAndStatistics(documentCount: Int) -> ([UInt8], FieldStatistics) {
        var documents = 0
        var tokens: UInt64 = 0
        let codes = [UInt8](unsafeUninitializedCapacity: documentCount) { buffer, initialized in
            for doc in 0..<documentCount {
                let length = lengths[doc]
                buffer[doc] = FieldNorm.encode(length)
                documents += length > 0 ? 1 : 0
                tokens += UInt64(length)
            }
            initialized = documentCount
        }
        return (codes, FieldStatistics(documentCount: documents, totalTermCount: tokens))
    }
}
