import SearchIndex
import Testing

@testable import SearchQuery

@Suite("Searcher")
struct SearcherTests {
    static let documents = [
        StoredDocument(
            id: "fox", url: "http://example.com/animals/fox", title: "Quick fox",
            body: "the quick brown fox jumps over the lazy dog"),
        StoredDocument(
            id: "dogs", url: "http://example.com/dogs", title: "Dogs",
            body: "a lazy dog sleeps; the dog dreams of a quick fox"),
        StoredDocument(
            id: "art", url: "http://example.org/art", title: "Art",
            body: "state of the art search: state-of-the-art engines"),
        StoredDocument(id: "york", body: "new new new york is new"),
        StoredDocument(
            id: "news", url: "http://news.example.com/us", title: "U.S. news", body: "the U.S. economy grew"),
    ]

    let index: TemporaryIndex
    let searcher: Searcher

    init() throws {
        // Two segments, so every test also crosses a segment boundary.
        index = try TemporaryIndex(batches: [Array(Self.documents[0..<2]), Array(Self.documents[2...])])
        searcher = Searcher(reader: index.reader)
    }

    /// Ids of all hits, best first; also checks that `count` agrees with `total`.
    func ids(_ text: String) throws -> [String] {
        let query = try QueryParser.parse(text)
        let top = searcher.search(query, limit: 100)
        #expect(top.total == top.hits.count, "\(text)")
        #expect(searcher.count(query) == top.total, "\(text)")
        return try top.hits.map(index.id)
    }

    func idSet(_ text: String) throws -> Set<String> { Set(try ids(text)) }

    @Test func terms() throws {
        #expect(try idSet("fox") == ["fox", "dogs"])
        #expect(try idSet("FOX") == ["fox", "dogs"])
        #expect(try idSet("zebra") == [])
        #expect(try idSet("fox zebra") == ["fox", "dogs"])
        #expect(try idSet("+fox +zebra") == [])
    }

    @Test func conjunctionsAndUnions() throws {
        #expect(try idSet("+quick +lazy") == ["fox", "dogs"])
        #expect(try idSet("+brown +lazy") == ["fox"])
        #expect(try idSet("brown york") == ["fox", "york"])
        #expect(try idSet("brown AND york") == [])
        #expect(try idSet("(brown OR sleeps) AND lazy") == ["fox", "dogs"])
        // Optional clauses beside a required one only add score.
        let ranked = try ids("+fox brown")
        #expect(ranked == ["fox", "dogs"])
        #expect(try ids("+fox sleeps") == ["dogs", "fox"])
    }

    @Test func phrases() throws {
        #expect(try idSet("\"quick brown\"") == ["fox"])
        #expect(try idSet("\"brown quick\"") == [])
        // The default field holds title + "\n" + body: "Quick fox" + "the quick brown..." and "a quick fox".
        #expect(try idSet("\"quick fox\"") == ["fox", "dogs"])
        #expect(try idSet("\"fox the\"") == ["fox"])  // title's last word, body's first
        #expect(try idSet("\"lazy dog\" -sleeps") == ["fox"])
        #expect(try idSet("+\"lazy dog\" +\"quick fox\"") == ["fox", "dogs"])
        #expect(try idSet("\"zebra fox\"") == [])
    }

    @Test func phrasesWithRepeatedWords() throws {
        // "new new new york is new": `new` at 0, 1, 2 and 5.
        let twice = searcher.search(try QueryParser.parse("\"new new\""), limit: 10)
        let thrice = searcher.search(try QueryParser.parse("\"new new new\""), limit: 10)
        #expect(twice.total == 1 && thrice.total == 1)
        #expect(try idSet("\"new new new new\"") == [])
        #expect(try idSet("\"new york\"") == ["york"])
        #expect(try idSet("\"york new\"") == [])
        #expect(try idSet("\"is new\"") == ["york"])
        // Phrase frequency 2 for "new new" (starts 0 and 1) against 1 for "new new new"; more idf terms in the
        // longer phrase, so compare with the explicit formula instead of with each other.
        let stats = phraseStatistics()
        let newIdf = BM25.idf(documentFrequency: 1, documentCount: stats.documents)
        let k = BM25.lengthFactor(length: 6, averageLength: stats.averageBody, parameters: BM25Parameters())
        let expectedTwice = (newIdf + newIdf) * (2 / (2 + k))
        let expectedThrice = (newIdf + newIdf + newIdf) * (1 / (1 + k))
        #expect(abs(twice.hits[0].score - expectedTwice) < 1e-5)
        #expect(abs(thrice.hits[0].score - expectedThrice) < 1e-5)
    }

    func phraseStatistics() -> (documents: UInt64, averageBody: Float) {
        let documents = index.reader.segments.reduce(UInt64(0)) { $0 + UInt64($1.documentCount) }
        let tokens = index.reader.segments.reduce(UInt64(0)) { $0 + $1.statistics(.body).totalTermCount }
        return (documents, Float(tokens) / Float(documents))
    }

    @Test func wordsThatAnalyzeToSeveralTermsArePhrases() throws {
        #expect(try idSet("state-of-the-art") == ["art"])
        #expect(try idSet("U.S.") == ["news"])
        #expect(try idSet("u.s. economy") == ["news"])
        #expect(try idSet("york-new") == [])
        // Frequency 2: "state of the art" and "state-of-the-art".
        let phrase = searcher.search(try QueryParser.parse("\"state of the art\""), limit: 1)
        let word = searcher.search(try QueryParser.parse("state-of-the-art"), limit: 1)
        #expect(phrase.hits == word.hits)
    }

    @Test func wordsWithoutTermsAreDropped() throws {
        #expect(try idSet("...") == [])
        #expect(try idSet("+fox +...") == ["fox", "dogs"])
        #expect(try idSet("fox - brown") == ["fox", "dogs"])
        #expect(try idSet("\"\"") == [])
    }

    @Test func exclusions() throws {
        #expect(try idSet("fox -brown") == ["dogs"])
        #expect(try idSet("+fox -brown") == ["dogs"])
        #expect(try idSet("fox NOT brown") == ["dogs"])
        #expect(try idSet("fox art -brown") == ["dogs", "art"])
        #expect(try idSet("fox art -brown -engines") == ["dogs"])
        #expect(try idSet("fox -zebra") == ["fox", "dogs"])
        #expect(try idSet("fox -\"lazy dog\"") == [])
        #expect(try idSet("fox -(sleeps OR jumps)") == [])
        #expect(try idSet("+(fox OR art) -(sleeps jumps)") == ["art"])
    }

    @Test func exclusionsDoNotChangeScores() throws {
        let all = searcher.search(try QueryParser.parse("fox art"), limit: 10).hits
        let some = searcher.search(try QueryParser.parse("fox art -brown"), limit: 10).hits
        #expect(some == all.filter { (try? index.id($0)) != "fox" })
    }

    @Test func fields() throws {
        #expect(try idSet("title:fox") == ["fox"])
        #expect(try idSet("title:dog") == [])  // the title says "Dogs"
        #expect(try idSet("body:dog") == ["fox", "dogs"])
        #expect(try idSet("body:fox") == idSet("fox"))
        #expect(try idSet("url:example") == ["fox", "dogs", "art", "news"])
        #expect(try idSet("url:org") == ["art"])
        #expect(try idSet("url:example.org") == ["art"])
        #expect(try idSet("title:\"quick fox\"") == ["fox"])
        #expect(try idSet("title:(dogs OR art)") == ["dogs", "art"])
        #expect(try idSet("+url:example -title:art") == ["fox", "dogs", "news"])
        // A field's own statistics: the title match scores differently from the body match.
        let title = searcher.search(try QueryParser.parse("title:fox"), limit: 1).hits[0]
        let body = searcher.search(try QueryParser.parse("fox"), limit: 2).hits.first { $0.doc == title.doc }!
        #expect(title.score != body.score)
    }

    @Test func paginationAndTies() throws {
        let query = try QueryParser.parse("the")
        let all = searcher.search(query, limit: 100)
        #expect(all.total == 4)
        let pages = (0..<4).map { searcher.search(query, limit: 1, offset: $0) }
        #expect(pages.flatMap(\.hits) == all.hits)
        #expect(pages.allSatisfy { $0.total == 4 })
        #expect(searcher.search(query, limit: 10, offset: 10).hits.isEmpty)
        #expect(searcher.search(query, limit: 0).hits.isEmpty)
        #expect(searcher.search(query, limit: 0).total == 4)
        #expect(searcher.search(query, limit: .max, offset: .max).hits.isEmpty)

        // Identical documents in three segments tie; the lower (segment, doc) wins.
        let same = StoredDocument(id: "same", body: "tie tie break")
        let ties = try TemporaryIndex(batches: [[same, same], [same], [same]])
        let hits = Searcher(reader: ties.reader).search(try QueryParser.parse("tie"), limit: 3).hits
        #expect(hits.map { [$0.segment, Int($0.doc)] } == [[0, 0], [0, 1], [1, 0]])
        #expect(Set(hits.map(\.score)).count == 1)
    }

    @Test func scoresDoNotDependOnSegmentation() throws {
        let one = try TemporaryIndex(batches: [Self.documents])
        let many = try TemporaryIndex(batches: Self.documents.map { [$0] })
        for text in ["fox", "quick fox", "\"quick fox\"", "+the +lazy", "title:art url:example -york"] {
            let query = try QueryParser.parse(text)
            let a = Searcher(reader: one.reader).search(query, limit: 10).hits
            let b = Searcher(reader: many.reader).search(query, limit: 10).hits
            #expect(a.map(\.score) == b.map(\.score), "\(text)")
            #expect(try a.map(one.id) == b.map(many.id), "\(text)")
        }
    }

    @Test func highlightTerms() throws {
        let query = try QueryParser.parse("Quick -lazy \"brown fox\" title:dog (U.S. -(zebra)) fox url:com")
        let terms = searcher.highlightTerms(query).map { String(decoding: $0, as: UTF8.self) }
        #expect(terms == ["quick", "brown", "fox", "dog", "u", "s"])
    }

    @Test func emptyIndex() throws {
        let empty = try TemporaryIndex(batches: [])
        let searcher = Searcher(reader: empty.reader)
        let query = try QueryParser.parse("fox OR dog")
        #expect(searcher.search(query, limit: 10) == TopDocs(total: 0, hits: []))
        #expect(searcher.count(query) == 0)
    }
}
