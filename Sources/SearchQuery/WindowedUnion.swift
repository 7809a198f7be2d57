import SearchIndex

/// Evaluates a top-level disjunction (with optional exclusions) a window of 4,096 documents at a time: each
/// child in turn marks its matches in a bitset and adds its scores into a per-window score array, then the
/// window is emitted in document order (tantivy's `Union` with its horizon, Lucene's `BooleanScorer`).
/// Child-at-a-time loops over contiguous arrays beat a heap when every match is visited, and adding scores
/// child by child makes each document's sum follow clause order exactly as `DisjunctionScorer` does.
final class WindowedUnion {
    /// Documents per window; 64 bitset words.
    static let windowSize = 4_096
    private static let words = windowSize / 64

    private let children: [any Scorer]
    private let excluded: [any Scorer]
    /// `words` words of matches, then `words` words of excluded documents; zero between windows.
    private let bits: UnsafeMutablePointer<UInt64>
    /// `windowSize` score sums; zero between windows.
    private let scores: UnsafeMutablePointer<Float>

    init(children: [any Scorer], excluded: [any Scorer]) {
        self.children = children
        self.excluded = excluded
        bits = .allocate(capacity: 2 * Self.words)
        bits.initialize(repeating: 0, count: 2 * Self.words)
        scores = .allocate(capacity: Self.windowSize)
        scores.initialize(repeating: 0, count: Self.windowSize)
    }

    deinit {
        bits.deallocate()
        scores.deallocate()
    }

    /// Feeds every match, in document order, to `collector`.
    func collect<C: MatchCollector>(into collector: inout C) {
        let scoring = collector.needsScores
        let excludedBits = bits + Self.words
        while let base = fillWindow(scoring: scoring) {
            for w in 0..<Self.words {
                var word = bits[w]
                if word == 0 { continue }
                bits[w] = 0
                let keep = word & ~excludedBits[w]
                excludedBits[w] = 0
                let first = w &* 64
                if scoring {
                    while word != 0 {
                        let i = first &+ word.trailingZeroBitCount
                        if keep & (1 &<< UInt64(i & 63)) != 0 { collector.collect(base &+ UInt32(i), scores[i]) }
                        scores[i] = 0
                        word &= word &- 1
                    }
                } else {
                    var kept = keep
                    while kept != 0 {
                        collector.collect(base &+ UInt32(first &+ kept.trailingZeroBitCount), 0)
                        kept &= kept &- 1
                    }
                }
            }
        }
    }

    /// Number of matches that are not in `deleted`, by popcount.
    func count(deleted: DeletedDocuments? = nil) -> Int {
        var total = 0
        let excludedBits = bits + Self.words
        while let base = fillWindow(scoring: false) {
            if let deleted {
                for w in 0..<Self.words {
                    let word = bits[w] & ~excludedBits[w]
                    if word != 0 {
                        total &+= (word & ~deleted.word(startingAt: base &+ UInt32(w &* 64))).nonzeroBitCount
                    }
                    bits[w] = 0
                    excludedBits[w] = 0
                }
                continue
            }
            for w in 0..<Self.words {
                total &+= (bits[w] & ~excludedBits[w]).nonzeroBitCount
                bits[w] = 0
                excludedBits[w] = 0
            }
        }
        return total
    }

    /// Marks the next window's matches and exclusions and returns its first document; nil when every child is
    /// exhausted.
    private func fillWindow(scoring: Bool) -> UInt32? {
        var base = PostingsCursor.exhausted
        for child in children { base = min(base, child.doc) }
        if base == PostingsCursor.exhausted { return nil }
        let end = UInt32(min(UInt64(base) + UInt64(Self.windowSize), UInt64(PostingsCursor.exhausted)))
        let target: UnsafeMutablePointer<Float>? = scoring ? scores : nil
        for child in children where child.doc < end {
            child.fill(base: base, end: end, bits: bits, scores: target)
        }
        let excludedBits = bits + Self.words
        for child in excluded {
            var d = child.doc
            if d < base { d = child.advance(to: base) }
            if d < end { child.fill(base: base, end: end, bits: excludedBits, scores: nil) }
        }
        return base
    }
}
