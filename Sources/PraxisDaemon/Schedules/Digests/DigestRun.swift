import Foundation
import Logging
import PraxisCommunity
import PraxisMail
import PraxisStore
import PraxisSystem
import Synchronization

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

    /// A run for `configuration`, with the operator's templates where `paths.templates` has them;
    /// a template that is refused is logged and the built-in one used.
    public init(loading configuration: Configuration, database: PraxisDatabase, maildir: Maildir, logger: Logger) {
        let loaded = Self.loadTemplates(folder: configuration.paths.templates, communityLanguage: configuration.community.language)
        for problem in loaded.problems {
            logger.warning("digest template refused; the built-in one is used", metadata: ["problem": "\(problem)"])
        }
        self.init(configuration: configuration, database: database, maildir: maildir, templates: loaded.templates, logger: logger)
    }

    /// A run for `instance` as it was opened.
    public init(instance: CommunityInstance) {
        self.init(loading: instance.configuration, database: instance.database, maildir: instance.maildir, logger: instance.logger)
    }

    /// The templates in `folder`, each file that is missing or refused replaced by the built-in one.
    /// A reader of a language gets `digest.LANG.txt.mustache` (and `.html`) where the folder has
    /// it, else the built-in one, which writes in every language; the files without a language
    /// serve the readers of `communityLanguage`, as they did before there were languages.
    public static func loadTemplates(
        folder: String?, communityLanguage: Language = .standard
    ) -> (templates: DigestTemplates, problems: [String]) {
        guard let folder else { return (.builtIn, []) }
        var problems: [String] = []
        let files = TemplateFolder(path: folder)
        var templates = DigestTemplates.builtIn
        for language in Language.allCases {
            var text = DigestTemplates.builtInText, html = DigestTemplates.builtInHTML
            if language == communityLanguage {
                text = files.source(DigestTemplates.textFileName, builtIn: text, problems: &problems)
                html = files.source(DigestTemplates.htmlFileName, builtIn: html, problems: &problems)
            }
            text = files.source(DigestTemplates.fileName(DigestTemplates.textFileName, for: language), builtIn: text, problems: &problems)
            html = files.source(DigestTemplates.fileName(DigestTemplates.htmlFileName, for: language), builtIn: html, problems: &problems)
            templates.use(parsed(text: text, html: html, folder: folder, problems: &problems), for: language)
        }
        return (templates, problems)
    }

    /// The templates of `text` and `html`, each refused one replaced by the built-in one.
    private static func parsed(text: String, html: String, folder: String, problems: inout [String]) -> DigestTemplates {
        do {
            return try DigestTemplates(text: text, html: html)
        } catch {
            // Try each on its own, so one bad file does not take the other down.
            let textOnly = try? DigestTemplates(text: text, html: DigestTemplates.builtInHTML)
            let htmlOnly = try? DigestTemplates(text: DigestTemplates.builtInText, html: html)
            problems.append("\((folder as NSString).lastPathComponent)/: \(error.message)")
            return textOnly ?? htmlOnly ?? .builtIn
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
        /// Equal for digests of one run whose messages differ only in To and Message-ID (nil: unique).
        public var sharedBody: Int?
    }

    var timeZone: TimeZone { configuration.community.timeZone }

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
        let originals = OriginalMessages(maildir: maildir, database: database)
        let domain = AddressSyntax.split(configuration.community.listAddress).map { String($0.domain) } ?? "praxis.invalid"
        let byID = Dictionary(subIssues.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let unsubscribeLinks = try oneClickLinks()

        // Members with the same coverage and period get the same selection and, unless their
        // participation line differs, the same rendering: both are memoised for the run.
        var selections: [ContentKey: DigestContent] = [:]
        var renderings = DigestRenderMemo()
        var sharedBodies: [SharedBody: Int] = [:]
        var attachments: [Int64: [DigestAttachment]] = [:]
        var ownPosts: [String: [DigestPost]] = [:]
        for post in snapshot.posts { ownPosts[post.authorAddress, default: []].append(post) }
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
            let received = snapshot.receivedAtOnce[reader.address] ?? []
            let key = ContentKey(coverage: coverage, window: window, shownSince: mark?.through ?? fallback, received: received)
            let content: DigestContent
            if let found = selections[key] {
                content = found
            } else {
                let selected = DigestSelection.select(
                    posts: snapshot.posts, threads: snapshot.threads, coverage: coverage, subIssues: subIssues,
                    visibility: visibility, receivedAtOnce: received, window: window, cap: plan.cap)
                content = selected.withSince(mark?.through ?? fallback)
                    .withAttachments(originals.attachments(of: selected.posts, known: &attachments))
                selections[key] = content
            }
            guard !content.isEmpty else { continue }
            let own = Self.count(ownPosts[reader.address] ?? [], in: window)
            let activity = (snapshot.activity[reader.address] ?? [:]).compactMap { entry -> DigestParticipation.Activity? in
                guard let subIssue = byID[entry.key], coverage.subIssues.contains(entry.key) || !subIssue.isProtected else { return nil }
                let standing: DigestReader.Standing = coverage.isCore ? .core : reader.choices[entry.key]?.standing ?? .outer
                return DigestParticipation.Activity(subIssue: subIssue, posts: entry.value.posts, threads: entry.value.threads, standing: standing)
            }
            let participation = DigestParticipation(postsThisPeriod: own, activity: activity)
            let language = reader.language ?? configuration.community.language
            let document = DigestDocument(
                community: configuration.community, name: plan.name, content: content, recipient: reader.address,
                recipientName: reader.name, participation: participation.sentences(
                    bar: bar, period: DigestParticipation.periodWord(plan.schedule, in: language), language: language),
                timeZone: timeZone, archive: configuration.archiveLinks, language: language)
            let chosenFormat = format ?? reader.format ?? plan.format
            let rendered = chosenFormat == .html || chosenFormat == .text
                ? renderings.renderShared(document, contentKey: key, templates: templates) : nil
            let message = DigestMessage.compose(
                document, format: chosenFormat, templates: templates,
                originals: chosenFormat == .mime
                    ? try originals.load(content.posts, for: coverage, visibility: visibility) : [:],
                messageID: MessageIDGenerator.make(domain: domain), at: now,
                rendered: rendered.map { ($0.text, $0.html) }, unsubscribeLink: unsubscribeLinks?(reader.address))
            let shared = rendered?.sharedKey.map { key -> Int in
                let body = SharedBody(rendering: key, format: chosenFormat)
                if let id = sharedBodies[body] { return id }
                sharedBodies[body] = sharedBodies.count
                return sharedBodies.count - 1
            }
            body(Prepared(recipient: reader.address, format: chosenFormat, content: content, document: document,
                          message: message, sharedBody: shared))
        }
        return (snapshot.readers.map(\.address), snapshot.lastPostID)
    }

    /// Each member's one-click unsubscribe URL (RFC 8058) by address, read once for the run; nil
    /// without `web.base_url`.
    private func oneClickLinks() throws(StoreError) -> ((String) -> String?)? {
        guard let links = configuration.archiveLinks, links.homeURL != nil else { return nil }
        let signer = try database.memberLinkSigner()
        let subjects = try database.activeMemberLinkSubjects()
        return { address in subjects[address].map { links.absolute(links.unsubscribe(signer.unsubscribeToken($0))) } }
    }

    /// Sends `plan` for the run due at `dueAt`: queues every non-empty digest and records the run.
    /// Returns nil when that run was already recorded (nothing is queued twice).
    public func send(plan: DigestPlan, dueAt: Date, now: Date) async throws(StoreError) -> Summary? {
        let screener = Screener(community: configuration.community)
        var messages: [(recipient: String, message: OutgoingMessage, shared: Int?)] = []
        var posts = 0
        let (considered, lastPostID) = try prepareEach(plan: plan, dueAt: dueAt, now: now) { digest in
            posts += digest.content.postCount
            messages.append((digest.recipient, digest.message, digest.sharedBody))
        }
        let encoded = Self.encode(messages.map { ($0.message, $0.shared) })
        let queued = zip(messages, encoded).map { entry, bytes in
            QueuedDigest(recipient: entry.recipient, envelopeSender: screener.verpAddress(for: entry.recipient), message: bytes)
        }
        messages = []
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
        var attachments: [Int64: [DigestAttachment]] = [:]
        let shown = content.withSince(mark?.through ?? fallback)
            .withAttachments(OriginalMessages(maildir: maildir, database: database).attachments(of: content.posts, known: &attachments))
        var document = DigestDocument(
            community: configuration.community, name: Self.organisationName,
            content: shown, recipient: address,
            isMemberDigest: false, timeZone: timeZone, archive: configuration.archiveLinks)
        // The products marked since the last organisation digest; protected ones never go to the organisation.
        document.products = ProductMarking.open(
            try database.products(protectedSubIssues: configuration.protectedSubIssueIDs),
            markedFrom: mark?.through ?? fallback, to: now)
        let chosen = format ?? organisation.format
        let domain = AddressSyntax.split(configuration.community.listAddress).map { String($0.domain) } ?? "praxis.invalid"
        let message = DigestMessage.compose(
            document, format: chosen, templates: templates,
            originals: chosen == .mime
                ? try OriginalMessages(maildir: maildir, database: database).load(
                    content.posts, for: .organisation(subIssues), visibility: DigestVisibility(subIssues: subIssues))
                : [:],
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

}

/// What a member's selection depends on: equal keys, equal digests (but for the recipient).
struct ContentKey: Hashable {
    var coverage: DigestCoverage
    var window: DigestWindow
    var shownSince: Date
    var received: Set<Int64>
}

/// What makes two digests' bodies byte-for-byte shareable.
struct SharedBody: Hashable {
    var rendering: AnyHashable
    var format: DigestPlan.Format
}

extension DigestRun {
    /// The messages on the wire, spread over the machine's cores.
    ///
    /// Encoding (quoted-printable, MIME) was most of a run over 10,000 members, and most members
    /// get the same digest: messages with the same `shared` key are encoded once, and each copy
    /// gets its own To and Message-ID fields, as the composer writes them, spliced in.
    static func encode(_ messages: [(message: OutgoingMessage, shared: Int?)]) -> [[UInt8]] {
        var groupLeaders: [Int: Int] = [:]
        var leaders: [Int] = []
        for (index, entry) in messages.enumerated() {
            guard let key = entry.shared else { leaders.append(index); continue }
            if groupLeaders[key] == nil {
                groupLeaders[key] = index
                leaders.append(index)
            }
        }
        let firstOfGroup = groupLeaders
        let results = Mutex([[UInt8]](repeating: [], count: messages.count))
        forEachConcurrently(leaders) { index in
            let bytes = messages[index].message.rendered()
            results.withLock { $0[index] = bytes }
        }
        let bodies = results.withLock { $0 }
        let followers: [Int] = messages.indices.filter { (index: Int) -> Bool in
            guard let key = messages[index].shared, let leader = firstOfGroup[key] else { return false }
            return leader != index
        }
        forEachConcurrently(followers) { index in
            guard let key = messages[index].shared, let leader = firstOfGroup[key] else { return }
            var headerOnly = messages[index].message
            headerOnly.body = .plain("")
            let bytes = HeaderSplice.replacing(["to", "message-id"], in: bodies[leader], from: headerOnly.rendered())
            results.withLock { $0[index] = bytes }
        }
        return results.withLock { $0 }
    }

    private static func forEachConcurrently(_ indices: [Int], _ body: @Sendable (Int) -> Void) {
        let workers = max(1, min(indices.count, ProcessInfo.processInfo.activeProcessorCount))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var position = worker
            while position < indices.count {
                body(indices[position])
                position += workers
            }
        }
    }
}

extension DigestRun {
    /// How many of `posts` fall in `window`: the reader's own posts of the period, for
    /// "you wrote N posts this week" (imported history is never among them: the snapshot leaves it out).
    static func count(_ posts: [DigestPost], in window: DigestWindow) -> Int {
        posts.filter { $0.id > window.afterPostID && $0.receivedAt > window.since }.count
    }
}

extension DigestContent {
    /// The same content with each post's attachments from `attachments` (by post id).
    func withAttachments(_ attachments: [Int64: [DigestAttachment]]) -> DigestContent {
        var copy = self
        for s in copy.sections.indices {
            for t in copy.sections[s].threads.indices {
                for p in copy.sections[s].threads[t].posts.indices {
                    copy.sections[s].threads[t].posts[p].attachments = attachments[copy.sections[s].threads[t].posts[p].id] ?? []
                }
            }
        }
        return copy
    }

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
    let database: PraxisDatabase

    /// `load`, each original's header rid of the Message-IDs of posts the reader may not know
    /// of (a public reply may name a protected post that arrived after it, or that a moderator
    /// moved into a protected sub-issue later).
    func load(_ posts: [DigestPost], for coverage: DigestCoverage, visibility: DigestVisibility) throws(StoreError) -> [Int64: [UInt8]] {
        var found = load(posts)
        for (id, bytes) in found {
            let message = MailMessage(bytes)
            let named = try database.postProtection(messageIDs: message.headerMessageIDs)
            let hidden = Set(named.filter { !visibility.allows(coverage, subIssue: $0.value.subIssue, isProtected: $0.value.isProtected) }.keys)
            guard !hidden.isEmpty else { continue }
            found[id] = message.rewritten(MessageRewrite(), hiding: hidden)
        }
        return found
    }

    /// The attachments of each of `posts` whose file is still there, read once per post for a
    /// run (`known` keeps what earlier selections read).
    func attachments(of posts: [DigestPost], known: inout [Int64: [DigestAttachment]]) -> [Int64: [DigestAttachment]] {
        let missing = posts.filter { known[$0.id] == nil }
        for (id, bytes) in load(missing) {
            known[id] = MailMessage(bytes).attachments.enumerated().map { index, attachment in
                DigestAttachment(number: index + 1, name: AttachmentLabel.fileName(attachment.filename, number: index + 1),
                                 size: attachment.size)
            }
        }
        for post in missing where known[post.id] == nil { known[post.id] = [] }
        return known
    }

    /// The bytes of each post whose file is still there; the others are left out (the digest notes them).
    func load(_ posts: [DigestPost]) -> [Int64: [UInt8]] {
        var found: [Int64: [UInt8]] = [:]
        var lookup = Maildir.Lookup(maildir: maildir)
        for post in posts {
            guard let name = post.fileName, let bytes = lookup.bytes(uniqueName: name) else { continue }
            found[post.id] = bytes
        }
        return found
    }
}
