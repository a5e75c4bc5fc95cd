import Foundation
import PraxisCommunity
@testable import PraxisDaemon
import PraxisMail
import PraxisStore
import Testing

/// `praxis review` on the real binary, against the linux-mips 2004 archive (issue 21's "must hold").
@Suite("praxis review")
struct ReviewCommandTests {
    /// The weekly report's linux-mips community (Europe/Berlin, ralf@linux-mips.org the core group).
    static let berlin = ReportCommandTests.berlin

    /// 2004-Q2 and 2004-Q1 in Europe/Berlin, written out by hand: Q1 starts in CET, Q2 in CEST.
    static let q1Start = Date(timeIntervalSince1970: 1_072_911_600)  // 2003-12-31T23:00:00Z
    static let q2Start = Date(timeIntervalSince1970: 1_080_770_400)  // 2004-03-31T22:00:00Z
    static let q2End = Date(timeIntervalSince1970: 1_088_632_800)    // 2004-06-30T22:00:00Z

    func run(_ community: CommunityFixture, _ arguments: [String]) throws -> (Int32, String, String) {
        try PraxisChild.run(arguments + ["--config", community.configPath], in: community.url) ?? (-1, "", "")
    }

    @Test func linuxMipsQ2AgreesWithTheMbox() throws {
        guard let data = FileManager.default.contents(atPath: TestMessages.corpusPath) else {
            print("skipped: \(TestMessages.corpusPath) is absent, so the linux-mips review cannot be checked")
            return
        }
        let community = try CommunityFixture()
        try community.writeConfiguration(Self.berlin)
        let importing = try #require(try PraxisChild(
            ["import", "mbox", TestMessages.corpusPath, "--add-authors", "--config", community.configPath], in: community.url))
        let (messages, unreadable) = SimpleMbox.read(data)
        importing.wait()
        #expect(importing.exitStatus == 0, "\(importing.standardError)")
        let outcome = try run(community, ["review", "--quarter", "2004-Q2", "--format", "json"])
        #expect(outcome.0 == 0, "\(outcome.2)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.1.utf8)) as? [String: Any])
        let figures = try #require(object["figures"] as? [String: Any])

        let expected = SimpleMbox.Quarter(messages, start: Self.q2Start, end: Self.q2End, previousStart: Self.q1Start)
        print("2004-Q2 from the mbox: \(expected.posts) posts by \(expected.contributors) people, \(expected.openers) openers, "
            + "\(expected.unanswered) unanswered, median first reply \(expected.medianFirstReply ?? -1) s")
        // Every message has a Date this reading understands, so nothing is silently left out.
        #expect(messages.count > 2_000 && unreadable == 0, "\(unreadable) messages without a From or Date this test reads")
        #expect(object["quarter"] as? String == "2004-Q2")
        #expect(figures["posts"] as? Int == expected.posts)
        #expect(figures["contributors"] as? Int == expected.contributors)
        #expect(figures["previous_posts"] as? Int == expected.previousPosts)
        #expect(figures["previous_contributors"] as? Int == expected.previousContributors)
        #expect(figures["openers"] as? Int == expected.openers)
        #expect(figures["unanswered"] as? Int == expected.unanswered)
        #expect(figures["median_first_reply_seconds"] as? Double == expected.medianFirstReply)
        #expect(figures["core_group"] as? Int == 1)
        #expect(figures["core_active"] as? Int == (expected.authors.contains("ralf@linux-mips.org") ? 1 : 0))
        #expect(figures["started_at"] as? String == JSONDate.utc(expected.firstDate))
        let subIssues = try #require(figures["sub_issues"] as? [[String: Any]])
        #expect(subIssues.count == 1)
        #expect(subIssues.first?["posts"] as? Int == expected.posts)
        #expect(subIssues.first?["contributors"] as? Int == expected.contributors)
        let objectives = try #require(figures["objectives"] as? [[String: Any]])
        #expect(objectives.first?["posts"] as? Int == expected.posts)
        #expect(objectives.first?["contributors"] as? Int == expected.contributors)
        #expect(figures["protected_sub_issues"] as? Int == 0 && figures["protected_in_use"] as? Int == 0)
        #expect(figures["sponsor_named"] as? Bool == false && figures["organisation_digests_sent"] as? Int == 0)

        // The items carry the same figures DESIGN.md §9 names them by.
        let items = try #require(object["items"] as? [[String: Any]])
        #expect(items.compactMap { $0["id"] as? String } == [
            "enough_individuals", "objectives_active", "roles_filled", "momentum", "inward_movement", "responsiveness",
            "management_backing", "protected_spaces",
        ])
        let value = { (id: String) in items.first { $0["id"] as? String == id }?["value"] }
        #expect(value("enough_individuals") as? Int == expected.contributors)
        #expect(value("responsiveness") as? Int == expected.unanswered)
        // JSON text to Double may differ in the last bit.
        let momentum = try #require(value("momentum") as? Double)
        #expect(abs(momentum - Double(expected.posts) / Double(expected.previousPosts)) < 1e-12)
        #expect(value("management_backing") as? Bool == false)
        #expect(items.allSatisfy { ["green", "amber", "red"].contains($0["mark"] as? String ?? "") })
        #expect(["continue", "refocus", "disband"].contains(object["recommendation"] as? String ?? ""))
        #expect((object["reasons"] as? [String])?.isEmpty == false)
    }

    /// A community with a protected sub-issue whose posts have distinctive subjects, texts and
    /// author names, recorded in 2004-Q2 through the store's own write path.
    static func withProtectedPosts() throws -> CommunityFixture {
        let community = try CommunityFixture()
        try community.writeConfiguration("""
            community:
              name: Test CoP
              list_address: list@example.org
              timezone: UTC
              objectives: [{id: tenders, text: Buy together, sub_issues: [procurement]}]
            paths:
              maildir: Maildir
              database: praxis.sqlite
            circles: {core: [mod@example.org]}
            sub_issues:
              - {id: cycling, moderators: [cyc@example.org]}
              - {id: procurement, protected: true, members: [xerxes.quillfeather@example.org], moderators: [pm@example.org]}
            organisation: {sponsor: boss@example.org}
            """)
        let database = try community.database()
        let posts: [(String, String, String, String, String?)] = [
            ("s1", "xerxes.quillfeather@example.org", "ZANZIBAR tender ceiling", "procurement", nil),
            ("s2", "pm@example.org", "Re: ZANZIBAR tender ceiling", "procurement", "s1"),
            ("c1", "alice@example.org", "Bike lanes", "cycling", nil),
            ("c2", "bob@example.org", "Re: Bike lanes", "cycling", "c1"),
        ]
        _ = try database.recordPosts(posts.enumerated().map { index, post in
            let date = Date(timeIntervalSince1970: 1_083_000_000 + Double(index) * 3600)  // late April 2004
            return NewPost(
                messageID: post.0 + "@example.org", contentHash: ContentHash.sha256(Array(post.0.utf8)),
                author: MailAddress(name: post.3 == "procurement" ? "Xerxes Quillfeather" : nil, address: post.1),
                date: date, receivedAt: date, subject: post.2, inReplyTo: post.4.map { [$0 + "@example.org"] } ?? [],
                classification: post.4 == nil ? PostClassification(subIssue: post.3, stage: .explicit) : .general,
                trimmedText: post.3 == "procurement" ? "Our QUOKKA bid ceiling is 4711.93 euros" : "Paint them green",
                size: 100, isProtected: post.3 == "procurement")
        })
        for address in ["xerxes.quillfeather@example.org", "alice@example.org", "bob@example.org"] {
            try database.addMember(address: address, name: address.hasPrefix("xerxes") ? "Xerxes Quillfeather" : nil,
                                   joinedAt: Date(timeIntervalSince1970: 1_070_000_000))
        }
        return community
    }

    static let secrets = ["ZANZIBAR", "QUOKKA", "4711.93", "Xerxes", "xerxes", "Quillfeather", "quillfeather"]

    /// Issue 21's "must hold": nothing of a protected sub-issue in any format of the review, nor in
    /// the management summary and the review mails `review send` queues.
    @Test func noProtectedSubjectTextOrNameInAnyFormatOrMail() throws {
        let community = try Self.withProtectedPosts()
        var outputs: [String] = []
        for format in ["text", "html", "json"] {
            let outcome = try run(community, ["review", "--quarter", "2004-Q2", "--format", format])
            #expect(outcome.0 == 0, "\(outcome.2)")
            #expect(outcome.1.contains("2004-Q2"))
            outputs.append(outcome.1)
        }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outputs[2].utf8)) as? [String: Any])
        let figures = try #require(json["figures"] as? [String: Any])
        #expect(figures["protected_in_use"] as? Int == 1 && figures["posts"] as? Int == 4)
        let sent = try run(community, ["review", "send", "--quarter", "2004-Q2"])
        #expect(sent.0 == 0, "\(sent.2)")
        // mod, the owner, cyc and pm (the moderators), and the sponsor's summary.
        #expect(sent.1.contains("5 mail(s)"), "\(sent.1)")
        let mails = try community.database().read("reading the outbox") { db in
            try Data.fetchAll(db, sql: "SELECT message FROM outbox ORDER BY id").map { String(decoding: $0, as: UTF8.self) }
        }
        #expect(mails.count == 5)
        #expect(mails.last?.contains("Management summary 2004-Q2") == true && mails.last?.contains("To: boss@example.org") == true)
        for output in outputs + mails {
            for secret in Self.secrets { #expect(!output.contains(secret), "\(secret) leaked") }
        }
        #expect(mails.allSatisfy { $0.contains("Protected spaces") })
    }

    /// `reviews.schedule` (default `quarterly 1 09:00`): a fresh store starts at the latest due
    /// time without sending; the next due time sends the last quarter's review once, however often
    /// the scheduler looks.
    @Test func theScheduledReviewGoesOutOncePerQuarter() throws {
        let community = try Self.withProtectedPosts()
        let configuration = try ConfigurationLoader.load(path: community.configPath, environment: [:])
        #expect(configuration.reviews.schedule.description == "quarterly 1 09:00")
        let review = QuarterlyReview(configuration: configuration, database: try community.database())
        let utc = { (text: String) in (try? Date(text, strategy: .iso8601)) ?? Date(timeIntervalSince1970: 0) }
        #expect(try DigestScheduler.sendReviewIfDue(review, now: utc("2004-06-15T12:00:00Z")) == nil)  // the baseline
        #expect(try DigestScheduler.sendReviewIfDue(review, now: utc("2004-07-01T08:59:00Z")) == nil)
        #expect(try DigestScheduler.sendReviewIfDue(review, now: utc("2004-07-01T09:00:00Z"))?.description == "2004-Q2")
        #expect(try DigestScheduler.sendReviewIfDue(review, now: utc("2004-07-01T09:30:00Z")) == nil)
        #expect(try DigestScheduler.sendReviewIfDue(review, now: utc("2004-09-30T23:00:00Z")) == nil)
        #expect(try community.count("SELECT count(*) FROM outbox") == 5)
        #expect(try DigestScheduler.sendReviewIfDue(review, now: utc("2004-10-01T09:00:01Z"))?.description == "2004-Q3")
        #expect(try community.count("SELECT count(*) FROM outbox") == 10)
        #expect(try community.count("SELECT count(*) FROM schedule_runs WHERE schedule = 'review:quarterly'") == 3)
        #expect(DigestScheduler.nextDue(configuration, after: utc("2004-09-30T00:00:00Z")) ?? .distantFuture
            <= utc("2004-10-01T09:00:00Z"))
    }

    @Test func aBadQuarterIsAUsageErrorInOneSentence() throws {
        let community = try CommunityFixture()
        for bad in ["2004-Q5", "2004Q2", "Q2-2004", "2004-W20"] {
            let outcome = try run(community, ["review", "--quarter", bad])
            #expect(outcome.0 == 2)
            #expect(outcome.2 == "praxis: --quarter \(bad) is not a quarter; write it as YYYY-Qn with n from 1 to 4, e.g. 2004-Q2\n")
        }
        let decision = try run(community, ["review", "decide", "pause", "--note", "x"])
        #expect(decision.0 == 2 && decision.2.contains("\"pause\" is not a decision"))
        let noNote = try run(community, ["review", "decide", "continue", "--note", "  "])
        #expect(noNote.0 == 2 && noNote.2.contains("needs --note"))
        let badBy = try run(community, ["review", "decide", "continue", "--note", "ok", "--by", "not an address"])
        #expect(badBy.0 == 2 && badBy.2.contains("--by not an address"))
    }

    @Test func decisionsAreRecordedListedAndShownInTheNextReview() throws {
        let community = try CommunityFixture()
        let empty = try run(community, ["review", "history"])
        #expect(empty.0 == 0 && empty.1.contains("No decision has been recorded yet"))
        let decided = try run(community, ["review", "decide", "refocus", "--quarter", "2004-Q2", "--note", "Fewer topics",
                                          "--by", "mod@example.org"])
        #expect(decided.0 == 0 && decided.1 == "recorded: refocus for 2004-Q2, by mod@example.org\n", "\(decided)")
        let byOwner = try run(community, ["review", "decide", "continue", "--quarter", "2004-Q3", "--note", "Better now"])
        #expect(byOwner.1.contains("by list-owner@example.org"))
        let history = try run(community, ["review", "history", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(history.1.utf8)) as? [String: Any])
        let decisions = try #require(object["decisions"] as? [[String: Any]])
        #expect(decisions.compactMap { $0["decision"] as? String } == ["refocus", "continue"])
        #expect(decisions.first?["quarter"] as? String == "2004-Q2" && decisions.first?["note"] as? String == "Fewer topics")
        let review = try run(community, ["review", "--format", "json"])
        let shown = try #require(try JSONSerialization.jsonObject(with: Data(review.1.utf8)) as? [String: Any])
        #expect((shown["last_decision"] as? [String: Any])?["note"] as? String == "Better now")
        #expect(try run(community, ["review"]).1.contains("continue on "))
    }

    @Test func shippedTemplatesAreTheBuiltInOnesAndAnOverrideWins() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for part in ReviewTemplates.Part.allCases {
            let file = root.appendingPathComponent("Config/templates/" + ReviewTemplateLoader.fileName(part))
            #expect(try String(contentsOf: file, encoding: .utf8) == ReviewTemplates.standardSource(part) + "\n")
        }
        let community = try CommunityFixture()
        let folder = community.url.appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try community.writeConfiguration(CommunityFixture.configuration(extra: "").replacingOccurrences(
            of: "  database: praxis.sqlite", with: "  database: praxis.sqlite\n  templates: templates"))
        try Data("OUR REVIEW {{quarter}}: {{recommendation}}\n".utf8).write(to: folder.appendingPathComponent("review.txt.mustache"))
        let outcome = try run(community, ["review", "--quarter", "2004-Q2"])
        #expect(outcome.0 == 0 && outcome.1 == "OUR REVIEW 2004-Q2: continue\n", "\(outcome)")
        try Data("{{#items}".utf8).write(to: folder.appendingPathComponent("review.html.mustache"))
        let broken = try run(community, ["review", "--quarter", "2004-Q2", "--format", "html"])
        #expect(broken.0 == 2 && broken.2.contains("review.html.mustache"))
    }
}

/// The mbox read with code of its own, not Praxis's parser or store: messages split at `From `
/// lines (mboxrd escapes the others), headers unfolded, addresses and Message-IDs taken from
/// between angle brackets.
enum SimpleMbox {
    struct Message {
        var messageID: String?
        var author: String
        var date: Date
        /// What the message names as the one it answers: the first In-Reply-To, else the last References.
        var answers: String?
    }

    /// The messages, and how many had no From or Date this reading understands.
    static func read(_ data: Data) -> (messages: [Message], unreadable: Int) {
        let text = String(decoding: data, as: UTF8.self)
        var result: [Message] = []
        var seen = Set<String>()
        var headers: [String] = []
        var inHeaders = false
        var unreadable = 0
        func finish() {
            guard let message = message(headers) else {
                unreadable += 1
                return
            }
            // A message that arrives again is recorded once.
            if let id = message.messageID, !seen.insert(id).inserted { return }
            result.append(message)
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("From ") {
                if !headers.isEmpty { finish() }
                headers = []
                inHeaders = true
            } else if inHeaders {
                let line = line.hasSuffix("\r") ? line.dropLast() : line
                if line.isEmpty {
                    inHeaders = false
                } else if line.first == " " || line.first == "\t", !headers.isEmpty {
                    headers[headers.count - 1] += " " + line.trimmingCharacters(in: .whitespaces)
                } else {
                    headers.append(String(line))
                }
            }
        }
        if !headers.isEmpty { finish() }
        return (result, unreadable)
    }

    static func field(_ name: String, in headers: [String]) -> String? {
        let prefix = name.lowercased() + ":"
        return headers.first { $0.lowercased().hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }

    static func bracketed(_ text: String) -> [String] {
        var ids: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            ids.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return ids
    }

    static func message(_ headers: [String]) -> Message? {
        guard let from = field("From", in: headers) ?? field("Sender", in: headers),
              let dateText = field("Date", in: headers), let date = parseDate(dateText)
        else { return nil }
        let address = bracketed(from).first
            ?? from.split(separator: " ").first { $0.contains("@") }.map(String.init) ?? from
        let inReplyTo = field("In-Reply-To", in: headers).map(bracketed) ?? []
        let references = field("References", in: headers).map(bracketed) ?? []
        return Message(
            messageID: field("Message-ID", in: headers).flatMap { bracketed($0).first },
            author: address.trimmingCharacters(in: .whitespaces).lowercased(), date: date,
            answers: inReplyTo.first ?? references.last)
    }

    /// RFC 5322 §3.3 with its obsolete zones (§4.3): a numeric zone, one of the US names, else
    /// (another name, or none at all) UTC. A comment in parentheses is dropped.
    static func parseDate(_ text: String) -> Date? {
        var text = text
        if let comment = text.firstIndex(of: "(") { text = String(text[..<comment]) }
        if let comma = text.firstIndex(of: ",") { text = String(text[text.index(after: comma)...]) }
        var words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard words.count >= 4 else { return nil }
        var offset = 0
        if words.count >= 5 {
            let zone = words.removeLast()
            let names = ["est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420, "mdt": -360, "pst": -480, "pdt": -420]
            if let sign = zone.first, sign == "+" || sign == "-", zone.count == 5, let number = Int(zone.dropFirst()) {
                offset = (sign == "-" ? -1 : 1) * (number / 100 * 60 + number % 100)
            } else {
                offset = names[zone.lowercased()] ?? 0
            }
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        for format in ["d MMM yyyy HH:mm:ss", "d MMM yyyy HH:mm"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: words.joined(separator: " ")) {
                return date.addingTimeInterval(-Double(offset) * 60)
            }
        }
        return nil
    }

    /// A quarter's counts, as the review defines them.
    struct Quarter {
        var posts = 0
        var contributors = 0
        var previousPosts = 0
        var previousContributors = 0
        var openers = 0
        var unanswered = 0
        var medianFirstReply: Double?
        var authors = Set<String>()
        var firstDate = Date.distantFuture

        init(_ messages: [Message], start: Date, end: Date, previousStart: Date) {
            let inside = messages.filter { $0.date >= start && $0.date < end }
            let before = messages.filter { $0.date >= previousStart && $0.date < start }
            posts = inside.count
            authors = Set(inside.map(\.author))
            contributors = authors.count
            previousPosts = before.count
            previousContributors = Set(before.map(\.author)).count
            firstDate = messages.map(\.date).min() ?? firstDate
            var delays: [Double] = []
            for opener in inside where opener.answers == nil {
                openers += 1
                let reply = messages.filter {
                    $0.answers != nil && $0.answers == opener.messageID && $0.author != opener.author && $0.date < end
                }.map(\.date).min()
                if let reply { delays.append(max(0, reply.timeIntervalSince(opener.date))) } else { unanswered += 1 }
            }
            delays.sort()
            if !delays.isEmpty {
                let middle = delays.count / 2
                medianFirstReply = delays.count % 2 == 1 ? delays[middle] : (delays[middle - 1] + delays[middle]) / 2
            }
        }
    }
}

enum JSONDate {
    static func utc(_ date: Date) -> String { date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt)) }
}
