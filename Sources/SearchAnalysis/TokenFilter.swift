/// A stage of the analysis chain after tokenization (stop words, stemming, … later): it may rewrite the term
/// in place or drop it. A dropped term still consumes its position, so phrase distances stay truthful.
@usableFromInline
protocol TokenFilter {
    /// Rewrites `term` in place (its storage has room up to `TermBuffer.capacity`); false drops it.
    mutating func filter(_ term: inout TermSlice) -> Bool
}
