import Foundation
import Testing
@testable import PraxisCommunity
@testable import PraxisDaemon

@Suite("The keys reference is written from the description the loader reads")
struct KeysReferenceTests {
    static let reference = ConfigurationLoaderTests.repositoryRoot.appendingPathComponent(KeysReference.path)

    /// `PRAXIS_WRITE_KEYS_REFERENCE=1` rewrites the committed file instead of comparing with it.
    @Test func committedReferenceIsTheGeneratedOne() throws {
        if ProcessInfo.processInfo.environment["PRAXIS_WRITE_KEYS_REFERENCE"] == "1" {
            try Data(KeysReference.markdown.utf8).write(to: Self.reference)
        }
        let committed = try String(contentsOf: Self.reference, encoding: .utf8)
        #expect(committed == KeysReference.markdown, """
            \(KeysReference.path) differs from the configuration's description; rewrite it with \
            PRAXIS_WRITE_KEYS_REFERENCE=1 swift test --filter KeysReferenceTests
            """)
    }

    /// Every key the sample configuration sets is a row of the reference, so an operator who looks
    /// up any key of the sample finds it.
    @Test(arguments: [
        "community.timezone", "paths.templates", "smtp.retry_days", "sub_issues[].protected", "circles.inner.window_days",
        "circles.demotion.hysteresis", "digests[].format", "reports.moderators.schedule", "organisation.address",
        "moderation.hold_on_dmarc_fail", "list.from_rewrite", "bounces.soft_score", "classification.retrain_after",
        "limits.message_bytes", "log_level",
    ])
    func referenceHasARowFor(key: String) {
        #expect(KeysReference.markdown.contains("| `\(key)` |"))
    }

    @Test func referenceShowsDefaultsFromTheValueTypes() {
        let text = KeysReference.markdown
        #expect(text.contains("| `smtp.connections` | whole number, 1 to 64 | `4` |"))
        #expect(text.contains("| `community.timezone` | IANA time zone, e.g. `Europe/Berlin` | `UTC` |"))
        #expect(text.contains("| `circles.demotion.hysteresis` | number above 0.0, at most 1.0 | `0.9` |"))
        #expect(text.contains("| `list.reply_to` | `list`, `author` | `list` |"))
        #expect(text.contains(
            "| `reports.moderators.schedule` | schedule: `daily HH:MM`, `weekly DAY HH:MM`, `monthly N HH:MM` or `quarterly N HH:MM` | `weekly mon 08:00` |"))
        #expect(text.contains("| `reviews.schedule` | schedule: "))
        #expect(text.contains("| `quarterly 1 09:00` |"))
        #expect(text.contains("| `reviews.thresholds.momentum_red` | number above 0.0, at most 10.0 | `0.5` |"))
        #expect(text.contains("| `community.name` | text | required |"))
    }
}

/// Defaults of the sections, read through the loader from the six lines every config starts with.
@Suite("Configuration sections take the documented defaults")
struct ConfigurationDefaultsTests {
    func load(_ addition: String) throws -> Configuration {
        let scratch = try ScratchDirectory()
        return try ConfigurationLoader.load(path: try scratch.write(minimalConfig + addition), environment: [:])
    }

    @Test func communityDerivesRoleAddresses() throws {
        let community = try load("").community
        #expect(community.requestAddress == "list-request@example.org")
        #expect(community.ownerAddress == "list-owner@example.org")
        #expect(community.bounceAddress == "list-bounces@example.org")
        #expect(community.timeZone == Community.standardTimeZone)
        #expect(community.objectives.isEmpty)
        let scratch = try ScratchDirectory()
        let path = try scratch.write("""
            community: {name: C, list_address: list@example.org, owner_address: people@example.org, timezone: Europe/Berlin}
            paths: {maildir: Maildir, database: praxis.sqlite}

            """)
        let given = try ConfigurationLoader.load(path: path, environment: [:]).community
        #expect(given.ownerAddress == "people@example.org" && given.requestAddress == "list-request@example.org")
        #expect(given.timeZone.identifier == "Europe/Berlin")
    }

    @Test func subIssueDefaults() throws {
        let subIssues = try load("sub_issues:\n  - id: cycling\n  - {id: p, protected: true, name: Procurement, members: [a@example.org]}\n").subIssues
        #expect(subIssues.first == SubIssue(id: "cycling", name: "cycling"))
        #expect(subIssues.first.map { !$0.isProtected && $0.keywords.isEmpty && $0.aliases.isEmpty && $0.members.isEmpty } == true)
        #expect(subIssues.last.map { $0.isProtected && $0.name == "Procurement" } == true)
    }

    @Test func circlesDefaults() throws {
        let policy = try load("").circles
        #expect(policy.promotion == .automatic)
        #expect(policy.inner == CirclesPolicy.InnerBar(posts: 3, threads: 2, windowDays: 60, repliesReceived: nil))
        #expect(policy.demotion == CirclesPolicy.Demotion(silentDays: 120, hysteresis: 0.9, minimumTenureDays: 30))
        let partial = try load("circles: {promotion: moderated, inner: {window_days: 30}}\n").circles
        #expect(partial.promotion == .moderated && partial.inner.windowDays == 30 && partial.inner.posts == 3)
    }

    @Test func digestAndDeliveryDefaults() throws {
        let configuration = try load("digests:\n  - {name: w, schedule: \"daily 18:00\"}\n")
        let digest = try #require(configuration.digests.first)
        #expect(digest.audience == .outer && digest.format == .html && digest.cap == nil)
        #expect(configuration.delivery == DeliveryDefaults(inner: .immediate, outer: .digest))
        #expect(configuration.reports.moderators.schedule.description == "weekly mon 08:00")
        #expect(try load("digests: []\ndelivery: {outer: immediate}\n").digests.isEmpty)
    }

    @Test func reviewDefaultsAndThresholds() throws {
        let standard = try load("").reviews
        #expect(standard.schedule.description == "quarterly 1 09:00")
        #expect(standard.thresholds == ReviewThresholds())
        let given = try load("reviews: {schedule: \"quarterly 2 07:30\", thresholds: {individuals: 8, momentum_red: 0.4}}\n").reviews
        #expect(given.schedule.description == "quarterly 2 07:30")
        #expect(given.thresholds.individuals == 8 && given.thresholds.momentumRed == 0.4 && given.thresholds.momentumAmber == 0.8)
        // A red bar above the amber one is refused, naming the key.
        #expect {
            _ = try load("reviews: {thresholds: {momentum_red: 0.9}}\n")
        } throws: { error in
            "\(error)".contains("reviews.thresholds.momentum_red") || ((error as? DaemonError)?.problems
                .contains { $0.keyPath == "reviews.thresholds.momentum_red" } ?? false)
        }
    }

    @Test func optionalSectionsAndNullValues() throws {
        let configuration = try load("""
            list: {archive_url: null, subject_prefix: ""}
            moderation: {authserv_ids: [mx.example.org]}
            organisation: {address: all@example.org, schedule: "monthly 1 09:00", format: rfc1153}
            metrics: {textfile: praxis.prom}

            """)
        #expect(configuration.list.archiveURL == nil && configuration.list.subjectPrefix == "")
        #expect(configuration.moderation.holdOnDMARCFail == nil && configuration.moderation.holdsOnDMARCFail)
        #expect(configuration.organisation?.format == .rfc1153 && configuration.organisation?.address == "all@example.org")
        #expect(configuration.metrics?.textfile.hasSuffix("/praxis.prom") == true)
    }
}
