import Foundation
import Search
import Testing

struct ArticleSearchTests {
    static let pages: [(String, String)] = [
        ("shoigu.html", """
            <html lang="en"><head><title>Shoigu visits Pyongyang | Example News</title>
            <meta name="author" content="Jane Doe"><link rel="canonical" href="https://example.org/shoigu">
            <meta property="article:published_time" content="2023-07-27T10:00:00Z"></head>
            <body><nav><a href="/">Home</a> Connect with us</nav><article><h1>Shoigu visits Pyongyang</h1>
            <p>Russian Defense Minister Sergei Shoigu arrived in Pyongyang on Wednesday for talks with North Korean
            leaders about military cooperation, the state news agency said in a statement on Thursday.</p>
            <p>The visit comes as Moscow seeks new partners for its war effort and as Pyongyang hosts a parade.</p>
            </article><footer>All rights reserved</footer></body></html>
            """),
        ("weather.html", """
            <html><head><title>Rain in Hokkaido</title></head><body><article><h1>Rain in Hokkaido</h1>
            <p>Heavy rain is expected across Hokkaido this week, with flooding possible in low-lying areas near the
            coast. Residents are advised to follow the instructions of local authorities.</p></article></body></html>
            """),
    ]

    static func buildIndex(in folder: TemporaryFolder) throws -> String {
        for (name, html) in pages { try folder.write("pages/\(name)", html) }
        let directory = folder.url.appendingPathComponent("index").path
        let summary = try ArticleIndexer(directory: directory).index([folder.url.appendingPathComponent("pages").path])
        #expect(summary.indexed == 2)
        #expect(summary.failures.isEmpty)
        return directory
    }

    @Test func indexesPagesAndFindsThemWithMetadataAndSnippets() throws {
        let folder = try TemporaryFolder()
        let searcher = try ArticleSearcher(directory: try Self.buildIndex(in: folder))
        let results = try searcher.search("shoigu pyongyang")
        #expect(results.total == 1)
        let hit = try #require(results.hits.first)
        #expect(hit.id == "shoigu")
        #expect(hit.title == "Shoigu visits Pyongyang")
        #expect(hit.url == "https://example.org/shoigu")
        #expect(hit.author == "Jane Doe")
        #expect(hit.published.hasPrefix("2023-07-27"))
        #expect(hit.score > 0)
        #expect(hit.snippet.html.contains("<mark>Shoigu</mark>"))
        #expect(hit.snippet.html.contains("<mark>Pyongyang</mark>"))
        #expect(try searcher.search("\"connect with us\"").total == 0)
    }

    @Test func rejectsEmptyQueriesAndBadLimits() throws {
        let folder = try TemporaryFolder()
        let searcher = try ArticleSearcher(directory: try Self.buildIndex(in: folder))
        #expect(throws: SearchError.self) { try searcher.search("  ") }
        #expect(throws: SearchError.self) { try searcher.search("rain", limit: -1) }
        #expect(throws: (any Error).self) { try searcher.search("\"rain") }
    }

    /// NUL bytes cannot come from a command line, but they can from the HTTP API or a query file.
    @Test func nulBytesInQueriesSeparateWords() throws {
        let folder = try TemporaryFolder()
        let searcher = try ArticleSearcher(directory: try Self.buildIndex(in: folder))
        // A NUL splits a word like any punctuation; a word of two terms is searched as their phrase.
        #expect(try searcher.search("shoigu\u{0}arrived").hits.map(\.id) == ["shoigu"])
        #expect(try searcher.search("shoigu\u{0}pyongyang").total == 0)
        #expect(try searcher.search("\"sergei\u{0}shoigu\u{0}arrived\"").total == 1)
        if case .success(let results) = Result(catching: { try searcher.search("\u{0}\u{0}") }) {
            #expect(results.total == 0)  // or an error saying the query is empty
        }
    }

    @Test func pagingSplitsTheRankingWithoutOverlap() throws {
        let folder = try TemporaryFolder()
        let searcher = try ArticleSearcher(directory: try Self.buildIndex(in: folder))
        let all = try searcher.search("pyongyang OR hokkaido OR rain", limit: 10)
        #expect(all.total == 2)
        let first = try searcher.search("pyongyang OR hokkaido OR rain", limit: 1)
        let second = try searcher.search("pyongyang OR hokkaido OR rain", limit: 1, offset: 1)
        #expect(first.hits.map(\.id) + second.hits.map(\.id) == all.hits.map(\.id))
    }

    @Test func openingAMissingIndexIsAClearError() throws {
        #expect {
            _ = try ArticleSearcher(directory: "/nonexistent/search-index")
        } throws: { error in
            "\(error)".contains("no index")
        }
    }

    @Test func snippetMarkupEscapesHTML() {
        let snippet = Snippet(text: "a <b> & Shoigu", highlights: [8..<14])
        #expect(snippet.html == "a &lt;b&gt; &amp; <mark>Shoigu</mark>")
        #expect(snippet.marked(open: "[", close: "]") == "a <b> & [Shoigu]")
    }
}
