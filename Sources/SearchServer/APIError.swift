import Hummingbird
import Search

/// A request the server refuses, with the HTTP status and a sentence for the client. Answered as
/// `{"error": message}` by the API and shown in the page by the search page.
struct APIError: Error, HTTPResponseError, CustomStringConvertible {
    /// The HTTP status of the answer.
    var status: HTTPResponse.Status
    /// What went wrong, for the client.
    var message: String

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    var description: String { "\(status.code) \(message)" }

    /// The JSON error answer.
    func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONOutput.object([("error", .string(message))]).response(status: status)
    }

    /// 400 for a malformed parameter.
    static func badParameter(_ message: String) -> APIError { APIError(.badRequest, message) }

    /// 503 while the directory holds no index.
    static func noIndex(_ directory: String) -> APIError {
        APIError(.serviceUnavailable, "there is no index at \(directory) yet")
    }

    /// The answer for an error thrown while searching: the user's mistakes become 400 with their sentence;
    /// anything else is passed on (and becomes a 500 without details in `ErrorResponseMiddleware`).
    static func from(_ error: any Error) -> any Error {
        switch error {
        case let error as APIError: error
        case let error as SearchError: APIError(.badRequest, error.description)
        case let error as QueryParseError: APIError(.badRequest, error.description)
        default: error
        }
    }
}
