import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PraxisCommunity
import PraxisStore

/// The request context of the archive: who is asking, as `ViewerMiddleware` decided.
public struct ArchiveRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The TCP peer: the reverse proxy when there is one.
    public let peerAddress: String?
    public var viewer: ArchiveViewer = .anonymous
    /// The member whose session cookie came with the request (`SessionMiddleware`).
    var member: SignedInMember?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerAddress = source.channel.remoteAddress?.ipAddress
    }
}

/// Decides the viewer of each request from its peer and the sign-on header (`ArchiveAccess`).
struct ViewerMiddleware: RouterMiddleware {
    let access: ArchiveAccess

    func handle(_ request: Request, context: ArchiveRequestContext, next: (Request, ArchiveRequestContext) async throws -> Response) async throws -> Response {
        var context = context
        let values = HTTPField.Name(access.signOn.userHeader).map { request.headers[values: $0] } ?? []
        context.viewer = access.viewer(peerAddress: context.peerAddress, userHeaderValues: values)
        return try await next(request, context)
    }
}

/// The headers every response carries: no scripts, no remote resources, no framing, no sniffing,
/// no referrer leaving the archive (OWASP's recommendations for a read-only site).
///
/// A request no route answers (another method than GET or HEAD) gets `fallback`, the site's
/// not-found page, so no response leaves without these headers.
struct SecurityHeadersMiddleware: RouterMiddleware {
    let fallback: @Sendable () -> ArchiveAnswer

    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    func handle(_ request: Request, context: ArchiveRequestContext, next: (Request, ArchiveRequestContext) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = fallback().response
        }
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "no-referrer"
        response.headers[.xFrameOptions] = "DENY"
        response.headers[.crossOriginResourcePolicy] = "same-origin"
        return response
    }
}

extension HTTPField.Name {
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    static let crossOriginResourcePolicy = HTTPField.Name("Cross-Origin-Resource-Policy")!
}

extension ArchiveSite {
    /// The router: every GET goes to the site, which parses the raw path itself (`ArchiveRoute`)
    /// so that percent-encoded Message-IDs are read exactly once.
    public func router() -> Router<ArchiveRequestContext> {
        let router = Router(context: ArchiveRequestContext.self)
        let site = self
        router.add(middleware: SecurityHeadersMiddleware(fallback: { site.notFound() }))
        router.add(middleware: ViewerMiddleware(access: settings.access))
        router.add(middleware: SessionMiddleware(site: self))
        let handler: @Sendable (Request, ArchiveRequestContext) async throws -> Response = { request, context in
            let target = request.head.path ?? "/"
            let (path, query) = Self.split(target)
            if let token = Self.unsubscribeToken(rawPath: path, basePath: site.settings.basePath) {
                return try await site.respondToUnsubscribe(token: token, site.signInRequest(request, context)).response
            }
            if let route = SignInRoute(rawPath: path, basePath: site.settings.basePath) {
                return try await site.respond(route, site.signInRequest(request, context)).response
            }
            if Self.isSettingsPath(path, basePath: site.settings.basePath) {
                return try await site.respondToSettings(site.signInRequest(request, context)).response
            }
            if let route = MemberPageRoute(rawPath: path, basePath: site.settings.basePath) {
                let facts = try await site.signInRequest(request, context, bodyLimit: Self.postBodyLimit)
                return site.respond(route, facts, query: query).response
            }
            guard request.method != .post else { return site.notFound().response }
            if let reader = site.feedViewer(rawPath: path, query: query) {
                // A private feed: for its one reader, never kept by a shared cache.
                var answer = site.respond(rawPath: path, query: query, viewer: reader)
                answer.cacheControl = "private, no-cache"
                return answer.response
            }
            return site.respond(rawPath: path, query: query, viewer: context.viewer).response
        }
        router.get("/", use: handler)
        router.get("/**", use: handler)
        router.head("/", use: handler)
        router.head("/**", use: handler)
        router.post("/**", use: handler)
        return router
    }

    /// The archive as a Hummingbird application on `host:port` (port 0: any free one; the one
    /// bound is passed to `onServerRunning`).
    public func application(
        host: String, port: Int, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }

    /// The path and the query of a request target.
    static func split(_ target: String) -> (path: String, query: String?) {
        guard let mark = target.firstIndex(of: "?") else { return (target, nil) }
        return (String(target[..<mark]), String(target[target.index(after: mark)...]))
    }
}
