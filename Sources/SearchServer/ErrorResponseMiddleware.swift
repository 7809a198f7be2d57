import Hummingbird
import Logging
import Search

/// Turns every error a route throws into a JSON answer `{"error": …}`: refusals (`APIError`, Hummingbird's
/// `HTTPError`, e.g. 404 for an unknown path) keep their status and message; anything else is logged and
/// answered with a bare 500, so no internal detail (file paths, stack) reaches a client.
struct ErrorResponseMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Where unexpected errors are reported.
    let logger: Logger

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch let error as HTTPError {
            let message = error.body ?? (error.status == .notFound ? "no such endpoint" : error.status.reasonPhrase)
            return JSONOutput.object([("error", .string(message))])
                .response(status: error.status, headers: error.headers)
        } catch let error as any HTTPResponseError {
            return JSONOutput.object([("error", .string(error.status.reasonPhrase))]).response(status: error.status)
        } catch {
            logger.error("\(request.method.rawValue) \(request.uri.path) failed: \(error)")
            return JSONOutput.object([("error", .string("internal error"))]).response(status: .internalServerError)
        }
    }
}
