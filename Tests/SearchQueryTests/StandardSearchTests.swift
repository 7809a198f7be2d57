import Foundation
import SearchAnalysis
import SearchIndex
import Testing

@testable import SearchQuery

/// Queries on `standard` indexes: stemming, stop words, possessives and CJK bigrams as users meet them.
@Suite("Searching standard indexes")
struct StandardSearchTests {
    static let documents = [
        StoredDocument(id: "art", title: "The state of the art", body: "Engines that are state of the art."),
        StoredDocument(id: "state", title: "A state", body: "The art of the state is politics."),
        StoredDocument(id: "who", title: "The Who", body: "The Who played in London."),
        StoredDocument(id: "runner", title: "Runners", body: "She was running; he runs every day."),
        StoredDocument(id: "putin", title: "Putin's army", body: "The army's new doctrine."),
        StoredDocument(
            id: "tower", title: "東京タワー", body: "東京タワーは東京都港区にある電波塔です。展望台から富士山が見えます。"),
        StoredDocument(id: "park", title: "散歩", body: "今日は天気がいいので、公園を散歩しました。"),
        StoredDocument(id: "kyoto", title: "京都", body: "京都には古いお寺がたくさんあります。"),
    ]

    let index: TemporaryIndex
    let searcher: Searcher

    init() throws {
        index = try TemporaryIndex(
            analyzer: .standard, batches: [Array(Self.documents[0..<3]), Array(Self.documents[3...])])
        searcher = Searcher(reader: index.reader)
    }

    func ids(_ text: String) throws -> [String] {
        let query = try QueryParser.parse(text)
        let top = searcher.search(query, limit: 100)
        #expect(top.total == top.hits.count && searcher.count(query) == top.total, "\(text)")
        return try top.hits.map(index.id)
    }

    @Test func stemmingMatchesOtherFormsOfAWord() throws {
        #expect(try Set(ids("run")) == ["runner"])
        #expect(try Set(ids("RUNNING")) == ["runner"])
        #expect(try Set(ids("armies")) == ["putin"])
    }

    @Test func stopWordsAreIgnoredOutsidePhrases() throws {
        // "the" and "of" would match every English document; they do not count.
        #expect(try Set(ids("the state of the art")) == ["art", "state"])
        #expect(try ids("the state of the art") == ids("state art"))
        #expect(searcher.highlightTerms(try QueryParser.parse("the state of the art")) == [
            Array("state".utf8), Array("art".utf8),
        ])
        // A phrase keeps them, so word order and the small words matter.
        #expect(try ids("\"state of the art\"") == ["art"])
        #expect(try ids("\"the art of the state\"") == ["state"])
        // So does a word that analyzes to several terms (searched as a phrase).
        #expect(try ids("state-of-the-art") == ["art"])
    }

    @Test func aQueryOfStopWordsOnlySearchesForThem() throws {
        // A query with other words just drops them.
        #expect(try ids("the who") == ["who"])
        #expect(searcher.highlightTerms(try QueryParser.parse("the who")) == [Array("who".utf8)])
        // Users who type only stop words mean them: such a query searches for them rather than nothing.
        #expect(try Set(ids("The")) == ["art", "state", "who", "putin"])
        #expect(try ids("this is it") == ids("is"))
        #expect(try ids("+the +zebra").isEmpty)
        #expect(try Set(ids("the -who")) == ["art", "state", "putin"])
        #expect(searcher.highlightTerms(try QueryParser.parse("the -who")) == [Array("the".utf8)])
    }

    @Test func possessivesMatchThePlainWord() throws {
        #expect(try ids("putin") == ["putin"])
        #expect(try ids("\"putin army\"") == ["putin"])
        #expect(try ids("Putin’s") == ["putin"])
    }

    @Test func japaneseQueriesMatchJapaneseArticles() throws {
        #expect(try ids("東京タワー") == ["tower"])
        #expect(try ids("富士山") == ["tower"])
        #expect(try ids("公園を散歩") == ["park"])
        #expect(try ids("天気") == ["park"])
        #expect(try ids("お寺") == ["kyoto"])
        // A word in the title and body ranks first; bigrams also find 京都 inside 東京都 (a known limit).
        #expect(try ids("京都") == ["kyoto", "tower"])
        #expect(try ids("横浜").isEmpty)
    }

    @Test func freeTextIgnoresQuerySyntax() throws {
        let query = Query.freeText("What is \"the art\" of (running) -state? title:Who +", analyzer: .standard)
        let top = searcher.search(query, limit: 10)
        #expect(Set(try top.hits.map(index.id)) == ["art", "state", "runner", "who"])
        #expect(searcher.search(Query.freeText("\"", analyzer: .standard), limit: 10).total == 0)
        #expect(searcher.search(Query.freeText("", analyzer: .standard), limit: 10).total == 0)
    }
}
