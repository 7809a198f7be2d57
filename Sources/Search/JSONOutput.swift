/// A JSON value written in a fixed key order, so output is stable and diff-friendly.
public indirect enum JSONOutput: Sendable {
    /// A string, escaped on output.
    case string(String)
    /// An integer.
    case int(Int)
    /// A number; not finite values are written as `null`.
    case double(Double)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null
    /// An array.
    case array([JSONOutput])
    /// An object whose keys are written in this order.
    case object([(String, JSONOutput)])

    /// The compact JSON text of this value.
    public var text: String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .string(let value): Self.quote(value, into: &out)
        case .int(let value): out += String(value)
        case .double(let value): out += value.isFinite ? String(value) : "null"
        case .bool(let value): out += value ? "true" : "false"
        case .null: out += "null"
        case .array(let values):
            out += "["
            for (i, value) in values.enumerated() {
                if i > 0 { out += "," }
                value.write(to: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (i, (key, value)) in fields.enumerated() {
                if i > 0 { out += "," }
                Self.quote(key, into: &out)
                out += ":"
                value.write(to: &out)
            }
            out += "}"
        }
    }

    private static func quote(_ value: String, into out: inout String) {
        out += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

extension JSONOutput {
    /// The results object of `search --json` and `GET /api/search`: `{"total": N, "hits": [{"id", "url", "title",
    /// "score", "snippet"}], "suggestion"}`, where the snippet is HTML-escaped text with matched words inside `<mark>` elements.
    /// With `explanations` (one per hit), each hit also has `"explanation": {"value", "summary", "details"}`;
    /// `suggestion` is the corrected query ("did you mean") or null; `extra` fields follow it.
    public static func results(
        _ results: SearchResults, explanations: [Explanation?]? = nil, extra: [(String, JSONOutput)] = []
    ) -> JSONOutput {
        .object([
            ("total", .int(results.total)),
            ("hits", .array(results.hits.enumerated().map { i, hit in
                var fields: [(String, JSONOutput)] = [
                    ("id", .string(hit.id)),
                    ("url", .string(hit.url)),
                    ("title", .string(hit.title)),
                    ("score", .double(Double(hit.score))),
                    ("snippet", .string(hit.snippet.html)),
                ]
                if let explanations, i < explanations.count {
                    fields.append(("explanation", explanations[i].map(Self.explanation) ?? .null))
                }
                return .object(fields)
            })),
            ("suggestion", results.suggestion.map(JSONOutput.string) ?? .null),
        ] + extra)
    }

    /// An explanation as nested JSON objects.
    public static func explanation(_ explanation: Explanation) -> JSONOutput {
        .object([
            ("value", .double(Double(explanation.value))),
            ("summary", .string(explanation.summary)),
            ("details", .array(explanation.details.map(Self.explanation))),
        ])
    }
}
