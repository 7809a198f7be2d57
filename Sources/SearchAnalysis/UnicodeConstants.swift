/// Scalars and predicates the analysis tables are built from.
enum UnicodeConstants {
    /// U+03A3 GREEK CAPITAL LETTER SIGMA, lowercased by context (Final_Sigma).
    static let capitalSigma: Unicode.Scalar = "\u{03A3}"
    /// U+03C3 GREEK SMALL LETTER SIGMA.
    static let smallSigma: Unicode.Scalar = "\u{03C3}"
    /// U+03C2 GREEK SMALL LETTER FINAL SIGMA.
    static let finalSigma: Unicode.Scalar = "\u{03C2}"

    /// Python's `str.isalnum()` for one character: general category L* (letters) or N* (numbers).
    static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        isAlphanumeric(scalar.properties.generalCategory)
    }

    /// Whether `category` is one of L* (letters) or N* (numbers).
    static func isAlphanumeric(_ category: Unicode.GeneralCategory) -> Bool {
        switch category {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    /// Whether scalars of `category` can have a lowercase mapping other than themselves: capital and
    /// titlecase letters, and the uppercase roman numerals (Nl) and circled capitals (So). A test checks every
    /// scalar against this.
    static func mayChangeWhenLowercased(_ category: Unicode.GeneralCategory) -> Bool {
        switch category {
        case .uppercaseLetter, .titlecaseLetter, .letterNumber, .otherSymbol: return true
        default: return false
        }
    }

    /// Combining marks (Mn, Mc, Me).
    static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }
}
