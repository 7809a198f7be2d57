/// A parsed JSON value, read from bytes without Foundation (whose ICU headers clash with libxml2's in one module,
/// and whose `JSONSerialization` is an order of magnitude slower): JSON-LD metadata and JSONL input lines.
public indirect enum JSONValue {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    /// A number, kept as written.
    case number(String)
    case bool(Bool)
    case null

    /// How deeply arrays and objects may nest before parsing gives up (keeps the recursive parser's stack
    /// bounded on hostile input).
    static let maximumDepth = 256

    /// Parses `bytes` leniently (raw control characters in strings and trailing commas are accepted), or nil.
    /// With `whole`, only white space may follow the value.
    public static func parse(_ bytes: [UInt8], whole: Bool = false) -> JSONValue? {
        bytes.withUnsafeBufferPointer { parse($0, whole: whole) }
    }

    /// `parse(_:whole:)` of bytes in memory the caller owns (no copy).
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, whole: Bool = false) -> JSONValue? {
        var parser = _JSONParser(bytes: bytes)
        guard let value = parser.value(depth: 0) else { return nil }
        if whole {
            parser.skipSpace()
            guard parser.i == bytes.count else { return nil }
        }
        return value
    }

    /// The member `key` of an object (nil for other values or a missing key).
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }
}

private struct _JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0

    mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    mutating func value(depth: Int) -> JSONValue? {
        guard depth < JSONValue.maximumDepth else { return nil }
        skipSpace()
        guard i < bytes.count else { return nil }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            i += 1
            var object: [String: JSONValue] = [:]
            while true {
                skipSpace()
                guard i < bytes.count else { return nil }
                if bytes[i] == UInt8(ascii: "}") {
                    i += 1
                    return .object(object)
                }
                if bytes[i] == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                guard bytes[i] == UInt8(ascii: "\""), let key = string() else { return nil }
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
                i += 1
                guard let v = value(depth: depth + 1) else { return nil }
                if object[key] == nil { object[key] = v }
            }
        case UInt8(ascii: "["):
            i += 1
            var array: [JSONValue] = []
            while true {
                skipSpace()
                guard i < bytes.count else { return nil }
                if bytes[i] == UInt8(ascii: "]") {
                    i += 1
                    return .array(array)
                }
                if bytes[i] == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                guard let v = value(depth: depth + 1) else { return nil }
                array.append(v)
            }
        case UInt8(ascii: "\""):
            return string().map { .string($0) }
        case UInt8(ascii: "t"):
            return literal("true", .bool(true))
        case UInt8(ascii: "f"):
            return literal("false", .bool(false))
        case UInt8(ascii: "n"):
            return literal("null", .null)
        default:
            let start = i
            while i < bytes.count,
                bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")
                    || bytes[i] == UInt8(ascii: ".") || bytes[i] | 0x20 == UInt8(ascii: "e") || bytes[i] &- 0x30 < 10
            {
                i += 1
            }
            guard i > start else { return nil }
            return .number(String(decoding: bytes[start..<i], as: UTF8.self))
        }
    }

    mutating func literal(_ word: StaticString, _ result: JSONValue) -> JSONValue? {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count else { return nil }
        for k in 0..<n where bytes[i + k] != word.utf8Start[k] { return nil }
        i += n
        return result
    }

    /// A string starting at the opening quote. Runs without escapes are copied whole, and a string without any
    /// is decoded straight from the input.
    mutating func string() -> String? {
        i += 1
        var out: [UInt8] = []
        var runStart = i
        while true {
            i = Self.quoteOrBackslash(in: bytes, from: i)
            guard i < bytes.count else { break }
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                defer { i += 1 }
                if out.isEmpty { return String(decoding: bytes[runStart..<i], as: UTF8.self) }
                out.append(contentsOf: bytes[runStart..<i])
                return String(decoding: out, as: UTF8.self)
            }
            out.append(contentsOf: bytes[runStart..<i])
            defer { runStart = i }
            guard i + 1 < bytes.count else { return nil }
            let e = bytes[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"), UInt8(ascii: "f"): out.append(0x20)
            case UInt8(ascii: "u"):
                guard var scalar = hex4() else { return nil }
                if scalar >= 0xD800, scalar < 0xDC00, i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"),
                    bytes[i + 1] == UInt8(ascii: "u")
                {
                    i += 2
                    if let low = hex4(), low >= 0xDC00, low < 0xE000 {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        scalar = 0xFFFD
                    }
                } else if scalar >= 0xD800, scalar < 0xE000 {
                    scalar = 0xFFFD
                }
                TextDecoder.appendScalar(scalar, to: &out)
            default: out.append(e)
            }
        }
        return nil
    }

    /// The index of the first `"` or `\\` at or after `start` in `bytes`, or `bytes.count`: eight bytes at a
    /// time (a zero-byte test on the word XORed with each), since strings such as article bodies are long runs
    /// between escapes.
    @inline(__always)
    static func quoteOrBackslash(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var i = start
        if let base = bytes.baseAddress {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            while i + 8 <= bytes.count {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                let quote = word ^ 0x2222_2222_2222_2222
                let backslash = word ^ 0x5C5C_5C5C_5C5C_5C5C
                // The lowest flagged byte is exact (borrows only flag bytes above a real zero).
                let found = ((quote &- ones) & ~quote | (backslash &- ones) & ~backslash) & highs
                if found != 0 { return i + found.trailingZeroBitCount >> 3 }
                i += 8
            }
        }
        while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\") { i += 1 }
        return i
    }

    mutating func hex4() -> UInt32? {
        guard i + 4 <= bytes.count else { return nil }
        var v: UInt32 = 0
        for k in 0..<4 {
            let c = bytes[i + k]
            let d: UInt8
            switch c {
            case 0x30...0x39: d = c - 0x30
            case 0x61...0x66: d = c - 0x61 + 10
            case 0x41...0x46: d = c - 0x41 + 10
            default: return nil
            }
            v = v << 4 | UInt32(d)
        }
        i += 4
        return v
    }
}
