/// The reusable scratch memory a term is assembled in before it is handed to the caller.
///
/// Invariants: `bytes` always has `capacity` bytes allocated. A term of at most `Analyzer.maximumTermScalars`
/// scalars is at most `maximumTermBytes` bytes long (4 bytes per scalar). The tokenizer writes at
/// `length & offsetMask`, so writes wrap around only for terms longer than `offsetMask` bytes, which have more
/// than 64 scalars and are dropped; that spares the ASCII loop a bounds check. The slack past `offsetMask`
/// lets the tokenizer store 8 ASCII bytes or a 4-byte scalar, or copy a pooled expansion (at most 64 bytes), at
/// any offset. A filter may rewrite a term anywhere within `capacity`.
@usableFromInline
final class TermBuffer {
    /// Longest term that can be emitted, in bytes.
    @inlinable static var maximumTermBytes: Int { Analyzer.maximumTermScalars * 4 }
    /// Write offsets are taken modulo `offsetMask + 1`, a power of two above `maximumTermBytes`.
    @inlinable static var offsetMask: Int { 511 }
    /// Allocated bytes: the wrapped offset range plus room for the longest single store (a pool expansion).
    @inlinable static var capacity: Int { offsetMask + 1 + 64 }

    @usableFromInline let bytes: UnsafeMutablePointer<UInt8>
    /// Recent stems, for the `standard` chain; created on its first use.
    @usableFromInline var stemCache: StemCache?

    @usableFromInline init() {
        bytes = .allocate(capacity: Self.capacity)
        bytes.initialize(repeating: 0, count: Self.capacity)
    }

    deinit { bytes.deallocate() }
}
