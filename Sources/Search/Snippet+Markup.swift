import SearchQuery

extension Snippet {
    /// The snippet as HTML: the text escaped, each matched word inside a `<mark>` element.
    public var html: String {
        marked(open: "<mark>", close: "</mark>", escape: Self.htmlEscape)
    }

    /// The snippet text with each highlighted range wrapped in `open` … `close`; all text passes through `escape`.
    public func marked(open: String, close: String, escape: (Substring) -> String = { String($0) }) -> String {
        let utf8 = text.utf8
        func piece(_ from: Int, _ to: Int) -> Substring {
            text[utf8.index(utf8.startIndex, offsetBy: from)..<utf8.index(utf8.startIndex, offsetBy: to)]
        }
        var out = ""
        var cursor = 0
        for range in highlights.sorted(by: { $0.lowerBound < $1.lowerBound })
        where range.lowerBound >= cursor && range.upperBound <= utf8.count {
            out += escape(piece(cursor, range.lowerBound))
            out += open + escape(piece(range.lowerBound, range.upperBound)) + close
            cursor = range.upperBound
        }
        out += escape(piece(cursor, utf8.count))
        return out
    }

    /// `text` with `&`, `<`, `>` and `"` replaced by character references.
    public static func htmlEscape(_ text: Substring) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
