import ArgumentParser
import Foundation
import Search

/// `search [QUERY]`: runs one query and prints ranked hits with snippets.
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run a query (the default command).",
        discussion: """
            Syntax: words (any may match), +required, -excluded, "a phrase", AND / OR / NOT, parentheses, \
            and the fields title:, body: and url:.
            """
    )

    @Argument(help: "The query, e.g. 'Shoigu Pyongyang' or '+russia +\"north korea\" -ukraine'.")
    var query: String

    @OptionGroup var location: IndexLocation

    @Option(help: "How many hits to show.")
    var limit = 10

    @Option(help: "How many hits to skip (for paging).")
    var offset = 0

    @Flag(help: "Print one JSON object: {\"total\", \"hits\": [{\"id\", \"url\", \"title\", \"score\", \"snippet\"}]}.")
    var json = false

    @Option(help: "Highlight with ANSI colours: auto (a terminal, unless NO_COLOR is set), always or never.")
    var color: ColorChoice = .auto

    @Flag(help: "Show how each hit's score was made: per word and field, tf, idf, lengths and weights.")
    var explain = false

    func validate() throws {
        guard query.contains(where: { !$0.isWhitespace }) else { throw ValidationError("the query is empty") }
        guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be between 1 and 10000") }
        guard offset >= 0 else { throw ValidationError("--offset must not be negative") }
    }

    func run() throws {
        try BundledCorpus.indexIfNeeded(location)
        let searcher = try ArticleSearcher(directory: location.directory)
        let results = try searcher.search(query, limit: limit, offset: offset)
        let explanations = explain
            ? try Self.explanations(query, searcher: searcher, limit: limit, offset: offset) : nil
        if json {
            print(ResultFormatter.json(results, explanations: explanations))
        } else {
            let colors = color == .always || (color == .auto && Terminal.colorsStdout)
            print(ResultFormatter.text(results, offset: offset, colors: colors, explanations: explanations),
                  terminator: "")
        }
    }

    /// The explanation of each hit of the page, in order (the search runs again to know each hit's document).
    static func explanations(
        _ text: String, searcher: ArticleSearcher, limit: Int, offset: Int
    ) throws -> [Explanation?] {
        let query = try QueryParser.parse(text)
        let top = searcher.searcher.search(query, limit: limit, offset: offset)
        return top.hits.enumerated().map { i, hit in
            searcher.searcher.explain(
                query, segment: hit.segment, doc: hit.doc, proximity: offset + i < Searcher.proximityDepth)
        }
    }
}

/// When to decorate output with ANSI colours.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}
