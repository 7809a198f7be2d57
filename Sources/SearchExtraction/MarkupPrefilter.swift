#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Removes what extraction never reads — script and style bodies, inline SVG, comments — from UTF-8 markup
/// before libxml2 sees it, and keeps the JSON-LD payloads for metadata.
///
/// A quarter to a half of a news page's bytes are scripts and styles; libxml2 reads those one character at a
/// time, so dropping them first roughly doubles parsing speed. The end of a script is found the way libxml2's
/// recovering parser finds it (the first `</script`, any case), so the tree is the same as without the filter.
struct MarkupPrefilter {
    /// The markup without script/style bodies, SVG and comments.
    var markup: [UInt8] = []
    /// The raw text of each `<script type="application/ld+json">`, in page order.
    var jsonLD: [[UInt8]] = []

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
