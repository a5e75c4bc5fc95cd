/// How held posts and email commands are handled: `moderation:`.
public struct ModerationPolicy: Sendable, Hashable, Codable {
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

    public init(expireDays: Int = 14, noticesPerHour: Int = 10, commandRepliesPerHour: Int = 10) {
        self.expireDays = expireDays
        self.noticesPerHour = noticesPerHour
        self.commandRepliesPerHour = commandRepliesPerHour
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case expireDays = "expire_days"
        case noticesPerHour = "notices_per_hour"
        case commandRepliesPerHour = "command_replies_per_hour"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = ModerationPolicy()
        self.init(
            expireDays: try c.decodeIfPresent(Int.self, forKey: .expireDays) ?? defaults.expireDays,
            noticesPerHour: try c.decodeIfPresent(Int.self, forKey: .noticesPerHour) ?? defaults.noticesPerHour,
            commandRepliesPerHour: try c.decodeIfPresent(Int.self, forKey: .commandRepliesPerHour) ?? defaults.commandRepliesPerHour)
    }
}
