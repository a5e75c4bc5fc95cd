import Foundation
import PraxisMail
import PraxisStore
import Testing

/// A year of real list mail imported with `--add-authors` (once for the suite), then
/// `praxis circles --as-of` compared with the inner circle computed by hand from the mbox.
@Suite("praxis circles after an import")
struct CirclesImportTests {
    /// The policy, spelt out in the test's config so the hand computation below can follow it.
    static let configuration = CommunityFixture.configuration(extra: """
        circles:
          inner: {posts: 3, threads: 2, window_days: 60}
          demotion: {silent_days: 120, minimum_tenure_days: 30, hysteresis: 0.9}
        """)

    /// The imported archive, shared by the checks below: importing it once keeps the suite fast.
    struct Imported {
        let community: CommunityFixture
    }

    static func circles(_ imported: Imported, _ extra: [String]) throws -> [String: Any]? {
        guard let outcome = try PraxisChild.run(["circles", "--json", "--config", imported.community.configPath] + extra,
                                                in: imported.community.url) else { return nil }
        #expect(outcome.0 == 0, "\(outcome.2)")
        return try JSONSerialization.jsonObject(with: Data(outcome.1.utf8)) as? [String: Any]
    }

    // MARK: The hand computation

    /// One message of the archive as the hand computation sees it.
    struct Message {
        var author: String
        var date: Date
        var key: String
        var references: [String]
        var subject: String
    }

    /// The subject with reply prefixes and list tags removed, lower-cased, and whether it had a prefix.
    static func normalised(_ subject: String) -> (String, Bool) {
        var rest = Substring(subject)
        var isReply = false
        while true {
            rest = rest.drop { $0 == " " || $0 == "\t" }
            let lower = rest.lowercased()
            if let prefix = ["re", "aw", "sv", "fwd", "fw"].first(where: { lower.hasPrefix($0) }) {
                var after = rest.dropFirst(prefix.count)
                if after.first == "[", let close = after.firstIndex(of: "]"),
                   after[after.index(after: after.startIndex)..<close].allSatisfy(\.isNumber) {
                    after = after[after.index(after: close)...]
                }
                after = after.drop { $0 == " " || $0 == "\t" }
                if after.first == ":" { rest = after.dropFirst(); isReply = true; continue }
            }
            if rest.first == "[", let close = rest.firstIndex(of: "]"), rest.distance(from: rest.startIndex, to: close) <= 65 {
                rest = rest[rest.index(after: close)...]
                continue
            }
            break
        }
        return (rest.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " "), isReply)
    }

    /// The inner circle at `end` under the configured policy, from the messages alone: threads
    /// by shared references (and a `Re:` subject without references joining the latest thread
    /// of that subject within 30 days); a member enters at the post that gives 3 posts in 2
    /// threads within 60 days and leaves 120 days after their last post (tenure and hysteresis
    /// cannot bind with these numbers: the silence outlasts both the tenure and the window).
    static func innerCircle(_ messages: [Message], at end: Date) -> (inner: Set<String>, authors: Set<String>) {
        var parent: [String: String] = [:]
        func find(_ key: String) -> String {
            var key = key
            while let up = parent[key], up != key { key = up }
            return key
        }
        func union(_ a: String, _ b: String) {
            let (ra, rb) = (find(a), find(b))
            if ra != rb { parent[ra] = rb }
        }
        var latestBySubject: [String: (key: String, date: Date)] = [:]
        for message in messages {
            if parent[message.key] == nil { parent[message.key] = message.key }
            for reference in message.references {
                if parent[reference] == nil { parent[reference] = reference }
                union(message.key, reference)
            }
            let (subject, isReply) = normalised(message.subject)
            if message.references.isEmpty, isReply, let latest = latestBySubject[subject],
               message.date.timeIntervalSince(latest.date) <= 30 * 86_400 {
                union(message.key, latest.key)
            }
            if !subject.isEmpty { latestBySubject[subject] = (message.key, message.date) }
        }
        let day: TimeInterval = 86_400
        var byAuthor: [String: [(Date, String)]] = [:]
        for message in messages where message.date <= end {
            byAuthor[message.author, default: []].append((message.date, find(message.key)))
        }
        var inner = Set<String>()
        for (author, posts) in byAuthor {
            var isInner = false
            var last: Date?
            for (index, post) in posts.enumerated() {
                if isInner, let last, post.0.timeIntervalSince(last) >= 120 * day { isInner = false }
                last = post.0
                if !isInner {
                    let window = posts[...index].filter { $0.0 > post.0.addingTimeInterval(-60 * day) }
                    isInner = window.count >= 3 && Set(window.map(\.1)).count >= 2
                }
            }
            if isInner, let last, end.timeIntervalSince(last) < 120 * day { inner.insert(author) }
        }
        return (inner, Set(byAuthor.keys))
    }

    static let handMessages: [Message] = {
        guard let raw = TestMessages.corpus() else { return [] }
        return raw.enumerated().compactMap { index, bytes -> Message? in
            let message = MailMessage(bytes)
            guard let author = (message.from.first ?? message.sender.first)?.normalized, !author.isEmpty,
                  let date = message.date else { return nil }
            return Message(author: author, date: date, key: message.messageID ?? "#\(index)",
                           references: message.references + message.inReplyTo, subject: message.subject ?? "")
        }.enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(\.element)
    }()

    // MARK: Tests

    /// Imports the archive once, then checks what `praxis circles` says about it.
    @Test func importedArchive() throws {
        guard FileManager.default.fileExists(atPath: TestMessages.corpusPath) else {
            print("skipped: \(TestMessages.corpusPath) is absent")
            return
        }
        let community = try CommunityFixture()
        try community.writeConfiguration(Self.configuration)
        let arguments = ["import", "mbox", TestMessages.corpusPath, "--add-authors", "--config", community.configPath]
        // The import runs in its own process while this one parses the archive for the hand count.
        guard let child = try PraxisChild(arguments, in: community.url) else { return }
        _ = Self.handMessages
        child.wait(timeout: .seconds(120))
        #expect(child.exitStatus == 0, "\(child.standardError)")
        let imported = Imported(community: community)
        for date in ["2004-03-31", "2004-06-30", "2004-09-30", "2004-12-31"] {
            try asOfGivesTheInnerCircleThePolicyDefines(imported, date: date)
        }
        try aFewAuthorsByName(imported)
        try contributionsInSQLMatchTheLog(imported)
        try storedStandingsAfterTheImportAreTheReplayToNow(imported)
    }

    func asOfGivesTheInnerCircleThePolicyDefines(_ imported: Imported, date: String) throws {
        guard let object = try Self.circles(imported, ["--as-of", date]) else { return }
        #expect(object["as_of"] as? String == date + "T00:00:00Z")
        let general = (object["sub_issues"] as? [[String: Any]])?.first { $0["id"] as? String == "general" }
        let inner = Set(general?["inner"] as? [String] ?? [])
        let end = try #require(ISO8601DateFormatter().date(from: date + "T00:00:00Z"))
        let hand = Self.innerCircle(Self.handMessages, at: end)
        #expect(!hand.inner.isEmpty)
        #expect(inner == hand.inner, "\(date): only praxis: \(inner.subtracting(hand.inner).sorted()); only by hand: \(hand.inner.subtracting(inner).sorted())")
        // Everyone who had written by then is a member, and outside the inner circle is outer.
        #expect(general?["outer_count"] as? Int == hand.authors.subtracting(hand.inner).count)
    }

    /// A few authors checked by name at mid-year, as the hand computation says they stand.
    func aFewAuthorsByName(_ imported: Imported) throws {
        guard let object = try Self.circles(imported, ["--as-of", "2004-06-30"]) else { return }
        let general = (object["sub_issues"] as? [[String: Any]])?.first { $0["id"] as? String == "general" }
        let inner = Set(general?["inner"] as? [String] ?? [])
        let end = try #require(ISO8601DateFormatter().date(from: "2004-06-30T00:00:00Z"))
        let hand = Self.innerCircle(Self.handMessages, at: end).inner
        // The maintainer, a frequent contributor, and one whose three posts that spring fell in
        // a single thread (a reply without references joins its thread by subject).
        for author in ["ralf@linux-mips.org", "macro@ds2.pg.gda.pl", "cgd@broadcom.com"] {
            #expect(inner.contains(author) == hand.contains(author), "\(author)")
        }
        #expect(inner.contains("ralf@linux-mips.org"))
        #expect(!inner.contains("cgd@broadcom.com"))
        let candidates = general?["candidates"] as? [[String: String]] ?? []
        #expect(candidates.contains(["address": "cgd@broadcom.com", "missing": "1 more thread"]))
        // The transitions of the 30 days before, in the designed shape.
        let transitions = object["transitions"] as? [[String: String]] ?? []
        #expect(!transitions.isEmpty)
        #expect(transitions.allSatisfy { Set($0.keys) == ["address", "sub_issue", "from", "to", "at", "reason"] })
        #expect(transitions.allSatisfy { ($0["at"] ?? "") > "2004-05-31T" && ($0["at"] ?? "") < "2004-06-30T" })
    }

    /// Right after the import the store holds what a daemon running through that history would
    /// have: everyone has long been silent, so nobody is inner now, and no note was sent.
    /// The contributions query (SQL over `posts`) and the replay's log count the same things.
    func contributionsInSQLMatchTheLog(_ imported: Imported) throws {
        let database = try imported.community.database()
        let start = try #require(ISO8601DateFormatter().date(from: "2004-04-01T00:00:00Z"))
        let end = try #require(ISO8601DateFormatter().date(from: "2004-06-30T00:00:00Z"))
        for author in ["ralf@linux-mips.org", "macro@ds2.pg.gda.pl", "cgd@broadcom.com", "kieran@pawsoff.org"] {
            let (counted, logged) = try database.read("contributions") { db in
                (try PraxisDatabase.contributions(address: author, subIssue: "general", after: start, through: end, in: db),
                 try PraxisDatabase.contributionLogs(subIssue: "general", through: end, author: author, in: db)[author]?
                    .contributions(after: start, through: end))
            }
            #expect(counted == logged, "\(author)")
            #expect(counted.posts > 0 && counted.posts == counted.threadsStarted + counted.repliesGiven, "\(author)")
        }
        let ralf = try database.contributions(address: "ralf@linux-mips.org", subIssue: "general", after: start, through: end)
        #expect(ralf.repliesReceived > 0 && ralf.distinctThreads > 1)
    }

    func storedStandingsAfterTheImportAreTheReplayToNow(_ imported: Imported) throws {
        guard let outcome = try PraxisChild.run(["circles", "--json", "--config", imported.community.configPath],
                                                in: imported.community.url) else { return }
        #expect(outcome.0 == 0)
        let line = outcome.1.trimmingCharacters(in: .newlines)
        // The contract's field order.
        let keys = ["\"as_of\"", "\"sub_issues\"", "\"id\"", "\"core\"", "\"inner\"", "\"outer_count\"", "\"candidates\"", "\"transitions\""]
        let positions = keys.compactMap { line.range(of: $0)?.lowerBound }
        #expect(positions.count == keys.count && positions == positions.sorted())
        #expect(line.contains("\"inner\": []"))
        #expect(line.contains("\"outer_count\": 441"))
        #expect(try imported.community.count("SELECT COUNT(*) FROM member_sub_issue WHERE standing = 'inner'") == 0)
        let promotions = try imported.community.count("SELECT COUNT(*) FROM standing_transitions WHERE to_standing = 'inner'")
        #expect(promotions > 0)
        #expect(try imported.community.count("SELECT COUNT(*) FROM standing_transitions WHERE to_standing = 'outer'") == promotions)
        #expect(try imported.community.count("SELECT COUNT(*) FROM outbox") == 0)
    }

    @Test func aBadDateIsAUsageError() throws {
        let community = try CommunityFixture()
        guard let outcome = try PraxisChild.run(["circles", "--as-of", "June 2004", "--config", community.configPath],
                                                in: community.url) else { return }
        #expect(outcome.0 == 2)
        #expect(outcome.2.hasPrefix("praxis: --as-of \"June 2004\" is not a date"))
    }
}
