import Foundation
import PraxisMail

/// Retired sub-issues (`sub_issues[].retired`, DESIGN.md §9), decided at intake: a post its sender
/// explicitly tagged to a retired sub-issue (subject tag, `list+tag@`, a core member's header) is
/// held for the moderators instead of distributed, and its sender is told which sub-issues are
/// open. The model never chooses a retired sub-issue (`PostClassifier.learnableIDs`); replies to
/// its old threads stay in them, as the thread rule has it, so a conversation is never torn apart.
public struct RetiredSubIssues: Sendable, Hashable {
    public var subIssues: [SubIssue]

    /// How a hold for this reason starts, so the notice to the sender goes only for it.
    public static let reasonPrefix = "tagged to the retired sub-issue "

    public init(subIssues: [SubIssue]) {
        self.subIssues = subIssues
    }

    /// The retired sub-issue `decision` explicitly chose, or nil.
    public func retiredChoice(_ decision: SubIssueDecision) -> SubIssue? {
        guard decision.stage == .explicit else { return nil }
        return subIssues.first { $0.id == decision.subIssue && $0.isRetired }
    }

    /// The screening of a post after classification: a member's post explicitly tagged to a
    /// retired sub-issue is held; anything else keeps its screening.
    public func screening(_ screening: Screening?, after decision: SubIssueDecision) -> Screening? {
        guard let screening, screening.kind == .post, let retired = retiredChoice(decision) else { return screening }
        return Screening(kind: .held, reason: Self.reasonPrefix + "“\(retired.id)”", recipient: screening.recipient,
                         author: screening.author)
    }

    /// Whether a held post was held for a retired tag (and its sender is to be told).
    public static func isHeldForRetiredTag(_ screening: Screening?) -> Bool {
        guard let screening, screening.kind == .held else { return false }
        return screening.reason.hasPrefix(reasonPrefix)
    }

    /// The sub-issues a sender may tag now: not retired, not protected (a notice to anyone must
    /// not name a closed space), `general` last.
    public var openForEveryone: [SubIssue] {
        let open = subIssues.filter { !$0.isRetired && !$0.isProtected }
        return open.filter { $0.id != SubIssue.generalID } + open.filter { $0.id == SubIssue.generalID }
    }

    /// The notice to the sender of a post held for tagging `retiredID`, in `language` (the
    /// sender's own, else the community's).
    public func notice(to address: String, retiredID: String, subject: String, community: Community,
                       inReplyTo messageID: String?, references: [String], language: Language) -> ListNotice {
        let marks = language.quotationMarks
        let name = marks.open + (subIssues.first { $0.id == retiredID }?.name ?? retiredID) + marks.close
        let open = openForEveryone.map { "- [\($0.id)] \($0.name)" }.joined(separator: "\n")
        let text = [
            language.text(.retiredHeldText, ["community": community.name, "name": name, "id": retiredID]),
            language.text(.retiredOpenNow) + "\n" + open,
            language.text(.retiredPostAgain, ["name": name]),
        ].joined(separator: "\n\n") + "\n"
        let shown = subject.isEmpty ? language.text(.digestNoSubject) : subject
        return ListNotice(to: address, subject: language.text(.retiredHeldSubject, ["subject": shown]), text: text,
                          from: .owner, inReplyTo: messageID, references: references, language: language)
    }
}
