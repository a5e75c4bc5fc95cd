import PraxisCommunity
import PraxisStore

extension Configuration {
    /// Immediate distribution as configured; moderation releases approved posts through it.
    public var postDistribution: PostDistribution {
        var list = list
        list.archive = archiveLinks
        return PostDistribution(
            community: community, list: list, delivery: delivery, core: circles.core, subIssues: allSubIssues)
    }

    /// What a closed community says and to whom (`community.state: closed`).
    public var closedCommunity: ClosedCommunityDecider {
        var list = list
        list.archive = archiveLinks
        return ClosedCommunityDecider(community: community, archiveHome: list.archiveHome)
    }

    /// Bounce scoring as configured; the outbox worker reports SMTP 5xx replies to it.
    public var bounceRecorder: BounceRecorder {
        BounceRecorder(community: community, settings: bounces, core: circles.core)
    }
}
