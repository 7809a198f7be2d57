import SearchIndex

extension Searcher {
    /// Every live document that matches `query`, in index order (segment, then document), without scoring:
    /// what a deletion by query removes.
    public func matches(_ query: Query) -> [(segment: Int, doc: UInt32)] {
        let plan = makePlan(query)
        guard let root = plan.root else { return [] }
        var result: [(segment: Int, doc: UInt32)] = []
        for (index, segment) in segments.enumerated() where segment.liveDocumentCount > 0 {
            var collector = MatchListCollector(deleted: segment.deletedDocuments?.bits)
            evaluate(root, plan: plan, segment: segment, index: index, into: &collector)
            result += collector.documents.map { (index, $0) }
        }
        return result
    }
}

/// Gathers the live documents that match, in the order they come.
private struct MatchListCollector: MatchCollector {
    /// The segment's deletion bits, or nil when it has none.
    let deleted: UnsafePointer<UInt64>?
    var documents: [UInt32] = []

    var needsScores: Bool { false }

    mutating func collect(_ doc: UInt32, _ score: Float) {
        if let deleted, deleted[Int(doc &>> 6)] & (1 &<< UInt64(doc & 63)) != 0 { return }
        documents.append(doc)
    }
}
