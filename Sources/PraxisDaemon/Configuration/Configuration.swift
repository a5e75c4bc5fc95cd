import Foundation
import PraxisCommunity

/// Everything `praxis.yaml` says, decoded and checked (DESIGN.md §6).
///
/// Reading (`ConfigurationKeys`) gives the values as written; `ConfigurationLoader.load(path:)` resolves relative
/// paths against the directory of the file and fills in the default password file, so the
/// daemon only ever sees absolute paths.
public struct Configuration: Sendable, Hashable {
    public var community: Community
    public var paths: Paths
    /// Default: `smtp://127.0.0.1:25` with STARTTLS if offered.
    public var smtp: SMTPSettings
    /// The declared sub-issues, in file order. `general` exists even when not declared: see `allSubIssues`.
    public var subIssues: [SubIssue]
    public var circles: CirclesPolicy
    public var delivery: DeliveryDefaults
    /// Default, when the key is absent: one digest `weekly`, `weekly mon 07:00`, audience `outer`.
    /// `digests: []` turns digests off.
    public var digests: [DigestPlan]
    public var reports: ReportPlans
    /// The quarterly review (DESIGN.md §9): `quarterly 1 09:00` and the standard thresholds by default.
    public var reviews: ReviewPlan = ReviewPlan()
    /// The digest for the wider organisation; nil (the default) sends none.
    public var organisation: OrganisationDigest?
    /// The backing in management (`organisation.sponsor`), who receives the quarterly management
    /// summary (issue 21); nil, the default, names none.
    public var sponsor: String?
    /// Where to write Prometheus metrics; nil (the default) writes none.
    public var metrics: MetricsSettings?
    /// Default `info`.
    public var logLevel: LogLevel
    /// Default: held posts expire after 14 days.
    public var moderation: ModerationPolicy = ModerationPolicy()
    /// How the list's copies of a post look. Default: `ListSettings()`.
    public var list: ListSettings = ListSettings()
    /// When bounces stop delivery. Default: `BounceSettings()` (Mailman's figures).
    public var bounces: BounceSettings = BounceSettings()
    /// The learned stage of classification: threshold and retraining. Defaults when absent.
    public var classification: ClassificationSettings = ClassificationSettings()
    /// Sizes beyond which input is refused. Default: `Limits()` (64 MiB messages).
    public var limits: Limits = Limits()
    /// The online archive; nil (the default) serves none and puts no archive links in mail.
    public var web: WebSettings?

    /// The standard digest when `digests:` is absent.
    public static let standardDigests: [DigestPlan] = {
        guard let schedule = try? Schedule(parsing: "weekly mon 07:00") else { return [] }
        return [DigestPlan(name: "weekly", schedule: schedule, audience: .outer)]
    }()

    public init(
        community: Community, paths: Paths, smtp: SMTPSettings = SMTPSettings(), subIssues: [SubIssue] = [],
        circles: CirclesPolicy = CirclesPolicy(), delivery: DeliveryDefaults = DeliveryDefaults(),
        digests: [DigestPlan] = Configuration.standardDigests, reports: ReportPlans = ReportPlans(),
        organisation: OrganisationDigest? = nil, metrics: MetricsSettings? = nil, logLevel: LogLevel = .info
    ) {
        self.community = community
        self.paths = paths
        self.smtp = smtp
        self.subIssues = subIssues
        self.circles = circles
        self.delivery = delivery
        self.digests = digests
        self.reports = reports
        self.organisation = organisation
        self.metrics = metrics
        self.logLevel = logLevel
    }

    /// `organisation:` as the file writes it: the organisation digest's keys and the sponsor, so a
    /// file may name a sponsor and send no digest. Reading checks that the digest's address and
    /// schedule come together.
    struct OrganisationSection: Sendable, Hashable {
        var address: String?
        var schedule: Schedule?
        var format: DigestPlan.Format = .html
        var sponsor: String?
    }

    var organisationSection: OrganisationSection? {
        get {
            guard organisation != nil || sponsor != nil else { return nil }
            return OrganisationSection(
                address: organisation?.address, schedule: organisation?.schedule, format: organisation?.format ?? .html,
                sponsor: sponsor)
        }
        set {
            sponsor = newValue?.sponsor
            organisation = newValue.flatMap { section in
                guard let address = section.address, let schedule = section.schedule else { return nil }
                return OrganisationDigest(address: address, schedule: schedule, format: section.format)
            }
        }
    }

    /// Every sub-issue a post can land in: `general` first (the declared one, or the built-in),
    /// then the others in file order.
    public var allSubIssues: [SubIssue] {
        let declaredGeneral = subIssues.first { $0.id == SubIssue.generalID }
        return [declaredGeneral ?? SubIssue.general] + subIssues.filter { $0.id != SubIssue.generalID }
    }
}

extension Configuration {
    /// Where Praxis keeps its state: `paths:`. Both keys are required.
    public struct Paths: Sendable, Hashable {
        /// The maildir the MTA delivers into. Created (with missing parents) when absent.
        public var maildir: String
        /// The SQLite database file. Created when absent.
        public var database: String
        /// A folder of Mustache templates overriding the built-in digest templates file by file;
        /// nil (the default) uses the built-in ones.
        public var templates: String?

        public init(maildir: String, database: String, templates: String? = nil) {
            self.maildir = maildir
            self.database = database
            self.templates = templates
        }

        /// Creates the directories the configuration names but a fresh installation lacks: the
        /// maildir's `tmp/`, `new/`, `cur/` and the database's directory. Safe to call every start.
        public func createMissingDirectories() throws {
            let files = FileManager.default
            for folder in ["tmp", "new", "cur"] {
                try files.createDirectory(
                    atPath: (maildir as NSString).appendingPathComponent(folder), withIntermediateDirectories: true)
            }
            try files.createDirectory(
                atPath: (database as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        }
    }

    /// How outgoing mail leaves: `smtp:`.
    public struct SMTPSettings: Sendable, Hashable {
        /// Default `smtp://127.0.0.1:25`.
        public static let standardURL = "smtp://127.0.0.1:25"

        /// `smtp://HOST[:PORT]`, `smtps://HOST[:PORT]` (TLS from the first byte), or `maildir:PATH`
        /// to write outgoing mail into a local maildir instead of sending it.
        public var url: String
        /// STARTTLS for `smtp://`. Default `starttls-if-offered`.
        public var tls: TLSMode
        /// The SMTP AUTH user; nil (the default) sends without authenticating.
        public var username: String?
        /// The file holding the SMTP password (never the password itself). Default, when a username
        /// is set and `$CREDENTIALS_DIRECTORY` is (systemd `LoadCredential=`): `$CREDENTIALS_DIRECTORY/smtp-password`.
        public var passwordFile: String?
        /// Parallel SMTP sessions, 1–64. Default 4.
        public var connections: Int
        /// PEM file of CA certificates to trust instead of the system's; nil (the default) uses the system's.
        public var caFile: String?
        /// Whether to verify the server's certificate and name. Default true; false only for testing.
        public var verify: Bool
        /// Seconds to wait for the connection (and TLS handshake). Default 10.
        public var connectTimeout: Int
        /// Seconds one delivery may take in all. Default 60.
        public var timeout: Int
        /// Days a message that keeps failing transiently (4xx, server down) is retried before it
        /// fails for good, like an MTA's queue lifetime, 1–90. Default 5.
        public var retryDays: Int = 5

        public init(
            url: String = SMTPSettings.standardURL, tls: TLSMode = .starttlsIfOffered, username: String? = nil,
            passwordFile: String? = nil, connections: Int = 4, caFile: String? = nil, verify: Bool = true,
            connectTimeout: Int = 10, timeout: Int = 60
        ) {
            self.url = url
            self.tls = tls
            self.username = username
            self.passwordFile = passwordFile
            self.connections = connections
            self.caFile = caFile
            self.verify = verify
            self.connectTimeout = connectTimeout
            self.timeout = timeout
        }

        /// The URL taken apart, or nil when it is none of the three forms (validation rejects those).
        public var endpoint: SMTPEndpoint? { SMTPEndpoint(url) }
    }

    /// STARTTLS on `smtp://` connections.
    public enum TLSMode: String, Sendable, Hashable, CaseIterable {
        /// Refuse to send unless the server offers STARTTLS.
        case starttlsRequired = "starttls-required"
        /// Use STARTTLS when the server offers it, else send in clear (a local MTA usually).
        case starttlsIfOffered = "starttls-if-offered"
        /// Never STARTTLS.
        case off
    }

    /// Where the daemon writes metrics in the Prometheus text format: `metrics:`.
    public struct MetricsSettings: Sendable, Hashable {
        /// A `.prom` file for node_exporter's textfile collector, rewritten atomically.
        public var textfile: String

        public init(textfile: String) { self.textfile = textfile }
    }

    /// Sizes beyond which input is refused: `limits:`.
    public struct Limits: Sendable, Hashable {
        /// 64 MiB: more than any list post, less than would strain memory with a batch in flight.
        public static let standardMessageBytes = 64 << 20
        /// What `check-config` accepts: a message needs some header; ingest holds a message
        /// whole in memory, so not beyond 1 GiB.
        public static let messageBytesRange = 1_024...(1 << 30)

        /// A message file larger than this is quarantined with the reason, unread. Default 64 MiB.
        public var messageBytes: Int

        public init(messageBytes: Int = Limits.standardMessageBytes) {
            self.messageBytes = messageBytes
        }
    }

    /// How much the daemon logs to stderr.
    public enum LogLevel: String, Sendable, Hashable, CaseIterable, Comparable {
        case debug, info, notice, warning, error

        private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }

        public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rank < rhs.rank }
    }
}

/// Where outgoing mail goes, taken apart from `smtp.url`.
public enum SMTPEndpoint: Sendable, Hashable {
    /// Plain SMTP, perhaps upgraded with STARTTLS. Port default 25.
    case smtp(host: String, port: Int)
    /// SMTP over TLS from the first byte. Port default 465.
    case smtps(host: String, port: Int)
    /// Write each message into this maildir's `new/` instead of sending it.
    case maildir(path: String)

    /// Returns nil unless `url` is `smtp://HOST[:PORT]`, `smtps://HOST[:PORT]` or `maildir:PATH`.
    public init?(_ url: String) {
        if url.hasPrefix("maildir:") {
            let path = String(url.dropFirst("maildir:".count))
            guard !path.isEmpty, !path.contains("\0") else { return nil }
            self = .maildir(path: path)
            return
        }
        guard let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(),
              let host = parts.host, !host.isEmpty,
              parts.user == nil, parts.password == nil, parts.query == nil, parts.fragment == nil,
              parts.path.isEmpty || parts.path == "/"
        else { return nil }
        switch scheme {
        case "smtp":
            guard let port = Self.port(parts.port, standard: 25) else { return nil }
            self = .smtp(host: host, port: port)
        case "smtps":
            guard let port = Self.port(parts.port, standard: 465) else { return nil }
            self = .smtps(host: host, port: port)
        default: return nil
        }
    }

    private static func port(_ port: Int?, standard: Int) -> Int? {
        guard let port else { return standard }
        return (1...65535).contains(port) ? port : nil
    }
}
