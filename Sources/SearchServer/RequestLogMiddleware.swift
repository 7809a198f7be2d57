import Hummingbird
import Logging

/// Logs one line per request once it is answered: method, path (with query), status and duration, e.g.
/// `GET /api/search?q=tokyo 200 1.84 ms`.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Where the lines go.
    let logger: Logger
    /// Paths longer than this are cut, so one request cannot flood the log.
    static var maximumPathLength: Int { 300 }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, status: response.status.code, since: start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            log(request, status: status, since: start)
            throw error
        }
    }

    private func log(_ request: Request, status: Int, since start: ContinuousClock.Instant) {
        let scalars = request.uri.string.unicodeScalars
        var path = String(String.UnicodeScalarView(scalars.prefix(Self.maximumPathLength).map {
            $0.value < 0x20 || $0.value == 0x7F ? "?" : $0  // no control characters in a log line
        }))
        if path.unicodeScalars.count < scalars.count { path += "…" }
        logger.info("\(request.method.rawValue) \(path) \(status) \(start.duration(to: .now).formattedMilliseconds) ms")
    }
}
