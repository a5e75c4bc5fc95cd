import Foundation
import PraxisCommunity

extension Configuration {
    /// The community's online archive: `web:` (DESIGN.md §8).
    public struct WebSettings: Sendable, Hashable {
        /// Where `praxis run` and `praxis web` serve the archive; nil (the default) serves nothing.
        public var listen: ListenAddress?
        /// The absolute URL the reverse proxy serves the archive under; its path is the prefix of
        /// every page and feeds link by it. Nil (the default): pages at `/`.
        public var baseURL: BaseURL?
        /// Who reads what is not protected. Default `organisation`: nobody outside it, even when
        /// the proxy is not set up yet.
        public var audience: ArchiveAudience = .organisation
        public var organisation: OrganisationSignOn = OrganisationSignOn()
        public var signIn: SignInSettings = SignInSettings()

        public init(listen: ListenAddress? = nil, baseURL: BaseURL? = nil, audience: ArchiveAudience = .organisation) {
            self.listen = listen
            self.baseURL = baseURL
            self.audience = audience
        }

        /// The access rule pages are served by.
        public var access: ArchiveAccess { ArchiveAccess(audience: audience, signOn: organisation) }
        /// The archive's pages as mail links them (`Archived-At`, digests, reports); nil without
        /// `base_url`.
        public var archiveLinks: ArchiveLinks? { baseURL.flatMap { ArchiveLinks(baseURL: $0.text) } }
        /// The path every page lives under: `/` or the base URL's path, ending in `/`.
        public var basePath: String { baseURL?.path ?? "/" }
    }

    /// Signing in to the archive by mailed link: `web.sign_in`.
    public struct SignInSettings: Sendable, Hashable {
        /// Mailed sign-in links per address and hour. Default 5.
        public var linksPerHour: Int = 5
        /// Mailed sign-in links per client address and hour, whatever addresses they go to. Default 20.
        public var linksPerClientPerHour: Int = 20

        public init(linksPerHour: Int = 5, linksPerClientPerHour: Int = 20) {
            self.linksPerHour = linksPerHour
            self.linksPerClientPerHour = linksPerClientPerHour
        }

        /// The rule links are issued by.
        public var policy: SignInPolicy { SignInPolicy(linksPerHour: linksPerHour, linksPerClientPerHour: linksPerClientPerHour) }
    }

    /// `host:port` for a listening socket: a name or IPv4 address, or an IPv6 address in brackets.
    public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
        public var host: String
        /// 0 asks the system for a free port (tests).
        public var port: Int

        public init?(_ text: String) {
            guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
                  (0...65535).contains(port)
            else { return nil }
            var host = String(text[..<colon])
            if host.hasPrefix("[") && host.hasSuffix("]") {
                host = String(host.dropFirst().dropLast())
                guard host.contains(":") else { return nil }
            } else if host.contains(":") {
                return nil
            }
            let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:")
            guard !host.isEmpty, host.unicodeScalars.allSatisfy(allowed.contains) else { return nil }
            self.host = host
            self.port = port
        }

        public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    }

    /// An absolute `http(s)://` URL without query, fragment or credentials; `text` keeps it as
    /// written with a `/` added to the path when it lacked one.
    public struct BaseURL: Sendable, Hashable, CustomStringConvertible {
        public var text: String
        /// The path, starting and ending with `/`.
        public var path: String

        public init?(_ written: String) {
            guard let parts = URLComponents(string: written), let scheme = parts.scheme?.lowercased(),
                  scheme == "http" || scheme == "https", let host = parts.host, !host.isEmpty,
                  parts.user == nil, parts.password == nil, parts.query == nil, parts.fragment == nil,
                  !parts.percentEncodedPath.contains("//")
            else { return nil }
            var path = parts.percentEncodedPath
            if !path.hasPrefix("/") { path = "/" + path }
            if !path.hasSuffix("/") { path += "/" }
            self.path = path
            text = written.hasSuffix("/") ? written : written + "/"
        }

        public var description: String { text }
    }
}

extension ConfigurationKeys {
    static var web: Shape<Configuration.WebSettings> {
        .record(Configuration.WebSettings(), [
            .optional("listen", \.listen, .listenAddress, "Where the archive is served (`host:port`; `[::1]:PORT` for IPv6).",
                      whenAbsent: "no web service"),
            .optional("base_url", \.baseURL, .baseURL,
                      "The absolute URL the reverse proxy serves the archive under; its path prefixes every page. "
                        + "List copies then carry `Archived-At` and `List-Archive` (instead of `list.archive_url`), "
                        + "digests and reports link to threads and posts (never protected ones). "
                        + "List copies and digests also carry each member's one-click unsubscribe link (RFC 8058), which `praxis run` answers.",
                      whenAbsent: "pages at `/`; feeds link by path"),
            .optional("audience", \.audience, .choice,
                      "Who reads what is not protected: anyone, people the proxy's sign-on vouches for, or signed-in members."),
            .optional("organisation", \.organisation, .record(OrganisationSignOn(), [
                .optional("user_header", \.userHeader, .text(.headerName),
                          "The request header the proxy sets after single sign-on, holding the user's mail address."),
                .optional("trusted_proxies", \.trustedProxies, .list(of: .text(.ipAddress), maxCount: 100),
                          "Peer addresses whose user header is believed; from anyone else it is ignored."),
                .optional("domains", \.domains, .list(of: .text(.domain), maxCount: 1_000),
                          "Mail domains that count as the organisation (exactly, not subdomains).", standard: "every domain"),
            ]), "How the organisation's reverse proxy says who is reading."),
            .optional("sign_in", \.signIn, .record(Configuration.SignInSettings(), [
                .optional("links_per_hour", \.linksPerHour, .integer(1...100),
                          "Mailed sign-in links per address and hour; further requests get the same page and no mail."),
                .optional("links_per_client_per_hour", \.linksPerClientPerHour, .integer(1...10_000),
                          "Mailed sign-in links per client address and hour (behind a trusted proxy: the address it forwards for)."),
            ]), "Signing in by mailed link (needs `base_url`, which the link in the mail is built from; `praxis web` alone does not issue links)."),
        ])
    }
}

extension Shape where Value == Configuration.ListenAddress {
    static var listenAddress: Shape {
        parsed(kind: "`host:port`", written: \.description, Configuration.ListenAddress.init) { text in
            "\"\(ConfigurationReader.clipped(text))\" is not host:port; write e.g. 127.0.0.1:8025 or [::1]:8025"
        }
    }
}

extension Shape where Value == Configuration.BaseURL {
    static var baseURL: Shape {
        parsed(kind: "absolute `http(s)://` URL", written: \.text, Configuration.BaseURL.init) { text in
            "\"\(ConfigurationReader.clipped(text))\" is not an absolute http(s) URL without query or credentials; "
                + "write e.g. https://cop.example.org/mobility/"
        }
    }
}

extension Configuration {
    /// The archive's pages as mail links them; nil unless `web.base_url` is set.
    public var archiveLinks: ArchiveLinks? { web?.archiveLinks }
}
