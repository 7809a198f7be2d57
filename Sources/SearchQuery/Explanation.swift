/// How a score was made: a value, what it is, and the values it was computed from (Lucene's `Explanation`).
public struct Explanation: Sendable, Equatable {
    /// The value this node contributes.
    public var value: Float
    /// What the value is, e.g. `BM25F "appl" in title and body`.
    public var summary: String
    /// The parts the value was computed from.
    public var details: [Explanation]

    /// Creates an explanation node.
    public init(value: Float, summary: String, details: [Explanation] = []) {
        self.value = value
        self.summary = summary
        self.details = details
    }

    /// The explanation as indented lines: `value  summary`, details two spaces further in.
    public func lines(indent: Int = 0) -> [String] {
        let head = String(repeating: " ", count: indent) + Self.format(value) + "  " + summary
        return [head] + details.flatMap { $0.lines(indent: indent + 2) }
    }

    /// A value with four decimals (integers without).
    static func format(_ value: Float) -> String {
        if value == value.rounded() && abs(value) < 1e9 { return String(Int(value)) }
        let scaled = (Double(value) * 10_000).rounded() / 10_000
        return String(scaled)
    }
}
