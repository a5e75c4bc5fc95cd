import Foundation
import PraxisCommunity
import PraxisMail
import PraxisStore

/// The forms `praxis digest preview --format` prints a digest in.
public enum DigestPreviewFormat: String, Sendable, CaseIterable {
    /// The plain-text part.
    case text
    /// The HTML part.
    case html
    /// The whole message, in the member's digest format.
    case mime
    /// The whole message, in RFC 1153 form.
    case rfc1153

    /// The message form to prepare; nil keeps the member's own.
    var messageFormat: DigestPlan.Format? {
        switch self {
        case .mime: nil
        case .rfc1153: .rfc1153
        case .text, .html: .html
        }
    }
}

/// What `praxis digest preview` found.
public enum DigestPreview: Sendable {
    /// The digest, as the bytes to print.
    case digest([UInt8])
    /// `--schedule` names no digest of the configuration; `known` lists the names it accepts.
    case unknownDigest(known: [String])
    /// The organisation digest would be empty now.
    case emptyOrganisationDigest
    /// The address given is no member's.
    case notAMember
    /// A member's digest was asked for without saying whose (only the organisation digest needs nobody).
    case memberNeeded
    /// The configuration has no `digests:`.
    case noDigestsConfigured
    /// The member would get none of `digests` now; `address` is the normalised address.
    case nothingNew(address: String, digests: [String])
}

/// What `praxis digest send` did.
public enum DigestSending: Sendable {
    /// The run was queued; nil when the run due has already been made.
    case ran(DigestRun.Summary?)
    /// `--schedule` names no digest of the configuration; `known` lists the names it accepts.
    case unknownDigest(known: [String])
}

/// A digest's name resolved against the configuration.
enum DigestChoice {
    case plan(DigestPlan)
    case organisation(OrganisationDigest)
    case unknown(known: [String])

    /// A configured digest of that name comes first; `organisation` names the organisation digest
    /// only when one is configured.
    init(_ name: String, in configuration: Configuration) {
        if let plan = configuration.digests.first(where: { $0.name == name }) {
            self = .plan(plan)
        } else if name == DigestRun.organisationName, let organisation = configuration.organisation {
            self = .organisation(organisation)
        } else {
            let organisation = configuration.organisation == nil ? [] : [DigestRun.organisationName]
            self = .unknown(known: configuration.digests.map(\.name) + organisation)
        }
    }
}

extension CommunityInstance {
    /// The digest `member` would get now from the digest `schedule` names (default: the first
    /// configured one that has something for them); sends nothing and marks nothing.
    public func previewDigest(member: String?, schedule: String?, format: DigestPreviewFormat, now: Date) throws -> DigestPreview {
        let run = DigestRun(instance: self)
        let timeZone = configuration.community.timeZone
        let choice = schedule.map { DigestChoice($0, in: configuration) }
        if case .organisation(let organisation) = choice {
            let dueAt = organisation.schedule.nextDue(after: now, in: timeZone)
            guard let prepared = try run.prepareOrganisation(
                organisation, dueAt: dueAt, now: now, format: format.messageFormat).digest else {
                return .emptyOrganisationDigest
            }
            return .digest(Self.rendered(prepared, run: run, format: format))
        }
        if case .unknown(let known) = choice { return .unknownDigest(known: known) }
        guard let member else { return .memberNeeded }
        let address = MailAddress(address: member).normalized
        guard try database.member(address: address) != nil else { return .notAMember }
        let plans: [DigestPlan]
        switch choice {
        case .plan(let plan): plans = [plan]
        case .unknown(let known): return .unknownDigest(known: known)
        case .organisation, nil: plans = configuration.digests
        }
        guard !plans.isEmpty else { return .noDigestsConfigured }
        for plan in plans {
            let dueAt = plan.schedule.nextDue(after: now, in: timeZone)
            let prepared = try run.prepare(plan: plan, dueAt: dueAt, now: now, member: address, format: format.messageFormat)
            if let digest = prepared.digests.first { return .digest(Self.rendered(digest, run: run, format: format)) }
        }
        return .nothingNew(address: address, digests: plans.map(\.name))
    }

    /// Queues the run of the digest `schedule` names: the latest one due at `now` if it has not
    /// run yet (as the daemon would), or, with `evenIfNotDue`, one at `now`.
    public func sendDigest(schedule: String, evenIfNotDue: Bool, now: Date) async throws -> DigestSending {
        let run = DigestRun(instance: self)
        let timeZone = configuration.community.timeZone
        switch DigestChoice(schedule, in: configuration) {
        case .plan(let plan):
            let due = evenIfNotDue ? now : plan.schedule.lastDue(atOrBefore: now, in: timeZone)
            return .ran(try await run.send(plan: plan, dueAt: due, now: now))
        case .organisation(let organisation):
            let due = evenIfNotDue ? now : organisation.schedule.lastDue(atOrBefore: now, in: timeZone)
            return .ran(try await run.sendOrganisation(organisation, dueAt: due, now: now))
        case .unknown(let known):
            return .unknownDigest(known: known)
        }
    }

    static func rendered(_ prepared: DigestRun.Prepared, run: DigestRun, format: DigestPreviewFormat) -> [UInt8] {
        switch format {
        case .html: Array(run.templates.renderHTML(prepared.document).utf8)
        case .mime, .rfc1153: prepared.message.rendered()
        case .text: Array(run.templates.renderText(prepared.document).utf8)
        }
    }
}
