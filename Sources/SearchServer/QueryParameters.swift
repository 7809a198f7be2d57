/// The decoded parameters of a URL's query string (`application/x-www-form-urlencoded`: `+` is a space,
/// `%XX` a byte, the result UTF-8). The first occurrence of a name wins.
struct QueryParameters {
    private var pairs: [(name: String, value: String)] = []

    /// Decodes `query` (the part after `?`, or nil); a bad escape or invalid UTF-8 is a 400.
    init(_ query: String?) throws(APIError) {
        guard let query, !query.isEmpty else { return }
        for part in query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let equals = part.firstIndex(of: UInt8(ascii: "="))
            let name = try Self.decode(part[..<(equals ?? part.endIndex)])
            var value = ""
            if let equals { value = try Self.decode(part[part.index(after: equals)...]) }
            pairs.append((name, value))
        }
    }

    /// The value of the first parameter called `name`.
    subscript(name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    /// The integer parameter `name`, `defaultValue` when absent, a 400 when it is not an integer in `range`.
    func integer(_ name: String, default defaultValue: Int, in range: ClosedRange<Int>) throws(APIError) -> Int {
        guard let text = self[name] else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw .badParameter(
                "\(name) must be an integer from \(range.lowerBound) to \(range.upperBound), "
                    + "not \"\(text.prefix(40))\"")
        }
        return value
    }

    /// Form decoding of one name or value (with `plusIsSpace: false`, the `%`-decoding of a URL path).
    static func decode(_ bytes: Substring.UTF8View, plusIsSpace: Bool = true) throws(APIError) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") && plusIsSpace {
                out.append(0x20)
            } else if byte == UInt8(ascii: "%") {
                let high = bytes.index(after: index)
                guard high < bytes.endIndex, bytes.index(after: high) < bytes.endIndex,
                    let h = hexValue(bytes[high]), let l = hexValue(bytes[bytes.index(after: high)])
                else { throw .badParameter("the query string has a malformed %-escape") }
                out.append(h << 4 | l)
                index = bytes.index(after: high)
            } else {
                out.append(byte)
            }
            index = bytes.index(after: index)
        }
        guard let text = String(validating: out, as: UTF8.self) else {
            throw .badParameter("the query string is not valid UTF-8")
        }
        return text
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// `text` escaped for a query-string value (unreserved characters kept, space as `+`); with
    /// `path: true`, escaped for a URL path instead (space as `%20`, `/` kept, so `wikipedia/Tokyo` reads as is).
    static func encode(_ text: String, path: Bool = false) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "/") where path:
                out += "/"
            case 0x20 where !path:
                out += "+"
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }
}
