/// The names of a segment's files: `<segment>.<extension>` in the index directory.
enum SegmentFiles {
    static let terms = "terms"
    static let postings = "postings"
    static let positions = "positions"
    static let norms = "norms"
    static let stored = "stored"
    static let identities = "ids"

    /// Every extension a segment has.
    static let all = [terms, postings, positions, norms, stored, identities]

    /// Every extension a segment has, in the order of `all`, with the kind of file it names.
    static let kinds: [(fileExtension: String, kind: FileFormat.Kind)] = [
        (terms, .terms), (postings, .postings), (positions, .positions), (norms, .norms), (stored, .stored),
        (identities, .identities),
    ]

    /// The path of segment `name`'s file with `fileExtension` in `directory`.
    static func path(_ directory: String, _ name: String, _ fileExtension: String) -> String {
        "\(directory)/\(name).\(fileExtension)"
    }

    /// The extension of a segment's deletions file.
    static let deletes = "deletes"

    /// The path of segment `name`'s deletions as of commit `generation`: `<segment>_<generation>.deletes`, a
    /// new file at every commit that deletes from the segment, so a published file never changes.
    static func deletesPath(_ directory: String, _ name: String, generation: UInt64) -> String {
        "\(directory)/\(name)_\(String(generation, radix: 36)).\(deletes)"
    }

    /// The segment name and generation of a deletions file name made by `deletesPath`; nil for any other name.
    static func deletesFile(_ fileName: String) -> (segment: String, generation: UInt64)? {
        guard fileName.hasSuffix("." + deletes) else { return nil }
        let stem = fileName.dropLast(deletes.count + 1)
        guard let underscore = stem.lastIndex(of: "_"),
            let generation = UInt64(stem[stem.index(after: underscore)...], radix: 36)
        else { return nil }
        let segment = String(stem[..<underscore])
        return number(of: segment) == nil ? nil : (segment, generation)
    }

    /// The name of the segment numbered `number` ("s" + 8 base-36 digits, so names sort by number).
    static func name(number: UInt64) -> String {
        let digits = String(number, radix: 36)
        return "s" + String(repeating: "0", count: Swift.max(0, 8 - digits.count)) + digits
    }

    /// The number of a segment named by `name(number:)`; nil for any other name.
    static func number(of name: String) -> UInt64? {
        guard name.hasPrefix("s") else { return nil }
        return UInt64(name.dropFirst(), radix: 36)
    }

    /// Whether `name` can be a segment name (guards paths built from a manifest against traversal).
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64
            && name.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x5F }
    }
}
