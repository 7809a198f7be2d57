import Foundation

/// The folding rules of the `standard` analyzer, applied per scalar when its table is built.
enum DiacriticFolding {
    /// Appends the folded form of the lowercase alphanumeric `scalar` to `output`.
    static func fold(_ scalar: Unicode.Scalar, into output: inout [Unicode.Scalar]) {
        for piece in compatibilityForm(of: scalar) {
            // Presentation forms of tatweel + haraka decompose to pieces that all fold to nothing.
            if isDroppableMark(piece) || isInvisibleJoiner(piece) { continue }
            if let digit = asciiDigit(piece) {
                output.append(digit)
                continue
            }
            for base in strippedForm(of: piece) {
                if let replacement = letterFolds[base] {
                    output.append(contentsOf: replacement.unicodeScalars)
                } else {
                    output.append(base)
                }
            }
        }
    }

    /// NFKC of `scalar`, lowercased, when that is made of letters, digits and diacritics only (so fullwidth
    /// 'Ａ' → "a", 'ﬁ' → "fi", '²' → "2", '𝐀' → "a", 'Ⅻ' → "xii"); otherwise `scalar` itself (so '½',
    /// whose NFKC contains a fraction slash, stays one character rather than splitting into "1" and "2").
    static func compatibilityForm(of scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        guard scalar.properties.changesWhenNFKCCaseFolded else { return [scalar] }
        var result: [Unicode.Scalar] = []
        for piece in String(scalar).precomposedStringWithCompatibilityMapping.unicodeScalars {
            if piece.properties.changesWhenLowercased {
                result.append(contentsOf: piece.properties.lowercaseMapping.unicodeScalars)
            } else {
                result.append(piece)
            }
        }
        let usable = !result.isEmpty && result.allSatisfy {
            UnicodeConstants.isAlphanumeric($0) || isDroppableMark($0)
        }
        return usable ? result : [scalar]
    }

    /// `scalar` without its diacritics (canonical decomposition, marks removed) when it belongs to a script
    /// whose accents searchers routinely omit (Latin, Greek, Hebrew and Arabic); otherwise `scalar` itself
    /// (Cyrillic й, Hangul syllables, kana with voicing marks and Indic letters keep their composed form,
    /// since there the mark makes another letter).
    static func strippedForm(of scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        guard isStrippable(scalar) else { return [scalar] }
        let decomposed = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars
        let bases = decomposed.filter { !isDroppableMark($0) }
        return bases.isEmpty ? [scalar] : Array(bases)
    }

    /// Whether `scalar` belongs to a script whose diacritics folding strips.
    static func isStrippable(_ scalar: Unicode.Scalar) -> Bool {
        strippableRanges.contains { $0.contains(scalar.value) }
    }

    /// The ASCII digit for a decimal digit of any script ('٣', '३', '３' → "3").
    static func asciiDigit(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        guard scalar.properties.generalCategory == .decimalNumber, let value = scalar.properties.numericValue,
              value >= 0, value <= 9, value == value.rounded() else { return nil }
        return Unicode.Scalar(UInt8(48 + Int(value)))
    }

    /// Diacritics removed by folding: the generic combining diacritics blocks, Hebrew points and Arabic
    /// harakat (vowel and cantillation marks; Lucene's Arabic and Hebrew normalizers drop the same).
    static func isDroppableMark(_ scalar: Unicode.Scalar) -> Bool {
        droppableMarkRanges.contains { $0.contains(scalar.value) } && UnicodeConstants.isMark(scalar)
    }

    /// Invisible format characters found inside words on the web: soft hyphen, zero-width (non-)joiner,
    /// word joiner, and the Arabic tatweel. They keep the word together and contribute nothing.
    static func isInvisibleJoiner(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00AD, 0x200C, 0x200D, 0x2060, 0x0640: return true
        default: return false
        }
    }

    static let droppableMarkRanges: [ClosedRange<UInt32>] = [
        0x0300...0x036F, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x20D0...0x20FF, 0xFE20...0xFE2F,   // combining
        0x0591...0x05C7,                                                                  // Hebrew points
        0x0610...0x061A, 0x064B...0x065F, 0x0670...0x0670, 0x06D6...0x06ED,               // Arabic harakat
    ]

    static let strippableRanges: [ClosedRange<UInt32>] = [
        0x0000...0x024F, 0x1E00...0x1EFF, 0x2C60...0x2C7F, 0xA720...0xA7FF, 0xAB30...0xAB6F,   // Latin
        0x0370...0x03FF, 0x1F00...0x1FFF,                                                     // Greek
        0x05D0...0x05EA, 0xFB1D...0xFB4F,                                                     // Hebrew
        0x0620...0x064A, 0x0671...0x06D3,                                                     // Arabic
    ]

    /// Letters with no decomposition that searchers nevertheless type without the stroke or ligature
    /// (the same choices as Lucene's ASCIIFoldingFilter), the final sigma as the ordinary sigma, and the
    /// Cyrillic letters whose diacritic is optional in practice (ё, and the stress-marked ѐ ѝ). Other
    /// Cyrillic letters with diacritics (й, ў, ї, ќ, …) are letters of their own and are not stripped.
    static let letterFolds: [Unicode.Scalar: String] = [
        "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i",
        "ħ": "h", "ŧ": "t", "ŀ": "l", "ƀ": "b", "ƈ": "c", "ɗ": "d", "ƒ": "f", "ɠ": "g", "ɨ": "i", "ƙ": "k",
        "ƚ": "l", "ɲ": "n", "ɵ": "o", "ƥ": "p", "ƭ": "t", "ʉ": "u", "ƴ": "y", "ƶ": "z", "ȥ": "z",
        "ŋ": "n", "ς": "σ", "ё": "е", "ѐ": "е", "ѝ": "и",
    ]
}
