import SearchIndex

/// The postings cursors of a few BM25-scored terms of one segment, in clause order, with what the block-max
/// top-k evaluators need: each term's score on its current document, an upper bound of its score over the
/// whole segment (`maxScore(_:)`), and one over its current block (Ding & Suel, "Faster top-k document retrieval using
/// block-max indexes", SIGIR 2011).
///
/// BM25 is `weight / (1 + c / tf + d · len / tf)` with the field's `c = k1 · (1 - b)` and `d = k1 · b / avgLen`,
/// so over any set of documents it is at most `weight / (1 + c / maxTf + d · min(len / tf))`: the skip entries
/// record each block's largest frequency and smallest length / frequency ratio. That bounds a block by its
/// best document far more tightly than pairing its largest frequency with its shortest length would (long
/// documents with many occurrences next to short ones with one). Bounds are compared against the top-k
/// threshold only through `BlockMaxTerms.cannotBeat`, which widens them by a relative margin far above the few
/// ulps by which Float rounding (and a different order of additions) can move a computed score, so pruning
/// never drops a document the exhaustive evaluation would keep.
///
/// Invariants: `cursors[0..<count]` are initialized for the object's lifetime; the segment must outlive it.
final class BlockMaxTerms {
    /// Number of terms (at least one).
    let count: Int
    /// The cursors, in clause order.
    let cursors: UnsafeMutablePointer<PostingsCursor>
    private let weights: UnsafeMutablePointer<Float>
    private let norms: UnsafeMutablePointer<UnsafePointer<UInt8>>
    private let factors: UnsafeMutablePointer<UnsafeMutablePointer<Float>>
    /// Per term, its field's `c` and `d` (see the type's description).
    private let constants: UnsafeMutablePointer<Float>
    private let perLength: UnsafeMutablePointer<Float>
    /// Per term, the block (by last document) `blockScores` was computed for; `exhausted` at first.
    private let blockKeys: UnsafeMutablePointer<UInt32>
    private let blockScores: UnsafeMutablePointer<Float>
    /// Keeps the length-factor tables alive.
    private let tables: [LengthFactorTable]

    /// Opens a cursor on each term of `segment` (clause order kept).
    init(segment: SegmentReader, terms: [TermConjunctionScorer.Term]) {
        precondition(!terms.isEmpty)
        count = terms.count
        cursors = .allocate(capacity: count)
        weights = .allocate(capacity: count)
        norms = .allocate(capacity: count)
        factors = .allocate(capacity: count)
        constants = .allocate(capacity: count)
        perLength = .allocate(capacity: count)
        blockKeys = .allocate(capacity: count)
        blockScores = .allocate(capacity: count)
        tables = terms.map(\.table)
        for (i, term) in terms.enumerated() {
            (cursors + i).initialize(to: segment.postings(term.info))
            weights[i] = term.weight
            norms[i] = term.norms.baseAddress!
            factors[i] = term.table.factors
            constants[i] = term.table.constant
            perLength[i] = term.table.perLength
            blockKeys[i] = PostingsCursor.exhausted
            blockScores[i] = 0
        }
    }

    deinit {
        cursors.deinitialize(count: count)
        cursors.deallocate()
        weights.deallocate()
        norms.deallocate()
        factors.deallocate()
        constants.deallocate()
        perLength.deallocate()
        blockKeys.deallocate()
        blockScores.deallocate()
    }

    /// The bound of term `i`'s score over all its documents, from its skip entries (and its tail block, read
    /// once); computed on each call, before the term's cursor has moved.
    func maxScore(_ i: Int) -> Float {
        var best: Float = 0
        let (weight, c, d) = (weights[i], constants[i], perLength[i])
        cursors[i].forEachBlockBound { maxFrequency, minLengthRatio in
            best = Swift.max(best, Self.bound(weight, maxFrequency, minLengthRatio, c, d))
        }
        return best
    }

    /// Top-k of the first term alone: feeds `collector` every document of it that may enter the top k (at
    /// least all that do), with exact scores. A block whose bound cannot beat the threshold is passed over
    /// without decoding it (`shallowAdvance`); the others are scored document by document, and only scores
    /// above the threshold reach the heap.
    func collectFirstTerm(into collector: inout TopScoreCollector) {
        Self.collectBlocks(of: cursors, into: &collector, bound: { _ in blockMaxScore(0) }, score: { _ in score(0) })
    }

    /// Top-k over the documents of `cursor`: a block whose `bound(start)` (a bound of the scores of the
    /// cursor's current block from document `start` on) cannot beat the threshold is passed over without
    /// decoding it (`shallowAdvance`); the others are scored document by document with `score(doc)`, and only
    /// scores above the threshold reach the heap. Leaves the cursor exhausted.
    @inline(__always)
    static func collectBlocks(
        of cursor: UnsafeMutablePointer<PostingsCursor>, into collector: inout TopScoreCollector,
        bound: (UInt32) -> Float, score: (UInt32) -> Float
    ) {
        var threshold = collector.threshold
        var d = cursor.pointee.doc
        while d != PostingsCursor.exhausted {
            if cannotBeat(bound(d), threshold) {
                // Pass over blocks until one can beat the threshold; only then decode it.
                var target: UInt32
                repeat {
                    let last = cursor.pointee.blockLastDoc
                    if last == PostingsCursor.exhausted { return }
                    target = last + 1
                    cursor.pointee.shallowAdvance(to: target)
                } while cannotBeat(bound(target), threshold)
                d = cursor.pointee.advance(to: target)
                continue
            }
            let end = cursor.pointee.blockLastDoc
            while d <= end {
                let score = score(d)
                if score > threshold {
                    collector.collect(d, score)
                    threshold = collector.threshold
                }
                d = cursor.pointee.next()
            }
        }
    }

    /// Relative widening of every bound before it is compared with a threshold.
    static let margin: Float = 1.000_1

    /// Whether a document whose score is at most `bound` surely cannot enter a top-k whose entry bar is
    /// `threshold` (a document enters only with a score strictly above it).
    @inline(__always)
    static func cannotBeat(_ bound: Float, _ threshold: Float) -> Bool { bound * margin <= threshold }

    @inline(__always)
    private static func bound(
        _ weight: Float, _ maxFrequency: UInt32, _ minLengthRatio: Float, _ constant: Float, _ perLength: Float
    ) -> Float {
        // maxFrequency 0 (past the end): constant / 0 is infinity (or NaN for an empty k1), and the bound 0.
        guard maxFrequency > 0 else { return 0 }
        return weight / (1 + constant / Float(maxFrequency) + perLength * minLengthRatio)
    }

    /// Term `i`'s BM25 score on its cursor's current document, computed exactly as `TermScorer` does.
    @inline(__always)
    func score(_ i: Int) -> Float {
        let tf = Float(cursors[i].frequency)
        return weights[i] * (tf / (tf + factors[i][Int(norms[i][Int(cursors[i].doc)])]))
    }

    /// A bound of term `i`'s score over its cursor's current block (0 past its end).
    @inline(__always)
    func blockMaxScore(_ i: Int) -> Float {
        let key = cursors[i].blockLastDoc
        if blockKeys[i] == key { return blockScores[i] }
        let value = Self.bound(
            weights[i], cursors[i].blockMaxFrequency, cursors[i].blockMinLengthRatio, constants[i], perLength[i])
        blockKeys[i] = key
        blockScores[i] = value
        return value
    }
}
