import SearchIndex

/// Documents matching at least one child, merged with a binary min-heap of children keyed by current
/// document (Lucene's `DisjunctionScorer`). Used inside other scorers; a top-level disjunction runs through
/// `WindowedUnion`, which is faster when every match is visited. The score sums the children on the current
/// document in clause order, so it does not depend on heap layout.
final class DisjunctionScorer: Scorer {
    /// Children in clause order.
    private let children: [any Scorer]
    /// Child indexes ordered as a min-heap by (doc, index).
    private var heap: [Int]
    /// Scratch for `score()`: indexes of the children on the current document.
    private var matching: [Int]
    private var stack: [Int]
    let cost: UInt64

    /// Requires at least two children.
    init(_ children: [any Scorer]) {
        precondition(children.count >= 2)
        self.children = children
        self.heap = Array(children.indices)
        self.matching = []
        self.stack = []
        matching.reserveCapacity(children.count)
        stack.reserveCapacity(children.count)
        self.cost = children.reduce(0) { $0 &+ $1.cost }
        for i in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(i) }
    }

    var doc: UInt32 { children[heap[0]].doc }

    @inline(__always)
    private func less(_ a: Int, _ b: Int) -> Bool {
        let da = children[a].doc
        let db = children[b].doc
        return da < db || (da == db && a < b)
    }

    private func siftDown(_ start: Int) {
        var i = start
        let n = heap.count
        let item = heap[i]
        while true {
            var child = 2 * i + 1
            if child >= n { break }
            if child + 1 < n && less(heap[child + 1], heap[child]) { child += 1 }
            if !less(heap[child], item) { break }
            heap[i] = heap[child]
            i = child
        }
        heap[i] = item
    }

    func next() -> UInt32 {
        let current = doc
        if current == PostingsCursor.exhausted { return current }
        while children[heap[0]].doc == current {
            _ = children[heap[0]].next()
            siftDown(0)
        }
        return doc
    }

    func advance(to target: UInt32) -> UInt32 {
        while children[heap[0]].doc < target {
            _ = children[heap[0]].advance(to: target)
            siftDown(0)
        }
        return doc
    }

    func score() -> Float {
        let current = doc
        // Children on `current` form a subtree at the root (heap order); collect it, then sum by clause order.
        matching.removeAll(keepingCapacity: true)
        stack.removeAll(keepingCapacity: true)
        stack.append(0)
        while let node = stack.popLast() {
            let child = heap[node]
            guard children[child].doc == current else { continue }
            matching.append(child)
            let left = 2 * node + 1
            if left < heap.count { stack.append(left) }
            if left + 1 < heap.count { stack.append(left + 1) }
        }
        // Insertion sort: usually one to three entries.
        for i in 1..<max(matching.count, 1) {
            let value = matching[i]
            var j = i - 1
            while j >= 0 && matching[j] > value {
                matching[j + 1] = matching[j]
                j -= 1
            }
            matching[j + 1] = value
        }
        var sum: Float = 0
        for child in matching { sum += children[child].score() }
        return sum
    }
}
