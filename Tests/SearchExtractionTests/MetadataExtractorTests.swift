import SearchExtraction
import Testing

/// Title, author, date, URL, language and description from meta tags, JSON-LD, microdata and markup.
@Suite struct MetadataExtractorTests {
    let extractor = ArticleExtractor()

    func extract(_ head: String, _ body: String = "<p>text</p>", url: String? = nil) throws -> Article {
        try extractor.extract(html: Array("<html><head>\(head)</head><body>\(body)</body></html>".utf8), url: url)
    }

    @Test func openGraphWinsOverTitleElement() throws {
        let a = try extract(
            "<title>Page &amp; Title | Example News</title><meta property=\"og:title\" content=\"The Headline\">")
        #expect(a.title == "The Headline")
    }

    @Test(arguments: [
        ("Storm hits the coast | Example News", "Storm hits the coast"),
        ("Storm hits the coast - Example News", "Storm hits the coast"),
        ("Storm hits the coast – Weather – Example News", "Storm hits the coast"),
        (
            "Q&A: what comes next - a long explanation of the matter",
            "Q&A: what comes next - a long explanation of the matter"
        ),
    ])
    func titleElementLosesSiteSuffix(raw: String, expected: String) throws {
        #expect(try extract("<title>\(raw)</title>").title == expected)
    }

    @Test func siteNameIsRemovedFromOpenGraphTitle() throws {
        let a = try extract(
            "<meta property=\"og:site_name\" content=\"Example News\">"
                + "<meta property=\"og:title\" content=\"Storm hits the coast - Example News\">")
        #expect(a.title == "Storm hits the coast")
    }

    @Test func headlineFallsBackToJSONLDThenH1() throws {
        let ld =
            "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"From JSON-LD\"}</script>"
        #expect(try extract(ld).title == "From JSON-LD")
        #expect(try extract("", "<h1> From  the <em>h1</em> </h1><p>x</p>").title == "From the h1")
    }

    @Test func jsonLDGraphWithSeveralAuthors() throws {
        let ld = """
            <script type="application/ld+json">
            {"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","name":"Example"},
              {"@type":["NewsArticle"],"headline":"Graph \\u00e9dition","datePublished":"2021-03-04T05:06:07Z",
               "author":[{"@type":"Person","name":"Ana Silva"},{"@type":"Person","name":"Bo Chen"}],
               "inLanguage":"pt-BR"}]}
            </script>
            """
        let a = try extract(ld)
        #expect(a.title == "Graph édition")
        #expect(a.author == "Ana Silva, Bo Chen")
        #expect(a.published == "2021-03-04")
        #expect(a.language == "pt-BR")
    }

    @Test func malformedJSONLDIsIgnored() throws {
        let a = try extract(
            "<script type=\"application/ld+json\">{\"headline\": \"broken\", </script><title>Fallback title</title>")
        #expect(a.title == "Fallback title")
    }

    @Test func authorSources() throws {
        #expect(try extract("<meta name=\"author\" content=\"By Jane Doe\">").author == "Jane Doe")
        #expect(try extract("<meta property=\"article:author\" content=\"https://facebook.com/jane\">").author == nil)
        #expect(try extract("<meta property=\"article:author\" content=\"Jane Doe\">").author == "Jane Doe")
        #expect(try extract("", "<a rel=\"author\" href=\"/a\">Sam Roe</a><p>x</p>").author == "Sam Roe")
        #expect(try extract("", "<div class=\"byline\">By Kim Lee</div><p>x</p>").author == "Kim Lee")
        #expect(
            try extract("", "<span itemprop=\"author\"><span itemprop=\"name\">Ola Nordmann</span></span>").author
                == "Ola Nordmann")
    }

    @Test func publishedDateSources() throws {
        #expect(
            try extract("<meta property=\"article:published_time\" content=\"2023-08-05T09:00:00+09:00\">").published
                == "2023-08-05")
        #expect(try extract("<meta name=\"pubdate\" content=\"20191119\">").published == "2019-11-19")
        #expect(
            try extract("", "<article><time datetime=\"2020-02-29\">Feb 29</time><p>x</p></article>").published
                == "2020-02-29")
        #expect(try extract("<meta name=\"date\" content=\"not a date\">").published == nil)
    }

    @Test(arguments: [
        ("2023-08-05T09:00:00+09:00", "2023-08-05"), ("2023/8/5", "2023-08-05"), ("20230805", "2023-08-05"),
        ("Sat, 05 Aug 2023 09:00:00 GMT", "2023-08-05"), ("August 5, 2023", "2023-08-05"),
        ("5 August 2023", "2023-08-05"), ("Aug. 5th, 2023 3:00 PM", "2023-08-05"), ("08/05/2023", "2023-08-05"),
        ("05.08.2023", "2023-08-05"), ("1691193600", "2023-08-05"), ("1691193600000", "2023-08-05"),
        ("Updated: 2019-11-19 10:20", "2019-11-19"),
    ])
    func datesAreNormalized(raw: String, expected: String) {
        #expect(DateNormalizer.isoDate(raw) == expected)
    }

    @Test(arguments: [
        "2023-02-30", "yesterday", "", "13/13/2013", "12345", "08/05/12023",
        // Found by fuzzing: a run of digits too long for an Int overflowed the day-month-year parser.
        "1/2/" + String(repeating: "9", count: 40), String(repeating: "7", count: 30) + "/05/2023",
    ])
    func nonDatesAreRejected(raw: String) {
        #expect(DateNormalizer.isoDate(raw) == nil)
    }

    @Test func canonicalURLIsResolvedAgainstThePageURL() throws {
        let base = "https://example.com/news/2023/story.html?x=1"
        #expect(
            try extract("<link rel=\"canonical\" href=\"/news/story\">", url: base).url
                == "https://example.com/news/story")
        #expect(
            try extract("<link rel=\"canonical\" href=\"//cdn.example.com/a\">", url: base).url
                == "https://cdn.example.com/a")
        #expect(
            try extract("<meta property=\"og:url\" content=\"https://example.com/og\">", url: base).url
                == "https://example.com/og")
        #expect(try extract("", url: base).url == base)
        #expect(try extract("").url == nil)
    }

    @Test func languageAndDescription() throws {
        let a = try extract(
            "<meta property=\"og:locale\" content=\"en_GB\"><meta name=\"description\" content=\" A  summary. \">")
        #expect(a.language == "en-GB")
        #expect(a.description == "A summary.")
        let b = try extractor.extract(html: Array("<html lang=\"de\"><body><p>x</p></body></html>".utf8))
        #expect(b.language == "de")
    }
}
