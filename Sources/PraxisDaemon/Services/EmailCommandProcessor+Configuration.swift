import PraxisStore

extension EmailCommandProcessor {
    /// The email commands of the configured community.
    init(configuration: Configuration, moderation: (any MailedModeration)?) {
        self.init(
            community: configuration.community, subIssues: configuration.allSubIssues,
            coreGroup: configuration.circles.core, delivery: configuration.delivery, moderation: moderation,
            repliesPerHour: configuration.moderation.commandRepliesPerHour)
    }
}
