/// Reads web archive records (ISO 28500, WARC/1.0 and 1.1, as Common Crawl writes them) from a stream and yields
/// the HTML pages of their `response` records, named by `WARC-Target-URI`.
///
/// Other records (`request`, `metadata`, `warcinfo`, …) and responses that are not successful HTML are yielded as
/// skipped. A damaged record is a failure named `file@offset` (for `.warc.gz`, the offset of the gzip member it
/// starts in), and reading goes on with the next record: after a bad header, at the next `WARC/` line; after a bad
/// gzip member, at the next member.
struct WARCReader {
    /// The longest header line accepted, in bytes.
    static let maximumHeaderLineBytes = 64 << 10
    /// The most header lines accepted in a record or an HTTP response.
    static let maximumHeaderLines = 1000

    private let stream: ByteStreamReader
    private let origin: String

    /// Reads `stream`, naming records `origin@offset`.
    init(_ stream: ByteStreamReader, origin: String) {
        self.stream = stream
        self.origin = origin
    }

    /// What one record amounts to.
    private enum Outcome {
        case item(InputReader.Item)
        /// A damaged record: report it, then look for the next `WARC/` line.
        case lost(origin: String, error: SourceError)
        /// Nothing to report (blank lines between records).
        case nothing
    }

    /// Calls `body` for every record's page, skip or failure, in file order.
    func read(_ body: (InputReader.Item) throws -> Void) throws {
        var seeking = false
        while true {
            let start = stream.inputOffset
            let outcome: Outcome?
            do {
                outcome = try readRecord(seeking: &seeking, start: start)
            } catch let error as SourceError {
                // A read error: the gzip member is damaged. Report it (unless it is the damage already reported
                // that left us seeking) and continue after it.
                if !seeking { try body(.failure(origin: "\(origin)@\(start)", error: error)) }
                guard stream.recover() else { return }
                seeking = true
                continue
            }
            switch outcome {
            case nil: return
            case .nothing: continue
            case .item(let item): try body(item)
            case .lost(let where_, let error):
                try body(.failure(origin: where_, error: error))
                seeking = true
            }
        }
    }

    /// Reads the next record; nil at the end of the stream. While `seeking`, lines up to the next `WARC/` line are
    /// dropped.
    private func readRecord(seeking: inout Bool, start: Int) throws -> Outcome? {
        guard case let line? = try stream.readLine(maximum: Self.maximumHeaderLineBytes) else { return nil }
        guard case .line(let versionLine) = line else {
            return seeking ? .nothing : .lost(origin: "\(origin)@\(start)", error: .badRecord("overlong WARC line"))
        }
        let trimmed = Self.trimmed(versionLine)
        guard trimmed.starts(with: Array("WARC/".utf8)) else {
            if seeking || trimmed.isEmpty { return .nothing }
            return .lost(origin: "\(origin)@\(start)", error: .badRecord("expected a WARC/1.x record header"))
        }
        seeking = false
        let recordOrigin = "\(origin)@\(start)"
        var fields: [String: String] = [:]
        var lineCount = 0
        while true {
            guard case let next? = try stream.readLine(maximum: Self.maximumHeaderLineBytes) else {
                return .lost(origin: recordOrigin, error: .badRecord("truncated WARC header"))
            }
            guard case .line(let raw) = next, lineCount < Self.maximumHeaderLines else {
                return .lost(origin: recordOrigin, error: .badRecord("WARC header too long"))
            }
            lineCount += 1
            let fieldLine = Self.trimmed(raw)
            if fieldLine.isEmpty { break }
            // A folded continuation of the previous field (RFC 822 style): no field of ours needs it.
            if fieldLine.first == 0x20 || fieldLine.first == 0x09 { continue }
            guard let colon = fieldLine.firstIndex(of: UInt8(ascii: ":")) else {
                return .lost(origin: recordOrigin, error: .badRecord("bad WARC header line"))
            }
            let name = String(decoding: fieldLine[..<colon], as: UTF8.self).lowercased()
            let value = String(decoding: Self.trimmedBlanks(fieldLine[(colon + 1)...]), as: UTF8.self)
            if fields[name] == nil { fields[name] = value }
        }
        guard let lengthField = fields["content-length"], let length = Int(lengthField), length >= 0 else {
            return .lost(origin: recordOrigin, error: .badRecord("no valid Content-Length in the WARC header"))
        }
        let type = fields["warc-type"] ?? "(none)"
        guard type == "response" else {
            return try skipBlock(length, origin: recordOrigin, reason: "WARC-Type \(type)")
        }
        guard length <= InputReader.maximumDocumentBytes else {
            let skipped = try stream.skip(length)
            guard skipped == length else { return truncated(recordOrigin, skipped, length) }
            return .item(.failure(origin: recordOrigin, error: .tooLarge("a record of \(length >> 20) MB")))
        }
        let block = try stream.read(length)
        guard block.count == length else { return truncated(recordOrigin, block.count, length) }
        return .item(Self.page(in: block, fields: fields, origin: recordOrigin))
    }

    private func skipBlock(_ length: Int, origin recordOrigin: String, reason: String) throws -> Outcome {
        let skipped = try stream.skip(length)
        guard skipped == length else { return truncated(recordOrigin, skipped, length) }
        return .item(.skipped(origin: recordOrigin, reason: reason))
    }

    private func truncated(_ recordOrigin: String, _ count: Int, _ length: Int) -> Outcome {
        .lost(origin: recordOrigin, error: .badRecord("truncated WARC record: \(count) of \(length) bytes"))
    }

    /// The page of a response record's block, or why there is none.
    private static func page(in block: [UInt8], fields: [String: String], origin: String) -> InputReader.Item {
        guard var uri = fields["warc-target-uri"], !uri.isEmpty else {
            return .failure(origin: origin, error: .badRecord("a response record without WARC-Target-URI"))
        }
        // WARC/1.0's grammar put the URI in angle brackets; some writers still do.
        if uri.hasPrefix("<") && uri.hasSuffix(">") { uri = String(uri.dropFirst().dropLast()) }
        let response: HTTPResponse
        let payload: [UInt8]
        do {
            response = try HTTPResponse.parse(block)
            guard (200..<300).contains(response.status) else {
                return .skipped(origin: origin, reason: "HTTP status \(response.status)")
            }
            if let type = response.mediaType, type != "text/html", type != "application/xhtml+xml" {
                return .skipped(origin: origin, reason: "Content-Type \(type)")
            }
            payload = try response.decodedBody(limit: InputReader.maximumDocumentBytes)
        } catch {
            return .failure(origin: origin, error: error)
        }
        if response.mediaType == nil && InputFormat.sniff(payload[...]) != .html {
            return .skipped(origin: origin, reason: "no Content-Type, and not HTML")
        }
        return .document(SourceDocument(id: uri, url: uri, origin: origin, content: .html(payload)))
    }

    /// `field` without leading and trailing spaces and tabs.
    private static func trimmedBlanks(_ field: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let isBlank = { (byte: UInt8) in byte == 0x20 || byte == 0x09 }
        guard let first = field.firstIndex(where: { !isBlank($0) }), let last = field.lastIndex(where: { !isBlank($0) })
        else { return [] }
        return field[first...last]
    }

    /// `line` without its trailing carriage return.
    private static func trimmed(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        line.last == 0x0D ? line.dropLast() : line
    }
}
