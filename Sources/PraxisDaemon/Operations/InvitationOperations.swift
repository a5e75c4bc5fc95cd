import Foundation
import PraxisCommunity
import PraxisMail
import PraxisStore

/// What `praxis members invite` did for each address, in the order given.
public struct InvitationReport: Sendable {
    public var results: [(address: String, result: InvitationResult)]

    /// Whether any address was refused (exit status 1).
    public var hasRefusals: Bool { results.contains { if case .invited = $0.result { false } else { true } } }

    public var text: String {
        results.map { address, result in
            switch result {
            case .invited: "invited \(address)"
            case .alreadyMember: "not invited \(address): already a member"
            case .invitedRecently(let date):
                "not invited \(address): invited on \(JSONWriter.utc(date)), less than \(InvitationDecider.reinviteDays) days ago"
            case .invalidAddress(let problem): "not invited \(address): \(problem)"
            }
        }.joined(separator: "\n")
    }

    /// `{"invitations": [{"address": "...", "result": "invited|already_member|invited_recently|invalid_address", "detail": ...}]}`
    public var json: String {
        var writer = JSONWriter()
        writer.object { object in
            object.array("invitations", results) { item, entry in
                item.object { fields in
                    fields.field("address", entry.address)
                    switch entry.result {
                    case .invited:
                        fields.field("result", "invited")
                        fields.field("detail", nil)
                    case .alreadyMember:
                        fields.field("result", "already_member")
                        fields.field("detail", nil)
                    case .invitedRecently(let date):
                        fields.field("result", "invited_recently")
                        fields.field("detail", JSONWriter.utc(date))
                    case .invalidAddress(let problem):
                        fields.field("result", "invalid_address")
                        fields.field("detail", problem)
                    }
                }
            }
        }
        return writer.text
    }
}

extension CommunityInstance {
    /// Invites each of `addresses` (normalised) with the inviter's `message`; the invitations wait
    /// in the outbox for the daemon or `praxis outbox flush`.
    public func invite(_ addresses: [String], message: String?) throws -> InvitationReport {
        let decider = InvitationDecider(community: configuration.community)
        var report = InvitationReport(results: [])
        for address in addresses {
            let result = try database.invite(
                address, decider: decider, message: message, token: MessageComposer.randomToken(length: 26), at: Date())
            report.results.append((address, result))
        }
        return report
    }
}
