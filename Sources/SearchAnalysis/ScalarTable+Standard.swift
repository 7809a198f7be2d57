extension ScalarTable {
    /// The `standard` table: lowercase, compatibility folding (fullwidth, ligatures, super/subscripts, math
    /// letters), diacritic stripping for Latin, Greek, Hebrew and Arabic (and Cyrillic ё), decimal digits of
    /// every script as ASCII, combining marks joined into the word instead of splitting it, and CJK letters
    /// marked for bigrams.
    @usableFromInline static let standard = ScalarTable(role: standardRole)

    /// Classifies and folds `scalar` for the `standard` analyzer: a word character of a CJK script is a
    /// `.bigram`, everything else as `wordRole` says.
    static func standardRole(_ scalar: Unicode.Scalar, _ output: inout [Unicode.Scalar]) -> ScalarRole {
        let role = wordRole(scalar, &output)
        return role == .word && isCJK(scalar) ? .bigram : role
    }

    /// Han (with its iteration and numeral marks), Hiragana, Katakana (with the prolonged sound mark and the
    /// halfwidth forms) and Hangul (syllables and jamo): the scripts written without spaces between words,
    /// or, for Korean, bigrammed as Lucene's `CJKBigramFilter` does.
    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        cjkRanges.contains { $0.contains(scalar.value) }
    }

    static let cjkRanges: [ClosedRange<UInt32>] = [
        0x1100...0x11FF, 0x3130...0x318F, 0xA960...0xA97F, 0xAC00...0xD7FF, 0xFFA0...0xFFDC,   // Hangul
        0x3041...0x309F, 0x30A0...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F, 0x1AFF0...0x1B16F,   // kana
        0x3005...0x3007, 0x3021...0x3029, 0x3031...0x3035, 0x3038...0x303C,                   // marks, numerals
        0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF,                 // Han
    ]

    /// Classifies and folds `scalar` as a word character, joiner or separator.
    static func wordRole(_ scalar: Unicode.Scalar, _ output: inout [Unicode.Scalar]) -> ScalarRole {
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
