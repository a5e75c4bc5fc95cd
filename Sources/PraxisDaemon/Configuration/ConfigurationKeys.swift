import Foundation
import PraxisCommunity

/// Every key of `praxis.yaml` (DESIGN.md §6), described once: its place, what it may hold, its
/// default and what it means. Reading the file (`ConfigurationLoader`), `check-config`'s problems and
/// the keys reference (`Config/KEYS.md`, `KeysReference`) all come from here. Defaults are the
/// value types' own: each mapping starts from the value its initialiser gives.
///
/// Computed, not stored: it is built on the rare occasions a file is read, and holds closures.
enum ConfigurationKeys {
    static var root: Shape<Configuration> {
        // Placeholders for the required keys: a file without them is reported, never used.
        .record(Configuration(community: Community(name: "", listAddress: ""), paths: Configuration.Paths(maildir: "", database: "")), [
            .required("community", \.community, community, "Who the community is and where its mail goes."),
            .required("paths", \.paths, paths, "Where Praxis keeps its state."),
            .optional("smtp", \.smtp, smtp, "How outgoing mail leaves."),
            .optional("sub_issues", \.subIssues, .list(of: subIssue, maxCount: 1_000),
                      "The topics the community works on, in order; `general` exists even when not declared."),
            .optional("circles", \.circles, circles, "How members move between the outer and the inner circle."),
            .optional("delivery", \.delivery, delivery, "The delivery mode each circle gets unless a member chose otherwise."),
            .optional("digests", \.digests, .list(of: digest, maxCount: 100),
                      "The digests sent on a schedule; `[]` sends none.",
                      standard: "one: `weekly`, `weekly mon 07:00`, audience `outer`"),
            .optional("reports", \.reports, reports, "The reports Praxis writes."),
            .optional("reviews", \.reviews, reviews,
                      "The quarterly review (`praxis review`): the checklist to the core group, the summary to the sponsor."),
            .optional("organisation", \.organisationSection, organisation,
                      "The wider organisation: its digest, which never carries protected sub-issues, and the sponsor.",
                      whenAbsent: "no digest, no sponsor"),
            .optional("metrics", \.metrics, metrics, "Where to write Prometheus metrics.", whenAbsent: "none written"),
            .optional("log_level", \.logLevel, .choice, "How much the daemon logs to stderr."),
            .optional("moderation", \.moderation, moderation, "How held posts and email commands are handled."),
            .optional("list", \.list, list, "How the list's copies of a post look."),
            .optional("bounces", \.bounces, bounces, "When bounces stop delivery to a member (Mailman's figures)."),
            .optional("classification", \.classification, classification, "The learned stage of classification."),
            .optional("limits", \.limits, limits, "Sizes beyond which input is refused."),
            .optional("web", \.web, web, "The community's online archive (DESIGN.md §8).", whenAbsent: "no archive"),
        ])
    }

    static let days = 1...3650
    static var addresses: Shape<[String]> { .list(of: .text(.address), maxCount: 100_000) }
    static var words: Shape<[String]> { .list(of: .text(.nonEmpty), maxCount: 10_000) }

    static var community: Shape<Community> {
        .record(Community(name: "", listAddress: ""), [
            .required("name", \.name, .text(.nonEmpty), "The community's name as members know it."),
            .required("list_address", \.listAddress, .text(.address),
                      "The address members post to; `List-Id` and `list+sub-issue@` addresses derive from it."),
            .optional("request_address", \.requestAddress, .text(.address), "Where email commands go.",
                      standard: "`-request` after the list address's local part"),
            .optional("owner_address", \.ownerAddress, .text(.address), "Where mail for the people running the list goes.",
                      standard: "`-owner` after the list address's local part"),
            .optional("bounce_address", \.bounceAddress, .text(.address),
                      "The envelope sender of everything Praxis sends; VERP adds `+member=domain`.",
                      standard: "`-bounces` after the list address's local part"),
            .optional("objectives", \.objectives, .list(of: objective, maxCount: 1_000),
                      "What the community exists for, quoted in digests, reports and the archive; reviews count each one's activity from the sub-issues it names."),
            // Foundation names the default zone GMT; the file would write UTC.
            .optional("timezone", \.timeZone, .timeZone, "The time zone schedules are read in and weeks are cut in.",
                      standard: "`UTC`"),
            .optional("state", \.state, .choice,
                      "`closed` ends the community: nothing is distributed, posts and commands get one automatic reply a day per sender saying where the conversation went, a last digest and a farewell notice go out once; unsubscribing and the archive keep working, nothing is deleted."),
            .optional("successor", \.successor, .text(.nonEmpty),
                      "Where the conversation went once the community is closed (a URL, an address or a sentence), quoted in the automatic reply and the farewell notice.",
                      whenAbsent: "the replies say only that the community was closed"),
            .optional("language", \.language, .choice,
                      "The language of what members without their own `language` receive (command replies and help, notices, digests), and of replies to people who are not members; command words are understood in every language whatever this says."),
        ]) { community, given in
            // The role addresses not given derive from the list address, as `Community` derives them.
            community = Community(
                name: community.name, listAddress: community.listAddress,
                requestAddress: given.contains("request_address") ? community.requestAddress : nil,
                ownerAddress: given.contains("owner_address") ? community.ownerAddress : nil,
                bounceAddress: given.contains("bounce_address") ? community.bounceAddress : nil,
                objectives: community.objectives, timeZone: community.timeZone, state: community.state,
                successor: community.successor, language: community.language)
        }
    }

    /// Plain text (an objective with no id and no sub-issues linked) or the full mapping.
    static var objective: Shape<Objective> {
        .textOr(
            .parsed(kind: "text", written: \.text, { $0.allSatisfy(\.isWhitespace) ? nil : Objective(text: $0) },
                    problem: { _ in "must not be empty" }),
            record: .record(Objective(text: ""), [
                .required("id", \.id, Shape<String>.text(.identifier).optional,
                          "Required in the mapping form: short and stable, with the syntax of a sub-issue id; names the objective in reports and reviews."),
                .required("text", \.text, .text(.nonEmpty), "The objective as the community agreed it."),
                .optional("sub_issues", \.subIssues, .list(of: .text(.identifier), maxCount: 1_000),
                          "The ids of the sub-issues that serve it; their posts are its activity in reports and reviews."),
            ]))
    }

    static var paths: Shape<Configuration.Paths> {
        .record(Configuration.Paths(maildir: "", database: ""), [
            .required("maildir", \.maildir, .text(.path),
                      "The maildir the MTA delivers into; created (with missing parents) when absent."),
            .required("database", \.database, .text(.path), "The SQLite database file; created when absent."),
            .optional("templates", \.templates, .text(.path),
                      "A folder of Mustache templates overriding the built-in ones file by file.", whenAbsent: "the built-in ones"),
        ])
    }

    static var smtp: Shape<Configuration.SMTPSettings> {
        .record(Configuration.SMTPSettings(), [
            .optional("url", \.url, .text(.smtpURL),
                      "Where outgoing mail goes: `smtps://` is TLS from the first byte; `maildir:PATH` writes it into a maildir."),
            .optional("tls", \.tls, .choice, "STARTTLS for `smtp://`."),
            .optional("username", \.username, .text(.nonEmpty), "The SMTP AUTH user.", whenAbsent: "no authentication"),
            .optional("password_file", \.passwordFile, .text(.path),
                      "The file holding the SMTP password (never the password itself).",
                      whenAbsent: "`$CREDENTIALS_DIRECTORY/smtp-password` when a username is set"),
            .optional("connections", \.connections, .integer(1...64), "Parallel SMTP sessions."),
            .optional("ca_file", \.caFile, .text(.path), "PEM file of CA certificates to trust instead of the system's.",
                      whenAbsent: "the system's"),
            .optional("verify", \.verify, .flag, "Whether to verify the server's certificate and name; false only for testing."),
            .optional("connect_timeout", \.connectTimeout, .integer(1...600),
                      "Seconds to wait for the connection and TLS handshake."),
            .optional("timeout", \.timeout, .integer(1...3600), "Seconds one delivery may take in all."),
            .optional("retry_days", \.retryDays, .integer(1...90),
                      "Days a message that keeps failing transiently is retried before it fails for good."),
        ])
    }

    static var subIssue: Shape<SubIssue> {
        .record(SubIssue(id: ""), [
            .required("id", \.id, .text(.identifier), "Short and stable: it appears in subjects as `[id]` and in `list+id@` addresses."),
            .optional("name", \.name, .text(.nonEmpty), "The name shown in digests and reports.", standard: "the id"),
            .optional("description", \.description, .text(.any), "What belongs here, shown in digests.", whenAbsent: "none"),
            .optional("keywords", \.keywords, words, "Words and phrases that seed the classifier for this sub-issue."),
            .optional("aliases", \.aliases, .list(of: .text(.identifier), maxCount: 1_000),
                      "Other tags that mean this sub-issue, e.g. `bikes` for `cycling`."),
            .optional("protected", \.isProtected, .flag,
                      "A closed space: posts reach only the core group and `members`; never `general`."),
            .optional("members", \.members, addresses, "The addresses admitted to a protected sub-issue, beside the core group."),
            .optional("moderators", \.moderators, addresses,
                      "The core group of this sub-issue on top of `circles.core`: core in its circles and told of its held posts."),
            .optional("retired", \.isRetired, .flag,
                      "Retired: the classifier never chooses it for a new post, a post tagged to it is held with a notice to the sender naming the open sub-issues; its archive stays readable; `praxis circles` marks it."),
        ]) { subIssue, given in
            // The name not given is the id, as `SubIssue` defaults it.
            if !given.contains("name") { subIssue.name = subIssue.id }
        }
    }
}

extension ConfigurationKeys {
    static var circles: Shape<CirclesPolicy> {
        .record(CirclesPolicy(), [
            .optional("promotion", \.promotion, .choice,
                      "`automatic` moves a member who meets the inner bar; `moderated` lists them for the core group to confirm."),
            .optional("inner", \.inner, .record(CirclesPolicy.InnerBar(), [
                .optional("posts", \.posts, .integer(1...10_000), "Posts in the sub-issue within the window."),
                .optional("threads", \.threads, .integer(0...10_000), "Distinct threads those posts are in."),
                .optional("window_days", \.windowDays, .integer(days), "The sliding window, in days."),
                .optional("replies_received", \.repliesReceived, .integer(0...10_000),
                          "Replies others wrote to the member's posts within the window.", whenAbsent: "not counted"),
            ]), "What it takes to belong to the inner circle of a sub-issue."),
            .optional("demotion", \.demotion, .record(CirclesPolicy.Demotion(), [
                .optional("silent_days", \.silentDays, .integer(days),
                          "Days without a post in the sub-issue before a member leaves its inner circle."),
                .optional("hysteresis", \.hysteresis, .fraction(above: 0, atMost: 1),
                          "A member stays inner while their counts stay at or above this fraction of the inner bar."),
                .optional("minimum_tenure_days", \.minimumTenureDays, .integer(0...3650),
                          "Days a member stays inner after being promoted, whatever their activity."),
            ]), "When an inner-circle member drifts back out."),
            .optional("core", \.core, addresses, "The core group of every sub-issue: organisers and moderators."),
        ])
    }

    static var delivery: Shape<DeliveryDefaults> {
        .record(DeliveryDefaults(), [
            .optional("inner", \.inner, .choice, "The inner circle's mode; the core group always gets the inner one."),
            .optional("outer", \.outer, .choice, "The outer circle's mode."),
        ])
    }

    static var digest: Shape<DigestPlan> {
        .record(DigestPlan(name: "", schedule: ReportPlan.standardSchedule), [
            .required("name", \.name, .text(.identifier), "Names the digest in `praxis digest send --schedule NAME`."),
            .required("schedule", \.schedule, .schedule, "When it goes out, in the community's time zone."),
            .optional("audience", \.audience, .choice,
                      "`outer`: outer-circle members whose delivery is `digest`; `subscribers`: every member whose delivery is `digest`."),
            .optional("cap", \.cap, .integer(1...10_000), "At most this many posts, newest threads first.", whenAbsent: "all"),
            .optional("format", \.format, .choice, "Plain text, text and HTML, a MIME digest, or an RFC 1153 digest."),
        ])
    }

    static var reports: Shape<ReportPlans> {
        .record(ReportPlans(), [
            .optional("moderators", \.moderators, .record(ReportPlan(), [
                .optional("schedule", \.schedule, .schedule, "When it goes out, in the community's time zone."),
            ]), "The health report for the core group."),
        ])
    }

    static var reviews: Shape<ReviewPlan> {
        .record(ReviewPlan(), [
            .optional("schedule", \.schedule, .schedule,
                      "When the last quarter's review goes to the core group and the sub-issues' moderators, and the management summary to `organisation.sponsor`."),
            .optional("thresholds", \.thresholds, reviewThresholds, "Where the checklist's marks change colour."),
        ])
    }

    static var reviewThresholds: Shape<ReviewThresholds> {
        .record(ReviewThresholds(), [
            .optional("individuals", \.individuals, .integer(1...100_000),
                      "Distinct contributors in the quarter below which `enough_individuals` is red: fewer than five is colleagues talking, not a community."),
            .optional("sub_issue_individuals", \.subIssueIndividuals, .integer(1...100_000),
                      "Contributors each sub-issue needs in the quarter, else amber: one person writing alone shares no practice."),
            .optional("objective_posts", \.objectivePosts, .integer(1...100_000),
                      "Posts in the quarter in an objective's sub-issues for it to count as active: three is about one a month."),
            .optional("inner_circle", \.innerCircle, .integer(1...10_000),
                      "The inner circle each sub-issue needs at the quarter's end (issue 21 asks for at least two)."),
            .optional("momentum_amber", \.momentumAmber, .fraction(above: 0, atMost: 10),
                      "Posts and contributors below this fraction of the quarter before turn `momentum` amber: a fifth less is ordinary seasonal swing."),
            .optional("momentum_red", \.momentumRed, .fraction(above: 0, atMost: 10),
                      "Below this fraction `momentum` is red: activity halved."),
            .optional("promotions", \.promotions, .integer(0...100_000),
                      "Moves from the outer to the inner circle in the quarter for `inward_movement` to be green; a community nobody moves into ages with its founders."),
            .optional("unanswered_amber", \.unansweredAmber, .fraction(above: 0, atMost: 1),
                      "Share of conversations opened that got no reply from someone else above which `responsiveness` is amber."),
            .optional("unanswered_red", \.unansweredRed, .fraction(above: 0, atMost: 1),
                      "Above this share `responsiveness` is red: most questions go unanswered."),
            .optional("first_reply_hours", \.firstReplyHours, .fraction(above: 0, atMost: 10_000),
                      "Median hours to the first reply above which `responsiveness` is amber: the weekly report's 48 hours."),
            .optional("disband_reds", \.disbandReds, .integer(1...8),
                      "Red items from which the recommendation is to disband: three is when people, momentum and roles have all gone."),
        ])
    }

    static var organisation: Shape<Configuration.OrganisationSection> {
        let section = Shape<Configuration.OrganisationSection>.record(Configuration.OrganisationSection(), [
            .optional("address", \.address, .text(.address), "Where the digest goes, typically an organisation-wide list.",
                      whenAbsent: "no digest; required with `schedule`"),
            .optional("schedule", \.schedule, .schedule, "When it goes out, in the community's time zone.",
                      whenAbsent: "required with `address`"),
            .optional("format", \.format, .choice, "Plain text, text and HTML, a MIME digest, or an RFC 1153 digest."),
            .optional("sponsor", \.sponsor, .text(.address),
                      "The backing in management: receives the quarterly management summary (issue 21).", whenAbsent: "none"),
        ])
        // The digest needs both its keys; a section may instead hold the sponsor alone.
        return Shape(kind: section.kind, written: section.written, keys: section.keys, join: section.join) { node, path, reader in
            guard let value = section.read(node, path, &reader) else { return nil }
            let needed = value.address != nil || value.schedule != nil || value.sponsor == nil
            let missing = [("address", value.address == nil), ("schedule", value.schedule == nil)].filter { needed && $0.1 }
            for (key, _) in missing {
                reader.report("\(path).\(key)", at: FilePosition(node.mark),
                              "required key is missing: the organisation digest needs both address and schedule")
            }
            return missing.isEmpty ? value : nil
        }
    }

    static var metrics: Shape<Configuration.MetricsSettings> {
        .record(Configuration.MetricsSettings(textfile: ""), [
            .required("textfile", \.textfile, .text(.path),
                      "A `.prom` file for node_exporter's textfile collector, rewritten atomically."),
        ])
    }

    static var limits: Shape<Configuration.Limits> {
        .record(Configuration.Limits(), [
            .optional("message_bytes", \.messageBytes, .integer(Configuration.Limits.messageBytesRange),
                      "A message file larger than this is quarantined with the reason, unread."),
        ])
    }

    static var classification: Shape<ClassificationSettings> {
        .record(ClassificationSettings(), [
            .optional("threshold", \.threshold, .fraction(above: 0, atMost: 1),
                      "The model's sub-issue is taken only at this calibrated confidence or more; below it, `general`."),
            .optional("retrain_after", \.retrainAfter, .integer(1...1_000_000),
                      "Newly labelled posts after which the model is retrained (it also is daily)."),
        ])
    }
}

extension ConfigurationKeys {
    static var moderation: Shape<ModerationPolicy> {
        .record(ModerationPolicy(), [
            .optional("expire_days", \.expireDays, .integer(days),
                      "Days a held post waits for a moderator before it expires and its sender is told."),
            .optional("notices_per_hour", \.noticesPerHour, .integer(0...10_000),
                      "Moderation mail one moderator gets in any hour; held posts beyond it are summarised."),
            .optional("command_replies_per_hour", \.commandRepliesPerHour, .integer(0...10_000),
                      "Command messages answered per From address in any hour; 0 turns email commands off."),
            .optional("authserv_ids", \.authservIDs, .list(of: .text(.nonEmpty), maxCount: 100),
                      "The authserv-ids (RFC 8601) whose `Authentication-Results` fields are believed."),
            .optional("hold_on_dmarc_fail", \.holdOnDMARCFail, .flag,
                      "Whether a post whose From domain fails DMARC at one of `authserv_ids` is held.",
                      whenAbsent: "true when `authserv_ids` is not empty"),
        ])
    }

    static var list: Shape<ListSettings> {
        .record(ListSettings(), [
            .optional("subject_prefix", \.subjectPrefix, .text(.any), "Put before the subject; an empty text puts none.",
                      whenAbsent: "`[local part of the list address]`"),
            .optional("tag_in_subject", \.tagInSubject, .flag, "Whether the subject also carries the post's sub-issue (never `general`)."),
            .optional("reply_to", \.replyTo, .choice, "`list`: a reply goes to everyone; `author`: to the author."),
            .optional("from_rewrite", \.fromRewrite, .choice,
                      "`always` writes the list's address in `From:` so copies pass DMARC; `never` keeps the author's; "
                        + "`dmarc` writes it only when the author's domain publishes a DMARC policy of `quarantine` or `reject`."),
            .optional("dmarc_resolver", \.dmarcResolver, .text(.nonEmpty),
                      "The nameserver `from_rewrite: dmarc` asks, `address` or `address:port` (IPv6 in brackets); "
                        + "lookups wait at most 2 seconds.",
                      whenAbsent: "the first `nameserver` of `/etc/resolv.conf`"),
            .optional("footer", \.footer, .flag, "Whether each copy ends with a note on how to change one's delivery."),
            .optional("archive_url", \.archiveURL, .text(.nonEmpty), "The web archive, for `List-Archive`; `web.base_url` wins when set.", whenAbsent: "none"),
            .optional("deliver_to_author", \.deliverToAuthor, .flag, "Whether the author gets a copy of their own post."),
        ])
    }

    static var bounces: Shape<BounceSettings> {
        .record(BounceSettings(), [
            .optional("threshold", \.threshold, .fraction(above: 0, atMost: 1_000), "Delivery is disabled when the score reaches this."),
            .optional("reset_days", \.resetDays, .integer(days), "Days without a bounce after which the score starts over."),
            .optional("hard_score", \.hardScore, .fraction(above: 0, atMost: 1_000), "What a permanent failure adds."),
            .optional("soft_score", \.softScore, .fraction(above: 0, atMost: 1_000), "What a temporary failure adds."),
            .optional("notify_member", \.notifyMember, .flag, "Whether the member is told that delivery stopped."),
            .optional("notify_core", \.notifyCore, .flag, "Whether the core group is told."),
        ])
    }
}
