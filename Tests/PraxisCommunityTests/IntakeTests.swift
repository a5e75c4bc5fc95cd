import PraxisMail
import Testing
@testable import PraxisCommunity

@Suite("Intake and the thread rule: pure decisions")
struct IntakeTests {
    static let community = Community(name: "Mobility CoP", listAddress: "mobility@lists.example.org")
    static let intake = Intake(
        screener: Screener(community: community),
        classifier: PostClassifier(subIssues: PostClassifierTests.subIssues))
    /// `chair` is configured core; `Editor` has the core standing in the store.
    static let core = Intake.Context(coreGroup: CoreGroup(configured: ["Chair@Example.org"], stored: ["editor@example.org"]))

    static func message(from: String, to: String = "mobility@lists.example.org", subject: String, header: String = "") -> MailMessage {
        MailMessage(Array("""
            From: \(from)\r
            To: \(to)\r
            Subject: \(subject)\r
            Message-ID: <m@example.org>\r
            \(header)\r
            > the lane we asked for\r
            A new bike lane on Main Street.\r
            """.utf8))
    }

    /// Who may post decides the kind; a held post keeps no text and gets the explicit stage only.
    @Test(arguments: [
        ("member@example.org", "[parking] permits", MessageKind.post, "parking", true),
        ("stranger@example.org", "[parking] permits", MessageKind.held, "parking", false),
        ("stranger@example.org", "permits", MessageKind.held, "general", false),
        ("member@example.org", "Out of office", MessageKind.auto, "general", false),
    ])
    func deliveredMessagesAreScreenedThenClassified(
        from: String, subject: String, kind: MessageKind, subIssue: String, keepsText: Bool
    ) {
        let headers = kind == .auto ? "Auto-Submitted: auto-replied\r\n" : ""
        let taken = Self.intake.take(
            Self.message(from: from, subject: subject, header: headers),
            arrival: .delivered(standings: ["member@example.org": .member]), context: Intake.Context())
        #expect(taken.screening?.kind == kind)
        #expect(taken.decision.subIssue == subIssue)
        #expect(!taken.trimmedText.isEmpty == keepsText)
        #expect(!taken.trimmedText.contains("the lane we asked for"), "quotes are trimmed")
    }

    /// History is not screened: a stranger's post is read and classified like any post, by the
    /// `list+tag@` address it was sent to, and a core member's header counts.
    @Test(arguments: [
        ("stranger@example.org", "mobility+transit@lists.example.org", "", "public-transport"),
        ("chair@example.org", "mobility@lists.example.org", "X-Praxis-Sub-Issue: procurement\r\n", "procurement"),
        ("chair@example.org", "mobility+transit@lists.example.org", "", "public-transport"),
        ("Editor@Example.org", "mobility@lists.example.org", "X-Praxis-Sub-Issue: procurement\r\n", "procurement"),
        ("stranger@example.org", "mobility@lists.example.org", "X-Praxis-Sub-Issue: procurement\r\n", "general"),
        // Naming a core member in the display name or Reply-To makes nobody core.
        ("\"chair@example.org\" <stranger@example.org>", "mobility@lists.example.org",
         "Reply-To: chair@example.org\r\nX-Praxis-Sub-Issue: procurement\r\n", "general"),
    ])
    func historyIsClassifiedWithoutScreening(from: String, to: String, header: String, subIssue: String) {
        let taken = Self.intake.take(
            Self.message(from: from, to: to, subject: "counts", header: header), arrival: .history, context: Self.core)
        #expect(taken.headerFromCore == (subIssue == "procurement"))
        #expect(taken.screening == nil)
        #expect(taken.decision.subIssue == subIssue)
        #expect(taken.decision.isProtected == (subIssue == "procurement"))
        #expect(taken.trimmedText.contains("bike lane"))
    }

    @Test(arguments: [
        (ThreadRule.Found(hasParent: true, hasSharedReference: true, isAwaitedByReplies: true, isReplySubject: true), ThreadRule.Join.parent),
        (ThreadRule.Found(hasParent: false, hasSharedReference: true, isAwaitedByReplies: true, isReplySubject: true), .sharedReference),
        (ThreadRule.Found(hasParent: false, hasSharedReference: false, isAwaitedByReplies: true, isReplySubject: true), .awaitingReplies),
        (ThreadRule.Found(hasParent: false, hasSharedReference: false, isAwaitedByReplies: false, isReplySubject: true), .subject),
        (ThreadRule.Found(hasParent: false, hasSharedReference: false, isAwaitedByReplies: false, isReplySubject: false), .newThread),
    ])
    func threadIsJoinedInTheRulesOrder(found: ThreadRule.Found, join: ThreadRule.Join) {
        #expect(ThreadRule.join(found) == join)
    }

    @Test(arguments: [
        // A protected thread keeps every reply, whatever its tag or a moderator said.
        (ThreadRule.Inheritance(subIssue: "procurement", isProtected: true), ThreadRule.OwnStage.explicit, "cycling", true),
        (ThreadRule.Inheritance(subIssue: "procurement", isProtected: true), .moderator, "cycling", true),
        (ThreadRule.Inheritance(subIssue: "parking", isProtected: false), .undecided, "general", true),
        // A tag "Re:" copied repeats the thread's sub-issue: it follows the thread.
        (ThreadRule.Inheritance(subIssue: "parking", isProtected: false), .explicit, "parking", true),
        (ThreadRule.Inheritance(subIssue: "parking", isProtected: false), .explicit, "cycling", false),
        (ThreadRule.Inheritance(subIssue: "parking", isProtected: false), .moderator, "parking", false),
    ])
    func replyInheritsUnlessItDecidedOtherwise(
        inherited: ThreadRule.Inheritance, own: ThreadRule.OwnStage, ownSubIssue: String, inherits: Bool
    ) {
        #expect(ThreadRule.inherits(inherited, own: own, ownSubIssue: ownSubIssue) == inherits)
    }
}
