/// A tokenizer + filter chain with reusable scratch buffers. Not thread-safe: one per thread/task.
public struct Analyzer {
    /// Terms longer than this many Unicode scalars are dropped (they still consume a position).
    @inlinable public static var maximumTermScalars: Int { 64 }

    /// The analysis chain this analyzer applies.
    public let kind: AnalyzerKind
    @usableFromInline let table: ScalarTable
    @usableFromInline var buffer: TermBuffer
    /// Slots of the stem cache the `standard` chain creates on first use.
    @usableFromInline let stemCacheSlots: Int

    /// Creates an analyzer of `kind`. The first analyzer of each kind builds that kind's Unicode tables.
    /// `fewWords` (an analyzer made for one query) keeps a small stem cache, cheap to create; otherwise it
    /// is sized for running text.
    public init(_ kind: AnalyzerKind, fewWords: Bool = false) {
        self.kind = kind
        switch kind {
        case .plain: table = .plain
        case .standard: table = .standard
        }
        buffer = TermBuffer()
        stemCacheSlots = fewWords ? StemCache.fewSlots : StemCache.manySlots
    }

    /// Tokenizes UTF-8 `text`, calling `body` once per token with the normalized term bytes (valid only during
    /// the call), its position (consecutive, starting at `firstPosition`), and the token's byte range
    /// `start..<end` in `text`. Returns the position after the last token (the next free position).
    @inlinable @inline(__always) @discardableResult
    public mutating func analyze(
        _ text: UnsafeBufferPointer<UInt8>, firstPosition: UInt32 = 0,
        _ body: (_ term: UnsafeBufferPointer<UInt8>, _ position: UInt32, _ start: Int, _ end: Int) -> Void
    ) -> UInt32 {
        // Copies of an analyzer share the scratch buffer; give a copy its own before writing, so that two
        // copies never see each other's terms (e.g. one analyzing inside the other's callback).
        if !isKnownUniquelyReferenced(&buffer) { buffer = TermBuffer() }
        // The filter chain is the tokenizer's generic argument, so each chain gets its own specialized loop.
        switch kind {
        case .plain:
            var tokenizer = Tokenizer(table: table, scratch: buffer.bytes, filter: EmptyFilterChain())
            return tokenizer.run(text, firstPosition: firstPosition, body)
        case .standard:
            var tokenizer = Tokenizer(
                table: table, scratch: buffer.bytes, filter: EnglishFilterChain(cache: stemCache()))
            return tokenizer.run(text, firstPosition: firstPosition, body)
        }
    }

    /// `analyze`, for finding `terms` in `text`: tokens that are one of them come out exactly as `analyze`
    /// gives them, others may come out unnormalized (on `standard`, words that cannot stem to any of the terms
    /// are not stemmed).
    @inlinable @inline(__always) @discardableResult
    public mutating func analyze(
        _ text: UnsafeBufferPointer<UInt8>, lookingFor terms: StemPrefixes,
        _ body: (_ term: UnsafeBufferPointer<UInt8>, _ position: UInt32, _ start: Int, _ end: Int) -> Void
    ) -> UInt32 {
        guard kind == .standard else { return analyze(text, body) }
        if !isKnownUniquelyReferenced(&buffer) { buffer = TermBuffer() }
        var tokenizer = Tokenizer(
            table: table, scratch: buffer.bytes, filter: HighlightFilterChain(cache: stemCache(), prefixes: terms))
        return tokenizer.run(text, firstPosition: 0, body)
    }

    /// The scratch buffer's stem cache, created on first use.
    @inlinable @inline(__always)
    mutating func stemCache() -> StemCache {
        if let existing = buffer.stemCache { return existing }
        let cache = StemCache(slots: stemCacheSlots)
        buffer.stemCache = cache
        return cache
    }

    /// The normalized terms of `text`, in order (convenience for queries and tests; allocates).
    public mutating func terms(_ text: String) -> [[UInt8]] {
        var terms: [[UInt8]] = []
        var text = text
        text.withUTF8 { bytes in
            _ = analyze(bytes) { term, _, _, _ in terms.append(Array(term)) }
        }
        return terms
    }
}

/// Copies of an analyzer never write to shared storage: the scratch buffer is replaced before writing when it
/// is not uniquely referenced (the copy-on-write rule of the standard collections), and the Unicode tables are
/// immutable. So an analyzer may be handed to another task, though each instance is still used by one at a time.
extension Analyzer: @unchecked Sendable {}
