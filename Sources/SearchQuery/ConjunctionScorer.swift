import SearchIndex

/// Documents matching every child, found by leap-frogging `advance(to:)` from the rarest child: the rarest
/// proposes a document, each other child advances to it, and any child that overshoots proposes the next
/// candidate (tantivy's `Intersection`, Lucene's `ConjunctionDISI`). The score is the children's scores
/// summed in clause order.
final class ConjunctionScorer: Scorer {
    /// Children in clause order (the order of score additions).
    private let children: [any Scorer]
    /// The same children, rarest first (the order of leap-frogging).
    private let lead: [any Scorer]
    private(set) var doc: UInt32

    /// Requires at least two children.
    init(_ children: [any Scorer]) {
        precondition(children.count >= 2)
        self.children = children
        self.lead = children.sorted { $0.cost < $1.cost }
        self.doc = 0
        doc = align(lead[0].doc)
    }

    var cost: UInt64 { lead[0].cost }

    /// The first document >= `target` on which every child agrees; `lead[0]` must be at or before `target`
    /// or on it.
    private func align(_ target: UInt32) -> UInt32 {
        var target = target
        let lead = self.lead
        outer: while true {
            if target == PostingsCursor.exhausted { return target }
            var d = lead[0].doc
            if d < target { d = lead[0].advance(to: target) }
            if d > target {
                target = d
                continue outer
            }
            for i in 1..<lead.count {
                var other = lead[i].doc
                if other < target { other = lead[i].advance(to: target) }
                if other > target {
                    target = other
                    continue outer
                }
            }
            return target
        }
    }

    func next() -> UInt32 {
        if doc == PostingsCursor.exhausted { return doc }
        doc = align(lead[0].next())
        return doc
    }

    func advance(to target: UInt32) -> UInt32 {
        if target <= doc { return doc }
        doc = align(target)
        return doc
    }

    func score() -> Float {
        var sum: Float = 0
        for child in children { sum += child.score() }
        return sum
    }
}
