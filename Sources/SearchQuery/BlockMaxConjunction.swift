import SearchIndex

/// Top-k of a conjunction of BM25 terms: leap-frogging `advance(to:)` from the rarest term, as
/// `TermConjunctionScorer` does, but before aligning on a candidate it moves every cursor's current block to
/// the candidate's (`shallowAdvance`, which decodes nothing) and, when the sum of those blocks' score bounds
/// cannot beat the heap's threshold, jumps past the first of them to end (tantivy's and Lucene's block-max
/// conjunctions). Inside a window, a candidate is also passed over, before the other cursors move to it, when
/// the rarest term's exact score plus the others' block bounds cannot beat the threshold. (Going on term by
/// term costs more than it saves: each check decodes a frequent term's frequencies in yet another block.)
/// Scores are summed in clause order, so they equal the exhaustive evaluation's. Totals are not counted.
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
        // The part of `windowBound` from the terms other than the lead.
        var othersBound: Float = 0
        var haveWindow = false
        outer: while target != PostingsCursor.exhausted {
            if threshold > -.infinity {
                if !haveWindow || target > windowEnd {
                    windowEnd = PostingsCursor.exhausted
                    othersBound = 0
                    for k in 1..<n {
                        let i = rank[k]
                        cursors[i].shallowAdvance(to: target)
                        windowEnd = min(windowEnd, cursors[i].blockLastDoc)
                        othersBound += terms.blockMaxScore(i)
                    }
                    cursors[lead].shallowAdvance(to: target)
                    windowEnd = min(windowEnd, cursors[lead].blockLastDoc)
                    windowBound = terms.blockMaxScore(lead) + othersBound
                    haveWindow = true
                }
                if BlockMaxTerms.cannotBeat(windowBound, threshold) {
                    if windowEnd == PostingsCursor.exhausted { return }
                    target = windowEnd + 1
                    continue outer
                }
            }
            var d = cursors[lead].doc
            if d < target { d = cursors[lead].advance(to: target) }
            if d > target {
                target = d
                continue outer
            }
            // The lead's exact score and the others' block bounds: a document that cannot beat the threshold
            // with them is passed over before the other cursors move.
            if threshold > -.infinity && BlockMaxTerms.cannotBeat(terms.score(lead) + othersBound, threshold) {
                target = cursors[lead].next()
                continue outer
            }
            for k in 1..<n {
                let i = rank[k]
                d = cursors[i].doc
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
