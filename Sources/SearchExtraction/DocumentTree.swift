/// The attributes extraction reads; all others are dropped while the tree is built.
enum HTMLAttribute: UInt8, CaseIterable {
    case `class`, id, itemprop, itemtype, rel, name, property, content, httpEquiv, charset, href, datetime, lang
    case role, hidden, style, ariaHidden, type

    /// The attribute's name in markup.
    var markupName: String {
        switch self {
        case .httpEquiv: return "http-equiv"
        case .ariaHidden: return "aria-hidden"
        default: return String(describing: self)
        }
    }

    /// Whether the value is compared case-insensitively (and so stored lowercased).
    var isCaseless: Bool {
        switch self {
        case .content, .href, .datetime, .lang: return false
        default: return true
        }
    }

    private static let byPackedName = PackedNameTable<HTMLAttribute>(
        HTMLAttribute.allCases.filter { $0.markupName.utf8.count <= 8 }.map { (HTMLTag.pack($0.markupName.utf8), $0) })

    /// The attribute for a NUL-terminated lowercase name, or nil if extraction ignores it.
    static func lookup(_ name: UnsafePointer<UInt8>) -> HTMLAttribute? {
        var key: UInt64 = 0
        var length = 0
        while length < 8 {
            let b = name[length]
            if b == 0 { return byPackedName.value(key) }
            key |= UInt64(b) << (8 * UInt64(length))
            length += 1
        }
        if name[8] == 0 { return byPackedName.value(key) }
        if key == 0x7571652D70747468 /* "http-equ" */, name[8] == UInt8(ascii: "i"), name[9] == UInt8(ascii: "v"),
            name[10] == 0
        {
            return .httpEquiv
        }
        if key == 0x6469682D61697261 /* "aria-hid" */, name[8] == UInt8(ascii: "d"), name[9] == UInt8(ascii: "e"),
            name[10] == UInt8(ascii: "n"), name[11] == 0
        {
            return .ariaHidden
        }
        return nil
    }
}

/// A parsed page as flat arrays: nodes in document order (pre-order), so the subtree of node `i` is exactly the
/// index range `i..<nodes[i].end`. Walks are loops over ranges; nothing recurses, however deep the markup.
struct DocumentTree {
    /// One element or text run.
    struct Node {
        var tag: HTMLTag
        /// Index of the parent element; -1 for the root.
        var parent: Int32
        /// One past the last node of this subtree.
        var end: Int32
        /// For text nodes: the text's byte range in `bytes`.
        var textStart: Int32 = 0
        var textCount: Int32 = 0
        /// The node's attributes are `attributes[attributeStart ..< attributeStart + attributeCount]`.
        var attributeStart: Int32 = 0
        var attributeCount: Int32 = 0
    }

    /// One kept attribute; its value is a byte range in `bytes`.
    struct Attribute {
        var name: HTMLAttribute
        var valueStart: Int32
        var valueCount: Int32
    }

    /// Node 0 is the document root (tag `.other`), parent of everything else.
    var nodes: [Node] = [Node(tag: .other, parent: -1, end: 1)]
    var attributes: [Attribute] = []
    /// What each element's class, id and visibility attributes say (empty for text nodes).
    var hints: [ClassHints] = [[]]
    /// UTF-8 text of all text nodes and attribute values (class, id, rel, ... lowercased).
    var bytes: [UInt8] = []

    var count: Int { nodes.count }

    /// The byte range of `name`'s value on `node`, if present.
    @inline(__always)
    func attributeRange(_ name: HTMLAttribute, of node: Int) -> Range<Int>? {
        let n = nodes[node]
        var k = Int(n.attributeStart)
        let end = k + Int(n.attributeCount)
        while k < end {
            let a = attributes[k]
            if a.name == name { return Int(a.valueStart)..<Int(a.valueStart + a.valueCount) }
            k += 1
        }
        return nil
    }

    /// Whether `node` carries the attribute `name` (with any value).
    func hasAttribute(_ name: HTMLAttribute, _ node: Int) -> Bool { attributeRange(name, of: node) != nil }

    /// The value of `name` on `node`, whitespace-trimmed.
    func attribute(_ name: HTMLAttribute, of node: Int) -> String? {
        guard let range = attributeRange(name, of: node) else { return nil }
        return bytes.withUnsafeBufferPointer { b in
            String(decoding: UnsafeBufferPointer(rebasing: b[range]), as: UTF8.self)
        }.trimmedWhitespace
    }

    /// Whether the (lowercased) value of `name` on `node` equals `value`.
    func attribute(_ name: HTMLAttribute, of node: Int, is value: StaticString) -> Bool {
        guard let range = attributeRange(name, of: node) else { return false }
        return bytes.withUnsafeBufferPointer { b in
            let v = UnsafeBufferPointer(rebasing: b[range])
            let p = UnsafeBufferPointer(start: value.utf8Start, count: value.utf8CodeUnitCount)
            return trimmed(v).elementsEqual(p)
        }
    }

    /// The text content of `node`'s subtree, whitespace collapsed to single spaces and trimmed.
    func textContent(_ node: Int) -> String {
        var out: [UInt8] = []
        var i = node
        let end = Int(nodes[node].end)
        bytes.withUnsafeBufferPointer { b in
            while i < end {
                let n = nodes[i]
                if n.tag == .text {
                    TextCollapser.append(
                        UnsafeBufferPointer(rebasing: b[Int(n.textStart)..<Int(n.textStart + n.textCount)]),
                        to: &out)
                } else if n.tag == .br, out.last != 0x20 {
                    out.append(0x20)
                }
                i += 1
            }
        }
        if out.last == 0x20 { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }

    /// The nearest ancestor (or `node` itself when `includingSelf`) with `tag`, or nil.
    func ancestor(of node: Int, tag: HTMLTag, includingSelf: Bool = false) -> Int? {
        var i = includingSelf ? node : Int(nodes[node].parent)
        while i > 0 {
            if nodes[i].tag == tag { return i }
            i = Int(nodes[i].parent)
        }
        return nil
    }
}

/// Appends text to a buffer collapsing every run of ASCII whitespace (and NBSP) into one space, never starting
/// the buffer with a space.
enum TextCollapser {
    @inline(__always)
    static func append(_ text: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var i = 0
        let n = text.count
        while i < n {
            let c = text[i]
            if c <= 0x20 {
                if c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D || c == 0x0C {
                    if let last = out.last, last != 0x20, last != 0x0A { out.append(0x20) }
                }
                i += 1
                continue
            }
            // U+00A0 NO-BREAK SPACE counts as a space.
            if c == 0xC2, i + 1 < n, text[i + 1] == 0xA0 {
                if let last = out.last, last != 0x20, last != 0x0A { out.append(0x20) }
                i += 2
                continue
            }
            out.append(c)
            i += 1
        }
    }
}

@inline(__always)
func trimmed(_ b: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    var start = 0
    var end = b.count
    while start < end, b[start] <= 0x20 { start += 1 }
    while end > start, b[end - 1] <= 0x20 { end -= 1 }
    return UnsafeBufferPointer(rebasing: b[start..<end])
}

extension String {
    /// The string without leading and trailing whitespace (ASCII whitespace and NBSP).
    var trimmedWhitespace: String {
        guard let first = utf8.first, let last = utf8.last,
            first <= 0x20 || last <= 0x20 || first == 0xC2 || last == 0xA0
        else { return self }
        let b = Array(utf8)
        var start = 0
        var end = b.count
        while start < end {
            if b[start] <= 0x20 {
                start += 1
            } else if b[start] == 0xC2, start + 1 < end, b[start + 1] == 0xA0 {
                start += 2
            } else {
                break
            }
        }
        while end > start {
            if b[end - 1] <= 0x20 {
                end -= 1
            } else if end - start >= 2, b[end - 2] == 0xC2, b[end - 1] == 0xA0 {
                end -= 2
            } else {
                break
            }
        }
        return String(decoding: b[start..<end], as: UTF8.self)
    }

    /// Runs of whitespace (ASCII whitespace and NBSP) collapsed to one space, trimmed.
    var collapsedWhitespace: String {
        var copy = self
        return copy.withUTF8 { b in
            var out: [UInt8] = []
            out.reserveCapacity(b.count)
            TextCollapser.append(b, to: &out)
            while out.last == 0x20 { out.removeLast() }
            return String(decoding: out, as: UTF8.self)
        }
    }
}

extension String {
    /// The first range where `needle` occurs, compared as UTF-8 bytes (cheaper than generic collection search).
    func firstByteRange(of needle: String) -> Range<String.Index>? {
        byteRanges(of: needle, last: false)
    }

    /// The last range where `needle` occurs, compared as UTF-8 bytes.
    func lastByteRange(of needle: String) -> Range<String.Index>? {
        byteRanges(of: needle, last: true)
    }

    private func byteRanges(of needle: String, last: Bool) -> Range<String.Index>? {
        let hay = Array(utf8)
        let pin = Array(needle.utf8)
        guard !pin.isEmpty, pin.count <= hay.count else { return nil }
        var found: Int?
        for start in 0...(hay.count - pin.count) where hay[start] == pin[0] {
            if hay[start..<start + pin.count].elementsEqual(pin) {
                found = start
                if !last { break }
            }
        }
        guard let found else { return nil }
        let lower = utf8.index(utf8.startIndex, offsetBy: found)
        return lower..<utf8.index(lower, offsetBy: pin.count)
    }
}
