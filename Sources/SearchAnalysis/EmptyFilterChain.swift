/// The chain both analyzers use today: every term passes unchanged.
@usableFromInline
struct EmptyFilterChain: TokenFilter {
    @inlinable init() {}

    @inlinable @inline(__always)
    func filter(_ term: inout TermSlice) -> Bool { true }
}
