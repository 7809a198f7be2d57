/// A random 128-bit identity written into every file of a segment and into the manifest, so that a file from
/// another segment (or an older index in the same directory) is detected instead of silently read.
struct SegmentID: Equatable, Sendable, CustomStringConvertible {
    var high: UInt64
    var low: UInt64

    /// A fresh random identity.
    static func random() -> SegmentID {
        var generator = SystemRandomNumberGenerator()
        return SegmentID(high: generator.next(), low: generator.next())
    }

    /// The identity used by files that belong to no segment (the manifest).
    static let none = SegmentID(high: 0, low: 0)

    var description: String {
        let h = String(high, radix: 16)
        let l = String(low, radix: 16)
        return String(repeating: "0", count: 16 - h.count) + h + String(repeating: "0", count: 16 - l.count) + l
    }
}
