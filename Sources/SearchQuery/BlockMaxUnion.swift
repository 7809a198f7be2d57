import SearchIndex

/// Top-k of a disjunction of BM25 terms (one term included) without visiting every match: MaxScore
/// (Turtle & Flood, "Query evaluation: strategies and optimizations", 1995) with block-max bounds
/// (Ding & Suel 2011; Lucene's `MaxScoreBulkScorer` works alike).
///
/// Terms are ranked by their score bound. The longest prefix of that ranking whose bounds sum to no more than
/// the heap's threshold is *non-essential*: a document matching only those terms cannot enter the top k, so
/// candidates come from the essential terms alone, and non-essential terms are probed with `advance(to:)`
/// only while the candidate can still beat the threshold. Besides, when the block bounds of the essential
/// terms' current blocks plus the non-essential bounds cannot beat the threshold, every candidate up to the
/// first of those blocks' ends is skipped at once. Scores of collected documents are summed in clause order,
/// so they equal the exhaustive evaluation's bit for bit. Totals are not counted.
final class BlockMaxUnion {
    private let terms: BlockMaxTerms
    private let n: Int
    /// Term indexes by ascending score bound.
    private let order: UnsafeMutablePointer<Int>
    /// `prefix[j]`: the sum of the bounds of `order[0..<j]` (n + 1 entries).
    private let prefix: UnsafeMutablePointer<Float>
    /// Per term (clause order), its score on the current candidate, or -1 if it does not match it.
    private let contributions: UnsafeMutablePointer<Float>

    init(terms: BlockMaxTerms) {
        self.terms = terms
        n = terms.count
        order = .allocate(capacity: n)
        let bounds = (0..<n).map(terms.maxScore)
        let ranked = (0..<n).sorted { (bounds[$0], $0) < (bounds[$1], $1) }
        for (j, i) in ranked.enumerated() { order[j] = i }
        prefix = .allocate(capacity: n + 1)
        prefix[0] = 0
        for j in 0..<n { prefix[j + 1] = prefix[j] + bounds[order[j]] }
        contributions = .allocate(capacity: n)
        contributions.initialize(repeating: -1, count: n)
    }

    deinit {
        order.deallocate()
        prefix.deallocate()
        contributions.deallocate()
    }

    /// Feeds `collector` every document that may enter its top k (at least all that do), with exact scores.
    func collect(into collector: inout TopScoreCollector) {
        let cursors = terms.cursors
        var threshold = collector.threshold
        var first = 0  // order[first...] are the essential terms
        while first < n && BlockMaxTerms.cannotBeat(prefix[first + 1], threshold) { first += 1 }
        while first < n {
            var candidate = PostingsCursor.exhausted
            for j in first..<n { candidate = min(candidate, cursors[order[j]].doc) }
            if candidate == PostingsCursor.exhausted { return }

            // Block-max: can anything up to the end of the essential terms' current blocks beat the threshold?
            var upTo = PostingsCursor.exhausted
            var blockBound = prefix[first]
            for j in first..<n {
                let i = order[j]
                upTo = min(upTo, cursors[i].blockLastDoc)
                blockBound += terms.blockMaxScore(i)
            }
            if BlockMaxTerms.cannotBeat(blockBound, threshold) {
                if upTo == PostingsCursor.exhausted { return }
                for j in first..<n where cursors[order[j]].doc <= upTo { cursors[order[j]].advance(to: upTo + 1) }
                continue
            }

            var partial: Float = 0
            for j in first..<n {
                let i = order[j]
                if cursors[i].doc == candidate {
                    let s = terms.score(i)
                    contributions[i] = s
                    partial += s
                }
            }
            var pruned = false
            var j = first
            while j > 0 {
                if BlockMaxTerms.cannotBeat(partial + prefix[j], threshold) {
                    pruned = true
                    break
                }
                j -= 1
                let i = order[j]
                var d = cursors[i].doc
                if d < candidate { d = cursors[i].advance(to: candidate) }
                if d == candidate {
                    let s = terms.score(i)
                    contributions[i] = s
                    partial += s
                }
            }
            if !pruned && !BlockMaxTerms.cannotBeat(partial, threshold) {
                var sum: Float = 0
                for i in 0..<n where contributions[i] >= 0 { sum += contributions[i] }
                collector.collect(candidate, sum)
                let raised = collector.threshold
                if raised > threshold {
                    threshold = raised
                    while first < n && BlockMaxTerms.cannotBeat(prefix[first + 1], threshold) { first += 1 }
                }
            }
            for i in 0..<n { contributions[i] = -1 }
            for j in 0..<n where cursors[order[j]].doc == candidate { cursors[order[j]].next() }
        }
    }
}
