import Foundation
import HummingbirdTesting
import Search
import Testing

@testable import SearchServer

struct SearchPageTests {
    @Test func theHomePageIsAFormThatSubmitsByGET() async throws {
        let index = try TestIndex()
        try await withServer(index) { client, _ in
            let page = try await client.get("/")
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.text.contains("<form action=\"/\" method=\"get\" role=\"search\">"))
            #expect(page.text.contains("<input type=\"search\" name=\"q\" value=\"\""))
            #expect(page.text.contains("\(TestIndex.articles.count) articles · commit 1"))
            #expect(!page.text.contains("<script"))
            #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
        }
    }

    @Test func resultsShowTitleLinksDatesHighlightedSnippetsAndTheTotal() async throws {
        let index = try TestIndex()
        try await withServer(index) { client, _ in
            let page = try await client.get("/?q=shoigu+pyongyang").text
            #expect(page.contains("<title>shoigu pyongyang – Search</title>"))
            #expect(page.contains("value=\"shoigu pyongyang\""))
            #expect(page.contains("1–1 of 1 result "))
            let hit = try #require(page.range(of: "<li class=\"hit\" data-id=\"shoigu\">"))
            let item = page[hit.lowerBound...]
            let link = "<a href=\"https://example.org/shoigu\" rel=\"noreferrer\">Shoigu visits Pyongyang</a>"
            #expect(item.contains(link))
            #expect(item.contains("<time datetime=\"2023-07-27T10:00:00Z\">2023-07-27</time>"))
            #expect(item.contains("<span class=\"author\">Jane Doe</span>"))
            #expect(item.contains("<mark>Shoigu</mark>"))
            #expect(item.contains("<mark>Pyongyang</mark>"))
            #expect(!page.contains("Did you mean"))
        }
    }

    @Test func aMisspeltQueryOffersTheCorrectedOneAsALink() async throws {
        let index = try TestIndex()
        try await withServer(index) { client, _ in
            let page = try await client.get("/?q=shoigu+pyongyng").text
            let link = "Did you mean <a href=\"/?q=shoigu+pyongyang\">shoigu pyongyang</a>?"
            #expect(page.contains(link))
        }
    }

    @Test func everythingFromTheIndexAndTheRequestIsEscaped() async throws {
        let index = try TestIndex()
        try await withServer(index) { client, _ in
            let echoed = try await client.get("/?q=%3Cscript%3Ealert%3C/script%3E+%22x%22").text
            #expect(!echoed.contains("<script"))
            #expect(echoed.contains("value=\"&lt;script&gt;alert&lt;/script&gt; &quot;x&quot;\""))
            #expect(echoed.contains("<title>&lt;script&gt;alert&lt;/script&gt; &quot;x&quot; – Search</title>"))
            let page = try await client.get("/?q=zebra").text
            #expect(page.contains("data-id=\"xss\""))
            #expect(!page.contains("<script"))
            #expect(!page.contains("<b>"))
            #expect(page.contains("&lt;b&gt;markup&lt;/b&gt;"))
            #expect(page.contains("&lt;script&gt;alert('title')&lt;/script&gt; &amp; friends"))
            #expect(page.contains("&quot;Quote&quot; &lt;b&gt;Author&lt;/b&gt;"))
            // A javascript: address never becomes a link; the title links to the stored article instead.
            #expect(!page.contains("href=\"javascript:"))
            #expect(page.contains("<a href=\"/api/documents/xss\" rel=\"noreferrer\">"))
        }
    }

    @Test func pagesLinkToEachOtherAndKeepTheQuery() async throws {
        let index = try TestIndex()
        try await withServer(index) { client, _ in
            let first = try await client.get("/?q=pagination+filler").text
            #expect(first.contains("1–10 of 25 results"))
            #expect(first.contains("<span aria-current=\"page\">1</span>"))
            #expect(first.contains("<a rel=\"next\" href=\"/?q=pagination+filler&amp;page=2\">Next ›</a>"))
            #expect(!first.contains("rel=\"prev\""))
            let last = try await client.get("/?q=pagination+filler&page=3").text
            #expect(last.contains("21–25 of 25 results"))
            #expect(last.contains("<ol class=\"hits\" start=\"21\">"))
            #expect(last.contains("<a rel=\"prev\" href=\"/?q=pagination+filler&amp;page=2\">‹ Previous</a>"))
            #expect(!last.contains("rel=\"next\""))
            let ids = { (page: String) in
                page.matches(of: /data-id="([^"]+)"/).map { String($0.1) }
            }
            let second = try await client.get("/?q=pagination+filler&page=2").text
            #expect(Set(ids(first)).isDisjoint(with: ids(second)))
            #expect(ids(first).count + ids(second).count + ids(last).count == 25)
        }
    }

    @Test func mistakesAreShownOnThePageWithTheirStatus() async throws {
        let index = try TestIndex()
        try await withServer(index) { client, _ in
            let quote = try await client.get("/?q=%22tokyo")
            #expect(quote.status == .badRequest)
            #expect(quote.text.contains("<p class=\"error\" role=\"alert\">The query opens a phrase with a quote"))
            #expect(quote.text.contains("value=\"&quot;tokyo\""))
            let page = try await client.get("/?q=tokyo&page=0")
            #expect(page.status == .badRequest)
            #expect(page.text.contains("Page must be an integer from 1 to 1001"))
            let nothing = try await client.get("/?q=nonexistentword")
            #expect(nothing.status == .ok)
            #expect(nothing.text.contains("No results."))
        }
    }
}
