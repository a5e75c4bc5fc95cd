/// The answer to `help`: every command a member can send, and why some wait for a confirmation.
public enum EmailCommandHelp {
    /// The help text for `community` in `language`. `subIssues` are the ones to name: never pass a
    /// protected sub-issue here, since help goes to anyone who asks. The commands are shown as
    /// the parser reads them in every language; the words of the other languages follow.
    public static func text(
        community: Community, subIssues: [SubIssue], confirmationDays: Int, language: Language = .standard
    ) -> String {
        func say(_ key: MessageKey) -> String {
            language.text(key, ["community": community.name, "requestAddress": community.requestAddress,
                                "ownerAddress": community.ownerAddress])
        }
        func row(_ command: String, _ key: MessageKey) -> String {
            let padded = command.count < 26 ? command + String(repeating: " ", count: 26 - command.count) : command + "   "
            return "  " + padded + say(key)
        }
        let ids = subIssues.map { "  \($0.id) – \($0.name)" }.joined(separator: "\n")
        let otherWords = Language.allCases.filter { $0 != .en }.map { "  \(language.name(of: $0)): " + CommandWords.listed(in: $0) }
        let sections: [[String]] = [
            [say(.helpIntro)],
            [say(.helpJoining),
             row("subscribe [NAME]", .helpSubscribe), row("unsubscribe", .helpUnsubscribe), row("confirm TOKEN", .helpConfirm)],
            [say(.helpDeliveryHeading),
             row("set delivery immediate", .helpDeliveryImmediate), row("set delivery digest", .helpDeliveryDigest),
             row("set delivery none", .helpDeliveryNone), row("set delivery MODE SUB-ISSUE", .helpDeliverySubIssue),
             row("set digest daily", .helpDigestDaily), row("set digest weekly", .helpDigestWeekly),
             row("set format FORMAT", .helpFormat), row("set own-posts off", .helpOwnPosts),
             row("follow SUB-ISSUE", .helpFollow), row("mute SUB-ISSUE", .helpMute),
             row("set language en|de|fr|es", .helpLanguage)],
            [say(.helpFindingOut), row("whoami", .helpWhoami), row("help", .helpHelp)],
            [say(.helpOtherLanguages)] + otherWords,
            [language.text(.helpWhyConfirm, ["days": language.plural(.days, count: confirmationDays)])],
            [say(.helpSubIssuesHeading), ids.isEmpty ? "  " + say(.helpNoSubIssues) : ids],
            [say(.helpCoreGroup)],
            [say(.helpQuestions)],
        ]
        return sections.map { $0.joined(separator: "\n") }.joined(separator: "\n\n")
    }
}
