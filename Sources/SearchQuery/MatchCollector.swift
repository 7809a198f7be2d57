/// Receives the matches of one segment in ascending document order.
protocol MatchCollector {
    /// Whether `collect` uses the score (if not, evaluators skip scoring).
    var needsScores: Bool { get }
    /// One matching document and its score (0 when `needsScores` is false).
    mutating func collect(_ doc: UInt32, _ score: Float)
}

