/// The bytes of the current term inside the analyzer's `TermBuffer`.
@usableFromInline
struct TermSlice {
    @usableFromInline let bytes: UnsafeMutablePointer<UInt8>
    @usableFromInline var count: Int

    @inlinable init(bytes: UnsafeMutablePointer<UInt8>, count: Int) {
        self.bytes = bytes
        self.count = count
    }
}
