/// The Snowball English stemmer ("Porter2"), written from its published definition: M. F. Porter,
/// "The English (Porter2) stemming algorithm", https://snowballstem.org/algorithms/english/stemmer.html
/// (Snowball 3.0 revision: no undoubling after exactly a, e or o; `-ogist`; the `past`, `univers`, `later`,
/// `emerg`, `organ` and `inter` prefixes of R1; the `-eed` and `-ing` exceptions inside step 1b).
///
/// Works in place on lowercase ASCII bytes (the analyzer stems only terms made of ASCII bytes) and never
/// allocates. A stem is never longer than its word. The letter `Y` marks a consonant `y` while stemming, as in
/// the definition; input is expected in lowercase.
public enum EnglishStemmer {
    /// The stem of `word` (a convenience for tests and tools; allocates).
    public static func stem(_ word: String) -> String {
        var bytes = Array(word.utf8)
        let count = bytes.withUnsafeMutableBufferPointer { stem($0.baseAddress!, count: $0.count) }
        return String(decoding: bytes[..<count], as: UTF8.self)
    }

    /// Stems the `count` bytes at `word` in place and returns the stem's length.
    @usableFromInline
    static func stem(_ word: UnsafeMutablePointer<UInt8>, count: Int) -> Int {
        var w = Word(bytes: word, count: count)
        w.stem()
        return w.count
    }
}

/// A suffix, prefix or whole word of at most 8 ASCII bytes packed into integers, so matching is one masked
/// compare instead of a byte loop: `reversed` holds the last byte lowest (compared with `Word.tail()`),
/// `forward` the first byte lowest (compared with `Word.head()`).
private struct Affix {
    let length: Int
    let reversed: UInt64
    let forward: UInt64

    init(_ text: StaticString) {
        precondition(text.utf8CodeUnitCount <= 8)
        length = text.utf8CodeUnitCount
        var reversed: UInt64 = 0
        var forward: UInt64 = 0
        for i in 0..<length {
            forward |= UInt64(text.utf8Start[i]) << (8 * UInt64(i))
            reversed |= UInt64(text.utf8Start[length - 1 - i]) << (8 * UInt64(i))
        }
        self.reversed = reversed
        self.forward = forward
    }

    /// The low `length` bytes.
    var mask: UInt64 { length == 8 ? ~0 : (1 << (8 * UInt64(length))) &- 1 }
}

/// The word being stemmed and its regions. `p1` and `p2` are the start offsets of R1 and R2 (`count` when
/// the region is empty); they are found once, on the word after the prelude, as the definition says.
private struct Word {
    let bytes: UnsafeMutablePointer<UInt8>
    var count: Int
    var p1 = 0
    var p2 = 0

    init(bytes: UnsafeMutablePointer<UInt8>, count: Int) {
        self.bytes = bytes
        self.count = count
    }

    // MARK: Letters

    static let apostrophe = UInt8(ascii: "'")
    static let y = UInt8(ascii: "y")
    static let capitalY = UInt8(ascii: "Y")

    /// a e i o u y (a `Y` is a consonant).
    static func isVowel(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"), UInt8(ascii: "o"), UInt8(ascii: "u"), y:
            return true
        default:
            return false
        }
    }

    /// The endings that may lose `li` in step 2: c d e g h k m n r t.
    static func isValidLIEnding(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "c"), UInt8(ascii: "d"), UInt8(ascii: "e"), UInt8(ascii: "g"), UInt8(ascii: "h"),
             UInt8(ascii: "k"), UInt8(ascii: "m"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return true
        default:
            return false
        }
    }

    /// bb dd ff gg mm nn pp rr tt.
    static func isDouble(_ a: UInt8, _ b: UInt8) -> Bool {
        guard a == b else { return false }
        switch a {
        case UInt8(ascii: "b"), UInt8(ascii: "d"), UInt8(ascii: "f"), UInt8(ascii: "g"), UInt8(ascii: "m"),
             UInt8(ascii: "n"), UInt8(ascii: "p"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return true
        default:
            return false
        }
    }

    // MARK: Matching

    /// The last (up to) 8 bytes, the last one lowest.
    func tail() -> UInt64 {
        if count >= 8 {
            // One unaligned load; memory order is little-endian, so swap to put the last byte lowest.
            let word = UnsafeRawPointer(bytes + count - 8).loadUnaligned(as: UInt64.self)
            return UInt64(littleEndian: word).byteSwapped
        }
        var packed: UInt64 = 0
        for i in 0..<count { packed |= UInt64(bytes[count - 1 - i]) << (8 * UInt64(i)) }
        return packed
    }

    /// The first (up to) 8 bytes, the first one lowest.
    func head() -> UInt64 {
        var packed: UInt64 = 0
        for i in 0..<min(8, count) { packed |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        return packed
    }

    /// Whether the word, whose `tail()` is `tail`, ends with `suffix`.
    func ends(_ suffix: Affix, _ tail: UInt64) -> Bool {
        suffix.length <= count && tail & suffix.mask == suffix.reversed
    }

    /// Whether the word ends with `suffix`.
    func ends(_ suffix: Affix) -> Bool { ends(suffix, tail()) }

    /// Whether the word is exactly `text`.
    func equals(_ text: Affix) -> Bool { count == text.length && head() & text.mask == text.forward }

    /// Whether the first `length` bytes, whose packed form is `head`, are exactly `text`.
    func prefix(_ length: Int, _ head: UInt64, is text: Affix) -> Bool {
        length == text.length && length <= count && head & text.mask == text.forward
    }

    /// The index of the longest of `suffixes` that ends the word (callers list longer suffixes before their
    /// own endings, so the first match is the longest, as the definition asks).
    func longest(_ suffixes: [Affix]) -> Int? {
        let tail = tail()
        for (i, suffix) in suffixes.enumerated() where ends(suffix, tail) { return i }
        return nil
    }

    /// Replaces the last `length` bytes by `replacement`.
    mutating func replace(last length: Int, with replacement: Affix) {
        let start = count - length
        for i in 0..<replacement.length { bytes[start + i] = UInt8(truncatingIfNeeded: replacement.forward >> (8 * UInt64(i))) }
        count = start + replacement.length
    }

    /// Whether some vowel lies in `0..<end`.
    func hasVowel(before end: Int) -> Bool {
        var i = 0
        while i < end {
            if Self.isVowel(bytes[i]) { return true }
            i += 1
        }
        return false
    }

    /// Whether the word's first `end` letters end with a short syllable: a vowel followed by a non-vowel other
    /// than w, x or Y and preceded by a non-vowel; or a vowel at the beginning followed by a non-vowel; or
    /// `past`.
    func endsWithShortSyllable(_ end: Int) -> Bool {
        if end >= 3 {
            let last = bytes[end - 1]
            if !Self.isVowel(last) && last != UInt8(ascii: "w") && last != UInt8(ascii: "x") && last != Self.capitalY
                && Self.isVowel(bytes[end - 2]) && !Self.isVowel(bytes[end - 3]) {
                return true
            }
        }
        if end == 2 && Self.isVowel(bytes[0]) && !Self.isVowel(bytes[1]) { return true }
        if end >= 4 && bytes[end - 4] == UInt8(ascii: "p") && bytes[end - 3] == UInt8(ascii: "a")
            && bytes[end - 2] == UInt8(ascii: "s") && bytes[end - 1] == UInt8(ascii: "t") {
            return true
        }
        return false
    }

    /// A word is short if it ends with a short syllable and R1 is empty.
    var isShort: Bool { p1 >= count && endsWithShortSyllable(count) }

    // MARK: The algorithm

    mutating func stem() {
        if count <= 2 { return }
        if exception() { return }
        prelude()
        markRegions()
        step1a()
        if count == 0 { return }   // a word of apostrophes and an s
        // Following step 1a, these are left as they are.
        if count == 6 || count == 7, Self.invariantAfterStep1a.contains(where: equals) {
            postlude()
            return
        }
        step1b()
        step1c()
        step2()
        step3()
        step4()
        step5()
        postlude()
    }

    /// Whole words stemmed specially (to the given stem) or left invariant (no stem).
    static let exceptions: [(word: Affix, stem: Affix?)] = [
        (Affix("skies"), Affix("sky")),
        // skis → ski: listed in earlier revisions of the definition, and the official vocabulary keeps it.
        (Affix("skis"), Affix("ski")),
        (Affix("idly"), Affix("idl")), (Affix("gently"), Affix("gentl")), (Affix("ugly"), Affix("ugli")),
        (Affix("early"), Affix("earli")), (Affix("only"), Affix("onli")), (Affix("singly"), Affix("singl")),
        (Affix("sky"), nil), (Affix("news"), nil), (Affix("howe"), nil),
        (Affix("atlas"), nil), (Affix("cosmos"), nil), (Affix("bias"), nil), (Affix("andes"), nil),
    ]

    /// Words left as they are once step 1a is done.
    static let invariantAfterStep1a = [Affix("proceed"), Affix("exceed"), Affix("succeed")]

    /// Stems the word if it is one of `exceptions`; true if it was.
    mutating func exception() -> Bool {
        guard count <= 6 else { return false }
        let head = head()
        for (word, stem) in Self.exceptions where word.length == count && head & word.mask == word.forward {
            if let stem { replace(last: count, with: stem) }
            return true
        }
        return false
    }

    /// Removes an initial apostrophe and marks consonant y's as `Y` (an initial y, or a y after a vowel).
    mutating func prelude() {
        if bytes[0] == Self.apostrophe {
            for i in 1..<count { bytes[i - 1] = bytes[i] }
            count -= 1
        }
        guard count > 0 else { return }
        if bytes[0] == Self.y { bytes[0] = Self.capitalY }
        var i = 0
        while i + 1 < count {
            if Self.isVowel(bytes[i]) && bytes[i + 1] == Self.y {
                bytes[i + 1] = Self.capitalY
                i += 2
            } else {
                i += 1
            }
        }
    }

    /// R1 is the region after the first non-vowel following a vowel (or after one of a few prefixes that
    /// would otherwise be overstemmed); R2 the same, applied again within R1.
    mutating func markRegions() {
        p1 = count
        p2 = count
        let head = head()
        if let prefix = Self.regionPrefixes.first(where: { prefix($0.length, head, is: $0) }) {
            p1 = prefix.length
        } else if let end = regionStart(from: 0) {
            p1 = end
        } else {
            return
        }
        p2 = regionStart(from: p1) ?? count
    }

    /// The offset after the first non-vowel that follows a vowel at or after `start`.
    func regionStart(from start: Int) -> Int? {
        var i = start
        while i < count && !Self.isVowel(bytes[i]) { i += 1 }
        while i < count && Self.isVowel(bytes[i]) { i += 1 }
        return i < count ? i + 1 : nil
    }

    /// Step 0 (apostrophe suffixes) and step 1a (plural `s` endings).
    mutating func step1a() {
        let last = bytes[count - 1]
        if last == Self.apostrophe || (last == UInt8(ascii: "s") && bytes[count - 2] == Self.apostrophe),
           let match = longest(Self.apostropheSuffixes) {
            count -= Self.apostropheSuffixes[match].length
            if count == 0 { return }
        }
        // Every suffix of this step ends with s or d.
        guard bytes[count - 1] == UInt8(ascii: "s") || bytes[count - 1] == UInt8(ascii: "d"),
              let match = longest(Self.step1aSuffixes) else { return }
        switch match {
        case 0:
            count -= 2   // sses → ss
        case 1, 2:
            // ied, ies: by i if preceded by more than one letter, otherwise by ie (ties → tie, cries → cri).
            replace(last: 3, with: count - 3 > 1 ? Self.i : Self.ie)
        case 5:
            // s: deleted if the preceding part holds a vowel not immediately before the s (gaps, kiwis; not gas).
            if count >= 3 && hasVowel(before: count - 2) { count -= 1 }
        default:
            break   // us, ss: unchanged
        }
    }

    /// Step 1b: eed, ed, ing and their -ly forms.
    mutating func step1b() {
        // Every suffix of this step ends with d, g or y.
        let last = bytes[count - 1]
        guard last == UInt8(ascii: "d") || last == UInt8(ascii: "g") || last == UInt8(ascii: "y"),
              let match = longest(Self.step1bSuffixes) else { return }
        let length = Self.step1bSuffixes[match].length
        let start = count - length
        if match == 0 || match == 3 {
            // eedly, eed → ee when in R1.
            if start >= p1 { replace(last: length, with: Self.ee) }
            return
        }
        if match == 4 {
            // ing: dying → die, lying → lie; inning, outing, canning, herring, earring, evening stay.
            if start == 2 && !Self.isVowel(bytes[0]) && bytes[1] == Self.y {
                replace(last: 4, with: Self.ie)
                return
            }
            let head = head()
            if Self.ingExceptions.contains(where: { prefix(start, head, is: $0) }) { return }
        }
        guard hasVowel(before: start) else { return }
        count = start
        let tail = tail()
        if ends(Self.at, tail) || ends(Self.bl, tail) || ends(Self.iz, tail) {
            replace(last: 0, with: Self.e)   // luxuriat → luxuriate
        } else if count >= 2 && Self.isDouble(bytes[count - 2], bytes[count - 1]) {
            // hopp → hop, but add, egg and off stay.
            let first = bytes[0]
            let afterAEO = count == 3
                && (first == UInt8(ascii: "a") || first == UInt8(ascii: "e") || first == UInt8(ascii: "o"))
            if !afterAEO { count -= 1 }
        } else if isShort {
            replace(last: 0, with: Self.e)   // hop → hope
        }
    }

    /// Suffixes of step 0, longest first.
    static let apostropheSuffixes = [Affix("'s'"), Affix("'s"), Affix("'")]
    /// Suffixes of step 1a, each before any suffix of its own.
    static let step1aSuffixes = ["sses", "ied", "ies", "us", "ss", "s"].map(Affix.init)
    /// Suffixes of step 1b, each before any suffix of its own.
    static let step1bSuffixes = ["eedly", "ingly", "edly", "eed", "ing", "ed"].map(Affix.init)
    /// Words that keep their -ing.
    static let ingExceptions = ["inn", "out", "cann", "herr", "earr", "even"].map(Affix.init)
    /// Prefixes after which R1 starts, instead of the usual rule.
    static let regionPrefixes = [
        "gener", "commun", "arsen", "past", "univers", "later", "emerg", "organ", "inter",
    ].map(Affix.init)
    static let (e, i, ee, ie, og) = (Affix("e"), Affix("i"), Affix("ee"), Affix("ie"), Affix("og"))
    static let (at, bl, iz) = (Affix("at"), Affix("bl"), Affix("iz"))

    /// A final y or Y becomes i after a non-vowel that is not the first letter (cry → cri; by, say stay).
    mutating func step1c() {
        guard count >= 3 else { return }
        let last = bytes[count - 1]
        guard last == Self.y || last == Self.capitalY, !Self.isVowel(bytes[count - 2]) else { return }
        bytes[count - 1] = UInt8(ascii: "i")
    }

    /// Step 2: derivational suffixes, replaced when in R1.
    mutating func step2() {
        guard let rule = longestRule(Self.step2Rules), count - rule.length >= p1 else { return }
        apply(rule)
    }

    /// Step 3: more derivational suffixes, replaced when in R1 (`ative` only when in R2).
    mutating func step3() {
        guard let rule = longestRule(Self.step3Rules), count - rule.length >= p1 else { return }
        apply(rule)
    }

    /// Step 4: suffixes deleted when in R2 (`ion` only after s or t).
    mutating func step4() {
        guard let rule = longestRule(Self.step4Rules), count - rule.length >= p2 else { return }
        apply(rule)
    }

    /// Step 5: a final e goes when in R2, or in R1 and not after a short syllable; a final l goes when in R2
    /// and after another l.
    mutating func step5() {
        let last = count - 1
        switch bytes[last] {
        case UInt8(ascii: "e"):
            if last >= p2 || (last >= p1 && !endsWithShortSyllable(last)) { count = last }
        case UInt8(ascii: "l"):
            if last >= p2 && last > 0 && bytes[last - 1] == UInt8(ascii: "l") { count = last }
        default:
            break
        }
    }

    /// Turns the `Y` marks back into y.
    mutating func postlude() {
        for i in 0..<count where bytes[i] == Self.capitalY { bytes[i] = Self.y }
    }

    // MARK: Rule tables of steps 2–4

    /// What a matched suffix turns into.
    enum Action {
        /// Replaced by the given text (empty: deleted).
        case replace(Affix)
        /// `ogi` → `og` after an l.
        case ogi
        /// `li` deleted after a valid li-ending.
        case li
        /// `ative` deleted when in R2.
        case ative
        /// `ion` deleted after s or t.
        case ion
    }

    /// A suffix and its action.
    struct Rule {
        var suffix: Affix
        var action: Action
        var length: Int { suffix.length }

        init(suffix: StaticString, action: Action) {
            self.suffix = Affix(suffix)
            self.action = action
        }
    }

    /// A step's rules grouped by the last letter of their suffix, so a word is compared only with the rules
    /// that can match it.
    struct RuleTable {
        let rules: [Rule]
        /// For each byte value, the indexes in `rules` of the suffixes ending with it.
        let byLastByte: [[Int]]

        init(_ rules: [Rule]) {
            self.rules = rules
            var byLastByte = [[Int]](repeating: [], count: 256)
            for (i, rule) in rules.enumerated() { byLastByte[Int(rule.suffix.reversed & 0xFF)].append(i) }
            self.byLastByte = byLastByte
        }
    }

    /// The longest rule whose suffix ends the word (the definition's "search for the longest among").
    func longestRule(_ table: RuleTable) -> Rule? {
        guard count > 0 else { return nil }
        let tail = tail()
        var best = -1
        var bestLength = 0
        for i in table.byLastByte[Int(bytes[count - 1])] {
            let suffix = table.rules[i].suffix
            if suffix.length > bestLength && ends(suffix, tail) {
                best = i
                bestLength = suffix.length
            }
        }
        return best < 0 ? nil : table.rules[best]
    }

    /// Applies `rule`, whose suffix ends the word and lies in the step's region.
    mutating func apply(_ rule: Rule) {
        let start = count - rule.length
        switch rule.action {
        case .replace(let replacement):
            replace(last: rule.length, with: replacement)
        case .ogi:
            if start > 0 && bytes[start - 1] == UInt8(ascii: "l") { replace(last: rule.length, with: Self.og) }
        case .li:
            if start > 0 && Self.isValidLIEnding(bytes[start - 1]) { count = start }
        case .ative:
            if start >= p2 { count = start }
        case .ion:
            if start > 0 && (bytes[start - 1] == UInt8(ascii: "s") || bytes[start - 1] == UInt8(ascii: "t")) {
                count = start
            }
        }
    }

    static let step2Rules = RuleTable([
        Rule(suffix: "tional", action: .replace(Affix("tion"))),
        Rule(suffix: "enci", action: .replace(Affix("ence"))),
        Rule(suffix: "anci", action: .replace(Affix("ance"))),
        Rule(suffix: "abli", action: .replace(Affix("able"))),
        Rule(suffix: "entli", action: .replace(Affix("ent"))),
        Rule(suffix: "izer", action: .replace(Affix("ize"))),
        Rule(suffix: "ization", action: .replace(Affix("ize"))),
        Rule(suffix: "ational", action: .replace(Affix("ate"))),
        Rule(suffix: "ation", action: .replace(Affix("ate"))),
        Rule(suffix: "ator", action: .replace(Affix("ate"))),
        Rule(suffix: "alism", action: .replace(Affix("al"))),
        Rule(suffix: "aliti", action: .replace(Affix("al"))),
        Rule(suffix: "alli", action: .replace(Affix("al"))),
        Rule(suffix: "fulness", action: .replace(Affix("ful"))),
        Rule(suffix: "ousli", action: .replace(Affix("ous"))),
        Rule(suffix: "ousness", action: .replace(Affix("ous"))),
        Rule(suffix: "iveness", action: .replace(Affix("ive"))),
        Rule(suffix: "iviti", action: .replace(Affix("ive"))),
        Rule(suffix: "biliti", action: .replace(Affix("ble"))),
        Rule(suffix: "bli", action: .replace(Affix("ble"))),
        Rule(suffix: "ogist", action: .replace(Affix("og"))),
        Rule(suffix: "ogi", action: .ogi),
        Rule(suffix: "fulli", action: .replace(Affix("ful"))),
        Rule(suffix: "lessli", action: .replace(Affix("less"))),
        Rule(suffix: "li", action: .li),
    ])

    static let step3Rules = RuleTable([
        Rule(suffix: "tional", action: .replace(Affix("tion"))),
        Rule(suffix: "ational", action: .replace(Affix("ate"))),
        Rule(suffix: "alize", action: .replace(Affix("al"))),
        Rule(suffix: "icate", action: .replace(Affix("ic"))),
        Rule(suffix: "iciti", action: .replace(Affix("ic"))),
        Rule(suffix: "ical", action: .replace(Affix("ic"))),
        Rule(suffix: "ful", action: .replace(Affix(""))),
        Rule(suffix: "ness", action: .replace(Affix(""))),
        Rule(suffix: "ative", action: .ative),
    ])

    static let step4Rules = RuleTable([
        "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism", "ate", "iti", "ous",
        "ive", "ize",
    ].map { Rule(suffix: $0, action: .replace(Affix(""))) } + [Rule(suffix: "ion", action: .ion)])
}
