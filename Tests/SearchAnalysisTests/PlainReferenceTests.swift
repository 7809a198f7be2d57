import SearchAnalysis
import Testing

/// `plain` against slow, obviously-correct definitions of the harness's analysis: Python's
/// `re.findall(r"[^\W_]+", text.lower())` written directly with `Unicode.Scalar.Properties`.
@Suite struct PlainReferenceTests {
    /// The harness's Python (3.11) has Unicode 14.0 data: later scalars are unassigned for it.
    static func isKnownToHarness(_ scalar: Unicode.Scalar) -> Bool {
        guard let age = scalar.properties.age else { return false }
        return age.major < 14 || (age.major == 14 && age.minor == 0)
    }

    /// Python's `str.isalnum()` for one character: general category L* or N*.
    static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        guard isKnownToHarness(scalar) else { return false }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    /// Python's `str.lower()`: full lowercase mappings, plus the Final_Sigma context for U+03A3.
    static func pythonLower(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var lowered: [Unicode.Scalar] = []
        for (index, scalar) in scalars.enumerated() {
            if scalar == "\u{3A3}" {
                let isCaseIgnorable = { (scalar: Unicode.Scalar) in
                    scalar.properties.isCaseIgnorable && isKnownToHarness(scalar)
                }
                let isCased = { (scalar: Unicode.Scalar) in scalar.properties.isCased && isKnownToHarness(scalar) }
                let before = scalars[..<index].last { !isCaseIgnorable($0) }
                let after = scalars[(index + 1)...].first { !isCaseIgnorable($0) }
                let isFinal = before.map(isCased) == true && after.map(isCased) != true
                lowered.append(isFinal ? "\u{3C2}" : "\u{3C3}")
            } else if isKnownToHarness(scalar) {
                lowered.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            } else {
                lowered.append(scalar)
            }
        }
        return lowered
    }

    /// The reference: every alphanumeric run of the lowered text, with its position; runs over 64 scalars
    /// are dropped but keep their position.
    static func reference(_ text: String) -> [(term: String, position: UInt32)] {
        referenceWithNextPosition(text).tokens
    }

    /// The reference tokens and the position after the last run (dropped or not).
    static func referenceWithNextPosition(
        _ text: String
    ) -> (tokens: [(term: String, position: UInt32)], next: UInt32) {
        var result: [(String, UInt32)] = []
        var position: UInt32 = 0
        var run: [Unicode.Scalar] = []
        for scalar in pythonLower(Array(text.unicodeScalars)) + [" "] {
            if isAlphanumeric(scalar) {
                run.append(scalar)
            } else if !run.isEmpty {
                if run.count <= 64 { result.append((String(String.UnicodeScalarView(run)), position)) }
                position += 1
                run.removeAll()
            }
        }
        return (result, position)
    }

    /// Code point ranges the random strings draw from: ASCII, Latin, combining marks, Greek (with sigma),
    /// Cyrillic, Hebrew, Arabic, Devanagari, Thai, Hangul, kana, CJK, fullwidth forms, letterlike and number
    /// forms, math alphanumerics, emoji, supplementary ideographs, and scalars newer than the harness.
    static let ranges: [ClosedRange<UInt32>] = [
        0x20...0x7E, 0x20...0x7E, 0xA0...0x24F, 0x300...0x36F, 0x370...0x3FF, 0x3A3...0x3A3, 0x400...0x52F,
        0x591...0x5F4, 0x600...0x6FF, 0x900...0x97F, 0xE00...0xE7F, 0x1100...0x11FF, 0x1E00...0x1FFF,
        0x2000...0x2BFF, 0x3000...0x30FF, 0x3400...0x3500, 0x4E00...0x9FFF, 0xAC00...0xD7A3, 0xFB00...0xFDFF,
        0xFE00...0xFFEF, 0x10400...0x1044F, 0x1D400...0x1D7FF, 0x1F300...0x1FAFF, 0x20000...0x2A6DF,
        0x31350...0x323AF, 0x0130...0x0130, 0xE0000...0xE01EF,
    ]

    static func randomString(_ generator: inout SplitMix64, maxLength: Int) -> String {
        let length = Int(generator.next() % UInt64(maxLength + 1))
        var scalars = String.UnicodeScalarView()
        while scalars.count < length {
            let range = ranges[Int(generator.next() % UInt64(ranges.count))]
            let value = range.lowerBound + UInt32(generator.next() % UInt64(range.count))
            if let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
        }
        return String(scalars)
    }

    @Test func randomUnicodeStringsMatchTheReference() {
        var generator = SplitMix64(seed: 2024)
        var analyzer = Analyzer(.plain)
        for round in 0..<3000 {
            let text = Self.randomString(&generator, maxLength: round < 2900 ? 30 : 400)
            let (expected, expectedNext) = Self.referenceWithNextPosition(text)
            var found: [(String, UInt32)] = []
            var last: UInt32 = 0
            var text2 = text
            text2.withUTF8 { bytes in
                last = analyzer.analyze(bytes) { term, position, _, _ in
                    found.append((String(decoding: term, as: UTF8.self), position))
                }
            }
            #expect(found.map(\.0) == expected.map(\.term), "\(text.debugDescription)")
            #expect(found.map(\.1) == expected.map(\.position), "\(text.debugDescription)")
            #expect(last == expectedNext)
        }
    }

    @Test func longRunsOfOneScriptRespectTheLimit() {
        var generator = SplitMix64(seed: 99)
        for _ in 0..<200 {
            let letters: [String] = ["a", "é", "ж", "日", "𠀀", "İ", "ς", "Σ", "١"]
            let letter = letters[Int(generator.next() % UInt64(letters.count))]
            let count = 60 + Int(generator.next() % 10)
            let text = "x " + String(repeating: letter, count: count) + " y"
            #expect(terms(.plain, text) == Self.reference(text).map(\.term), "\(letter) × \(count)")
        }
    }

    /// Expected tokens computed once with Python 3.11 (`re.findall(r"[^\W_]+", text.lower())`).
    @Test func multilingualSampleMatchesPython() {
        let text = """
            Ein Überblick: Straße, Æsir & Øresund; “Quotes” — İstanbul’da ΟΔΥΣΣΕΥΣ’ ΣΟΦΙΑ. Москва-2024; \
            東京タワーは３３３ｍ。서울특별시 مرحبا بالعالم ١٢٣ שָׁלוֹם हिन्दी ﬁnancial Ⅻ ½ x² 𝐀𝐁𝐂 \
            e\u{301}te\u{301} 😀emoji😀 snake_case N°5 ǅemal ß ẞ ﬀ µ \u{212A}
            """
        let expected = [
            "ein", "überblick", "straße", "æsir", "øresund", "quotes", "i", "stanbul", "da", "οδυσσευς", "σοφια",
            "москва", "2024", "東京タワーは３３３ｍ", "서울특별시", "مرحبا", "بالعالم", "١٢٣", "ש", "לו", "ם", "ह",
            "न", "द", "ﬁnancial", "ⅻ", "½", "x²", "𝐀𝐁𝐂", "e", "te", "emoji", "snake", "case", "n", "5",
            "ǆemal", "ß", "ß", "ﬀ", "µ", "k",
        ]
        #expect(terms(.plain, text) == expected)
    }

    @Test func everyScalarAloneMatchesTheReference() {
        // One text with every scalar between spaces (so Σ is never final): an exhaustive check of the tables.
        var text = String.UnicodeScalarView()
        var expected: [String] = []
        for value in 0...0x10FFFF as ClosedRange<UInt32> {
            guard let scalar = Unicode.Scalar(value) else { continue }
            text.append(scalar)
            text.append(" ")
            let lowered = Self.pythonLower([scalar])
            var run = String.UnicodeScalarView()
            for piece in lowered {
                if Self.isAlphanumeric(piece) {
                    run.append(piece)
                } else if !run.isEmpty {
                    expected.append(String(run))
                    run = String.UnicodeScalarView()
                }
            }
            if !run.isEmpty { expected.append(String(run)) }
        }
        let found = terms(.plain, String(text))
        #expect(found.count == expected.count)
        for (index, (term, reference)) in zip(found, expected).enumerated() where term != reference {
            Issue.record("term \(index): \(term.debugDescription) != \(reference.debugDescription)")
            break
        }
    }

    @Test func onlyCapitalsTitlecaseRomanNumeralsAndCircledLettersChangeWhenLowercased() {
        // The table builders skip the lowercase query for all other categories.
        for value in 0...0x10FFFF as ClosedRange<UInt32> {
            guard let scalar = Unicode.Scalar(value), scalar.properties.changesWhenLowercased else { continue }
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .titlecaseLetter, .letterNumber, .otherSymbol: continue
            case let category: Issue.record("U+\(String(value, radix: 16)) is \(category)")
            }
        }
    }

    @Test func unbuiltPlanesHoldNoWordCharacters() {
        // The tables store planes 0–3 and 14 only; planes 4–13 must be unassigned and 15–16 private use,
        // for every analyzer (letters, numbers and marks all matter to some analyzer).
        for plane in [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16] {
            for value in UInt32(plane << 16)..<UInt32((plane + 1) << 16) {
                let category = Unicode.Scalar(value)!.properties.generalCategory
                guard category == .unassigned || category == .privateUse else {
                    Issue.record("U+\(String(value, radix: 16)) is \(category)")
                    return
                }
            }
        }
    }
}
