import SearchIndex

/// Keeps the best `capacity` documents in a bounded binary min-heap whose root is the worst kept hit, and
/// counts every match. "Better" is a higher score, then a lower (segment, doc), so results are deterministic.
/// Documents arrive in ascending (segment, doc) order, so a newcomer that only ties the root never enters.
/// Deleted documents are dropped here, where a match is collected, so the evaluators' loops stay as they are.
struct TopScoreCollector: MatchCollector {
    /// How many hits to keep.
    let capacity: Int
    /// The segment whose documents are being collected.
    var segment = 0
    /// The deletion bits of that segment (`DeletedDocuments.bits`), or nil when it has no deletions.
    var deleted: UnsafePointer<UInt64>?
    /// Matches seen so far.
    private(set) var total = 0
    /// Heap of kept hits, worst at index 0.
    private var heap: [ScoredDocument] = []

    init(capacity: Int) {
        self.capacity = capacity
        heap.reserveCapacity(min(capacity, 4_096))
    }

    var needsScores: Bool { capacity > 0 }

    /// Whether `a` ranks below `b`.
    @inline(__always)
    static func worse(_ a: ScoredDocument, _ b: ScoredDocument) -> Bool {
        if a.score != b.score { return a.score < b.score }
        if a.segment != b.segment { return a.segment > b.segment }
        return a.doc > b.doc
    }

    /// The score a newcomer must exceed to enter: the worst kept score once the heap is full.
    var threshold: Float { capacity == 0 ? .infinity : heap.count < capacity ? -.infinity : heap[0].score }

    mutating func collect(_ doc: UInt32, _ score: Float) {
        if let deleted, DeletedDocuments.isDeleted(doc, in: deleted) { return }
        total &+= 1
        if heap.count < capacity {
            heap.append(ScoredDocument(segment: segment, doc: doc, score: score))
            siftUp(heap.count - 1)
        } else if capacity > 0 && score > heap[0].score {
            heap[0] = ScoredDocument(segment: segment, doc: doc, score: score)
            siftDown(0)
        }
    }

    private mutating func siftUp(_ start: Int) {
        var i = start
        let item = heap[i]
        while i > 0 {
            let parent = (i - 1) / 2
            if !Self.worse(item, heap[parent]) { break }
            heap[i] = heap[parent]
            i = parent
        }
        heap[i] = item
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        let n = heap.count
        let item = heap[i]
        while true {
            var child = 2 * i + 1
            if child >= n { break }
            if child + 1 < n && Self.worse(heap[child + 1], heap[child]) { child += 1 }
            if !Self.worse(heap[child], item) { break }
            heap[i] = heap[child]
            i = child
        }
        heap[i] = item
    }

    /// The kept hits, best first.
    func sortedHits() -> [ScoredDocument] {
        heap.sorted { Self.worse($1, $0) }
    }
}
