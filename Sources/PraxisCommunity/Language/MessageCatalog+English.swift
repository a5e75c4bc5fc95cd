extension MessageCatalog {
    static let englishCalendar = CalendarNames(
        months: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                 "November", "December"],
        weekdays: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
        dayPattern: "{day} {month} {year}", dayMonthPattern: "{day} {month}", dateTimePattern: "{weekday} {date}, {time}")

    static let english: [MessageKey: Phrase] = [
        .languageName: "English",
        .nameEnglish: "English",
        .nameGerman: "German",
        .nameFrench: "French",
        .nameSpanish: "Spanish",

        .replySubject: "Your commands to {community}",
        .replyNoCommands: "We found no commands in your message, so here is what you can send.",
        .replyIntro: "This is what became of the commands in your message:",
        .replyStoppedAt: "We stopped reading at “{line}”: it is not a command.",
        .replyCut: .plural(one: "We read only the first command; please send the rest in another message.",
                           other: "We read only the first {count} commands; please send the rest in another message."),
        .replyConfirm: """
            To confirm, reply to this message without changing its subject, or send this line
            to {requestAddress} from {address}:

                confirm {token}

            The token works once, only from {address}, until {until}.
            If you did not ask for this, ignore this message: nothing will change.
            """,
        .replyLimit: .plural(
            one: "We answer at most one message from one address in an hour, and this is the last answer to {address} until {until}: what you send before then is recorded, but neither carried out nor answered.",
            other: "We answer at most {count} messages from one address in an hour, and this is the last answer to {address} until {until}: what you send before then is recorded, but neither carried out nor answered."),
        .replyHelpHint: "Send “help” to {requestAddress} for the list of commands.",
        .notUnderstood: "Not understood: {problem}",
        .helpAtEnd: "The list of commands is at the end of this message.",
        .alreadyMember: "You are already a member of {community}: nothing to do.",
        .waitingToJoin: "Waiting for your confirmation: you will join {community}.",
        .nothingToLeave: "You are not a member of {community}, so there is nothing to leave.",
        .waitingToLeave: "Waiting for your confirmation: you will leave {community}.",
        .waitingForChange: "Waiting for your confirmation: {change}.",
        .onlyMembersChangeSettings: "Only members can change settings. Send “subscribe” to join {community} first.",
        .unknownSubIssue: "There is no sub-issue “{word}”. The sub-issues are: {list}.",
        .changeDeliveryAll: "posts of every sub-issue will come {mode}",
        .changeDeliverySubIssue: "posts of “{subIssue}” will come {mode}",
        .changeDigestDaily: "your digest will come every day",
        .changeDigestWeekly: "your digest will come once a week",
        .changeFollow: "you will always get the posts of “{subIssue}”",
        .changeMute: "you will no longer get the posts of “{subIssue}”",
        .changeClassify: "the post <{messageID}> goes to “{subIssue}”",
        .changeReviewDecision: "the core group's decision after the review is recorded: {decision} (“{note}”)",
        .changeLanguage: "what we send you will be in {language}",
        .modeImmediate: "one by one as they arrive",
        .modeDigest: "in a digest",
        .modeNone: "not at all by mail",

        .whoamiIntro: "You are {member}, a member of {community} since {date}.",
        .whoamiDeliveryOwn: "Delivery: {mode}, unless you chose otherwise for a sub-issue.",
        .whoamiDeliveryCircle: "Delivery: as your circle has it (inner circle {inner}, outer circle {outer}).",
        .whoamiDigest: "Digests: {cadence}.",
        .whoamiLanguage: "Language: {language}.",
        .whoamiSubIssues: "Your sub-issues:",
        .whoamiNotMember: "You ({address}) are not a member of {community}. Send “subscribe” to join.",
        .standingCore: "core group",
        .standingInner: "inner circle",
        .standingOuter: "outer circle",
        .standingDeliveryOverride: "delivery {mode}",
        .standingFollowed: "followed",
        .standingMuted: "muted",
        .closedGroup: "closed group",
        .cadenceDaily: "daily",
        .cadenceWeekly: "weekly",

        .tokenRefused: "That token is unknown, used already, expired, or was not sent to {address}. Nothing was changed.",
        .closedNoJoining: "{community} has closed: nobody joins it any more, so this token was not used.",
        .confirmedDone: "Confirmed. Done:",
        .confirmedNothingWaiting: "nothing was waiting for that token.",
        .wasAlreadyMember: "you were already a member.",
        .welcomeBack: "welcome back: you are a member of {community} again.",
        .welcome: "welcome: you are now a member of {community}. New members start in the outer circle of every sub-issue, where posts come {mode}.",
        .leftCommunity: "you have left {community}. Send “subscribe” any time to come back.",
        .notDoneNotMember: "not done ({command}): you are not a member.",
        .notDoneCoreClassify: "not done ({command}): only the core group can correct a post's sub-issue.",
        .notDoneCoreReview: "not done ({command}): only the core group records review decisions.",
        .notDone: "not done ({command}).",
        .notDoneBecause: "not done. {reason}",
        .reclassified: .plural(
            one: "{change} ({count} post changed, replies that had followed it included; the model learns from it).",
            other: "{change} ({count} posts changed, replies that had followed it included; the model learns from it)."),
        .reviewRecorded: "recorded: {decision} after the review of {quarter}.",

        .moderationCoreOnly: "Only the core group can approve or reject held posts.",
        .moderationNotSetUp: "Moderation by email is not set up for this list; please write to {ownerAddress}.",
        .reviewNotCore: "Thank you for caring about where the community goes. Only the core group records the decision after a review; please tell one of them, or write to {ownerAddress}.",
        .classifyNotCore: "Only the core group can correct the sub-issue of a post.",
        .classifyNoPost: "No post has the Message-ID <{messageID}>.",

        .helpIntro: """
            You can manage your membership of {community} by writing to
            {requestAddress}. Put one command on each line at the top of
            your message (the subject line counts too). Upper or lower case does not
            matter; reading stops at the first line that is not a command, or at
            “end”, so your signature is ignored, and so is anything you quote.
            """,
        .helpJoining: "Joining and leaving",
        .helpSubscribe: "join the community with the address you write from",
        .helpUnsubscribe: "leave the community",
        .helpConfirm: "carry out what we asked you to confirm",
        .helpDeliveryHeading: "How posts reach you",
        .helpDeliveryImmediate: "every post as it arrives",
        .helpDeliveryDigest: "posts gathered into a digest",
        .helpDeliveryNone: "no posts by mail",
        .helpDeliverySubIssue: "the same for one sub-issue only",
        .helpDigestDaily: "your digest every day",
        .helpDigestWeekly: "your digest once a week",
        .helpFollow: "always get this sub-issue's posts",
        .helpMute: "never get this sub-issue's posts",
        .helpLanguage: "the language of what we send you (en, de, fr, es)",
        .helpFindingOut: "Finding out",
        .helpWhoami: "your settings and your circle in each sub-issue",
        .helpHelp: "this text",
        .helpOtherLanguages: "The commands are also understood in German, French and Spanish:",
        .helpWhyConfirm: """
            Why we ask you to confirm
            Anybody can send a message that pretends to come from your address. So
            joining, leaving and every change of your settings happen only after you
            confirm: we send a token to your address, and you reply to that message
            (or send “confirm TOKEN”) from the same address. One confirmation covers
            all the changes of one message. A token works once, and only for
            {days}. If you did not ask for it, just ignore it: nothing changes.
            """,
        .helpSubIssuesHeading: "The sub-issues",
        .helpNoSubIssues: "(none yet besides general)",
        .helpCoreGroup: """
            Core group members answer moderation requests with “approve TOKEN” or
            “reject TOKEN [REASON]”, using the token from the request they received,
            and correct a post's sub-issue with “classify MESSAGE-ID SUB-ISSUE”
            (confirmed like a change of settings; replies that followed the post move
            with it, and the classifier learns from the correction). After the
            quarterly review they record what they agreed with “review decide
            continue|refocus|disband NOTE”, confirmed the same way.
            """,
        .helpQuestions: "Questions go to the people running the list: {ownerAddress}",
        .days: .plural(one: "{count} day", other: "{count} days"),

        .digestTitleDaily: "Daily digest",
        .digestTitleWeekly: "Weekly digest",
        .digestTitleOrganisation: "Organisation digest",
        .digestTitleOther: "Digest",
        .digestSubject: "[{community}] {title}, {date}: {posts} in {threads}",
        .digestPosts: .plural(one: "{count} post", other: "{count} posts"),
        .digestThreads: .plural(one: "{count} thread", other: "{count} threads"),
        .digestNewPosts: .plural(one: "{count} new post", other: "{count} new posts"),
        .digestSummary: "{posts} in {threads}",
        .digestWith: "with",
        .digestEarlierPosts: .plural(one: "{count} earlier post of this thread is not shown.",
                                     other: "{count} earlier posts of this thread are not shown."),
        .digestMorePosts: .plural(one: "{count} more post", other: "{count} more posts"),
        .digestMoreThreads: .plural(one: " ({count} more thread)", other: " ({count} more threads)"),
        .digestLeftOut: "{posts}{threads} did not fit in this digest; the busiest threads come first.",
        .digestNoSubject: "(no subject)",
        .digestCut: .plural(
            one: "{count} more character is not shown here; reply to ask, or read the post in full in the archive.",
            other: "{count} more characters are not shown here; reply to ask, or read the post in full in the archive."),
        .digestOnTheWeb: "On the web",
        .digestPermalink: "Permalink",
        .digestReplyToThread: "Reply to this thread",
        .digestNewThread: "To start a new thread, write to",
        .digestArchive: "The archive",
        .digestSend: "send \"{command}\" to {requestAddress}",
        .digestMuteHint: "To stop hearing about one sub-issue, send \"mute SUB-ISSUE\" to {requestAddress}.",
        .digestUnsubscribe: "Unsubscribe",
        .digestQuestions: "Questions about the list",
        .digestCommandsIntro: "Change how you get the list (each link writes the command to {requestAddress} for you):",
        .digestCommandImmediate: "Every post at once",
        .digestCommandDaily: "Daily digest",
        .digestCommandWeekly: "Weekly digest",
        .digestCommandNone: "No mail for now",
        .digestCommandWhoami: "Your standing and settings",
        .periodDaily: "since the last digest",
        .periodWeekly: "this week",
        .periodMonthly: "this month",
        .periodQuarterly: "this quarter",
        .participationNone: "You did not post {period}.",
        .participationPosts: .plural(one: "You wrote {count} post {period} — thank you.",
                                     other: "You wrote {count} posts {period} — thank you."),
        .participationMorePosts: .plural(one: "{count} more post", other: "{count} more posts"),
        .participationMoreThreads: .plural(one: "{count} more thread", other: "{count} more threads"),
        .participationProgress: .plural(one: "In {subIssue} you wrote {posts} of the {bar} posts in {count} day",
                                        other: "In {subIssue} you wrote {posts} of the {bar} posts in {count} days"),
        .participationAtBar: "{progress}: you meet the bar of its inner circle, which gets every post at once.",
        .participationNeeds: "{progress} that make its inner circle; {needed} and you are in.",
        .participationInner: "You are in the inner circle of {subIssue}.",
        .participationInvitation: "Every thread below is open to you: reply to it and your experience joins the discussion.",
        .participationIn: "in",
        .noticeRejected: "Your post “{subject}” to {community} ({listAddress}) was not accepted by its moderators.",
        .noticeRejectedReason: "Their reason: {reason}",
        .noticeRejectedSubject: "Not accepted: {subject}",
        .noticeMistake: "If you think this is a mistake, write to {ownerAddress}.",
        .noticeExpired: "Your post “{subject}” to {community} ({listAddress}) waited for a moderator for {days} and has expired without being sent to the list.",
        .noticeExpiredMembers: "Members can post without moderation: send \"subscribe\" to {requestAddress} to become one, or write to {ownerAddress}.",
        .noticeExpiredSubject: "Expired: {subject}",
        .inviteIntro: "You are invited to join {community}, a community of practice.",
        .inviteObjectives: "What it is for:",
        .inviteWord: "A word from the people running it:",
        .inviteAccept: "To accept, simply reply to this message (keep the subject \"confirm {token}\"), or write to {requestAddress} with that subject. You will join as a reader and get a digest of the posts; you can change that, or leave, at any time.",
        .inviteDecline: "If you do not want to join, do nothing: you will not be added, and nobody can add you in your place. This invitation works for {days}.",
        .closedThanks: "Thank you for writing to {community}.",
        .closedKeptCommands: "Your message was kept, but the commands in it were not carried out.",
        .closedKeptPost: "Your message was kept in the community's records, but it was not sent to anyone.",
        .closedUnsubscribe: "If you are a member and want no more mail from us at all, send “unsubscribe” to {requestAddress}.",
        .closedAutomatic: "This is an automatic reply; you get at most one a day from {community}.",
        .closedSubjectNone: "{community} has closed",
        .closedSubject: "Closed: {subject}",
        .closedPlain: "The community has closed.",
        .closedWithSuccessor: "The community has closed; the conversation continues here: {successor}",
        .closedArchive: "Everything the community wrote stays readable in its archive: {link}",
        .farewellThanks: "{community} has closed. Thank you for everything you shared in it.",
        .farewellLastDigest: "The last digest went out just before this message. From now on the list sends nothing; mail to it gets one automatic reply a day saying where the conversation went.",
        .farewellNothingDeleted: "Nothing was deleted. To be taken off the list entirely, send “unsubscribe” to {requestAddress}.",
        .farewellSubject: "{community}: farewell",
    ]
}
