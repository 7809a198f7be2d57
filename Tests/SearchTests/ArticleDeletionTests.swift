import Foundation
import Search
import Testing

/// Deleting by URL, by id and by query: the documents leave results, counts and lookups by id, for good.
struct ArticleDeletionTests {
    static let lines = [
        #"{"id": "a", "url": "https://example.org/a", "title": "Rain", "body": "rain over hokkaido"}"#,
        #"{"id": "b", "url": "https://example.org/b", "title": "Snow", "body": "snow over hokkaido"}"#,
        #"{"id": "c", "title": "Sun", "body": "sun over okinawa"}"#,
        #"{"id": "d", "title": "Rain again", "body": "rain over okinawa"}"#,
    ]

    /// An index of the four documents, committed in two runs (so two segments).
    static func build(in folder: TemporaryFolder) throws -> String {
        let directory = folder.url.appendingPathComponent("index").path
        for (name, part) in [("one.jsonl", lines[0..<2]), ("two.jsonl", lines[2..<4])] {
            let file = try folder.write(name, part.joined(separator: "\n")).path
            _ = try ArticleIndexer(directory: directory).index([file])
        }
        return directory
    }

    /// Runs `body` with a fresh indexer, released (with its write lock) on return.
    static func withIndexer<T>(_ directory: String, _ body: (ArticleIndexer) throws -> T) throws -> T {
        try body(try ArticleIndexer(directory: directory))
    }

    @Test func deletingByURLAndByIDRemovesTheDocumentsForGood() throws {
        let folder = try TemporaryFolder()
        let directory = try Self.build(in: folder)
        let deleted = try Self.withIndexer(directory) { indexer in
            let count = try indexer.delete(urlOrID: "https://example.org/a") + indexer.delete(urlOrID: "c")
            #expect(try indexer.delete(urlOrID: "nothing-here") == 0)
            try indexer.commit()
            return count
        }
        #expect(deleted == 2)
        let snapshot = try IndexSnapshot(directory: directory)
        #expect(snapshot.documentCount == 2)
        #expect(try snapshot.document(id: "a") == nil)
        #expect(try snapshot.document(id: "c") == nil)
        #expect(try snapshot.document(id: "b")?.title == "Snow")
        let rain = try snapshot.searcher.search("rain")
        #expect(rain.total == 1 && rain.hits.map(\.id) == ["d"])
        #expect(snapshot.searcher.searcher.count(try QueryParser.parse("over")) == 2)
        #expect(snapshot.searcher.searcher.count(try QueryParser.parse("rain OR sun")) == 1)
        // An id that is not the identity (the document has a URL) finds it too.
        #expect(try Self.withIndexer(directory) { try $0.delete(urlOrID: "b") } == 1)
    }

    @Test func deletingByQueryRemovesEveryMatch() throws {
        let folder = try TemporaryFolder()
        let directory = try Self.build(in: folder)
        let matches = try Self.withIndexer(directory) { try $0.documents(matching: "hokkaido").map(\.id) }
        #expect(matches == ["a", "b"])
        let deleted = try Self.withIndexer(directory) { indexer in
            let count = try indexer.delete(matching: "hokkaido")
            try indexer.commit()
            return count
        }
        #expect(deleted == 2)
        let searcher = try ArticleSearcher(directory: directory)
        #expect(try searcher.search("hokkaido").total == 0)
        #expect(try searcher.search("over").hits.map(\.id).sorted() == ["c", "d"])
        #expect(try Self.withIndexer(directory) { try $0.delete(matching: "hokkaido") } == 0)
        // Indexing the deleted documents again brings them back as new documents.
        let file = try folder.write("again.jsonl", Self.lines.joined(separator: "\n")).path
        let again = try Self.withIndexer(directory) { try $0.index([file]) }
        #expect((again.indexed, again.updated, again.unchanged) == (2, 0, 2))
        #expect(try ArticleSearcher(directory: directory).search("hokkaido").total == 2)
    }
}
