/// How held posts and email commands are handled: `moderation:`.
public struct ModerationPolicy: Sendable, Hashable {
    /// Days a held post waits for a moderator before it expires and its sender is told. Default 14.
    public var expireDays: Int
    /// Moderation mail one moderator gets in any hour: individual requests, and summaries of the
    /// held posts beyond them, each counting as one. Default 10. A run of spam from non-members
    /// must not become one mail per post to every moderator.
    public var noticesPerHour: Int
    /// Command messages answered per From address in any hour (a sliding window). Default 10.
    /// Further ones are recorded, but neither carried out nor answered, so mail with a forged From
    /// cannot turn the request address into a source of mail to a victim. 0 answers none: email
    /// commands are off.
    public var commandRepliesPerHour: Int
    /// The authserv-ids (RFC 8601) of the MTAs whose `Authentication-Results` fields are believed:
    /// our own border MTA's, which adds the field. Default: none, so no such field is believed.
    public var authservIDs: [String]
    /// Whether a post whose From domain fails DMARC at one of `authservIDs` is held for moderation,
    /// as written; nil when absent: see `holdsOnDMARCFail`.
    public var holdOnDMARCFail: Bool?

    public init(
        expireDays: Int = 14, noticesPerHour: Int = 10, commandRepliesPerHour: Int = 10,
        authservIDs: [String] = [], holdOnDMARCFail: Bool? = nil
    ) {
        self.expireDays = expireDays
        self.noticesPerHour = noticesPerHour
        self.commandRepliesPerHour = commandRepliesPerHour
        self.authservIDs = authservIDs
        self.holdOnDMARCFail = holdOnDMARCFail
    }

    /// `hold_on_dmarc_fail`, whose default is on exactly when an authserv-id is configured.
    public var holdsOnDMARCFail: Bool { holdOnDMARCFail ?? !authservIDs.isEmpty }
}
