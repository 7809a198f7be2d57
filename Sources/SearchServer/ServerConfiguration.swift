/// Where `search serve` listens and the limits it enforces on every request.
public struct ServerConfiguration: Sendable {
    /// The address to bind (loopback unless told otherwise).
    public var host: String
    /// The TCP port; 0 lets the system pick a free one.
    public var port: Int
    /// The longest query accepted, in UTF-8 bytes.
    public var maximumQueryBytes: Int
    /// The largest `limit` of `/api/search`.
    public var maximumLimit: Int
    /// The largest `offset` of `/api/search` (deep pages cost a heap of `offset + limit` entries).
    public var maximumOffset: Int
    /// How long a query may take before the request is answered with 503 (see `QueryRunner`).
    public var queryBudget: Duration
    /// Queries and document reads running at once beyond which requests are turned away with 503.
    public var maximumConcurrentQueries: Int
    /// How often the index directory is checked for a new commit.
    public var refreshInterval: Duration
    /// Hits per page of the search page.
    public var pageSize: Int

    /// A configuration with the defaults of `search serve`.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, maximumQueryBytes: Int = 1024, maximumLimit: Int = 1000,
        maximumOffset: Int = 10_000, queryBudget: Duration = .seconds(2), maximumConcurrentQueries: Int = 256,
        refreshInterval: Duration = .milliseconds(200), pageSize: Int = 10
    ) {
        self.host = host
        self.port = port
        self.maximumQueryBytes = maximumQueryBytes
        self.maximumLimit = maximumLimit
        self.maximumOffset = maximumOffset
        self.queryBudget = queryBudget
        self.maximumConcurrentQueries = maximumConcurrentQueries
        self.refreshInterval = refreshInterval
        self.pageSize = pageSize
    }
}
