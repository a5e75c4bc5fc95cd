import Foundation
import GRDB
import PraxisCommunity
import PraxisMail

/// Tells the sender of a post held for its tag to a retired sub-issue which sub-issues are open
/// (`RetiredSubIssues`), in the transaction that records it: one notice per such post, to the
/// screened sender only, which is a member (only a member's post is held for this reason).
public struct RetiredTagNotices: RecordingFollowUp {
    public let rule: RetiredSubIssues
    public let community: Community

    public init(rule: RetiredSubIssues, community: Community) {
        self.rule = rule
        self.community = community
    }

    public func followUp(_ recorded: [RecordedMessage], in db: Database) throws {
        for message in recorded where RetiredSubIssues.isHeldForRetiredTag(message.screening) {
            guard let author = message.screening?.author, MailAddress(address: author).isComposable,
                  !community.isOwnAddress(author) else { continue }
            let notice = rule.notice(
                to: author, retiredID: message.post.classification.subIssue, subject: message.message.subject ?? "",
                community: community, inReplyTo: message.message.messageID, references: message.message.references,
                language: try MemberRecord.ownLanguage(of: MailAddress(address: author).normalized, in: db) ?? community.language)
            try PraxisDatabase.apply([.queueNotice(notice, at: message.post.receivedAt)], community: community, in: db)
        }
    }

    public func readsMessageBody(of incoming: IncomingMessage, context: FollowUpContext) -> Bool { false }
}
