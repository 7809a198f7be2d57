extension ScalarTable {
    /// The `standard` table: lowercase, compatibility folding (fullwidth, ligatures, super/subscripts, math
    /// letters), diacritic stripping for Latin, Greek, Hebrew and Arabic (and Cyrillic ё), decimal digits of
    /// every script as ASCII, and combining marks joined into the word instead of splitting it.
    @usableFromInline static let standard = ScalarTable(role: standardRole)

    /// Classifies and folds `scalar` for the `standard` analyzer.
    static func standardRole(_ scalar: Unicode.Scalar, _ output: inout [Unicode.Scalar]) -> ScalarRole {
        let properties = scalar.properties
        let category = properties.generalCategory
        if DiacriticFolding.isInvisibleJoiner(scalar) { return .joiner }
        switch category {
        case .nonspacingMark, .spacingMark, .enclosingMark:
            // A mark continues the word it sits on (plain would split there). Diacritics are dropped; other
            // marks (Indic vowel signs and viramas, kana voicing marks) carry meaning and stay in the term.
            if !DiacriticFolding.isDroppableMark(scalar) { output.append(scalar) }
            return .joiner
        case .otherLetter where !DiacriticFolding.isStrippable(scalar) && !properties.changesWhenNFKCCaseFolded:
            // Fast path for most letters (ideographs, syllables, abugidas): nothing to fold.
            output.append(scalar)
            return .word
        default:
            break
        }
        let lowercaseChanges = UnicodeConstants.mayChangeWhenLowercased(category) && properties.changesWhenLowercased
        if !UnicodeConstants.isAlphanumeric(category) && !lowercaseChanges { return .separator }
        let lowered = lowercaseChanges ? Array(properties.lowercaseMapping.unicodeScalars) : [scalar]
        guard lowered.contains(where: UnicodeConstants.isAlphanumeric) else { return .separator }
        for piece in lowered where UnicodeConstants.isAlphanumeric(piece) {
            DiacriticFolding.fold(piece, into: &output)
        }
        // Letters that fold to nothing (the tatweel presentation forms) behave like the tatweel: they join.
        return output.isEmpty ? .joiner : .word
    }
}
