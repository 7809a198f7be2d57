import SearchIndex

/// Documents containing every one of several terms, each scored with BM25 and summed in clause order. The
/// all-terms case of `ConjunctionScorer` (`+a +b +c`), leap-frogging over contiguous cursors without dynamic
/// dispatch or reference counting per document.
final class TermConjunctionScorer: Scorer {
    /// One scoring term: its weight and its field's norms and length-factor table.
    struct Term {
        var info: TermInfo
        var weight: Float
        var norms: UnsafeBufferPointer<UInt8>
        var table: LengthFactorTable
    }

    private let buffer: PostingsCursorBuffer
    private let count: Int
    /// Per clause (clause order): index of its cursor in `buffer`, weight, norms, length factors.
    private let cursorIndex: UnsafeMutablePointer<Int>
    private let weights: UnsafeMutablePointer<Float>
    private let norms: UnsafeMutablePointer<UnsafePointer<UInt8>>
    private let factors: UnsafeMutablePointer<UnsafeMutablePointer<Float>>
    /// Keeps the length-factor tables alive.
    private let terms: [Term]
    private(set) var doc: UInt32

    /// Requires at least two terms, all of `segment`.
    init(segment: SegmentReader, terms: [Term]) {
        precondition(terms.count >= 2)
        count = terms.count
        buffer = PostingsCursorBuffer(segment: segment, count: terms.count) { terms[$0].info }
        cursorIndex = .allocate(capacity: count)
        weights = .allocate(capacity: count)
        norms = .allocate(capacity: count)
        factors = .allocate(capacity: count)
        for i in 0..<count { cursorIndex[buffer.order[i]] = i }
        for (i, term) in terms.enumerated() {
            weights[i] = term.weight
            norms[i] = term.norms.baseAddress!
            factors[i] = term.table.factors
        }
        self.terms = terms
        doc = buffer.align(buffer.cursors[0].doc)
    }

    deinit {
        cursorIndex.deallocate()
        weights.deallocate()
        norms.deallocate()
        factors.deallocate()
    }

    var cost: UInt64 { buffer.cost }

    func next() -> UInt32 {
        if doc == PostingsCursor.exhausted { return doc }
        doc = buffer.next()
        return doc
    }

    func advance(to target: UInt32) -> UInt32 {
        if target <= doc { return doc }
        doc = buffer.align(target)
        return doc
    }

    @inline(__always)
    func score() -> Float {
        let d = Int(doc)
        var sum: Float = 0
        for i in 0..<count {
            let tf = Float(buffer.cursors[cursorIndex[i]].frequency)
            sum += weights[i] * (tf / (tf + factors[i][Int(norms[i][d])]))
        }
        return sum
    }

    /// The number of remaining matches that are not set in `deleted` (a segment's deletion bitset, nil when
    /// it has none); leaves the scorer exhausted. Counts a block at a time: the rarest term's documents from
    /// the current one to the end of its block are the candidates, which each other term in turn (rarest
    /// first) filters in one loop over its cursor; no candidate goes back and forth between the cursors.
    func countRemaining(deleted: UnsafePointer<UInt64>?) -> Int {
        guard doc != PostingsCursor.exhausted else { return 0 }
        let cursors = buffer.cursors
        let candidates = UnsafeMutablePointer<UInt32>.allocate(capacity: PostingsCursor.blockCapacity)
        defer { candidates.deallocate() }
        var total = 0
        var exhausted = false
        while !exhausted {
            var n = cursors[0].takeBlock(into: candidates)
            if n == 0 { break }
            var k = 1
            while k < count && n > 0 {
                n = cursors[k].retainContained(candidates, count: n)
                // A term with no documents left ends the count after this block.
                exhausted = exhausted || cursors[k].doc == PostingsCursor.exhausted
                k &+= 1
            }
            if let deleted {
                for j in 0..<n where !DeletedDocuments.isDeleted(candidates[j], in: deleted) { total &+= 1 }
            } else {
                total &+= n
            }
        }
        doc = PostingsCursor.exhausted
        return total
    }

    /// Feeds every remaining match to `collector` in one loop without dynamic dispatch.
    func collectAll<C: MatchCollector>(into collector: inout C) {
        var d = doc
        if collector.needsScores {
            while d != PostingsCursor.exhausted {
                collector.collect(d, score())
                d = buffer.next()
                doc = d
            }
        } else {
            while d != PostingsCursor.exhausted {
                collector.collect(d, 0)
                d = buffer.next()
            }
            doc = d
        }
    }
}
