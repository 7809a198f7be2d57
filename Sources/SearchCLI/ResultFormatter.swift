import Search

/// Renders search results for the terminal and as JSON.
enum ResultFormatter {
    private static let highlightOn = "\u{1B}[1;33m"
    private static let highlightOff = "\u{1B}[0m"
    private static let dim = "\u{1B}[2m"
    private static let bold = "\u{1B}[1m"

    /// The `--json` form (see `JSONOutput.results`).
    static func json(_ results: SearchResults, explanations: [Explanation?]? = nil) -> String {
        JSONOutput.results(results, explanations: explanations).text
    }

    /// The human form: numbered hits with title, address, date, score and snippet, then the total.
    /// With `explanations` (one per hit), each hit is followed by how its score was made.
    static func text(
        _ results: SearchResults, offset: Int, colors: Bool, explanations: [Explanation?]? = nil
    ) -> String {
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
                + "\n"
            if let explanations, i < explanations.count, let explanation = explanations[i] {
                for line in explanation.lines(indent: 3) { out += (colors ? dim + line + highlightOff : line) + "\n" }
            }
            out += "\n"
        }
        if let suggestion = results.suggestion {
            out += "Did you mean: " + (colors ? bold + suggestion + highlightOff : suggestion) + "\n"
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
