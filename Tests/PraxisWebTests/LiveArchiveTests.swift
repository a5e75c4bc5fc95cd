import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import PraxisCommunity
import ServiceLifecycle
import Testing
@testable import PraxisWeb

/// The archive as Hummingbird serves it, over real HTTP on a port the system chose: headers on
/// every response, the sign-on header believed from a trusted peer only, graceful shutdown.
@Suite("Archive over HTTP")
struct LiveArchiveTests {
    /// Runs `site` on 127.0.0.1, port 0, in a `ServiceGroup`; `body` gets the base URL; then a
    /// graceful shutdown, which must end the server.
    static func serving(_ site: ArchiveSite, _ body: @Sendable (String) async throws -> Void) async throws {
        let (ports, announce) = AsyncStream<Int>.makeStream()
        let application = site.application(host: "127.0.0.1", port: 0) { port in announce.yield(port) }
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [application], logger: Logger(label: "live-archive")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            do {
                try await body("http://127.0.0.1:\(port)")
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    static func fetch(_ url: String, method: String = "GET", headers: [String: String] = [:]) async throws -> (status: Int, headers: [String: String], body: String) {
        var request = URLRequest(url: try #require(URL(string: url)))
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields { fields[String(describing: name).lowercased()] = String(describing: value) }
        return (http.statusCode, fields, String(decoding: data, as: UTF8.self))
    }

    @Test func everyResponseCarriesTheSecurityHeaders() async throws {
        let fixture = try ArchivePagesTests.populated()
        try await Self.serving(try fixture.site()) { base in
            for path in ["/", "/s/cycling/", "/t/root%2F1@example.org/", "/m/evil@example.org/", "/m/evil@example.org/raw",
                         "/m/attach@example.org/a/1/evil.html", "/feed.atom", "/style.css", "/m/secret@example.org/", "/nothing"] {
                let page = try await Self.fetch(base + path)
                #expect(page.headers["content-security-policy"] == SecurityHeadersMiddleware.contentSecurityPolicy, "\(path)")
                #expect(page.headers["x-content-type-options"] == "nosniff", "\(path)")
                #expect(page.headers["referrer-policy"] == "no-referrer", "\(path)")
                #expect(page.headers["x-frame-options"] == "DENY", "\(path)")
            }
            let post = try await Self.fetch(base + "/m/evil@example.org/", method: "POST")
            #expect(post.status == 404)
            #expect(post.headers["content-security-policy"] != nil)
            let hidden = try await Self.fetch(base + "/m/secret@example.org/")
            let missing = try await Self.fetch(base + "/m/never@example.org/")
            #expect(hidden.status == 404 && hidden.body == missing.body)
            #expect(hidden.headers["content-length"] == missing.headers["content-length"])
        }
    }

    @Test func theSignOnHeaderIsBelievedOnlyFromATrustedPeer() async throws {
        let fixture = try ArchivePagesTests.populated()
        let trusted = OrganisationSignOn(trustedProxies: ["127.0.0.1"], domains: ["city.example.org"])
        try await Self.serving(try fixture.site(audience: .organisation, signOn: trusted)) { base in
            let cases: [(header: String?, status: Int)] = [
                (nil, 403), ("alice@city.example.org", 200), ("alice@elsewhere.example", 403),
                ("a@city.example.org, b@city.example.org", 403),
            ]
            for (header, status) in cases {
                let page = try await Self.fetch(base + "/", headers: header.map { ["X-Forwarded-Email": $0] } ?? [:])
                #expect(page.status == status, "\(String(describing: header))")
            }
        }
        let untrusted = OrganisationSignOn(trustedProxies: ["192.0.2.1"], domains: ["city.example.org"])
        try await Self.serving(try fixture.site(audience: .organisation, signOn: untrusted)) { base in
            let page = try await Self.fetch(base + "/", headers: ["X-Forwarded-Email": "alice@city.example.org"])
            #expect(page.status == 403)
        }
    }
}
