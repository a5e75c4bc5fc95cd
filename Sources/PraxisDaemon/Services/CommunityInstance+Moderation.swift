import Foundation
import PraxisCommunity
import PraxisMail
import PraxisStore
import PraxisSystem

extension CommunityInstance {
    /// The held posts of this community, as configured: the core group, the expiry, and how an
    /// approved post is released. Also the `MailedModeration` the email commands call.
    public var moderationQueue: ModerationQueue { moderationQueue(for: configuration) }

    /// The moderation queue for `configuration` (a reload passes the new one).
    public func moderationQueue(for configuration: Configuration) -> ModerationQueue {
        let maildir = self.maildir
        let classifier = incomingClassifier(configuration)
        let dmarc = configuration.dmarcPolicyLookup(logger: logger)
        return ModerationQueue(
            community: configuration.community, configuredCore: configuration.circles.core,
            subIssues: configuration.subIssues, policy: configuration.moderation, releaseFollowUps: releaseFollowUps(for: configuration),
            loadMessage: { name in maildir.message(uniqueName: name) },
            modelStage: { message, text in classifier.modelStage(message, trimmedText: text) },
            authorPolicy: { message in dmarc?.policyNow(for: message) })
    }

    /// What an approved post goes through, as if just received from a member: distribution and
    /// the author's standing; not the command or moderation follow-ups, which have nothing to do
    /// for a post.
    public func releaseFollowUps(for configuration: Configuration) -> [any RecordingFollowUp] {
        [StandingFollowUp(evaluator: StandingEvaluator(configuration: configuration)), postDistribution(for: configuration)]
    }

    /// Distribution as configured, reading a post from its file when ingest let its body go
    /// (nobody got its sub-issue at once when the batch was prepared).
    public func postDistribution(for configuration: Configuration) -> PostDistribution {
        var distribution = configuration.postDistribution
        let maildir = self.maildir
        distribution.loadMessage = { name in maildir.message(uniqueName: name) }
        return distribution
    }
}
