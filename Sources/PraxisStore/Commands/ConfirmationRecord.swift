import Foundation
import GRDB
import PraxisCommunity

public enum ConfirmationPurpose: String, Codable, Sendable, CaseIterable {
    case subscribe, unsubscribe, moderation
    /// Changes of a member's settings asked for by email (migration v2-commands).
    case settings
}

/// A token mailed to an address that must come back before an action happens.
public struct ConfirmationRecord: StoreRecord, Hashable {
    public static let databaseTableName = "confirmations"
    public var id: Int64?
    public var token: String
    public var purpose: ConfirmationPurpose
    public var address: String
    public var payload: String?
    public var createdAt: Date
    public var expiresAt: Date
    public var usedAt: Date?

    public init(id: Int64? = nil, token: String, purpose: ConfirmationPurpose, address: String,
                payload: String? = nil, createdAt: Date, expiresAt: Date, usedAt: Date? = nil) {
        self.id = id
        self.token = token
        self.purpose = purpose
        self.address = address
        self.payload = payload
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.usedAt = usedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, token, purpose, address, payload
        case createdAt = "created_at", expiresAt = "expires_at", usedAt = "used_at"
    }
}

extension ConfirmationRecord {
    /// The row of a confirmation the email commands decided on.
    init(_ confirmation: EmailCommandDecider.Confirmation) {
        let purpose: ConfirmationPurpose = switch confirmation.purpose {
        case .subscribe: .subscribe
        case .unsubscribe: .unsubscribe
        case .settings: .settings
        }
        self.init(token: confirmation.token, purpose: purpose, address: confirmation.address, payload: confirmation.payload,
                  createdAt: confirmation.createdAt, expiresAt: confirmation.expiresAt)
    }

    /// This row as `EmailCommandDecider.confirm` reads it.
    var asStoredConfirmation: EmailCommandDecider.StoredConfirmation {
        let decided: EmailCommandDecider.ConfirmationPurpose? = switch purpose {
        case .subscribe: .subscribe
        case .unsubscribe: .unsubscribe
        case .settings: .settings
        case .moderation: nil
        }
        return EmailCommandDecider.StoredConfirmation(
            token: token, purpose: decided, address: address, payload: payload, expiresAt: expiresAt, usedAt: usedAt)
    }
}
