import Testing
@testable import PraxisMail

/// Keeping protected Message-IDs out of a copy's header, whatever field and form they hide in.
@Suite("Hiding Message-IDs in a copy")
struct MessageIDHidingTests {
    static let original = MailMessage(Array("""
        From: Bob <bob@example.org>\r
        To: list@example.org\r
        Subject: Re: Signal timing\r
        Message-ID: <public-d@example.org>\r
        In-Reply-To: <root-r@example.org>\r
        References: <tender-t@example.org>\r
         <root-r@example.org>\r
        X-Forwarded-Message-Id: =?utf-8?q?<tender-t@example.org>?=\r
        Thread-Topic: about tender-t@example.org\r
        \r
        Body.\r

        """.utf8))

    @Test func threadingFieldsKeepTheirOtherIdsAndOtherFieldsNamingOneGo() {
        #expect(Self.original.headerMessageIDs.isSuperset(of: ["tender-t@example.org", "root-r@example.org", "public-d@example.org"]))
        let copy = MailMessage(Self.original.rewritten(MessageRewrite(), hiding: ["tender-t@example.org"]))
        #expect(copy.references == ["root-r@example.org"])
        #expect(copy.inReplyTo == ["root-r@example.org"])
        #expect(copy.messageID == "public-d@example.org")
        #expect(copy.header("x-forwarded-message-id") == nil)
        #expect(copy.header("thread-topic") == nil)
        #expect(!String(decoding: copy.bytes, as: UTF8.self).contains("tender-t"))
        #expect(copy.text.contains("Body."))
    }

    @Test func aFieldLeftWithNoIdIsLeftOut() {
        let copy = MailMessage(Self.original.rewritten(MessageRewrite(), hiding: ["tender-t@example.org", "root-r@example.org"]))
        #expect(copy.header("references") == nil)
        #expect(copy.header("in-reply-to") == nil)
    }

    @Test func nothingToHideChangesNothing() {
        let plain = Self.original.rewritten(MessageRewrite())
        #expect(Self.original.rewritten(MessageRewrite(), hiding: []) == plain)
        #expect(Self.original.rewritten(MessageRewrite(), hiding: ["absent@example.org"]) == plain)
    }

    /// The list's own rewrite (here a new subject and an added field) still applies.
    @Test func theListsRewriteStillApplies() {
        let rewrite = MessageRewrite(subject: "[Test CoP] Re: Signal timing", addedFields: [("List-Id", "Test CoP <list.example.org>")])
        let copy = MailMessage(Self.original.rewritten(rewrite, hiding: ["tender-t@example.org"]))
        #expect(copy.subject == "[Test CoP] Re: Signal timing")
        #expect(copy.header("list-id") == "Test CoP <list.example.org>")
        #expect(copy.references == ["root-r@example.org"])
        #expect(copy.defects.isEmpty)
    }
}
