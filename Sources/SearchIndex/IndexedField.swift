/// The indexed (searchable) fields of an article.
public enum IndexedField: UInt8, CaseIterable, Sendable {
    /// The headline.
    case title = 0
    /// The default field: title + "\n" + body, one position stream.
    case body = 1
    /// The page address.
    case url = 2

    /// The field's slot in per-field arrays (`0..<IndexedField.count`).
    @inlinable var index: Int { Int(rawValue) }

    /// The number of indexed fields.
    static let count = 3
}
