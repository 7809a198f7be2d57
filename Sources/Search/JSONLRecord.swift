import SearchExtraction

/// One line of a JSONL input: `{"id", "url"?, "title"?, "body" | "text" | "html"}`.
struct JSONLRecord {
    var id: String?
    var url: String?
    var title: String?
    var body: String?
    var html: String?

    /// Decodes one line; numbers are accepted as ids (as written), unknown keys ignored.
    static func parse(_ line: ArraySlice<UInt8>) -> Result<JSONLRecord, SourceError> {
        guard let object = line.withUnsafeBufferPointer({ JSONValue.parse($0, whole: true) }) else {
            return .failure(.badRecord("not valid JSON"))
        }
        guard case .object(let fields) = object else {
            return .failure(.badRecord("not a JSON object"))
        }
        func string(_ key: String) -> String? {
            switch fields[key] {
            case .string(let value)?, .number(let value)?: value
            default: nil
            }
        }
        let record = JSONLRecord(
            id: string("id") ?? string("_id") ?? string("docid"),
            url: string("url"),
            title: string("title"),
            body: string("body") ?? string("text") ?? string("contents"),
            html: string("html"))
        guard record.body != nil || record.html != nil else {
            return .failure(.badRecord("no \"body\", \"text\" or \"html\" field"))
        }
        return .success(record)
    }
}
