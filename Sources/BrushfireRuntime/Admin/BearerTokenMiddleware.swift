import Hummingbird

/// Requires `Authorization: Bearer <token>` on the API and metrics (`/v1/…`, `/metrics`); the page shell and the
/// probes stay open. The comparison takes the same time wherever the first difference lies.
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        guard path == "/metrics" || path.hasPrefix("/v1/") else { return try await next(request, context) }
        guard let header = request.headers[.authorization], Self.matches(header, "Bearer " + token) else {
            var response = Response(status: .unauthorized)
            response.headers[.wwwAuthenticate] = "Bearer realm=\"brushfire\""
            return response
        }
        return try await next(request, context)
    }

    static func matches(_ given: String, _ expected: String) -> Bool {
        let a = Array(given.utf8)
        let b = Array(expected.utf8)
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<b.count { difference |= (index < a.count ? a[index] : 0) ^ b[index] }
        return difference == 0
    }
}
