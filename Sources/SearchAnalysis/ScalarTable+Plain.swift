extension ScalarTable {
    /// The `plain` table: Python's `str.lower()` followed by `[^\W_]+` (runs of `str.isalnum()` characters).
    @usableFromInline static let plain = ScalarTable(role: plainRole)

    /// The Unicode version of the comparison harness's Python (3.11: `unicodedata.unidata_version` 14.0.0).
    ///
    /// Every scalar assigned up to this version gets identical tokens here and in Python (checked code point
    /// by code point); scalars assigned later (Unicode 15 onwards) are separators in `plain`, as they are for
    /// the harness. `standard` uses the full Unicode version of the Swift runtime.
    static let harnessUnicodeVersion: Unicode.Version = (major: 14, minor: 0)

    /// Whether `scalar` is assigned in the harness's Unicode version.
    static func isKnownToHarness(_ scalar: Unicode.Scalar) -> Bool {
        guard let age = scalar.properties.age else { return false }
        return age <= harnessUnicodeVersion
    }

    /// Classifies `scalar` the way the comparison harness sees it after `text.lower()`.
    ///
    /// Python's `str.isalnum()` is true exactly for the general categories L* and N* (checked over every code
    /// point), and the lowercase mapping is the full, unconditional one (so U+0130 'İ' becomes "i\u{307}",
    /// whose combining dot is not alphanumeric and splits the token). The one context-dependent mapping Python
    /// applies, capital sigma's Final_Sigma rule, is marked `.special` and resolved by the tokenizer.
    static func plainRole(_ scalar: Unicode.Scalar, _ output: inout [Unicode.Scalar]) -> ScalarRole {
        let properties = scalar.properties
        let category = properties.generalCategory
        // Each property query costs tens of nanoseconds and the table asks about 330,000 scalars, so ask only
        // what the category leaves open.
        let lowercaseChanges = UnicodeConstants.mayChangeWhenLowercased(category) && properties.changesWhenLowercased
        if !UnicodeConstants.isAlphanumeric(category) && !lowercaseChanges { return .separator }
        // Scalars the harness's Unicode database does not know are unassigned there, hence separators.
        if !isKnownToHarness(scalar) { return .separator }
        if scalar == UnicodeConstants.capitalSigma {
            output.append(UnicodeConstants.smallSigma)
            return .special
        }
        if !lowercaseChanges {
            output.append(scalar)
            return .word
        }
        output.append(contentsOf: properties.lowercaseMapping.unicodeScalars)
        let alphanumericCount = output.count(where: UnicodeConstants.isAlphanumeric)
        if alphanumericCount == output.count { return .word }
        if alphanumericCount == 0 {
            output.removeAll()
            return .separator
        }
        return .special   // e.g. 'İ': "i" continues the token, the combining dot ends it
    }
}
