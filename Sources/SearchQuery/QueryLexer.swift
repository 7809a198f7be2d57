import SearchIndex

/// Splits query text into tokens, working on UTF-8 bytes (only ASCII bytes are syntax).
enum QueryLexer {
    /// The tokens of `text`; throws on an unclosed quote or more than `maximumTerms` terms.
    static func tokenize(_ text: String, maximumTerms: Int) throws -> [QueryToken] {
        let bytes = Array(text.utf8)
        var tokens: [QueryToken] = []
        var terms = 0
        var i = 0
        let n = bytes.count

        func countTerms(_ range: Range<Int>) throws {
            terms += max(1, alphanumericRuns(bytes[range]))
            if terms > maximumTerms { throw QueryParseError.tooManyTerms(limit: maximumTerms) }
        }

        while i < n {
            let byte = bytes[i]
            if isWhitespace(byte) {
                i += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "("):
                tokens.append(.open)
                i += 1
            case UInt8(ascii: ")"):
                tokens.append(.close)
                i += 1
            case UInt8(ascii: "\""):
                guard let end = bytes[(i + 1)...].firstIndex(of: UInt8(ascii: "\"")) else {
                    throw QueryParseError.unbalancedQuote
                }
                try countTerms(i + 1..<end)
                tokens.append(.phrase(String(decoding: bytes[i + 1..<end], as: UTF8.self)))
                i = end + 1
            case _ where isModifier(byte) && i + 1 < n && !isWhitespace(bytes[i + 1])
                && bytes[i + 1] != UInt8(ascii: ")"):
                // Only a sign glued to what follows is an operator; a lone one is an ordinary word.
                tokens.append(byte == UInt8(ascii: "+") ? .plus : .minus)
                i += 1
            default:
                var end = i
                while end < n, !isWhitespace(bytes[end]), !isDelimiter(bytes[end]) { end += 1 }
                let word = bytes[i..<end]
                i = end
                if let keyword = keyword(word) {
                    tokens.append(keyword)
                    continue
                }
                if let colon = word.firstIndex(of: UInt8(ascii: ":")),
                    let field = field(word[word.startIndex..<colon])
                {
                    tokens.append(.field(field, raw: String(decoding: word[...colon], as: UTF8.self)))
                    if colon + 1 < word.endIndex {
                        try countTerms(colon + 1..<word.endIndex)
                        tokens.append(.word(String(decoding: word[(colon + 1)...], as: UTF8.self)))
                    } else {
                        try countTerms(word.startIndex..<colon)
                    }
                    continue
                }
                try countTerms(word.startIndex..<word.endIndex)
                tokens.append(.word(String(decoding: word, as: UTF8.self)))
            }
        }
        return tokens
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    private static func isModifier(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "!")
    }

    private static func isDelimiter(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")") || byte == UInt8(ascii: "\"")
    }

    private static func keyword(_ word: ArraySlice<UInt8>) -> QueryToken? {
        switch word.count {
        case 2:
            if word.elementsEqual("OR".utf8) { return .or("OR") }
            if word.elementsEqual("||".utf8) { return .or("||") }
            if word.elementsEqual("&&".utf8) { return .and("&&") }
        case 3:
            if word.elementsEqual("AND".utf8) { return .and("AND") }
            if word.elementsEqual("NOT".utf8) { return .not }
        default:
            break
        }
        return nil
    }

    private static func field(_ name: ArraySlice<UInt8>) -> IndexedField? {
        for field in IndexedField.allCases where name.elementsEqual(field.queryName.utf8) { return field }
        return nil
    }

    /// Number of maximal runs of ASCII alphanumerics or non-ASCII bytes: an upper estimate of the terms
    /// the analyzer can make of the text, for the size limit.
    private static func alphanumericRuns(_ bytes: ArraySlice<UInt8>) -> Int {
        var runs = 0
        var inRun = false
        for byte in bytes {
            let letter = byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A
            let alphanumeric = byte >= 0x80 || letter || (byte >= 0x30 && byte <= 0x39)
            if alphanumeric && !inRun { runs += 1 }
            inRun = alphanumeric
        }
        return runs
    }
}
