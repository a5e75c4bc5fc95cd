import Foundation
import PraxisCommunity
import PraxisStore

/// What the archive needs to know of its community, taken from the configuration by the daemon.
public struct ArchiveSettings: Sendable {
    public var community: Community
    /// Every sub-issue, `general` first, in the configuration's order.
    public var subIssues: [SubIssue]
    /// The configuration's core group (`circles.core`).
    public var coreAddresses: [String]
    public var access: ArchiveAccess
    /// The path every page lives under, starting and ending with `/`.
    public var basePath: String
    /// The absolute URL of the archive (`web.base_url`), for feeds; nil: feeds link by path.
    public var baseURL: String?
    /// How sign-in links are issued (`web.sign_in`); nil where this process does not issue them
    /// (`praxis web`, on a read-only store). Links also need `baseURL`.
    public var signIn: SignInPolicy?
    /// What the weekly report's figures are computed against, for `/moderation`; nil shows none.
    public var report: WeeklyReportSettings?
    /// How members' own changes are carried out (one-click unsubscribe, `/settings`): the email
    /// commands' rules. Nil where this process cannot record them (`praxis web`, read-only).
    public var memberCommands: EmailCommandProcessor?
    /// How many bytes of rendered pages the archive keeps between requests (`PageCache`); 0
    /// keeps none. 32 MiB: the benchmark's 1,300 different pages of every kind fit several times.
    public var pageCacheBytes = 32 << 20

    public init(
        community: Community, subIssues: [SubIssue], coreAddresses: [String], access: ArchiveAccess, basePath: String = "/",
        baseURL: String? = nil, signIn: SignInPolicy? = nil, report: WeeklyReportSettings? = nil,
        memberCommands: EmailCommandProcessor? = nil
    ) {
        self.report = report
        self.community = community
        self.subIssues = subIssues
        self.coreAddresses = coreAddresses
        self.access = access
        self.basePath = basePath
        self.baseURL = baseURL
        self.signIn = signIn
        self.memberCommands = memberCommands
    }

    var protectedSubIssues: [String] { subIssues.filter(\.isProtected).map(\.id) }
}
