import Synchronization

/// Every Unicode scalar's `ScalarEntry` for one analyzer kind, plus the ASCII fold table derived from it.
///
/// The basic multilingual plane is built when the table is created (the first analyzer of the kind), the other
/// planes when a scalar of theirs first appears: building asks Unicode properties about every scalar, some
/// 70 ns each, and most texts never leave the BMP. Planes 4–13 are unassigned and 15–16 private use, so none
/// of their scalars is a word character; they share one all-separator table (a test checks this).
@usableFromInline
final class ScalarTable: @unchecked Sendable {   // immutable after init but for the lazy planes, which are atomic
    /// How a table's builder classifies one scalar, appending its output scalars.
    typealias Role = @Sendable (Unicode.Scalar, inout [Unicode.Scalar]) -> ScalarRole

    /// The basic multilingual plane (U+0000–U+FFFF).
    @usableFromInline let basic: PlaneTable
    /// The ASCII path, one byte per byte value: the lowercased byte for a letter or digit, 0 for a separator,
    /// `ScalarTable.nonASCII` for bytes ≥ 0x80 (which take the scalar path).
    @usableFromInline let asciiFold: UnsafeMutablePointer<UInt8>
    /// Planes 1–16, each built on first use.
    let supplementary: [LazyPlane]
    let role: Role

    /// The planes beyond the BMP that hold assigned characters: the supplementary multilingual and ideographic
    /// planes (1–3) and the special-purpose plane 14.
    static let assignedSupplementaryPlanes: Set<Int> = [1, 2, 3, 14]
    /// The table of a plane without word characters.
    static let emptyPlane = PlaneTable(plane: 0x10, role: { _, _ in .separator })

    /// Builds the BMP table by asking `role` about each of its scalars.
    init(role: @escaping Role) {
        self.role = role
        self.basic = PlaneTable(plane: 0, role: role)
        self.supplementary = (1...16).map { _ in LazyPlane() }

        // Derived from the same roles so the byte path cannot disagree with the scalar path; the eight-byte
        // path hard-codes ASCII letters and digits, so the roles must agree with it too.
        self.asciiFold = .allocate(capacity: 256)
        self.asciiFold.initialize(repeating: Self.nonASCII, count: 256)
        for byte in 0..<128 {
            let entry = basic.entry(UInt32(byte))
            let (letterOrDigit, lowercased) = ASCIIWordScan.classify(UInt64(byte))
            if entry == .separator {
                precondition(letterOrDigit == 0, "ASCII separators must be what the eight-byte scan skips")
                asciiFold[byte] = 0
            } else {
                let output = entry.isIdentity ? UInt64(byte) : UInt64(entry.inlineBytes)
                precondition(entry.startsToken && entry.byteCount == 1 && output == lowercased
                             && letterOrDigit != 0, "ASCII words must be the eight-byte scan's letters and digits")
                asciiFold[byte] = UInt8(output)
            }
        }
    }

    /// The `asciiFold` value of bytes ≥ 0x80.
    @inlinable static var nonASCII: UInt8 { 0x80 }

    /// The table of the plane holding `scalar` (any value below 0x110000), built on first use.
    @usableFromInline
    func plane(of scalar: UInt32) -> PlaneTable {
        let plane = Int(scalar >> 16)
        if plane == 0 { return basic }
        let slot = supplementary[plane - 1]
        if let table = slot.table.load() { return table }
        let table = Self.assignedSupplementaryPlanes.contains(plane)
            ? PlaneTable(plane: plane, role: role) : Self.emptyPlane
        // Two threads may both build a plane; the first to store wins and both use that one.
        return slot.table.storeIfNil(table)
    }

    /// `entry(_:)` for a scalar beyond the BMP, out of line.
    @usableFromInline
    func supplementaryEntry(_ scalar: UInt32) -> (entry: ScalarEntry, pool: UnsafePointer<UInt8>) {
        let plane = plane(of: scalar)
        return (plane.entry(scalar & 0xFFFF), UnsafePointer(plane.pool))
    }

    /// The entry for `scalar` and the pool its pooled output (if any) lives in.
    @inlinable @inline(__always)
    func entry(_ scalar: UInt32) -> (entry: ScalarEntry, pool: UnsafePointer<UInt8>) {
        let plane = scalar < 0x10000 ? basic : plane(of: scalar)
        return (plane.entry(scalar & 0xFFFF), UnsafePointer(plane.pool))
    }
}

/// One supplementary plane's table, built at most once and then shared by all threads.
final class LazyPlane: Sendable {
    let table = AtomicLazyReference<PlaneTable>()
}
