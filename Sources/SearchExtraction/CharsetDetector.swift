/// The character encoding of a page's bytes, as far as extraction cares.
public enum Charset: Sendable, Equatable {
    /// UTF-8 (also used for pure ASCII and for undeclared pages that decode as UTF-8).
    case utf8
    /// UTF-16, little-endian.
    case utf16LE
    /// UTF-16, big-endian.
    case utf16BE
    /// Any other ASCII-compatible encoding, named as iconv knows it (e.g. "WINDOWS-1252", "SHIFT_JIS").
    case legacy(String)
}

/// The outcome of charset detection.
public struct CharsetDetection: Sendable, Equatable {
    /// The encoding to decode the page with.
    public var charset: Charset
    /// The length of the byte order mark at the start of the page (0 if none).
    public var bomLength: Int
    /// Whether the page itself said which encoding it uses (BOM or declaration), as opposed to the default.
    public var isDeclared: Bool

    /// Creates a detection result.
    public init(charset: Charset, bomLength: Int, isDeclared: Bool) {
        self.charset = charset
        self.bomLength = bomLength
        self.isDeclared = isDeclared
    }
}

/// Finds the encoding of an HTML page: byte order mark, `<meta charset>`, `<meta http-equiv>` and the XML
/// declaration, in the order the WHATWG encoding sniffing algorithm gives them precedence.
public enum CharsetDetector {
    /// How far into the page the prescan looks for a declaration. The standard says 1024 bytes; real pages put
    /// long comments and scripts first, so we look further.
    static let prescanLimit = 32 * 1024

    /// The encoding of `bytes`, the length of its byte order mark, and whether the page declared it.
    public static func detect(_ bytes: UnsafeBufferPointer<UInt8>) -> CharsetDetection {
        let b = bytes
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF {
            return CharsetDetection(charset: .utf8, bomLength: 3, isDeclared: true)
        }
        if b.count >= 2, b[0] == 0xFF, b[1] == 0xFE {
            return CharsetDetection(charset: .utf16LE, bomLength: 2, isDeclared: true)
        }
        if b.count >= 2, b[0] == 0xFE, b[1] == 0xFF {
            return CharsetDetection(charset: .utf16BE, bomLength: 2, isDeclared: true)
        }
        // UTF-16 without a byte order mark: '<' next to a NUL byte at the start.
        if b.count >= 4, b[0] == 0x3C, b[1] == 0, b[3] == 0 {
            return CharsetDetection(charset: .utf16LE, bomLength: 0, isDeclared: true)
        }
        if b.count >= 4, b[0] == 0, b[1] == 0x3C, b[2] == 0 {
            return CharsetDetection(charset: .utf16BE, bomLength: 0, isDeclared: true)
        }
        guard let label = declaredLabel(UnsafeBufferPointer(rebasing: b[0..<min(b.count, prescanLimit)])) else {
            return CharsetDetection(charset: .utf8, bomLength: 0, isDeclared: false)
        }
        return CharsetDetection(charset: charset(forLabel: label), bomLength: 0, isDeclared: true)
    }

    /// Convenience for `[UInt8]` input.
    public static func detect(_ bytes: [UInt8]) -> CharsetDetection {
        bytes.withUnsafeBufferPointer { detect($0) }
    }

    /// Maps an encoding label from a page to the encoding to decode with (WHATWG label semantics: "iso-8859-1"
    /// and "ascii" mean windows-1252, "gb2312" means GBK's superset GB18030, a declared UTF-16 in an
    /// ASCII-compatible page means UTF-8). Unknown labels give `.utf8`.
    public static func charset(forLabel rawLabel: String) -> Charset {
        let label = String(rawLabel.lowercased().filter { !$0.isWhitespace && $0 != "\"" && $0 != "'" })
        switch label {
        case "", "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8", "unicode", "utf-16", "utf-16le",
            "utf-16be", "ucs-2", "utf16":
            return .utf8
        case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "iso-ir-100", "cp819",
            "windows-1252", "cp1252", "x-cp1252", "iso_8859-1", "ansi_x3.4-1968":
            return .legacy("WINDOWS-1252")
        case "gb2312", "gbk", "x-gbk", "chinese", "gb18030", "csgb2312", "gb_2312-80", "iso-ir-58":
            return .legacy("GB18030")
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "windows-31j", "csshiftjis", "ms932", "cp932":
            return .legacy("CP932")
        case "euc-kr", "ks_c_5601-1987", "windows-949", "cp949", "ksc5601", "korean":
            return .legacy("CP949")
        case "tis-620", "windows-874", "iso-8859-11", "cp874":
            return .legacy("CP874")
        case "big5", "big5-hkscs", "x-x-big5", "cn-big5":
            return .legacy("BIG5-HKSCS")
        case "iso-8859-9", "latin5":
            return .legacy("WINDOWS-1254")
        default:
            let upper = label.uppercased()
            return _IconvDecoder.supports(upper) ? .legacy(upper) : .utf8
        }
    }

    /// The first encoding label declared in `head` (XML declaration, `<meta charset>` or `<meta http-equiv
    /// content="...; charset=...">`), or nil.
    static func declaredLabel(_ head: UnsafeBufferPointer<UInt8>) -> String? {
        if let label = xmlDeclarationEncoding(head) { return label }
        var i = 0
        let n = head.count
        while i < n {
            guard head[i] == UInt8(ascii: "<") else {
                i += 1
                continue
            }
            if i + 4 < n, head[i + 1] == UInt8(ascii: "!"), head[i + 2] == UInt8(ascii: "-"),
                head[i + 3] == UInt8(ascii: "-")
            {
                i = skipComment(head, from: i + 4)
                continue
            }
            if i + 5 < n, asciiLower(head[i + 1]) == UInt8(ascii: "m"), asciiLower(head[i + 2]) == UInt8(ascii: "e"),
                asciiLower(head[i + 3]) == UInt8(ascii: "t"), asciiLower(head[i + 4]) == UInt8(ascii: "a"),
                isSpaceOrSlash(head[i + 5])
            {
                var attributes = _TagAttributeScanner(head, from: i + 5)
                var charset: String?
                var content: String?
                var httpEquiv = false
                while let (name, value) = attributes.next() {
                    switch name {
                    case "charset": if charset == nil { charset = value }
                    case "content": if content == nil { content = value }
                    case "http-equiv": httpEquiv = value.lowercased() == "content-type"
                    default: break
                    }
                }
                if let charset, !charset.isEmpty { return charset }
                if httpEquiv, let content, let label = charsetParameter(content) { return label }
                i = attributes.position
                continue
            }
            i += 1
        }
        return nil
    }

    /// The `charset=` parameter of a Content-Type value.
    static func charsetParameter(_ content: String) -> String? {
        let lower = content.lowercased()
        guard let range = lower.firstRange(of: "charset") else { return nil }
        var rest = lower[range.upperBound...].drop { $0 == " " }
        guard rest.first == "=" else { return nil }
        rest = rest.dropFirst().drop { $0 == " " || $0 == "\"" || $0 == "'" }
        let label = rest.prefix { $0 != ";" && $0 != "\"" && $0 != "'" && $0 != " " }
        return label.isEmpty ? nil : String(label)
    }

    /// The `encoding` of an `<?xml ...?>` declaration at the start of the page.
    static func xmlDeclarationEncoding(_ head: UnsafeBufferPointer<UInt8>) -> String? {
        let prefix: [UInt8] = Array("<?xml".utf8)
        guard head.count > prefix.count, head.starts(with: prefix) else { return nil }
        var end = prefix.count
        while end < head.count, head[end] != UInt8(ascii: ">") { end += 1 }
        let declaration = String(decoding: UnsafeBufferPointer(rebasing: head[0..<end]), as: UTF8.self)
        guard let range = declaration.firstRange(of: "encoding") else { return nil }
        let rest = declaration[range.upperBound...].drop { $0 == " " || $0 == "=" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        let label = rest.dropFirst().prefix { $0 != quote }
        return label.isEmpty ? nil : String(label)
    }

    static func skipComment(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var i = start
        while i + 2 < b.count {
            if b[i] == UInt8(ascii: "-"), b[i + 1] == UInt8(ascii: "-"), b[i + 2] == UInt8(ascii: ">") {
                return i + 3
            }
            i += 1
        }
        return b.count
    }

    @inline(__always) static func asciiLower(_ c: UInt8) -> UInt8 {
        c &+ (UInt8(truncatingIfNeeded: Int(unsafeBitCast(c &- 0x41 < 26, to: UInt8.self))) << 5)
    }

    @inline(__always) static func isSpace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D
    }

    @inline(__always) static func isSpaceOrSlash(_ c: UInt8) -> Bool {
        isSpace(c) || c == UInt8(ascii: "/")
    }
}

/// Reads `name="value"` pairs of one start tag from raw bytes (used before the page is parsed). Names are
/// lowercased; the scan stops at the tag's closing `>`.
struct _TagAttributeScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    /// The index just past what has been read (past the `>` once the tag is finished).
    private(set) var position: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) {
        self.bytes = bytes
        self.position = start
    }

    mutating func next() -> (name: String, value: String)? {
        let n = bytes.count
        while position < n, CharsetDetector.isSpaceOrSlash(bytes[position]) { position += 1 }
        guard position < n, bytes[position] != UInt8(ascii: ">") else {
            if position < n { position += 1 }
            return nil
        }
        let nameStart = position
        while position < n, !CharsetDetector.isSpaceOrSlash(bytes[position]), bytes[position] != UInt8(ascii: "="),
            bytes[position] != UInt8(ascii: ">")
        {
            position += 1
        }
        let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[nameStart..<position]), as: UTF8.self)
            .lowercased()
        while position < n, bytes[position] == 0x20 { position += 1 }
        guard position < n, bytes[position] == UInt8(ascii: "=") else { return (name, "") }
        position += 1
        while position < n, bytes[position] == 0x20 { position += 1 }
        guard position < n else { return (name, "") }
        let quote = bytes[position]
        let valueStart: Int
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            position += 1
            valueStart = position
            while position < n, bytes[position] != quote { position += 1 }
        } else {
            valueStart = position
            while position < n, !CharsetDetector.isSpace(bytes[position]), bytes[position] != UInt8(ascii: ">") {
                position += 1
            }
        }
        let value = String(decoding: UnsafeBufferPointer(rebasing: bytes[valueStart..<position]), as: UTF8.self)
        if position < n, bytes[position] == quote { position += 1 }
        return (name, value)
    }
}
