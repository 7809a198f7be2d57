import Foundation
import SearchExtraction
import Testing

/// The project's founding article must extract exactly as `seed/*.expected.json` says.
@Suite struct SeedArticleTests {
    struct Expected: Decodable {
        var title: String
        var author: String
        var published: String
        var url: String
        var body_must_contain: [String]
        var body_must_not_contain: [String]
    }

    static let name = "seed/japan-forward-russia-militant-friendships"

    @Test func seedPageMatchesExpectedExtraction() throws {
        let html = try TestData.bytes(Self.name + ".html")
        let expected = try JSONDecoder().decode(
            Expected.self, from: Data(try TestData.bytes(Self.name + ".expected.json")))
        let article = try ArticleExtractor().extract(html: html)
        #expect(article.title == expected.title)
        #expect(article.author == expected.author)
        #expect(article.published == expected.published)
        #expect(article.url == expected.url)
        #expect(article.language == "en")
        #expect(article.description?.hasPrefix("Vladimir Putin sent the Russian navy") == true)
        for phrase in expected.body_must_contain {
            #expect(article.body.contains(phrase), "body lacks: \(phrase)")
        }
        for phrase in expected.body_must_not_contain {
            #expect(!article.body.contains(phrase), "body contains boilerplate: \(phrase)")
        }
    }
}
