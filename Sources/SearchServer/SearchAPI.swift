import Foundation
import Hummingbird
import Search

/// The JSON endpoints: `/api/search`, `/api/documents/{id}`, `/api/stats` and `/healthz`. Every one takes the
/// index's current snapshot once and answers from it alone.
struct SearchAPI: Sendable {
    /// The index served.
    let index: LiveIndex
    /// Limits.
    let configuration: ServerConfiguration
    /// Where index work runs.
    let runner: QueryRunner

    /// The prefix of document paths.
    static let documentsPrefix = "/api/documents/"
    /// The response header that names the commit an answer was computed on.
    static let generationHeader = HTTPFields.Element.Name("X-Index-Generation")!

    func register<Context: RequestContext>(on router: Router<Context>) {
        router.get("/api/search") { request, _ in try await search(request) }
        router.get("/api/documents/**") { request, _ in try await document(request) }
        router.get("/api/stats") { _, _ in try stats() }
        router.get("/healthz") { _, _ in try health() }
    }

    /// The snapshot to answer from, or 503 while there is no index.
    func snapshot() throws(APIError) -> IndexSnapshot {
        guard let snapshot = index.snapshot else { throw .noIndex(index.directory) }
        return snapshot
    }

    /// The validated query text of `parameters`: present, not blank, not too long.
    func queryText(_ parameters: QueryParameters) throws(APIError) -> String {
        guard let text = parameters["q"] else { throw .badParameter("the parameter q (the query) is missing") }
        guard text.utf8.count <= configuration.maximumQueryBytes else {
            throw .badParameter("the query is longer than \(configuration.maximumQueryBytes) bytes")
        }
        guard text.contains(where: { !$0.isWhitespace }) else {
            throw .badParameter(SearchError.emptyQuery.description)
        }
        return text
    }

    /// Runs `text` on `snapshot` through the runner, mapping the user's mistakes to 400.
    func results(_ text: String, limit: Int, offset: Int, on snapshot: IndexSnapshot) async throws -> SearchResults {
        do {
            return try await runner.run { try snapshot.searcher.search(text, limit: limit, offset: offset) }
        } catch {
            throw APIError.from(error)
        }
    }

    /// `GET /api/search?q=…&limit=10&offset=0`: `search --json`'s object plus `took_ms`.
    func search(_ request: Request) async throws -> Response {
        let start = ContinuousClock.now
        let parameters = try QueryParameters(request.uri.query)
        let text = try queryText(parameters)
        let limit = try parameters.integer("limit", default: 10, in: 0...configuration.maximumLimit)
        let offset = try parameters.integer("offset", default: 0, in: 0...configuration.maximumOffset)
        let snapshot = try snapshot()
        let results = try await results(text, limit: limit, offset: offset, on: snapshot)
        let milliseconds = start.duration(to: .now).milliseconds
        return JSONOutput.results(results, extra: [
            ("took_ms", .double((milliseconds * 1000).rounded() / 1000)),
        ]).response(headers: [Self.generationHeader: String(snapshot.generation)])
    }

    /// `GET /api/documents/{id}`: the stored article; ids may contain `/` (`wikipedia/Tokyo`) and `%`-escapes.
    func document(_ request: Request) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix(Self.documentsPrefix) else { throw APIError(.notFound, "no such endpoint") }
        let id = try QueryParameters.decode(path.dropFirst(Self.documentsPrefix.count).utf8, plusIsSpace: false)
        guard !id.isEmpty else { throw APIError.badParameter("the document id is missing") }
        let snapshot = try snapshot()
        let found = try await runner.run { try snapshot.document(id: id) }
        guard let document = found else {
            throw APIError(.notFound, "there is no document with the id \"\(id.prefix(200))\"")
        }
        return JSONOutput.object([
            ("id", .string(document.id)),
            ("url", .string(document.url)),
            ("title", .string(document.title)),
            ("author", .string(document.author)),
            ("date", .string(document.published)),
            ("body", .string(document.body)),
        ]).response(headers: [Self.generationHeader: String(snapshot.generation)])
    }

    /// `GET /api/stats`: what the served commit holds.
    func stats() throws -> Response {
        let snapshot = try snapshot()
        return JSONOutput.object([
            ("documents", .int(snapshot.documentCount)),
            ("segments", .int(snapshot.segmentCount)),
            ("analyzer", .string(snapshot.analyzer.rawValue)),
            ("bytes", .int(snapshot.sizeInBytes)),
            ("generation", .int(Int(clamping: snapshot.generation))),
            ("last_commit", snapshot.committedAt.map { .string(Self.timestamp($0)) } ?? .null),
        ]).response(headers: [Self.generationHeader: String(snapshot.generation)])
    }

    /// `GET /healthz`: 200 while an index is served, 503 before the first commit.
    func health() throws -> Response {
        let snapshot = try snapshot()
        return JSONOutput.object([
            ("status", .string("ok")),
            ("documents", .int(snapshot.documentCount)),
            ("generation", .int(Int(clamping: snapshot.generation))),
        ]).response(headers: [Self.generationHeader: String(snapshot.generation)])
    }

    /// ISO 8601 in UTC with milliseconds, e.g. `2025-11-27T21:52:03.125Z`.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
