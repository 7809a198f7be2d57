/// The `plain` chain: every term passes unchanged, so `plain` stays equal to the comparison harness.
@usableFromInline
struct EmptyFilterChain: TokenFilter {
    @inlinable init() {}

    @inlinable static var removesPossessives: Bool { false }

    @inlinable @inline(__always)
    func filter(_ term: inout TermSlice) -> Bool { true }
}
