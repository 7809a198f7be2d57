/// The HTTP response held in a WARC `response` record: status, headers, and the payload with its transfer and
/// content encodings undone (RFC 9112 chunked transfer coding; gzip and deflate content codings).
struct HTTPResponse {
    /// The status code (200, 404, …).
    var status: Int
    /// The header fields in order, names lowercased.
    var headers: [(name: String, value: String)]
    /// The payload as it was sent, before decoding.
    var rawBody: ArraySlice<UInt8>

    /// Parses the status line and header fields of `message`; the rest is the body.
    static func parse(_ message: [UInt8]) throws(SourceError) -> HTTPResponse {
        var lineStart = 0
        var lines: [ArraySlice<UInt8>] = []
        var bodyStart: Int?
        while let newline = message[lineStart...].firstIndex(of: 0x0A) {
            var line = message[lineStart..<newline]
            if line.last == 0x0D { line = line.dropLast() }
            lineStart = newline + 1
            if line.isEmpty {
                bodyStart = lineStart
                break
            }
            lines.append(line)
        }
        guard let bodyStart, let statusLine = lines.first else {
            throw .badRecord("the HTTP response has no complete header")
        }
        let parts = statusLine.split(separator: 0x20, maxSplits: 2)
        guard parts.count >= 2, parts[0].starts(with: Array("HTTP/".utf8)),
            let status = Int(String(decoding: parts[1], as: UTF8.self)), (100...999).contains(status)
        else {
            throw .badRecord("bad HTTP status line")
        }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            // Browsers pass over header lines they cannot read (and obsolete folded lines); so do we, to keep the
            // page.
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), line.first != 0x20, line.first != 0x09 else {
                continue
            }
            headers.append((
                String(decoding: line[..<colon], as: UTF8.self).lowercased(),
                String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingSpaces))
        }
        return HTTPResponse(status: status, headers: headers, rawBody: message[bodyStart...])
    }

    /// The value of the first header field named `name` (lowercase).
    func header(_ name: String) -> String? {
        headers.first { $0.name == name }?.value
    }

    /// The media type of `Content-Type`, lowercased, without parameters; nil when absent.
    var mediaType: String? {
        guard let value = header("content-type") else { return nil }
        let type = value.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
        return type.trimmingSpaces.lowercased()
    }

    /// The payload with chunked transfer coding and gzip or deflate content coding removed.
    func decodedBody(limit: Int) throws(SourceError) -> [UInt8] {
        var body = Array(rawBody)
        let transfer = header("transfer-encoding")?.lowercased() ?? ""
        if transfer.contains("chunked") { body = try Self.dechunk(body) }
        switch header("content-encoding")?.lowercased().trimmingSpaces ?? "" {
        case "", "identity": break
        case "gzip", "x-gzip", "deflate": body = try Gzip.decompress(body, limit: limit)
        case let other: throw .unsupported("content encoding \(other)")
        }
        return body
    }

    /// Joins the chunks of a chunked message body: `size-in-hex[;extensions] CRLF data CRLF`, up to size 0.
    static func dechunk(_ body: [UInt8]) throws(SourceError) -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        while true {
            guard let newline = body[index...].firstIndex(of: 0x0A) else {
                throw .badRecord("truncated chunked body")
            }
            var sizeField = body[index..<newline]
            if let semicolon = sizeField.firstIndex(of: UInt8(ascii: ";")) { sizeField = sizeField[..<semicolon] }
            let hex = String(decoding: sizeField, as: UTF8.self).trimmingSpaces
            guard let size = Int(hex, radix: 16), size >= 0 else { throw .badRecord("bad chunk size \"\(hex)\"") }
            index = newline + 1
            if size == 0 { return output }
            guard size <= body.count - index else { throw .badRecord("truncated chunked body") }
            output += body[index..<index + size]
            index += size
            // The CRLF after the chunk's data.
            if index < body.count && body[index] == 0x0D { index += 1 }
            if index < body.count && body[index] == 0x0A { index += 1 }
        }
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and carriage returns.
    fileprivate var trimmingSpaces: String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !blank($0) }), let last = lastIndex(where: { !blank($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
