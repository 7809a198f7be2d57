import SearchIndex

/// Top-k of a conjunction of BM25 terms: leap-frogging `advance(to:)` from the rarest term, as
/// `TermConjunctionScorer` does, but before aligning on a candidate it moves every cursor's current block to
/// the candidate's (`shallowAdvance`, which decodes nothing) and, when the sum of those blocks' score bounds
/// cannot beat the heap's threshold, jumps past the first of them to end (tantivy's and Lucene's block-max
/// conjunctions). Scores are summed in clause order, so they equal the exhaustive evaluation's. Totals are
/// not counted.
final class BlockMaxConjunction {
    private let terms: BlockMaxTerms
    private let n: Int
    /// Term indexes, rarest first (the leap-frog order).
    private let rank: UnsafeMutablePointer<Int>

    /// Requires at least two terms.
    init(terms: BlockMaxTerms) {
        precondition(terms.count >= 2)
        self.terms = terms
        n = terms.count
        rank = .allocate(capacity: n)
        let sorted = (0..<n).sorted {
            (terms.cursors[$0].documentFrequency, $0) < (terms.cursors[$1].documentFrequency, $1)
        }
        for (k, i) in sorted.enumerated() { rank[k] = i }
    }

    deinit { rank.deallocate() }

    /// Feeds `collector` every match that may enter its top k (at least all that do), with exact scores.
    func collect(into collector: inout TopScoreCollector) {
        let cursors = terms.cursors
        let lead = rank[0]
        var threshold = collector.threshold
        var target = cursors[lead].doc
        // The current window: documents up to `windowEnd` lie in the blocks whose bounds sum to `windowBound`.
        var windowEnd: UInt32 = 0
        var windowBound: Float = 0
        var haveWindow = false
        outer: while target != PostingsCursor.exhausted {
            if threshold > -.infinity {
                if !haveWindow || target > windowEnd {
                    windowEnd = PostingsCursor.exhausted
                    windowBound = 0
                    for k in 0..<n {
                        let i = rank[k]
                        cursors[i].shallowAdvance(to: target)
                        windowEnd = min(windowEnd, cursors[i].blockLastDoc)
                        windowBound += terms.blockMaxScore(i)
                    }
                    haveWindow = true
                }
                if BlockMaxTerms.cannotBeat(windowBound, threshold) {
                    if windowEnd == PostingsCursor.exhausted { return }
                    target = windowEnd + 1
                    continue outer
                }
            }
            for k in 0..<n {
                let i = rank[k]
                var d = cursors[i].doc
                if d < target { d = cursors[i].advance(to: target) }
                if d > target {
                    target = d
                    continue outer
                }
            }
            var sum: Float = 0
            for i in 0..<n { sum += terms.score(i) }
            collector.collect(target, sum)
            threshold = collector.threshold
            target = cursors[lead].next()
        }
    }
}
