import SearchIndex

/// Iterates, in ascending order, the documents of one segment that match a query node, and scores the
/// current one (Lucene's `Scorer` / tantivy's `DocSet` + `Scorer`).
///
/// Invariants: after init a scorer is positioned on its first match (or `exhausted`); `doc` only grows;
/// `score()` is valid only while `doc` is a match and is computed on demand, so counting never scores.
/// Later top-k strategies (MaxScore, Block-Max WAND) slot in beside the `Scorer` tree: they need only
/// `advance(to:)`, `score()` and per-scorer score bounds.
protocol Scorer: AnyObject {
    /// The current document, or `PostingsCursor.exhausted`.
    var doc: UInt32 { get }
    /// Estimated number of matching documents, to order conjunctions (rarest first).
    var cost: UInt64 { get }
    /// Moves to the next match and returns it (or `exhausted`).
    func next() -> UInt32
    /// Moves to the first match >= `target` and returns it; stays put if already there.
    func advance(to target: UInt32) -> UInt32
    /// BM25 score of the current document.
    func score() -> Float
    /// Marks in `bits` (and, if `scores` is non-nil, adds to `scores`) every match in `doc..<end`, indexed
    /// from `base`, leaving the scorer on its first match >= `end`. Requires `base <= doc`.
    func fill(base: UInt32, end: UInt32, bits: UnsafeMutablePointer<UInt64>, scores: UnsafeMutablePointer<Float>?)
}

extension Scorer {
    /// Generic window fill through `next()`; leaf scorers override it with a loop over their cursor.
    func fill(base: UInt32, end: UInt32, bits: UnsafeMutablePointer<UInt64>, scores: UnsafeMutablePointer<Float>?) {
        var d = doc
        while d < end {
            let i = Int(d &- base)
            bits[i &>> 6] |= 1 &<< UInt64(i & 63)
            if let scores { scores[i] += score() }
            d = next()
        }
    }
}
