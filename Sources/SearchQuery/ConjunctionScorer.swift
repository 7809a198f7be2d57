import SearchIndex

/// Documents matching every child, found by leap-frogging `advance(to:)` from the rarest child: the rarest
/// proposes a document, each other child advances to it, and any child that overshoots proposes the next
/// candidate (tantivy's `Intersection`, Lucene's `ConjunctionDISI`). The score is the children's scores
/// summed in clause order.
///
/// Generic over the children's type, so that a conjunction of one concrete scorer class (BM25F terms, the
/// words of a `standard` index) calls its children directly: through `any Scorer`, every call retained and
/// released its child, a quarter of such a query's time. `ConjunctionScorer` and `FieldedConjunctionScorer`
/// are its two uses.
final class LeapFrog<Child: ConjunctionChild> {
    /// Children in clause order (the order of score additions).
    private let children: [Child]
    /// The same children, rarest first (the order of leap-frogging).
    private let lead: [Child]
    private(set) var doc: UInt32

    /// Requires at least two children.
    init(_ children: [Child]) {
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

/// What a conjunction needs of a child: a scorer's moves and score.
protocol ConjunctionChild {
    var doc: UInt32 { get }
    var cost: UInt64 { get }
    func next() -> UInt32
    func advance(to target: UInt32) -> UInt32
    func score() -> Float
}

/// A scorer that is a conjunction: its moves and score are those of its `LeapFrog`.
protocol LeapFrogScorer: Scorer {
    associatedtype Child: ConjunctionChild
    var frog: LeapFrog<Child> { get }
}

extension LeapFrogScorer {
    var doc: UInt32 { frog.doc }
    var cost: UInt64 { frog.cost }
    func next() -> UInt32 { frog.next() }
    func advance(to target: UInt32) -> UInt32 { frog.advance(to: target) }
    func score() -> Float { frog.score() }
}

/// The conjunction of any scorers.
final class ConjunctionScorer: LeapFrogScorer {
    let frog: LeapFrog<AnyChild>

    /// Requires at least two children.
    init(_ children: [any Scorer]) { frog = LeapFrog(children.map(AnyChild.init)) }
}

/// The conjunction of BM25F terms.
final class FieldedConjunctionScorer: LeapFrogScorer {
    let frog: LeapFrog<FieldedTermScorer>

    /// Requires at least two children.
    init(_ children: [FieldedTermScorer]) { frog = LeapFrog(children) }
}

/// Any scorer as a conjunction's child.
struct AnyChild: ConjunctionChild {
    let scorer: any Scorer
    var doc: UInt32 { scorer.doc }
    var cost: UInt64 { scorer.cost }
    func next() -> UInt32 { scorer.next() }
    func advance(to target: UInt32) -> UInt32 { scorer.advance(to: target) }
    func score() -> Float { scorer.score() }
}

extension FieldedTermScorer: ConjunctionChild {}
