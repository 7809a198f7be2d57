import SearchIndex

/// The matches of `required`, scored as `required` plus `optional` where `optional` also matches (Lucene's
/// `ReqOptSumScorer`): optional clauses of a query that has required ones add score but never matches.
final class RequiredOptionalScorer: Scorer {
    private let required: any Scorer
    private let optional: any Scorer

    init(required: any Scorer, optional: any Scorer) {
        self.required = required
        self.optional = optional
    }

    var doc: UInt32 { required.doc }
    var cost: UInt64 { required.cost }

    func next() -> UInt32 { required.next() }

    func advance(to target: UInt32) -> UInt32 { required.advance(to: target) }

    func score() -> Float {
        let d = required.doc
        let base = required.score()
        var o = optional.doc
        if o < d { o = optional.advance(to: d) }
        return o == d ? base + optional.score() : base
    }
}
