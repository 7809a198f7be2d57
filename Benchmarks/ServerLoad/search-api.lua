-- wrk script: GET /api/search over a fixed set of queries on the bundled corpus, one after another per thread.
local queries = {
    "Shoigu+Pyongyang", "japan+navy", "computer", "programming+language", "%2Brussia+%2Bkorea",
    "%22north+korea%22", "artificial+intelligence", "linux+kernel", "title%3Achina", "united+states",
    "compiler", "microprocessor", "music", "video+game", "network+protocol", "database",
    "world+war", "university", "software+license", "operating+system", "%22open+source%22",
    "%2Bcomputer+-game", "title%3A(japan+OR+china)+AND+navy", "militant+friendship",
}
local next_query = 1

request = function()
    local path = "/api/search?limit=10&q=" .. queries[next_query]
    next_query = next_query % #queries + 1
    return wrk.format("GET", path)
end

done = function(summary, latency, requests)
    io.write(string.format("requests %d, errors (socket) %d, non-200 %s, p50 %.2f ms, p99 %.2f ms\n",
        summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write
        + summary.errors.timeout, summary.errors.status, latency:percentile(50) / 1000,
        latency:percentile(99) / 1000))
end
