#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Removes what extraction never reads — script and style bodies, inline SVG, comments, and the attributes
/// it ignores — from UTF-8 markup before libxml2 sees it, and keeps the JSON-LD payloads for metadata.
///
/// A quarter to a half of a news page's bytes are scripts and styles; libxml2 reads those one character at a
/// time, so dropping them first roughly doubles parsing speed. The end of a script is found the way libxml2's
/// recovering parser finds it (the first `</script`, any case), so the tree is the same as without the filter.
/// Attributes are half of what remains on documentation and news pages (links' `href`s, `title`s, `data-`
/// values), and libxml2 also reads and copies their values a character at a time; a start tag keeps only the
/// attributes of `HTMLAttribute`, and `href` only on `link`. The input is valid UTF-8 without NUL bytes
/// (`TextDecoder`'s output), as libxml2 stops at a NUL.
struct MarkupPrefilter {
    /// The markup without script/style bodies, SVG, comments and unread attributes.
    var markup: [UInt8] = []
    /// The raw text of each `<script type="application/ld+json">`, in page order.
    var jsonLD: [[UInt8]] = []
    /// Scratch: the byte ranges of the attributes being dropped from the current start tag, as start/end pairs.
    private var dropped: [Int] = []

    /// Filters `input` (UTF-8).
    init(_ input: UnsafeBufferPointer<UInt8>) {
        markup.reserveCapacity(input.count / 2 + 64)
        guard let base = input.baseAddress else { return }
        let n = input.count
        var copied = 0  // input[copied..<i] is still to be copied
        var i = 0
        while i < n {
            // Jump to the next '<'.
            guard let lt = memchrIndex(base, from: i, to: n, UInt8(ascii: "<")) else { break }
            i = lt
            guard i + 1 < n else { break }
            let next = base[i + 1]
            if next == UInt8(ascii: "!"), i + 3 < n, base[i + 2] == UInt8(ascii: "-"), base[i + 3] == UInt8(ascii: "-")
            {
                guard let close = find(base, "-->", from: i + 4, to: n) else { break }
                append(base, copied, i)
                i = close + 3
                copied = i
                continue
            }
            if next == UInt8(ascii: "/") && i + 2 < n && Self.startsName(base[i + 2]) {
                // An end tag: libxml2 reads its name, then passes everything up to the next `>`.
                let j = Self.blanksEnd(base, from: Self.nameEnd(base, from: i + 2, to: n), to: n)
                guard let close = memchrIndex(base, from: j, to: n, UInt8(ascii: ">")) else { break }
                i = close + 1
                continue
            }
            if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") {
                // A declaration or processing instruction ends at the next `>`; nothing in it is dropped.
                guard let close = memchrIndex(base, from: i + 2, to: n, UInt8(ascii: ">")) else { break }
                i = close + 1
                continue
            }
            let lower = next | 0x20
            if lower == UInt8(ascii: "s") {
                if matchesTag(base, i + 1, n, "script") {
                    i = skipRawElement(base, from: i, to: n, name: "script", copied: &copied)
                    continue
                }
                if matchesTag(base, i + 1, n, "style") {
                    i = skipRawElement(base, from: i, to: n, name: "style", copied: &copied)
                    continue
                }
                if matchesTag(base, i + 1, n, "svg") {
                    i = skipRawElement(base, from: i, to: n, name: "svg", copied: &copied)
                    continue
                }
            }
            if lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z") {
                i = dropUnreadAttributes(base, from: i, to: n, copied: &copied)
                continue
            }
            i += 1
        }
        append(base, copied, n)
    }

    private mutating func append(_ base: UnsafePointer<UInt8>, _ from: Int, _ to: Int) {
        if to > from { markup.append(contentsOf: UnsafeBufferPointer(start: base + from, count: to - from)) }
    }

    /// Skips the element starting at `start` (`<name ...>...</name>`), keeping JSON-LD script bodies aside.
    /// Returns the index after the element.
    private mutating func skipRawElement(
        _ base: UnsafePointer<UInt8>, from start: Int, to n: Int, name: StaticString, copied: inout Int
    ) -> Int {
        // End of the start tag, honouring quoted attribute values.
        var i = start + 1 + name.utf8CodeUnitCount
        var quote: UInt8 = 0
        while i < n {
            let c = base[i]
            if quote != 0 {
                if c == quote { quote = 0 }
            } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                quote = c
            } else if c == UInt8(ascii: ">") {
                break
            }
            i += 1
        }
        guard i < n else { return n }  // unterminated start tag: let libxml2 see the rest
        append(base, copied, start)
        let tagEnd = i
        let isJSONLD =
            name.utf8CodeUnitCount == 6 && find(base, "ld+json", from: start, to: tagEnd, caseless: true) != nil
        if base[tagEnd - 1] == UInt8(ascii: "/") {
            copied = tagEnd + 1  // `<script/>` is empty for libxml2 too
            return copied
        }
        var closeStart = n
        var closeEnd = n
        var j = tagEnd + 1
        while let lt = memchrIndex(base, from: j, to: n, UInt8(ascii: "<")) {
            if lt + 1 < n, base[lt + 1] == UInt8(ascii: "/"), matchesName(base, lt + 2, n, name) {
                closeStart = lt
                closeEnd = memchrIndex(base, from: lt + 2, to: n, UInt8(ascii: ">")).map { $0 + 1 } ?? n
                break
            }
            j = lt + 1
        }
        if isJSONLD, closeStart > tagEnd + 1 {
            jsonLD.append(Array(UnsafeBufferPointer(start: base + tagEnd + 1, count: closeStart - tagEnd - 1)))
        }
        copied = closeEnd
        return closeEnd
    }

    /// Drops from the start tag at `start` the attributes extraction never reads, and returns the index after the
    /// tag. The tag is read as libxml2's `htmlParseStartTag` reads it: names are runs of at most 100 letters,
    /// digits, `:`, `-`, `_` and `.` that start with a letter, `:`, `_` or `.`; a value follows `=` and is
    /// quoted (to the same quote) or runs to a blank or `>`; anything else is a bogus attribute, passed up to
    /// the next blank or the end of the tag; blanks are space, tab, CR and LF. A tag without an end is left to
    /// libxml2, and scanning goes on at `start + 1`.
    private mutating func dropUnreadAttributes(
        _ base: UnsafePointer<UInt8>, from start: Int, to n: Int, copied: inout Int
    ) -> Int {
        dropped.removeAll(keepingCapacity: true)
        var i = Self.nameEnd(base, from: start + 1, to: n)
        let isLink = i - start == 5 && matchesName(base, start + 1, n, "link")
        let end: Int
        while true {
            i = Self.blanksEnd(base, from: i, to: n)
            guard i < n else { return start + 1 }
            let c = base[i]
            if c == UInt8(ascii: ">") {
                end = i + 1
                break
            }
            if c == UInt8(ascii: "/") && i + 1 < n && base[i + 1] == UInt8(ascii: ">") {
                end = i + 2
                break
            }
            guard Self.startsName(c) else {
                while i < n, !Self.isBlank(base[i]), base[i] != UInt8(ascii: ">"),
                    base[i] != UInt8(ascii: "/") || i + 1 == n || base[i + 1] != UInt8(ascii: ">")
                {
                    i += 1
                }
                continue
            }
            let nameStart = i
            i = Self.nameEnd(base, from: i, to: n)
            let nameEnd = i
            var j = Self.blanksEnd(base, from: i, to: n)
            if j < n && base[j] == UInt8(ascii: "=") {
                j = Self.blanksEnd(base, from: j + 1, to: n)
                guard j < n else { return start + 1 }
                let quote = base[j]
                if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                    guard let close = memchrIndex(base, from: j + 1, to: n, quote) else { return start + 1 }
                    i = close + 1
                } else {
                    while j < n && !Self.isBlank(base[j]) && base[j] != UInt8(ascii: ">") { j += 1 }
                    i = j
                }
            }
            // A bogus `=` after the attribute would, without it, give a value to the attribute before it.
            let next = Self.blanksEnd(base, from: i, to: n)
            let isFollowedByEquals = next < n && base[next] == UInt8(ascii: "=")
            if !isFollowedByEquals && !Self.isRead(base + nameStart, count: nameEnd - nameStart, onLink: isLink) {
                dropped.append(nameStart)
                dropped.append(i)
            }
            i = next
        }
        // The blanks before a dropped attribute stay: they may be all that separates its neighbours.
        var k = 0
        while k < dropped.count {
            append(base, copied, dropped[k])
            copied = dropped[k + 1]
            k += 2
        }
        return end
    }

    /// Where the name starting at `i` ends: after its name bytes, at most 100 of them (libxml2's limit; the
    /// rest is read as what follows the name).
    private static func nameEnd(_ base: UnsafePointer<UInt8>, from i: Int, to n: Int) -> Int {
        var j = i
        let limit = Swift.min(n, i + 100)
        while j < limit && isNameByte(base[j]) { j += 1 }
        return j
    }

    /// Whether the attribute named `name` (any case) is one extraction reads on this element.
    private static func isRead(_ name: UnsafePointer<UInt8>, count: Int, onLink: Bool) -> Bool {
        guard count <= 15 else { return false }  // longer than any name of `HTMLAttribute`
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { lowered in
            for k in 0..<count {
                let b = name[k]
                lowered[k] = b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b | 0x20 : b
            }
            lowered[count] = 0
            guard let attribute = HTMLAttribute.lookup(lowered.baseAddress!) else { return false }
            return attribute != .href || onLink
        }
    }

    @inline(__always)
    private static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

    /// The index of the first byte from `i` on that is not a blank (or `n`).
    @inline(__always)
    private static func blanksEnd(_ base: UnsafePointer<UInt8>, from i: Int, to n: Int) -> Int {
        var j = i
        while j < n && isBlank(base[j]) { j += 1 }
        return j
    }

    /// Whether an attribute name can start with `c` (a letter, `_`, `:` or `.`).
    @inline(__always)
    private static func startsName(_ c: UInt8) -> Bool {
        isNameByte(c) && c != UInt8(ascii: "-") && !(c >= 0x30 && c <= 0x39)
    }

    @inline(__always)
    private static func isNameByte(_ c: UInt8) -> Bool {
        let lower = c | 0x20
        return (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")) || (c >= 0x30 && c <= 0x39)
            || c == UInt8(ascii: ":") || c == UInt8(ascii: "-") || c == UInt8(ascii: "_") || c == UInt8(ascii: ".")
    }

    /// Whether `base[at...]` starts with `name` (ASCII, any case) followed by a tag delimiter.
    private func matchesTag(_ base: UnsafePointer<UInt8>, _ at: Int, _ n: Int, _ name: StaticString) -> Bool {
        guard matchesName(base, at, n, name) else { return false }
        let after = at + name.utf8CodeUnitCount
        guard after < n else { return false }
        let c = base[after]
        return c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C || c == UInt8(ascii: ">")
            || c == UInt8(ascii: "/")
    }

    private func matchesName(_ base: UnsafePointer<UInt8>, _ at: Int, _ n: Int, _ name: StaticString) -> Bool {
        let count = name.utf8CodeUnitCount
        guard at + count <= n else { return false }
        let p = name.utf8Start
        for k in 0..<count where base[at + k] | 0x20 != p[k] { return false }
        return true
    }

    private func memchrIndex(_ base: UnsafePointer<UInt8>, from: Int, to: Int, _ byte: UInt8) -> Int? {
        guard from < to, let hit = memchr(base + from, Int32(byte), to - from) else { return nil }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    /// The index of the first occurrence of `needle` in `base[from..<to]`.
    private func find(
        _ base: UnsafePointer<UInt8>, _ needle: StaticString, from: Int, to: Int, caseless: Bool = false
    ) -> Int? {
        let count = needle.utf8CodeUnitCount
        let p = needle.utf8Start
        var i = from
        while i + count <= to {
            guard let hit = caseless ? i : memchrIndex(base, from: i, to: to - count + 1, p[0]) else { return nil }
            var k = 0
            while k < count, (caseless ? base[hit + k] | 0x20 : base[hit + k]) == p[k] { k += 1 }
            if k == count { return hit }
            i = hit + 1
        }
        return nil
    }
}
