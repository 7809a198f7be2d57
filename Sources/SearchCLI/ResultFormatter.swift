import Search

/// Renders search results for the terminal and as JSON.
enum ResultFormatter {
    private static let highlightOn = "\u{1B}[1;33m"
    private static let highlightOff = "\u{1B}[0m"
    private static let dim = "\u{1B}[2m"
    private static let bold = "\u{1B}[1m"

    /// The `--json` form: `{"total": N, "hits": [{"id", "url", "title", "score", "snippet"}]}`, where the snippet is
    /// HTML-escaped text with matched words inside `<mark>` elements.
    static func json(_ results: SearchResults) -> String {
        JSONOutput.object([
            ("total", .int(results.total)),
            ("hits", .array(results.hits.map { hit in
                .object([
                    ("id", .string(hit.id)),
                    ("url", .string(hit.url)),
                    ("title", .string(hit.title)),
                    ("score", .double(Double(hit.score))),
                    ("snippet", .string(hit.snippet.html)),
                ])
            })),
        ]).text
    }

    /// The human form: numbered hits with title, address, date, score and snippet, then the total.
    static func text(_ results: SearchResults, offset: Int, colors: Bool) -> String {
        var out = ""
        for (i, hit) in results.hits.enumerated() {
            let title = hit.title.isEmpty ? hit.id : hit.title
            out += "\(offset + i + 1). " + (colors ? bold + title + highlightOff : title) + "\n"
            var details = [hit.url.isEmpty ? hit.id : hit.url]
            if !hit.published.isEmpty { details.append(hit.published) }
            if !hit.author.isEmpty { details.append(hit.author) }
            details.append("score \(Format.fixed(Double(hit.score), 3))")
            let line = details.joined(separator: " · ")
            out += "   " + (colors ? dim + line + highlightOff : line) + "\n"
            let snippet = colors
                ? hit.snippet.marked(open: highlightOn, close: highlightOff)
                : hit.snippet.text
            out += "   " + snippet.split(separator: "\n", omittingEmptySubsequences: true).joined(separator: " ")
                + "\n\n"
        }
        let matches = "\(results.total) \(results.total == 1 ? "match" : "matches")"
        if results.total == 0 {
            out += "No matches\n"
        } else if results.hits.isEmpty {
            out += "No hits past \(offset): \(matches)\n"
        } else {
            out += "\(offset + 1)–\(offset + results.hits.count) of \(matches)\n"
        }
        return out
    }
}
