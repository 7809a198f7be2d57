import SearchIndex

/// A fixed set of postings cursors of one segment in one allocation, rarest term first, intersected by
/// leap-frogging (tantivy's `Intersection`, Lucene's `ConjunctionDISI`): the rarest cursor proposes a document,
/// each other cursor advances to it, and any cursor that overshoots proposes the next candidate.
///
/// Invariants: `cursors[0..<count]` are initialized for the buffer's lifetime, sorted by ascending document
/// frequency; `order[i]` is the position, in the caller's original order, of the term now at `i`. The owning
/// segment must outlive the buffer (the cursors read its mapped files).
final class PostingsCursorBuffer {
    /// Number of cursors (at least one).
    let count: Int
    /// The cursors, rarest first.
    let cursors: UnsafeMutablePointer<PostingsCursor>
    /// `order[i]`: index in the `terms` passed to `init` of the cursor at `i`.
    let order: UnsafeMutablePointer<Int>

    /// Opens a cursor on each of `count` terms (`term(i)`, all of `segment`), each created in place so that it
    /// owns its decoding buffers without a copy-on-write copy.
    init(segment: SegmentReader, count: Int, term: (Int) -> TermInfo) {
        precondition(count > 0)
        self.count = count
        cursors = .allocate(capacity: count)
        order = .allocate(capacity: count)
        // Insertion sort by (document frequency, index): a query has a few terms.
        for i in 0..<count {
            let frequency = term(i).documentFrequency
            var j = i
            while j > 0 && term(order[j - 1]).documentFrequency > frequency {
                order[j] = order[j - 1]
                j -= 1
            }
            order[j] = i
        }
        // The others start at the rarest term's first document, where the first alignment would take them.
        var first: UInt32 = 0
        for i in 0..<count {
            (cursors + i).initialize(to: segment.postings(term(order[i]), from: first))
            if i == 0 { first = cursors[0].doc }
        }
    }

    /// Opens a cursor on each of `terms` (all of `segment`).
    convenience init(segment: SegmentReader, terms: [TermInfo]) {
        self.init(segment: segment, count: terms.count) { terms[$0] }
    }

    deinit {
        cursors.deinitialize(count: count)
        cursors.deallocate()
        order.deallocate()
    }

    /// The document frequency of the rarest term.
    var cost: UInt64 { UInt64(cursors[0].documentFrequency) }

    /// The first document >= `target` that every cursor contains (all cursors then sit on it), or `exhausted`.
    @inline(__always)
    func align(_ target: UInt32) -> UInt32 {
        var target = target
        let n = count
        outer: while target != PostingsCursor.exhausted {
            var d = cursors[0].doc
            if d < target { d = cursors[0].advance(to: target) }
            if d > target {
                target = d
                continue outer
            }
            var k = 1
            while k < n {
                var other = cursors[k].doc
                if other < target { other = cursors[k].advance(to: target) }
                if other > target {
                    target = other
                    continue outer
                }
                k += 1
            }
            return target
        }
        return target
    }

    /// The next common document after the current one (which the cursors agree on).
    @inline(__always)
    func next() -> UInt32 {
        align(cursors[0].next())
    }
}
