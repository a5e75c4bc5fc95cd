/// The answer to `help`: every command a member can send, and why some wait for a confirmation.
public enum EmailCommandHelp {
    /// The help text for `community`. `subIssues` are the ones to name: never pass a protected
    /// sub-issue here, since help goes to anyone who asks.
    public static func text(community: Community, subIssues: [SubIssue], confirmationDays: Int) -> String {
        let ids = subIssues.map { "  \($0.id) – \($0.name)" }.joined(separator: "\n")
        return """
        You can manage your membership of \(community.name) by writing to
        \(community.requestAddress). Put one command on each line at the top of
        your message (the subject line counts too). Upper or lower case does not
        matter; reading stops at the first line that is not a command, or at
        “end”, so your signature is ignored, and so is anything you quote.

        Joining and leaving
          subscribe [YOUR NAME]     join the community with the address you write from
          unsubscribe               leave the community
          confirm TOKEN             carry out what we asked you to confirm

        How posts reach you
          set delivery immediate    every post as it arrives
          set delivery digest       posts gathered into a digest
          set delivery none         no posts by mail
          set delivery MODE SUB-ISSUE   the same for one sub-issue only
          set digest daily          your digest every day
          set digest weekly         your digest once a week
          follow SUB-ISSUE          always get this sub-issue's posts
          mute SUB-ISSUE            never get this sub-issue's posts

        Finding out
          whoami                    your settings and your circle in each sub-issue
          help                      this text

        Why we ask you to confirm
        Anybody can send a message that pretends to come from your address. So
        joining, leaving and every change of your settings happen only after you
        confirm: we send a token to your address, and you reply to that message
        (or send “confirm TOKEN”) from the same address. One confirmation covers
        all the changes of one message. A token works once, and only for
        \(confirmationDays) days. If you did not ask for it, just ignore it:
        nothing changes.

        The sub-issues
        \(ids.isEmpty ? "  (none yet besides general)" : ids)

        Core group members answer moderation requests with “approve TOKEN” or
        “reject TOKEN [REASON]”, using the token from the request they received,
        and correct a post's sub-issue with “classify MESSAGE-ID SUB-ISSUE”
        (confirmed like a change of settings; replies that followed the post move
        with it, and the classifier learns from the correction). After the
        quarterly review they record what they agreed with “review decide
        continue|refocus|disband NOTE”, confirmed the same way. They (and a
        sub-issue's moderators, for its threads) mark a thread as what the
        community produced with “product MESSAGE-ID solution|summary|decision
        [NOTE]”, confirmed the same way.

        Questions go to the people running the list: \(community.ownerAddress)
        """
    }
}
