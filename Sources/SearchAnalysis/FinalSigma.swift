/// Python's Final_Sigma rule for `str.lower()` (Unicode SpecialCasing): capital sigma becomes final ς when
/// it follows a cased character and no cased character follows it, case-ignorable characters (apostrophes,
/// periods, combining marks, …) being skipped in both directions. The scan crosses token boundaries, exactly
/// as the harness lowercases the whole text before splitting it.
@usableFromInline
enum FinalSigma {
    /// Whether the capital sigma at `start..<end` of the text lowercases to ς.
    ///
    /// Invalid UTF-8 counts as neither cased nor case-ignorable, like the separator it is everywhere else.
    @usableFromInline
    static func isFinal(_ base: UnsafePointer<UInt8>, _ count: Int, start: Int, end: Int) -> Bool {
        var cursor = start
        var precededByCased = false
        while let (value, previous) = UTF8Scanning.decode(endingAt: cursor, base, count) {
            guard let scalar = Unicode.Scalar(value) else { break }
            if isCaseIgnorable(scalar) {
                cursor = previous
                continue
            }
            precededByCased = isCased(scalar)
            break
        }
        guard precededByCased else { return false }
        cursor = end
        while cursor < count {
            let (value, width, _) = UTF8Scanning.decode(base, cursor, count)
            guard width > 0, let scalar = Unicode.Scalar(value) else { return true }
            if isCaseIgnorable(scalar) {
                cursor += width
                continue
            }
            return !isCased(scalar)
        }
        return true
    }

    /// Unicode's Case_Ignorable, as the harness's Unicode version knows it.
    static func isCaseIgnorable(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isCaseIgnorable && ScalarTable.isKnownToHarness(scalar)
    }

    /// Unicode's Cased, as the harness's Unicode version knows it.
    static func isCased(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isCased && ScalarTable.isKnownToHarness(scalar)
    }
}
