import Foundation
import HummingbirdTesting
import Search
import Testing

@testable import SearchServer

struct SearchAPITests {
    @Test func searchAnswersTheCommandLineJSONPlusTookMilliseconds() async throws {
        let index = try TestIndex()
        try await withServer(index) { client, server in
            let response = try await client.get("/api/search?q=shoigu+pyongyang")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            #expect(response.headers[SearchAPI.generationHeader] == "1")
            // The same members in the same order as `search --json`, then took_ms.
            #expect(response.text.hasPrefix("{\"total\":1,\"hits\":[{\"id\":\"shoigu\",\"url\":"))
            let object = try response.object()
            #expect(Set(object.keys) == ["total", "hits", "suggestion", "took_ms"])
            #expect(object["suggestion"] is NSNull)
            #expect(object["total"] as? Int == 1)
            #expect((object["took_ms"] as? Double).map { $0 >= 0 } == true)
            let hits = try #require(object["hits"] as? [[String: Any]])
            let hit = try #require(hits.first)
            #expect(Set(hit.keys) == ["id", "url", "title", "score", "snippet"])
            #expect(hit["url"] as? String == "https://example.org/shoigu")
            #expect(hit["title"] as? String == "Shoigu visits Pyongyang")
            let snippet = try #require(hit["snippet"] as? String)
            #expect(snippet.contains("<mark>Shoigu</mark>"))
            #expect(snippet.contains("<mark>Pyongyang</mark>"))
            // Scores and totals are the façade's own.
            let expected = try #require(server.index.snapshot).searcher.search("shoigu pyongyang")
            #expect(hit["score"] as? Double == Double(try #require(expected.hits.first).score))

            let misspelt = try await client.get("/api/search?q=shoigu+pyongyng").object()
            #expect(misspelt["suggestion"] as? String == "shoigu pyongyang")
        }
    }

    @Test func limitAndOffsetPageThroughTheRankingWithoutOverlap() async throws {
        let index = try TestIndex()
        try await withServer(index) { client, _ in
            var seen: [String] = []
            for offset in stride(from: 0, to: 25, by: 10) {
                let object = try await client.get("/api/search?q=pagination&limit=10&offset=\(offset)").object()
                #expect(object["total"] as? Int == 25)
                let hits = try #require(object["hits"] as? [[String: Any]])
                #expect(hits.count == min(10, 25 - offset))
                seen += hits.compactMap { $0["id"] as? String }
            }
            #expect(seen.count == 25)
            #expect(Set(seen).count == 25)
            let countOnly = try await client.get("/api/search?q=pagination&limit=0").object()
            #expect(countOnly["total"] as? Int == 25)
            #expect((countOnly["hits"] as? [Any])?.isEmpty == true)
        }
    }

    @Test(arguments: [
        ("/api/search", "the parameter q (the query) is missing"),
        ("/api/search?q=", "the query is empty"),
        ("/api/search?q=+++", "the query is empty"),
        ("/api/search?q=tokyo&limit=ten", "limit must be an integer from 0 to 1000, not \"ten\""),
        ("/api/search?q=tokyo&limit=1001", "limit must be an integer from 0 to 1000, not \"1001\""),
        ("/api/search?q=tokyo&limit=-1", "limit must be an integer from 0 to 1000, not \"-1\""),
        ("/api/search?q=tokyo&offset=-5", "offset must be an integer from 0 to 10000, not \"-5\""),
        ("/api/search?q=tokyo&offset=10001", "offset must be an integer from 0 to 10000, not \"10001\""),
        ("/api/search?q=tokyo%2", "the query string has a malformed %-escape"),
        ("/api/search?q=%FF%FE", "the query string is not valid UTF-8"),
        ("/api/search?q=%22tokyo", "The query opens a phrase with a quote (\") but never closes it."),
        ("/api/search?q=" + String(repeating: "a", count: 1025), "the query is longer than 1024 bytes"),
    ])
    func malformedParametersAreRefusedWith400AndASentence(uri: String, message: String) async throws {
        let index = try TestIndex()
        try await withServer(index) { client, _ in
            let response = try await client.get(uri)
            #expect(response.status == .badRequest)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            #expect(try response.errorMessage() == message)
        }
    }

    @Test func aQueryOfExactlyTheMaximumLengthIsAccepted() async throws {
        let index = try TestIndex()
        try await withServer(index) { client, _ in
            let response = try await client.get("/api/search?q=" + String(repeating: "a", count: 1024))
            #expect(response.status == .ok)
            #expect(try response.object()["total"] as? Int == 0)
        }
    }

    @Test func documentsAreFoundByIdWithSlashesAndEscapes() async throws {
        let index = try TestIndex()
        try await withServer(index) { client, _ in
            let shoigu = try await client.get("/api/documents/shoigu")
            #expect(shoigu.status == .ok)
            let object = try shoigu.object()
            #expect(object["id"] as? String == "shoigu")
            #expect(object["url"] as? String == "https://example.org/shoigu")
            #expect(object["title"] as? String == "Shoigu visits Pyongyang")
            #expect(object["author"] as? String == "Jane Doe")
            #expect(object["date"] as? String == "2023-07-27T10:00:00Z")
            #expect((object["body"] as? String)?.hasPrefix("Russian Defense Minister") == true)

            let tokyo = try await client.get("/api/documents/wikipedia/Tokyo").object()
            #expect(tokyo["title"] as? String == "Tokyo")
            let escaped = try await client.get("/api/documents/wikipedia%2FTokyo").object()
            #expect(escaped["title"] as? String == "Tokyo")
            // In a path `+` is a plus sign and `%20` a space.
            let odd = try await client.get("/api/documents/notes/a%20b+c").object()
            #expect(odd["title"] as? String == "Odd id")
        }
    }

    @Test func unknownDocumentsAnswer404AndMissingIds400() async throws {
        let index = try TestIndex()
        try await withServer(index) { client, _ in
            let unknown = try await client.get("/api/documents/no-such-article")
            #expect(unknown.status == .notFound)
            #expect(try unknown.errorMessage() == "there is no document with the id \"no-such-article\"")
            let prefix = try await client.get("/api/documents/wikipedia")
            #expect(prefix.status == .notFound)
            let bad = try await client.get("/api/documents/%ZZ")
            #expect(bad.status == .badRequest)
        }
    }

    @Test func statsDescribeTheServedCommit() async throws {
        let index = try TestIndex([Array(TestIndex.articles.prefix(3)), Array(TestIndex.articles.dropFirst(3))])
        try await withServer(index) { client, _ in
            let response = try await client.get("/api/stats")
            #expect(response.status == .ok)
            let object = try response.object()
            #expect(object["documents"] as? Int == TestIndex.articles.count)
            #expect(object["segments"] as? Int == 2)
            #expect(object["generation"] as? Int == 2)
            #expect(object["analyzer"] as? String == "plain")
            let files = try FileManager.default.contentsOfDirectory(atPath: index.directory)
                .filter { $0 != "write.lock" }
            let onDisk = try files.reduce(0) { total, name in
                let attributes = try FileManager.default.attributesOfItem(atPath: index.directory + "/" + name)
                return total + ((attributes[.size] as? NSNumber)?.intValue ?? 0)
            }
            #expect(object["bytes"] as? Int == onDisk)
            let committed = try #require(object["last_commit"] as? String)
            let format = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
            let date = try #require(try? Date(committed, strategy: format))
            #expect(abs(date.timeIntervalSinceNow) < 300)
        }
    }

    @Test func healthAndUnknownEndpoints() async throws {
        let index = try TestIndex()
        try await withServer(index) { client, _ in
            let health = try await client.get("/healthz")
            #expect(health.status == .ok)
            #expect(try health.object()["status"] as? String == "ok")
            let unknown = try await client.get("/api/nothing")
            #expect(unknown.status == .notFound)
            #expect(try unknown.errorMessage() == "no such endpoint")
            let post = try await client.execute(uri: "/api/search?q=tokyo", method: .post)
            #expect(post.status.code >= 400 && post.status.code < 500)
            #expect(post.headers[.contentType] == "application/json; charset=utf-8")
            let head = try await client.execute(uri: "/healthz", method: .head)
            #expect(head.status == .ok)
        }
    }

    @Test func withoutAnIndexEverythingAnswers503UntilTheFirstCommit() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("search-server-tests-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = SearchServer(index: try LiveIndex(directory: directory), logger: LogCapture().logger())
        try await server.makeApplication().test(.router) { client in
            for uri in ["/api/search?q=tokyo", "/api/stats", "/healthz", "/api/documents/shoigu"] {
                let response = try await client.get(uri)
                #expect(response.status == .serviceUnavailable, "\(uri)")
                #expect(try response.errorMessage() == "there is no index at \(directory) yet")
            }
            let page = try await client.get("/")
            #expect(page.status == .ok)
            #expect(page.text.contains("No index yet"))

            let writer = try IndexWriter(directory: directory, analyzer: .plain)
            try writer.add(StoredDocument(id: "first", title: "First", body: "tokyo at last"))
            try writer.commit()
            #expect(try server.index.refresh())
            let found = try await client.get("/api/search?q=tokyo").object()
            #expect(found["total"] as? Int == 1)
        }
    }

    @Test func everyRequestIsLoggedOnOneLineWithMethodPathStatusAndDuration() async throws {
        let index = try TestIndex()
        let log = LogCapture()
        try await withServer(index, log: log) { client, _ in
            _ = try await client.get("/api/search?q=tokyo")
            _ = try await client.get("/api/search?limit=x")
            _ = try await client.get("/missing")
            _ = try await client.get("/?q=tokyo")
        }
        let lines = log.messages
        #expect(lines.count == 4, "\(lines)")
        let pattern = /^GET (\S+) (\d{3}) \d+\.\d\d ms$/
        let parsed = lines.compactMap { line in
            (try? pattern.wholeMatch(in: line)).map { (String($0.1), String($0.2)) }
        }
        #expect(parsed.map(\.0) == ["/api/search?q=tokyo", "/api/search?limit=x", "/missing", "/?q=tokyo"])
        #expect(parsed.map(\.1) == ["200", "400", "404", "200"])
    }

    @Test func queriesOverTheirBudgetAnswer503AndKeepTheirSlotUntilTheyEnd() async throws {
        let runner = QueryRunner(budget: .milliseconds(50), maximumInFlight: 1)
        // The work cannot end before the test lets it, so an answer can only come from the budget running out.
        let gate = DispatchSemaphore(value: 0)
        let safety = Task {
            try await Task.sleep(for: .seconds(20))
            gate.signal()
        }
        defer { safety.cancel() }
        do {
            try await runner.run { gate.wait() }
            Issue.record("the query should have overrun its budget")
        } catch let error as APIError {
            #expect(error.status == .serviceUnavailable)
            #expect(error.message.hasPrefix("the query took longer than"))
        }
        // The overrunning work still occupies the only slot.
        do {
            try await runner.run {}
            Issue.record("a second query should have been turned away")
        } catch let error as APIError {
            #expect(error.status == .serviceUnavailable)
            #expect(error.message == "the server is busy; try again shortly")
        }
        gate.signal()
        // Once it ends, the slot is free again.
        var answer: Int?
        for _ in 0..<100 where answer == nil {
            try await Task.sleep(for: .milliseconds(100))
            answer = try? await runner.run { 42 }
        }
        #expect(answer == 42)
    }
}
