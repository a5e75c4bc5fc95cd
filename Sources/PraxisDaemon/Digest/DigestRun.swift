import Foundation
import Logging
import PraxisCommunity
import PraxisMail
import PraxisStore

/// One run of a digest: reads a snapshot, chooses and renders each recipient's digest, and queues
/// them with the run recorded, in one transaction (DESIGN.md §2.5).
public struct DigestRun: Sendable {
    /// The name under which the organisation digest's runs and marks are kept.
    public static let organisationName = "organisation"

    public let configuration: Configuration
    public let database: PraxisDatabase
    public let maildir: Maildir
    public let templates: DigestTemplates
    let logger: Logger

    public init(configuration: Configuration, database: PraxisDatabase, maildir: Maildir, templates: DigestTemplates, logger: Logger) {
        self.configuration = configuration
        self.database = database
        self.maildir = maildir
        self.templates = templates
        self.logger = logger
    }

    /// A run for `instance`, with the operator's templates where `paths.templates` has them.
    public init(instance: CommunityInstance, configuration: Configuration? = nil) {
        let configuration = configuration ?? instance.configuration
        let loaded = Self.loadTemplates(folder: configuration.paths.templates)
        for problem in loaded.problems {
            instance.logger.warning("digest template refused; the built-in one is used", metadata: ["problem": "\(problem)"])
        }
        self.init(configuration: configuration, database: instance.database, maildir: instance.maildir,
                  templates: loaded.templates, logger: instance.logger)
    }

    /// The templates in `folder`, each file that is missing or refused replaced by the built-in one.
    public static func loadTemplates(folder: String?) -> (templates: DigestTemplates, problems: [String]) {
        guard let folder else { return (.builtIn, []) }
        var problems: [String] = []
        func source(_ name: String, builtIn: String) -> String {
            let path = (folder as NSString).appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: path) else { return builtIn }
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                problems.append("\(path) cannot be read as UTF-8 text")
                return builtIn
            }
            return text
        }
        let text = source(DigestTemplates.textFileName, builtIn: DigestTemplates.builtInText)
        let html = source(DigestTemplates.htmlFileName, builtIn: DigestTemplates.builtInHTML)
        do {
            return (try DigestTemplates(text: text, html: html), problems)
        } catch {
            // Try each on its own, so one bad file does not take the other down.
            let textOnly = try? DigestTemplates(text: text, html: DigestTemplates.builtInHTML)
            let htmlOnly = try? DigestTemplates(text: DigestTemplates.builtInText, html: html)
            problems.append("\((folder as NSString).lastPathComponent)/: \(error.message)")
            if let textOnly { return (textOnly, problems) }
            if let htmlOnly { return (htmlOnly, problems) }
            return (.builtIn, problems)
        }
    }

    /// The `schedule_runs` name of a digest.
    public static func scheduleName(_ digest: String) -> String { "digest:" + digest }

    /// What a run made.
    public struct Summary: Sendable, Hashable {
        public var digest: String
        public var queued: Int
        public var empty: Int
        public var posts: Int
    }

    /// One recipient's rendered digest.
    public struct Prepared: Sendable {
        public var recipient: String
        public var format: DigestPlan.Format
        public var content: DigestContent
        public var document: DigestDocument
        public var message: OutgoingMessage
    }

    var timeZone: TimeZone { TimeZone(identifier: configuration.community.timeZone) ?? .gmt }

    /// The digests of `plan` for the run due at `dueAt` made at `now`: for every member, or only
    /// `member`. A recipient without a previous digest gets what came since the due time before
    /// the previous run (for a preview, pass the next due time: the digest as it stands so far).
    public func prepare(
        plan: DigestPlan, dueAt: Date, now: Date, member: String? = nil, format: DigestPlan.Format? = nil
    ) throws(StoreError) -> (digests: [Prepared], considered: [String], lastPostID: Int64) {
        var digests: [Prepared] = []
        let (considered, lastPostID) = try prepareEach(plan: plan, dueAt: dueAt, now: now, member: member, format: format) {
            digests.append($0)
        }
        return (digests, considered, lastPostID)
    }

    /// `prepare`, handing each digest to `body` as soon as it is made, so a run over thousands of
    /// members never holds all their documents at once.
    func prepareEach(
        plan: DigestPlan, dueAt: Date, now: Date, member: String? = nil, format: DigestPlan.Format? = nil,
        _ body: (Prepared) -> Void
    ) throws(StoreError) -> (considered: [String], lastPostID: Int64) {
        let fallback = try previousRun(Self.scheduleName(plan.name), schedule: plan.schedule, dueAt: dueAt)
        let bar = configuration.circles.inner
        let snapshot = try database.digestSnapshot(
            digest: plan.name, fallbackSince: fallback,
            recipients: member.map { [MailAddress(address: $0).normalized] },
            activitySince: now.addingTimeInterval(-Double(bar.windowDays) * 86_400))
        let subIssues = configuration.allSubIssues
        let core = Set(configuration.circles.core.map { MailAddress(address: $0).normalized })
        let visibility = DigestVisibility(subIssues: subIssues)
        let originals = OriginalMessages(maildir: maildir)
        let domain = AddressSyntax.split(configuration.community.listAddress).map { String($0.domain) } ?? "praxis.invalid"
        let byID = Dictionary(subIssues.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let periodWord = Self.periodWord(plan.schedule)

        for reader in snapshot.readers {
            let coverage = DigestAudience.coverage(
                for: reader, plan: plan, allPlans: configuration.digests, subIssues: subIssues, core: core,
                defaults: configuration.delivery)
            guard !coverage.subIssues.isEmpty else { continue }
            let mark = snapshot.marks[reader.address]
            let window = DigestWindow(
                afterPostID: mark?.postID ?? 0,
                since: mark.map { $0.through.addingTimeInterval(-DigestSnapshot.markSlack) } ?? fallback,
                through: now)
            let content = DigestSelection.select(
                posts: snapshot.posts, threads: snapshot.threads, coverage: coverage, subIssues: subIssues,
                visibility: visibility, receivedAtOnce: snapshot.receivedAtOnce[reader.address] ?? [],
                window: window, cap: plan.cap)
            guard !content.isEmpty else { continue }
            let own = snapshot.posts.filter {
                $0.authorAddress == reader.address && $0.id > window.afterPostID && $0.receivedAt > window.since
            }.count
            let activity = (snapshot.activity[reader.address] ?? [:]).compactMap { entry -> DigestParticipation.Activity? in
                guard let subIssue = byID[entry.key], coverage.subIssues.contains(entry.key) || !subIssue.isProtected else { return nil }
                let standing: DigestReader.Standing = coverage.isCore ? .core : reader.choices[entry.key]?.standing ?? .outer
                return DigestParticipation.Activity(subIssue: subIssue, posts: entry.value.posts, threads: entry.value.threads, standing: standing)
            }
            let participation = DigestParticipation(postsThisPeriod: own, activity: activity)
            let document = DigestDocument(
                community: configuration.community, name: plan.name,
                content: content.withSince(mark?.through ?? fallback), recipient: reader.address, recipientName: reader.name,
                participation: participation.sentences(bar: bar, period: periodWord), timeZone: timeZone)
            let chosenFormat = format ?? reader.format ?? plan.format
            let message = DigestMessage.compose(
                document, format: chosenFormat, templates: templates,
                originals: chosenFormat == .mime ? originals.load(content.posts) : [:],
                messageID: MessageIDGenerator.make(domain: domain), at: now)
            body(Prepared(recipient: reader.address, format: chosenFormat, content: content, document: document, message: message))
        }
        return (snapshot.readers.map(\.address), snapshot.lastPostID)
    }

    /// Sends `plan` for the run due at `dueAt`: queues every non-empty digest and records the run.
    /// Returns nil when that run was already recorded (nothing is queued twice).
    public func send(plan: DigestPlan, dueAt: Date, now: Date) async throws(StoreError) -> Summary? {
        let screener = Screener(community: configuration.community)
        var queued: [QueuedDigest] = []
        var posts = 0
        let (considered, lastPostID) = try prepareEach(plan: plan, dueAt: dueAt, now: now) { digest in
            posts += digest.content.postCount
            queued.append(QueuedDigest(
                recipient: digest.recipient, envelopeSender: screener.verpAddress(for: digest.recipient),
                message: digest.message.rendered()))
        }
        let recorded = try await database.recordDigestRun(
            schedule: Self.scheduleName(plan.name), digest: plan.name, dueAt: dueAt, ranAt: now, digests: queued,
            marks: considered, throughPostID: lastPostID, through: now)
        guard recorded else { return nil }
        let summary = Summary(digest: plan.name, queued: queued.count, empty: considered.count - queued.count,
                              posts: posts)
        logger.notice("digest queued", metadata: [
            "digest": "\(plan.name)", "queued": "\(summary.queued)", "posts": "\(summary.posts)"])
        return summary
    }

    /// The organisation digest as it would go out at `now` (nil when there is nothing new).
    public func prepareOrganisation(
        _ organisation: OrganisationDigest, dueAt: Date, now: Date, format: DigestPlan.Format? = nil
    ) throws(StoreError) -> (digest: Prepared?, lastPostID: Int64) {
        let address = MailAddress(address: organisation.address).normalized
        let fallback = try previousRun(Self.scheduleName(Self.organisationName), schedule: organisation.schedule, dueAt: dueAt)
        let snapshot = try database.digestSnapshot(
            digest: Self.organisationName, fallbackSince: fallback, recipients: [], organisation: address,
            activitySince: now)
        let subIssues = configuration.allSubIssues
        let mark = snapshot.marks[address]
        let window = DigestWindow(
            afterPostID: mark?.postID ?? 0,
            since: mark.map { $0.through.addingTimeInterval(-DigestSnapshot.markSlack) } ?? fallback, through: now)
        let content = DigestSelection.select(
            posts: snapshot.posts, threads: snapshot.threads, coverage: .organisation(subIssues), subIssues: subIssues,
            visibility: DigestVisibility(subIssues: subIssues), receivedAtOnce: [], window: window, cap: nil)
        guard !content.isEmpty else { return (nil, snapshot.lastPostID) }
        let document = DigestDocument(
            community: configuration.community, name: Self.organisationName,
            content: content.withSince(mark?.through ?? fallback), recipient: address,
            isMemberDigest: false, timeZone: timeZone)
        let chosen = format ?? organisation.format
        let domain = AddressSyntax.split(configuration.community.listAddress).map { String($0.domain) } ?? "praxis.invalid"
        let message = DigestMessage.compose(
            document, format: chosen, templates: templates,
            originals: chosen == .mime ? OriginalMessages(maildir: maildir).load(content.posts) : [:],
            messageID: MessageIDGenerator.make(domain: domain), at: now)
        return (Prepared(recipient: address, format: chosen, content: content, document: document, message: message), snapshot.lastPostID)
    }

    /// Sends the organisation digest for the run due at `dueAt`; nil when that run already happened.
    public func sendOrganisation(_ organisation: OrganisationDigest, dueAt: Date, now: Date) async throws(StoreError) -> Summary? {
        let (digest, lastPostID) = try prepareOrganisation(organisation, dueAt: dueAt, now: now)
        let queued = digest.map {
            [QueuedDigest(recipient: $0.recipient, envelopeSender: configuration.community.bounceAddress, message: $0.message.rendered())]
        } ?? []
        let recorded = try await database.recordDigestRun(
            schedule: Self.scheduleName(Self.organisationName), digest: Self.organisationName, dueAt: dueAt, ranAt: now,
            digests: queued, marks: [MailAddress(address: organisation.address).normalized],
            throughPostID: lastPostID, through: now)
        guard recorded else { return nil }
        return Summary(digest: Self.organisationName, queued: queued.count, empty: 1 - queued.count, posts: digest?.content.postCount ?? 0)
    }

    /// Where the period of a recipient without a previous digest starts: the schedule's previous
    /// run (however long ago: a made-up run covers the whole gap), else its previous due time.
    func previousRun(_ name: String, schedule: Schedule, dueAt: Date) throws(StoreError) -> Date {
        if let last = try database.lastScheduleRun(name), last < dueAt { return last }
        return schedule.lastDue(atOrBefore: dueAt.addingTimeInterval(-1), in: timeZone)
    }

    /// "this week", "today", "this month": how the participation line names the period.
    static func periodWord(_ schedule: Schedule) -> String {
        switch schedule {
        case .daily: "since the last digest"
        case .weekly: "this week"
        case .monthly: "this month"
        }
    }
}

extension DigestContent {
    /// The same content, its period shown from `since` (the previous digest, not the slack before it).
    func withSince(_ since: Date) -> DigestContent {
        var copy = self
        copy.since = since
        return copy
    }
}

/// The original messages of posts, read from the maildir's `cur/` for MIME digests.
struct OriginalMessages {
    let maildir: Maildir

    /// The bytes of each post whose file is still there; the others are left out (the digest notes them).
    func load(_ posts: [DigestPost]) -> [Int64: [UInt8]] {
        var found: [Int64: [UInt8]] = [:]
        var listing: [String: String]?
        for post in posts {
            guard let name = post.fileName else { continue }
            if let bytes = try? maildir.read(Maildir.claimedName(name), in: "cur") {
                found[post.id] = bytes
                continue
            }
            // Flags other than S (a moderator's mail client may have added some): look the unique part up.
            if listing == nil {
                listing = [:]
                for entry in (try? maildir.currentMessages()) ?? [] {
                    listing?[MaildirName.unique(entry)] = entry
                }
            }
            if let entry = listing?[name], let bytes = try? maildir.read(entry, in: "cur") {
                found[post.id] = bytes
            }
        }
        return found
    }
}
