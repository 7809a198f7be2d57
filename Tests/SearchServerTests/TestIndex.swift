import Foundation
import HummingbirdTesting
import Logging
import Search
import Synchronization
import Testing

@testable import SearchServer

/// An index in a fresh temporary directory with a writer kept open, so tests can commit more while a server
/// answers. Uses the `plain` analyzer so that expectations do not move with ranking work.
final class TestIndex: @unchecked Sendable {
    let directory: String
    private let writer: IndexWriter

    init(_ batches: [[StoredDocument]] = [TestIndex.articles]) throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("search-server-tests-\(UUID().uuidString)").path
        writer = try IndexWriter(directory: directory, analyzer: .plain)
        for batch in batches { try commit(batch) }
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// Adds `documents` and commits them (one new segment).
    func commit(_ documents: [StoredDocument]) throws {
        for document in documents { try writer.add(document) }
        try writer.commit()
    }

    /// A few articles with every stored field, plus ones that test escaping and odd ids.
    static let articles: [StoredDocument] = [
        StoredDocument(
            id: "shoigu", url: "https://example.org/shoigu", title: "Shoigu visits Pyongyang", author: "Jane Doe",
            published: "2023-07-27T10:00:00Z",
            body: "Russian Defense Minister Sergei Shoigu arrived in Pyongyang on Wednesday for talks with North "
                + "Korean leaders about military cooperation. Pyongyang held a parade for the visit."),
        StoredDocument(
            id: "wikipedia/Tokyo", url: "https://en.wikipedia.org/wiki/Tokyo", title: "Tokyo",
            published: "2001-09-06", body: "Tokyo is the capital of Japan and its largest city."),
        StoredDocument(
            id: "weather", url: "https://example.org/weather", title: "Rain in Hokkaido",
            body: "Heavy rain is expected across Hokkaido this week, with flooding possible near the coast."),
        StoredDocument(
            id: "xss", url: "javascript:alert(1)", title: "<script>alert('title')</script> & friends",
            author: "\"Quote\" <b>Author</b>", body: "A zebra page whose <b>markup</b> must stay text & escaped."),
        StoredDocument(id: "notes/a b+c", title: "Odd id", body: "A note whose id has a slash, a space and a plus."),
    ] + (1...25).map { number in
        StoredDocument(id: "filler-\(number)", title: "Filler \(number)", body: "pagination filler number \(number)")
    }
}

/// Values appended from several tasks, read at the end.
final class Recorder<Element: Sendable>: Sendable {
    private let storage = Mutex<[Element]>([])

    /// Everything appended so far, in order.
    var values: [Element] { storage.withLock { $0 } }

    func append(_ value: Element) {
        storage.withLock { $0.append(value) }
    }
}

/// Collects the messages logged through it.
final class LogCapture: Sendable {
    private let storage = Mutex<[String]>([])

    /// Every message so far, in order.
    var messages: [String] { storage.withLock { $0 } }

    /// A logger whose messages land here.
    func logger() -> Logger {
        Logger(label: "test") { _ in CapturingLogHandler(capture: self) }
    }

    fileprivate func append(_ message: String) {
        storage.withLock { $0.append(message) }
    }
}

private struct CapturingLogHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(
        level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String,
        function: String, line: UInt
    ) {
        capture.append(message.description)
    }
}

/// Helpers for reading answers.
extension TestResponse {
    /// The body as text.
    var text: String { String(buffer: body) }

    /// The body parsed as a JSON object.
    func object() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
    }

    /// The `error` member of a JSON refusal.
    func errorMessage() throws -> String {
        try #require(try object()["error"] as? String)
    }
}

/// A server over `index` with a captured log and the given limits, driven through Hummingbird's router tester.
func withServer<Value: Sendable>(
    _ index: TestIndex, configuration: ServerConfiguration = ServerConfiguration(),
    log: LogCapture = LogCapture(),
    _ body: @Sendable (any TestClientProtocol, SearchServer) async throws -> Value
) async throws -> Value {
    let server = SearchServer(
        index: try LiveIndex(directory: index.directory), configuration: configuration, logger: log.logger())
    return try await server.makeApplication().test(.router) { client in try await body(client, server) }
}

extension TestClientProtocol {
    /// `GET uri`.
    func get(_ uri: String) async throws -> TestResponse {
        try await execute(uri: uri, method: .get)
    }
}
