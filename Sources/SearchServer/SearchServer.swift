import Hummingbird
import Logging
import Search

/// `search serve`: the HTTP API and the search page over a `LiveIndex`, on Hummingbird.
///
/// Routes: `GET /` (the page), `GET /api/search`, `GET /api/documents/{id}`, `GET /api/stats`, `GET /healthz`.
/// Every request is logged in one line; every refusal is JSON `{"error": …}` (the page shows it instead).
/// Search logic stays in the `Search` façade: the server validates parameters, picks the index's current
/// snapshot and formats what the façade returns.
public struct SearchServer: Sendable {
    /// The index served.
    public let index: LiveIndex
    /// Address, port and limits.
    public let configuration: ServerConfiguration
    /// Where request lines and errors go.
    public let logger: Logger

    /// A server over `index`. Call `run()` to serve, or `makeApplication()` to test.
    public init(index: LiveIndex, configuration: ServerConfiguration = ServerConfiguration(), logger: Logger? = nil) {
        self.index = index
        self.configuration = configuration
        self.logger = logger ?? Logger(label: "search.serve")
    }

    /// A server over the index in `directory` (which need not exist yet); commits that fail to open are logged.
    public init(directory: String, configuration: ServerConfiguration = ServerConfiguration(), logger: Logger? = nil)
        throws
    {
        let logger = logger ?? Logger(label: "search.serve")
        let index = try LiveIndex(directory: directory) { error in
            logger.error("could not open the new commit of \(directory), still serving the previous one: \(error)")
        }
        self.init(index: index, configuration: configuration, logger: logger)
    }

    /// The router with every route and middleware (request log outermost, then error answers).
    public func makeRouter() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: RequestLogMiddleware(logger: logger))
        router.add(middleware: ErrorResponseMiddleware(logger: logger))
        let runner = QueryRunner(
            budget: configuration.queryBudget, maximumInFlight: configuration.maximumConcurrentQueries)
        let api = SearchAPI(index: index, configuration: configuration, runner: runner)
        api.register(on: router)
        SearchPage(api: api, logger: logger).register(on: router)
        return router
    }

    /// The Hummingbird application, bound to `configuration.host` and `port`. It does not start the index's
    /// polling (`run()` does; tests call `index.startPolling()` themselves when they want it).
    public func makeApplication() -> some ApplicationProtocol {
        Application(
            router: makeRouter(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                                 serverName: "search"),
            logger: logger)
    }

    /// Serves until SIGINT or SIGTERM, following the index's commits every `configuration.refreshInterval`.
    public func run() async throws {
        if let snapshot = index.snapshot {
            // The analyzer's character table is built once per process: now, rather than in the first request.
            _ = Analyzer(snapshot.analyzer)
            logger.info(
                "serving \(index.directory): \(snapshot.documentCount) documents, commit \(snapshot.generation)")
        } else {
            logger.warning("there is no index at \(index.directory) yet; serving 503 until the first commit")
        }
        index.startPolling(every: configuration.refreshInterval)
        defer { index.stopPolling() }
        try await makeApplication().runService()
    }
}
