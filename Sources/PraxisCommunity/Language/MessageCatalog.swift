/// Every sentence Praxis writes to members, by key, in each `Language` (issue 22 §1).
///
/// To add a text: add a case to `MessageKey`, then the same key to each of `english`, `german`,
/// `french` and `spanish` (one file per language, `MessageCatalog+German.swift` and so on), with
/// the same `{placeholders}`. `MessageCatalogTests` fails until every language has every key with
/// matching placeholders. A count goes in a `.plural(one:other:)` entry and is filled by
/// `Language.plural(_:count:_:)` as `{count}`. Write as a colleague would: German "Sie",
/// French "vous", Spanish "usted".
///
/// To add a language: a case in `Language`, a file here with its entries and calendar names, and
/// the command words it adds in `CommandWords`.
public enum MessageCatalog {}

/// The keys of `MessageCatalog`, grouped by where the text is used.
public enum MessageKey: String, Sendable, Hashable, CaseIterable {
    // The language itself, as its speakers name it (for `whoami`, the settings page, confirmations).
    case languageName
    // The four languages' names as this language writes them in a sentence ("auf Deutsch", "en allemand").
    case nameEnglish
    case nameGerman
    case nameFrench
    case nameSpanish

    // Replies to email commands (`EmailCommandDecider`).
    case replySubject
    case replyNoCommands
    case replyIntro
    case replyStoppedAt
    case replyCut
    case replyConfirm
    case replyLimit
    case replyHelpHint
    case notUnderstood
    // What a known command word with arguments that do not fit needs (`EmailCommandParser`).
    case problemUnsubscribe
    case problemConfirm
    case problemNeedsSubIssue
    case problemWhoami
    case problemClassify
    case problemReview
    case problemApprove
    case problemReject
    case problemSetUsage
    case helpAtEnd
    case alreadyMember
    case waitingToJoin
    case nothingToLeave
    case waitingToLeave
    case waitingForChange
    case onlyMembersChangeSettings
    case unknownSubIssue
    case changeDeliveryAll
    case changeDeliverySubIssue
    case changeDigestDaily
    case changeDigestWeekly
    case changeFollow
    case changeMute
    case changeClassify
    case changeReviewDecision
    case changeLanguage
    case modeImmediate
    case modeDigest
    case modeNone

    // whoami.
    case whoamiIntro
    case whoamiDeliveryOwn
    case whoamiDeliveryCircle
    case whoamiDigest
    case whoamiLanguage
    case whoamiSubIssues
    case whoamiNotMember
    case standingCore
    case standingInner
    case standingOuter
    case standingDeliveryOverride
    case standingFollowed
    case standingMuted
    case closedGroup
    case cadenceDaily
    case cadenceWeekly

    // confirm.
    case tokenRefused
    case closedNoJoining
    case confirmedDone
    case confirmedNothingWaiting
    case wasAlreadyMember
    case welcomeBack
    case welcome
    case leftCommunity
    case notDoneNotMember
    case notDoneCoreClassify
    case notDoneCoreReview
    case notDone
    case notDoneBecause
    case reclassified
    case reviewRecorded

    // Moderation and core-group commands by email.
    case moderationCoreOnly
    case moderationNotSetUp
    case reviewNotCore
    case classifyNotCore
    case classifyNoPost

    // The help text.
    case helpIntro
    case helpJoining
    case helpSubscribe
    case helpUnsubscribe
    case helpConfirm
    case helpDeliveryHeading
    case helpDeliveryImmediate
    case helpDeliveryDigest
    case helpDeliveryNone
    case helpDeliverySubIssue
    case helpDigestDaily
    case helpDigestWeekly
    case helpFollow
    case helpMute
    case helpFormat
    case helpOwnPosts
    case problemFormatUsage
    case problemOwnPostsUsage
    case changeDigestFormat
    case changeOwnPostsOn
    case changeOwnPostsOff
    case whoamiDigestFormat
    case whoamiDigestFormatDefault
    case whoamiOwnPostsIncluded
    case whoamiOwnPostsLeftOut
    case formatLabelText
    case formatLabelHtml
    case formatLabelMime
    case formatLabelRfc1153
    case settingsOwnPosts
    case digestReplyInstruction
    case digestAttachments
    case problemProduct
    case changeMarkProduct
    // The product command's refusals and results; a confirmed marking or correction whose post is gone.
    case productNotMarker
    case productNoPost
    case productMarked
    case notDoneProductNotMarker
    case notDoneNoPost
    case helpLanguage
    case helpFindingOut
    case helpWhoami
    case helpHelp
    case helpOtherLanguages
    case helpWhyConfirm
    case helpSubIssuesHeading
    case helpNoSubIssues
    case helpCoreGroup
    case helpQuestions
    case days

    // Digests.
    case digestTitleDaily
    case digestTitleWeekly
    case digestTitleOrganisation
    case digestTitleOther
    case digestSubject
    case digestPosts
    case digestThreads
    case digestNewPosts
    case digestSummary
    case digestWith
    case digestEarlierPosts
    case digestMorePosts
    case digestMoreThreads
    case digestLeftOut
    case digestNoSubject
    case digestCut
    case digestOnTheWeb
    case digestPermalink
    case digestReplyToThread
    case digestNewThread
    case digestArchive
    case digestSend
    case digestMuteHint
    case digestUnsubscribe
    case digestQuestions
    case digestCommandsIntro
    case digestCommandImmediate
    case digestCommandDaily
    case digestCommandWeekly
    case digestCommandNone
    case digestCommandWhoami

    // Notices to the author of a held post (`ModerationNotices`).
    case noticeRejected
    case noticeRejectedReason
    case noticeRejectedSubject
    case noticeMistake
    case noticeExpired
    case noticeExpiredMembers
    case noticeExpiredSubject

    // Moderation requests to moderators, and the replies to their decisions (`ModerationNotices`,
    // `HeldPostDecider`), in the moderator's language.
    case moderationRequestIntro
    case moderationRequestDetails
    case moderationRequestExcerpt
    case moderationNoText
    case moderationNoSender
    case moderationNoSubject
    case moderationRequestApprove
    case moderationRequestReject
    case moderationReasonWord
    case moderationRequestTokenOwner
    case moderationRequestServer
    case moderationRequestSubject
    case moderationPost
    case moderationPostGone
    case moderationUnknownSender
    case moderationApproved
    case moderationRejected
    case moderationRejectedTold
    case moderationAlreadyApproved
    case moderationAlreadyApprovedBy
    case moderationAlreadyRejected
    case moderationAlreadyRejectedBy
    case moderationHasExpired
    case moderationUnknownHeld
    case moderationUnusableToken
    case moderationNotCore
    // The summary to a moderator of the held posts beyond their hourly budget (`ModerationSummary`).
    case summaryIntro
    case summaryHowTo
    case summaryHeldPost
    case summaryDetails
    case summaryMore
    case summaryServer
    case summarySubject

    // Invitations (the invitee has no member row: the community's language).
    case inviteIntro
    case inviteObjectives
    case inviteWord
    case inviteAccept
    case inviteDecline

    // A closed community's automatic reply and farewell (`ClosedCommunityDecider`).
    case closedThanks
    case closedKeptCommands
    case closedKeptPost
    case closedUnsubscribe
    case closedAutomatic
    case closedSubjectNone
    case closedSubject
    case closedPlain
    case closedWithSuccessor
    case closedArchive
    case farewellThanks
    case farewellLastDigest
    case farewellNothingDeleted
    case farewellSubject

    // The reader's own part, in member digests (`DigestParticipation`).
    case periodDaily
    case periodWeekly
    case periodMonthly
    case periodQuarterly
    case participationNone
    case participationPosts
    case participationMorePosts
    case participationMoreThreads
    case participationProgress
    case participationAtBar
    case participationNeeds
    case participationInner
    case participationInvitation
    case participationIn

    // MARK: reports (the weekly report, the review and the management summary, and the last English lines members receive)
    case reportSubject
    case reportTitle
    case reportPeriod
    case reportDayTime
    case reportAtAGlance
    case reportPosts
    case reportThreads
    case reportActiveContributors
    case reportNewContributors
    case reportNewMembers
    case reportMembersLeft
    case reportMembers
    case reportCoreGroup
    case reportActiveCount
    case reportNewCount
    case reportFirstPostEver
    case reportComparisonNone
    case reportComparison
    case reportNoteNone
    case reportNote
    case reportTilePosts
    case reportTileThreads
    case reportTileActiveContributors
    case reportTileNewContributors
    case reportTileNewMembers
    case reportTileMembersLeft
    case reportStandstill
    case reportStandstillNobody
    case reportStandstillFell
    case reportStandstillNoCore
    case reportStandstillCoreSilent
    case reportSubIssues
    case reportProtectedCountsOnly
    case reportRetired
    case reportPostCount
    case reportThreadCount
    case reportContributorCount
    case reportByContributors
    case reportInnerCircle
    case reportModerators
    case reportModeratorsProtected
    case reportTwelveWeeks
    case reportNoPostsTwelveWeeks
    case reportPostsPerWeek
    case reportPostsPerWeekChart
    case reportCircles
    case reportChangesThisWeek
    case reportPromoted
    case reportMovedOut
    case reportProtectedChanges
    case reportCloseToInner
    case reportCandidate
    case reportMeetsBar
    case reportStillLacks
    case reportLackPosts
    case reportLackThreads
    case reportLackReplies
    case reportAnd
    case reportMore
    case reportProtectedCandidates
    case reportQuietInner
    case reportDemotedAfter
    case reportSilentFor
    case reportDueForDemotion
    case reportProtectedQuiet
    case reportAttention
    case reportNoReply
    case reportUnanswered
    case reportNoSubject
    case reportProtectedUnanswered
    case reportMedianFirstReply
    case reportOverThreads
    case reportDurationDays
    case reportQuietSubIssues
    case reportLastPost
    case reportNoPostYet
    case reportInvitedNoAnswer
    case reportInvited
    case reportClassification
    case reportFellToGeneral
    case reportLowConfidence
    case reportListedIn
    case reportProtectedPosts
    case reportCorrectOne
    case reportRepliesFollow
    case reportOperations
    case reportHeldWaiting
    case reportOldestSince
    case reportBouncing
    case reportDisabled
    case reportQuarantined
    case reportDeliveryFailed
    case reportAllClear
    case reportReview
    case reportObjectiveUnlinked
    case reportObjectiveUnmatched
    case reportObjectiveActivity
    case reportObjectiveByWords
    case reportNoObjectives
    case reportLastTwelveWeeks
    case reportDecisionDue
    case reportLastDecision
    case reviewContinue
    case reviewRefocus
    case reviewDisband
    case reportCSVNote
    case managementTitle
    case managementSubject
    case managementHealth
    case managementAgainst
    case managementConversations
    case managementWithoutReply
    case managementProtected
    case managementProtectedInUse
    case managementChecklist
    case managementRecommendation
    case managementProducts
    case managementMarked
    case managementNoProducts
    case managementLastDecision
    case managementDecision
    case managementNoDecision
    case managementSponsor
    case productKindSolution
    case productKindSummary
    case productKindDecision
    case reviewMarkGreen
    case reviewMarkAmber
    case reviewMarkRed
    case reviewItemIndividuals
    case reviewItemObjectives
    case reviewItemRoles
    case reviewItemMomentum
    case reviewItemInward
    case reviewItemResponsiveness
    case reviewItemBacking
    case reviewItemProtected
    case reviewTitle
    case reviewSubject
    case reviewNotOver
    case reviewLastDecision
    case reviewDecisionBy
    case reviewRecord
    case reviewOrMail
    case rfcTodaysTopics
    case rfcSettings
    case vouchedNotDone
}
