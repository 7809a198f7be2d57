extension InputFormat {
    /// The format that `bytes` (the start of an input, already inflated when it was gzipped) look like:
    /// `WARC/1.` is WARC, `{` is JSONL, `<` (a doctype, `<html>`, a comment, any tag) is HTML, a UTF-16 byte
    /// order mark is HTML; nil when they look like none of these. A UTF-8 byte order mark and white space before
    /// the first sign are skipped.
    public static func sniff(_ bytes: ArraySlice<UInt8>) -> InputFormat? {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return .html }
        var rest = bytes
        if rest.starts(with: [0xEF, 0xBB, 0xBF]) { rest = rest.dropFirst(3) }
        rest = rest.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x0C }
        if rest.starts(with: Array("WARC/1.".utf8)) { return .warc }
        switch rest.first {
        case UInt8(ascii: "{"): return .jsonl
        case UInt8(ascii: "<"): return .html
        default: return nil
        }
    }

    /// The format a file's name announces (`.html`, `.jsonl`, `.warc`, each possibly `.gz`), or `.auto`.
    public static func named(_ name: String) -> InputFormat {
        let lowered = name.lowercased()
        let stripped = lowered.hasSuffix(".gz") ? String(lowered.dropLast(3)) : lowered
        if [".html", ".htm", ".xhtml"].contains(where: { stripped.hasSuffix($0) }) { return .html }
        if [".jsonl", ".ndjson", ".json"].contains(where: { stripped.hasSuffix($0) }) { return .jsonl }
        if stripped.hasSuffix(".warc") { return .warc }
        return .auto
    }
}
