/// A stage of the analysis chain after tokenization (stemming, …): it may rewrite the term in place or drop it.
/// A dropped term still consumes its position, so phrase distances stay truthful.
@usableFromInline
protocol TokenFilter {
    /// Whether a lone `s` right after an apostrophe that ends a word (the English possessive `'s`, `’s`)
    /// is removed without taking a position, so `Putin's army` indexes like `Putin army`.
    static var removesPossessives: Bool { get }
    /// Rewrites `term` in place (its storage has room up to `TermBuffer.capacity`); false drops it.
    mutating func filter(_ term: inout TermSlice) -> Bool
}
