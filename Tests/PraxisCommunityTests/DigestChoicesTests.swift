import Foundation
import PraxisMail
import Testing
@testable import PraxisCommunity

/// `set format` and `set own-posts` as the parser reads them and the decider carries them out,
/// and the own-posts choice in both delivery paths (issue 22 §2).
@Suite("Digest choices")
struct DigestChoicesTests {
    // Adversarial first: unknown words, missing or extra words, words smuggled after a valid one.
    @Test(arguments: [
        "set format rfc822", "set format", "set format text html", "set format text\u{0}", "set format txt",
        "set format rfc1153 please", "set own-posts", "set own-posts maybe", "set own-posts off on", "set own-posts 0",
        "set ownposts off",
    ])
    func aBadChoiceIsAProblemThatSaysWhatWould(line: String) {
        let parsed = EmailCommandParser.parse(subject: nil, newText: line)
        #expect(parsed.commands.isEmpty, "\(line)")
        guard case .problem(let problem)? = parsed.lines.first?.outcome else {
            Issue.record("expected a problem for \(line)")
            return
        }
        let sentence = problem.sentence(in: .en)
        if line.hasPrefix("set format") {
            // The reply lists the four formats.
            #expect(sentence.contains("text, html, mime, rfc1153"), "\(sentence)")
        } else if line.hasPrefix("set own-posts") {
            #expect(sentence.contains("on or off"), "\(sentence)")
        }
    }

    @Test(arguments: [
        ("set format text", EmailCommand.setDigestFormat(.text)),
        ("SET FORMAT RFC1153", .setDigestFormat(.rfc1153)),
        ("Set Format Mime", .setDigestFormat(.mime)),
        ("\tset  format   html ", .setDigestFormat(.html)),
        ("set own-posts off", .setOwnPosts(false)),
        ("SET OWN-POSTS On", .setOwnPosts(true)),
    ])
    func eachChoiceIsReadAndReadBack(line: String, expected: EmailCommand) {
        #expect(EmailCommandParser.parse(subject: nil, newText: line).commands == [expected])
        #expect(EmailCommandParser.command(in: expected.canonicalText) == expected)
        #expect(expected.needsConfirmation)
    }

    static let decider = EmailCommandDecider(
        community: Community(name: "Mobility", listAddress: "list@example.org"), subIssues: [SubIssue.general], coreGroup: [])
    static let member = EmailCommandDecider.MemberState(isKnown: true, isActive: true, hasCoreStanding: false)

    @Test(arguments: [
        ("set format rfc1153", EmailCommandDecider.MemberChange.digestFormat(.rfc1153), "your digests will come as rfc1153"),
        ("set own-posts off", .ownPosts(false), "your own posts will be left out"),
        ("set own-posts on", .ownPosts(true), "your own posts will be in your digests"),
    ])
    func aConfirmedChoiceChangesTheMembersRow(payload: String, change: EmailCommandDecider.MemberChange, line: String) {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let steps = Self.decider.confirmedSteps(payload: payload, address: "a@example.org", member: Self.member, at: now)
        guard case .done(let actions, let said)? = steps.first, steps.count == 1 else {
            Issue.record("one step expected: \(steps)")
            return
        }
        #expect(actions == [.changeMember(address: "a@example.org", change, at: now)])
        #expect(said.hasPrefix(line), "\(said)")
    }

    @Test func aFormerMemberCannotChangeTheirChoices() {
        let gone = EmailCommandDecider.MemberState(isKnown: true, isActive: false, hasCoreStanding: false)
        let steps = Self.decider.confirmedSteps(payload: "set format text\nset own-posts off", address: "a@example.org",
                                                member: gone, at: Date())
        #expect(steps.count == 2)
        for step in steps {
            guard case .done(let actions, _) = step else { Issue.record("\(step)"); continue }
            #expect(actions.isEmpty)
        }
    }

    @Test func whoamiSaysBothChoices() {
        let settings = EmailCommandDecider.MemberSettings(
            address: "a@example.org", name: nil, joinedAt: Date(timeIntervalSince1970: 0), delivery: nil, digest: "weekly",
            digestFormat: "rfc1153", ownPosts: false, subIssues: [:])
        let answer = Self.decider.whoami(settings)
        #expect(answer.contains("Digest format: rfc1153."))
        #expect(answer.contains("Your own posts: left out."))
    }

    // MARK: Own posts in the two delivery paths

    @Test(arguments: [
        // (list sends authors theirs, author declines, author gets a copy)
        (false, false, false), (false, true, false), (true, false, true), (true, true, false),
    ])
    func anImmediateCopyOfOnesOwnPost(deliverToAuthor: Bool, declines: Bool, getsCopy: Bool) {
        let decider = DistributionDecider(
            community: Self.decider.community, list: ListSettings(deliverToAuthor: deliverToAuthor))
        let audience = ["author@example.org", "other@example.org"]
        #expect(decider.asksWhetherAuthorDeclines(audience: audience, author: "author@example.org") == deliverToAuthor)
        let recipients = decider.recipients(of: audience, author: "author@example.org", authorDeclines: declines)
        #expect(recipients.contains("author@example.org") == getsCopy)
        #expect(recipients.contains("other@example.org"))
    }

    @Test func aDigestLeavesOutTheReadersOwnPostsWhenAsked() {
        typealias F = DigestFixture
        // The author's address as written in the post, in another case: still theirs.
        let posts = [F.post(1, thread: 1, "cycling", author: "Alice@Example.org"), F.post(2, thread: 1, "cycling", author: "bob@example.org"),
                     F.post(3, thread: 2, "parking", author: "alice@example.org")]
        let declining = DigestReader(address: "alice@example.org", receivesOwnPosts: false)
        let content = F.select(posts, reader: declining)
        #expect(content.posts.map(\.id) == [2])
        #expect(F.select(posts, reader: DigestReader(address: "alice@example.org")).posts.count == 3, "default: as today")
        #expect(F.select(posts, reader: DigestReader(address: "bob@example.org", receivesOwnPosts: false)).posts.map(\.id).sorted() == [1, 3])
    }
}
