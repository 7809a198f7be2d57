import Testing

@testable import SearchAnalysis

/// The plane tables are built on several threads, each run of blocks with its own pool: every scalar's entry
/// must be what classifying it alone gives, with pooled outputs found at their moved offsets.
@Suite struct PlaneTableTests {
    @Test(arguments: ["plain", "standard"])
    func everyEntryIsTheRolesAnswer(_ name: String) {
        let role = name == "plain" ? ScalarTable.plainRole : ScalarTable.standardRole
        let table = PlaneTable(plane: 0, role: role)
        var pool: [UInt8] = []
        var output: [Unicode.Scalar] = []
        var pooled: [UInt32] = []
        var mismatches: [UInt32] = []
        for value in UInt32(0)..<0x10000 {
            let got = table.entry(value)
            guard let scalar = Unicode.Scalar(value) else {
                if got != .separator { mismatches.append(value) }
                continue
            }
            output.removeAll()
            pool.removeAll()
            let expected = PlaneTable.pack(role(scalar, &output), output, of: scalar, pool: &pool)
            if expected.isPooled {
                pooled.append(value)
                // The offset differs (the table has one pool for the plane); the bytes must not.
                let bytes = Array(UnsafeBufferPointer(start: table.pool + Int(got.inlineBytes), count: got.byteCount))
                if !got.isPooled || got.rawValue & ~0xFFFF_FFFF != expected.rawValue & ~0xFFFF_FFFF || bytes != pool {
                    mismatches.append(value)
                }
            } else if got != expected {
                mismatches.append(value)
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10).map { String($0, radix: 16) })")
        // Under `standard`, outputs longer than four bytes (ligatures, compatibility expansions) lie in several
        // of the runs of 32 blocks (0x2000 scalars), so a run's pool lands after another's and its offsets must
        // move. `plain` only lowercases: it has none.
        if name == "standard" {
            #expect(Set(pooled.map { $0 / 0x2000 }).count >= 2, "\(pooled.map { String($0, radix: 16) })")
        }
    }
}
