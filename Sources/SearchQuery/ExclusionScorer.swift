import SearchIndex

/// The matches of `positive` that `excluded` does not match; `excluded` only advances, never scores
/// (Lucene's `ReqExclScorer`).
final class ExclusionScorer: Scorer {
    private let positive: any Scorer
    private let excluded: any Scorer
    private(set) var doc: UInt32

    init(positive: any Scorer, excluded: any Scorer) {
        self.positive = positive
        self.excluded = excluded
        self.doc = 0
        doc = skipExcluded(positive.doc)
    }

    var cost: UInt64 { positive.cost }

    /// The first positive match >= `candidate` (on which `positive` sits) that is not excluded.
    private func skipExcluded(_ candidate: UInt32) -> UInt32 {
        var d = candidate
        while d != PostingsCursor.exhausted {
            var e = excluded.doc
            if e < d { e = excluded.advance(to: d) }
            if e != d { return d }
            d = positive.next()
        }
        return d
    }

    func next() -> UInt32 {
        if doc == PostingsCursor.exhausted { return doc }
        doc = skipExcluded(positive.next())
        return doc
    }

    func advance(to target: UInt32) -> UInt32 {
        if target <= doc { return doc }
        doc = skipExcluded(positive.advance(to: target))
        return doc
    }

    func score() -> Float { positive.score() }
}
