/// How held posts are handled: `moderation:`.
public struct ModerationPolicy: Sendable, Hashable, Codable {
    /// Days a held post waits for a moderator before it expires and its sender is told. Default 14.
    public var expireDays: Int

    public init(expireDays: Int = 14) {
        self.expireDays = expireDays
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case expireDays = "expire_days"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(expireDays: try c.decodeIfPresent(Int.self, forKey: .expireDays) ?? ModerationPolicy().expireDays)
    }
}
