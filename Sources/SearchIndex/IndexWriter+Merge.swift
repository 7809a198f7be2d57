/// Merging segments: the live documents of adjacent segments become one new segment (`SegmentMerger`, from
/// their postings, without analyzing them again), which takes their place in the manifest at one commit; their
/// deleted documents are gone from it. The result is exactly the segment that indexing those documents in that
/// order would have built. Merges run on another thread, one at a time: `maybeMerge` and `forceMerge` wait for
/// theirs, while `mergeInBackground` lets documents be added meanwhile.
extension IndexWriter {
    /// Segments with fewer live documents than this all belong to the smallest size tier.
    public static let smallestTier = 1_000

    /// Merges every segment of the index into one, leaving out deleted documents (`search optimize`). Commits
    /// what is buffered first. Returns the number of segments merged (0 when the index already is one segment
    /// without deletions).
    @discardableResult
    public func forceMerge() throws -> Int {
        try finishMerge()
        let segments = committedSegments
        if segments.isEmpty || (segments.count == 1 && segments[0].deletedCount == 0) { return 0 }
        try merge(0..<segments.count)
        return segments.count
    }

    /// Applies the merge policy after a commit: keeps the number of segments logarithmic in the number of
    /// documents by merging `mergeFactor` adjacent segments of one size tier whenever there are that many
    /// (a log merge policy, like Lucene's `LogMergePolicy`). Commits what is buffered first; returns the number
    /// of merges made.
    ///
    /// A segment's tier is ⌊log_F(live documents / `smallestTier`)⌋ for F = `mergeFactor`. From the oldest
    /// segment on, the run up to the last segment of the highest tier (smaller ones between them included) is
    /// cut into merges of F adjacent segments, as many as it holds; then the same is done with the rest. The
    /// merges of one pass are disjoint, so each document is merged once per pass; passes repeat until
    /// none is due. Each run left holds fewer than F segments, and each run's highest tier is below the one
    /// before it, so there is at most one run per tier: fewer than F · (log_F(N) + 1) segments in all.
    @discardableResult
    public func maybeMerge() throws -> Int {
        var merges = try finishMerge()
        while case let ranges = nextMerges(), !ranges.isEmpty {
            // From the newest, so that the ranges of the older ones still hold.
            for range in ranges.reversed() { try merge(range) }
            merges += ranges.count
        }
        return merges
    }

    /// Applies the merge policy while documents are still being added, one merge at a time on another thread:
    /// ends the running merge if it has finished (its segment takes the place of the ones it merged at a commit
    /// of its own; documents deleted from them meanwhile stay deleted), then starts the first merge the policy
    /// finds due, if none is running. Call it after a commit; returns the number of merges ended (0 or 1).
    @discardableResult
    public func mergeInBackground() throws -> Int {
        let installed = try installMerge(wait: false) ? 1 : 0
        if runningMerge == nil, let range = nextMerges().first { try startMerge(range) }
        return installed
    }

    /// Commits, then waits for the merge running in the background, if any, and ends it as `mergeInBackground`
    /// does. Returns the number of merges ended (0 or 1).
    @discardableResult
    public func finishMerge() throws -> Int {
        try commit()
        return try installMerge(wait: true) ? 1 : 0
    }

    /// Whether `maybeMerge` has work to do: a merge running in the background, or one the policy finds due.
    public var mergeIsDue: Bool { runningMerge != nil || !nextMerges().isEmpty }

    /// The disjoint runs of adjacent segments the policy merges now, oldest first.
    private func nextMerges() -> [Range<Int>] {
        let factor = Swift.max(2, mergeFactor)
        let tiers = committedSegments.map { info in
            var size = Swift.max(info.liveDocumentCount, 1) / Self.smallestTier
            var tier = 0
            while size >= factor {
                size /= factor
                tier += 1
            }
            return tier
        }
        var merges: [Range<Int>] = []
        var start = 0
        while start < tiers.count {
            let top = tiers[start...].max()!
            let last = tiers.lastIndex(of: top)!
            var first = start
            while last + 1 - first >= factor {
                merges.append(first..<(first + factor))
                first += factor
            }
            start = last + 1
        }
        return merges
    }

    /// Replaces the committed segments in `range` by one segment of their live documents, in order, and commits
    /// (nothing may be pending): a background merge waited for.
    private func merge(_ range: Range<Int>) throws {
        try startMerge(range)
        guard try installMerge(wait: true) else { preconditionFailure("commit before merging") }
    }
}
