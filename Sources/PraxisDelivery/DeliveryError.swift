/// The one error type of `PraxisDelivery`: a transport that cannot be set up, or a store failure
/// met while delivering, with the context to act on it.
///
/// A failure to deliver one message is not an error: it is a `DeliveryResult` saying whether it is
/// worth trying again. This type is for what stops delivery as a whole.
public struct DeliveryError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case invalidSettings = "invalid-settings"
            case unreadablePassword = "unreadable-password"
            case curl
            case maildir
            case store
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The transport settings cannot work (an URL of the wrong form, a bad value).
        public static let invalidSettings = Code(.invalidSettings)
        /// The password file is missing, unreadable or empty.
        public static let unreadablePassword = Code(.unreadablePassword)
        /// libcurl refused to set up (out of memory, an option this build lacks).
        public static let curl = Code(.curl)
        /// The outgoing maildir cannot be created or written.
        public static let maildir = Code(.maildir)
        /// Claiming or recording outbox rows failed in the store.
        public static let store = Code(.store)

        public var description: String { base.rawValue }
    }

    /// What kind of failure this is.
    public let code: Code
    /// What delivery was doing, e.g. "reading the SMTP password from /run/credentials/…".
    public let operation: String
    /// The system's, libcurl's or the store's own message.
    public let message: String
    /// Whether the same operation may succeed later without anyone changing anything.
    public let isTransient: Bool

    public init(code: Code, operation: String, message: String, isTransient: Bool = false) {
        self.code = code
        self.operation = operation
        self.message = message
        self.isTransient = isTransient
    }

    public var description: String {
        "\(operation) failed (\(code)\(isTransient ? ", transient" : "")): \(message)"
    }
}
