import Foundation
import GRDB
import Logging
import PraxisCommunity
import PraxisDaemon
import PraxisMail
import PraxisStore
import PraxisSystem
import Testing

/// A community with an outer member, an admitted buyer, a moderator, and posts in an open and a
/// protected sub-issue.
struct DigestCommunity {
    static let secret = "PRICE-CEILING-SECRET-4711"
    static let extra = """
        community:
          name: Test CoP
          list_address: list@example.org
          timezone: Europe/Berlin
        paths:
          maildir: Maildir
          database: praxis.sqlite
        sub_issues:
          - {id: cycling, name: Cycling}
          - {id: procurement, name: Joint procurement, protected: true, members: [buyer@example.org]}
        circles:
          core: [mod@example.org]
        digests:
          - {name: weekly, schedule: "weekly mon 07:00", audience: subscribers}
        """

    /// The organisation digest beside the members' one: weekly on Monday at 09:00, plain text.
    static let withOrganisation = extra + """

        organisation: {address: all-staff@example.org, schedule: "weekly mon 09:00", format: text}
        """

    let fixture: CommunityFixture

    init(receivedAt: Date, configuration: String = Self.extra) throws {
        fixture = try CommunityFixture()
        try fixture.writeConfiguration(configuration)
        let database = try fixture.database()
        for address in ["outer@example.org", "outer2@example.org", "buyer@example.org", "mod@example.org"] {
            try database.addMember(address: address, joinedAt: receivedAt.addingTimeInterval(-86_400 * 30))
        }
        try database.write("digest fixture") { db in
            try db.execute(sql: "UPDATE members SET delivery = 'digest'")
        }
        func post(_ n: Int, _ subIssue: String, _ text: String, protected: Bool = false) -> NewPost {
            NewPost(
                messageID: "p\(n)@example.org", contentHash: "hash-\(n)", author: MailAddress(name: "Author \(n)", address: "author\(n)@example.org"),
                date: receivedAt, receivedAt: receivedAt.addingTimeInterval(Double(n)), subject: "Subject \(n)",
                classification: PostClassification(subIssue: subIssue, stage: .explicit), trimmedText: text, size: 100,
                isProtected: protected)
        }
        _ = try database.recordPosts([
            post(1, "cycling", "Open discussion of bike lanes."),
            post(2, "procurement", "The \(Self.secret) stays between us.", protected: true),
            post(3, "cycling", "More on lanes."),
        ])
    }

    func instance() throws -> CommunityInstance {
        var logger = Logger(label: "test")
        logger.logLevel = .error
        return try CommunityInstance(configuration: ConfigurationLoader.load(path: fixture.configPath), logger: logger)
    }

    func digests() throws -> [(recipient: String, message: String)] {
        try fixture.database().read("reading digests") { db in
            try Row.fetchAll(db, sql: "SELECT recipients, message FROM outbox WHERE kind = 'digest' ORDER BY id").map {
                (recipient: $0["recipients"], message: String(decoding: $0["message"] as Data, as: UTF8.self))
            }
        }
    }
}

@Suite("Digest runs")
struct DigestRunTests {
    static let berlin = TimeZone(identifier: "Europe/Berlin") ?? .gmt
    // Monday 3 June 2024, 07:00 CEST.
    static let monday = Date(timeIntervalSince1970: 1_717_390_800)

    @Test func aMissedRunIsMadeUpOnceAndNeverTwice() async throws {
        let community = try DigestCommunity(receivedAt: Self.monday.addingTimeInterval(3600))
        let instance = try community.instance()
        // First start: the schedule begins at its latest due time, sending nothing.
        let first = try await DigestScheduler.runDue(DigestRun(instance: instance), now: Self.monday.addingTimeInterval(60))
        #expect(first.isEmpty)
        #expect(try community.digests().isEmpty)
        // Down for three weeks: one digest per member, not three.
        let later = Self.monday.addingTimeInterval(86_400 * 21 + 3600)
        let madeUp = try await DigestScheduler.runDue(DigestRun(instance: instance), now: later)
        #expect(madeUp.map(\.queued) == [4])
        // The next tick, and a restart (a new run on the same store), do nothing more.
        #expect(try await DigestScheduler.runDue(DigestRun(instance: instance), now: later.addingTimeInterval(30)).isEmpty)
        let restarted = try community.instance()
        #expect(try await DigestScheduler.runDue(DigestRun(instance: restarted), now: later.addingTimeInterval(600)).isEmpty)
        #expect(try community.digests().count == 4)
        // The week after, nothing new was posted: an empty digest is not sent, but the run is recorded.
        let nextWeek = Self.monday.addingTimeInterval(86_400 * 28 + 60)
        let quiet = try await DigestScheduler.runDue(DigestRun(instance: restarted), now: nextWeek)
        #expect(quiet.map(\.queued) == [0])
        #expect(try community.digests().count == 4)
        #expect(try community.fixture.count("SELECT count(*) FROM schedule_runs WHERE schedule = 'digest:weekly'") == 3)
    }

    @Test func protectedPostsReachOnlyTheAdmittedAndTheCore() async throws {
        let community = try DigestCommunity(receivedAt: Self.monday.addingTimeInterval(3600))
        let run = DigestRun(instance: try community.instance())
        let summary = try await run.send(plan: try #require(run.configuration.digests.first),
                                         dueAt: Self.monday.addingTimeInterval(86_400 * 7), now: Self.monday.addingTimeInterval(86_400 * 7))
        #expect(summary?.queued == 4)
        let digests = try community.digests()
        var messageIDs = Set<String>()
        for digest in digests {
            let parsed = MailMessage(Array(digest.message.utf8))
            #expect(parsed.defects.isEmpty)
            // The two outer members share one encoded body; each copy has its own To and Message-ID.
            #expect(parsed.to.map(\.address) == [digest.recipient])
            #expect(parsed.messageID.map { messageIDs.insert($0).inserted } == true)
            #expect(parsed.mediaType == "multipart/alternative")
            let sees = parsed.text.contains(DigestCommunity.secret)
            #expect(sees == !digest.recipient.hasPrefix("outer"), "\(digest.recipient)")
            #expect(parsed.text.contains("Open discussion of bike lanes."))
        }
    }
}

/// The organisation digest (DESIGN §1: the community's non-protected work for a wider, read-only
/// audience) on its own schedule: what it selects, that nothing protected reaches it, and that its
/// runs are made once, like the members' digests.
@Suite("Organisation digest")
struct OrganisationDigestTests {
    static let monday = DigestRunTests.monday
    static let organisation = "all-staff@example.org"

    func organisationDigests(_ community: DigestCommunity) throws -> [String] {
        try community.digests().filter { $0.recipient == Self.organisation }.map(\.message)
    }

    @Test func itsScheduleRunsOnceAndAMissedRunIsMadeUpOnce() async throws {
        let community = try DigestCommunity(receivedAt: Self.monday.addingTimeInterval(3600), configuration: DigestCommunity.withOrganisation)
        let instance = try community.instance()
        // First start: its schedule begins at the latest due time (the Monday before), sending nothing.
        _ = try await DigestScheduler.runDue(DigestRun(instance: instance), now: Self.monday.addingTimeInterval(60))
        #expect(try organisationDigests(community).isEmpty)
        // Monday 09:00 has not come yet at 08:59; at 09:01 it has: one digest.
        _ = try await DigestScheduler.runDue(DigestRun(instance: instance), now: Self.monday.addingTimeInterval(2 * 3600 - 60))
        #expect(try organisationDigests(community).isEmpty)
        _ = try await DigestScheduler.runDue(DigestRun(instance: instance), now: Self.monday.addingTimeInterval(2 * 3600 + 60))
        #expect(try organisationDigests(community).count == 1)
        // A restart an hour later sends nothing more; three weeks down, then nothing new: the runs
        // are recorded, and an empty digest is not sent.
        _ = try await DigestScheduler.runDue(DigestRun(instance: try community.instance()), now: Self.monday.addingTimeInterval(3 * 3600))
        _ = try await DigestScheduler.runDue(DigestRun(instance: try community.instance()), now: Self.monday.addingTimeInterval(86_400 * 21 + 3 * 3600))
        #expect(try organisationDigests(community).count == 1)
        #expect(try community.fixture.count("SELECT count(*) FROM schedule_runs WHERE schedule = 'digest:organisation'") == 3)
    }

    @Test func itCarriesTheOpenPostsAndNothingProtected() async throws {
        let community = try DigestCommunity(receivedAt: Self.monday.addingTimeInterval(3600), configuration: DigestCommunity.withOrganisation)
        let run = DigestRun(instance: try community.instance())
        let organisation = try #require(run.configuration.organisation)
        // The posts came in at 08:00 on Monday; the run due at 09:00 covers the week before it.
        let nineOClock = Self.monday.addingTimeInterval(2 * 3600)
        let summary = try await run.sendOrganisation(organisation, dueAt: nineOClock, now: nineOClock.addingTimeInterval(60))
        #expect(summary?.queued == 1)
        let digests = try organisationDigests(community)
        #expect(digests.count == 1)
        let parsed = MailMessage(Array((digests.first ?? "").utf8))
        #expect(parsed.to.map(\.address) == [Self.organisation])
        #expect(parsed.defects.isEmpty)
        #expect(parsed.text.contains("Open discussion of bike lanes.") && parsed.text.contains("More on lanes."), "\(parsed.text)")
        // Neither the protected post's text, nor its subject, author or sub-issue's name.
        for secret in [DigestCommunity.secret, "Subject 2", "author2@example.org", "Author 2", "Joint procurement"] {
            #expect(!(digests.first ?? "").contains(secret), "the organisation digest shows \(secret)")
        }
        // The next run has nothing new, so it sends nothing.
        let again = try await run.sendOrganisation(organisation, dueAt: nineOClock.addingTimeInterval(86_400 * 7),
                                                   now: nineOClock.addingTimeInterval(86_400 * 7 + 60))
        #expect(again?.queued == 0)
        #expect(try organisationDigests(community).count == 1)
    }
}

@Suite("praxis digest")
struct DigestCommandTests {
    func run(_ arguments: [String]) throws -> PraxisBinary.Outcome {
        guard let outcome = try PraxisBinary.run(arguments) else {
            Issue.record("the praxis executable was not found beside the test bundle (\(Bundle.main.bundleURL.path))")
            return PraxisBinary.Outcome(status: -1, standardOutput: "", standardError: "")
        }
        return outcome
    }

    @Test func previewAndSendFromOutsideKeepProtectedPostsFromTheOuterCircle() throws {
        let community = try DigestCommunity(receivedAt: Date().addingTimeInterval(-120))
        let config = community.fixture.configPath
        for format in ["text", "html", "mime", "rfc1153"] {
            let outer = try run(["digest", "preview", "--config", config, "--member", "outer@example.org", "--format", format])
            #expect(outer.status == 0, "\(outer.standardError)")
            #expect(outer.standardOutput.contains("bike lanes"))
            #expect(!outer.standardOutput.contains(DigestCommunity.secret), "\(format)")
            let buyer = try run(["digest", "preview", "--config", config, "--member", "buyer@example.org", "--format", format])
            #expect(buyer.standardOutput.contains(DigestCommunity.secret) || format == "mime", "\(format)")
        }
        let html = try run(["digest", "preview", "--config", config, "--member", "outer@example.org", "--format", "html"])
        #expect(html.standardOutput.hasPrefix("<!DOCTYPE html>"))
        // Preview marks nothing and queues nothing.
        #expect(try community.fixture.count("SELECT count(*) FROM outbox") == 0)
        #expect(try community.fixture.count("SELECT count(*) FROM digest_marks") == 0)

        let unknown = try run(["digest", "preview", "--config", config, "--member", "nobody@example.org"])
        #expect(unknown.status == 1)
        #expect(unknown.standardError.contains("nobody@example.org is not a member"))
        let badName = try run(["digest", "send", "--config", config, "--schedule", "hourly", "--now"])
        #expect(badName.status == 2)
        #expect(badName.standardError.contains("there is no digest \"hourly\""))

        let sent = try run(["digest", "send", "--config", config, "--schedule", "weekly", "--now", "--json"])
        #expect(sent.status == 0, "\(sent.standardError)")
        #expect(sent.standardOutput.contains("\"queued\": 4"), "\(sent.standardOutput)")
        let outerMail = try community.fixture.strings("SELECT CAST(message AS TEXT) FROM outbox WHERE recipients = 'outer@example.org'")
        #expect(outerMail.count == 1)
        #expect(outerMail.allSatisfy { !$0.contains(DigestCommunity.secret) })
        // Everything is marked: a second run now has nothing new for anyone.
        let again = try run(["digest", "send", "--config", config, "--schedule", "weekly", "--now", "--json"])
        #expect(again.standardOutput.contains("\"queued\": 0"), "\(again.standardOutput)")
    }
}
