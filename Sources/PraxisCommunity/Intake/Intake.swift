import Foundation
import PraxisMail

/// The one intake step (DESIGN.md §2.2, §3): a parsed message and what the community knows in, the
/// message with its screening, trimmed text and explicit/model classification out. Ingest, import
/// and `praxis classify FILE` all take messages in through it, so none of them decides differently;
/// the thread stage follows in the store (`ThreadRule`), where the post a reply answers is known.
public struct Intake: Sendable {
    /// Screens delivered mail and finds the `list+tag@` address of any message; nil (an import
    /// without a community) knows no recipient.
    public let screener: Screener?
    /// The explicit and model stages; nil takes every post in as `general` (the thread stage still
    /// applies).
    public let classifier: PostClassifier?

    public init(screener: Screener?, classifier: PostClassifier?) {
        self.screener = screener
        self.classifier = classifier
    }

    /// How a message came in.
    public enum Arrival: Sendable {
        /// Delivered to the maildir: screened against the store's members (`standings`, by
        /// normalised address; absent means not a member). `provenWebPost`: its web-post proof
        /// verified (`Screener.screen`).
        case delivered(standings: [String: AuthorStanding], provenWebPost: Bool = false)
        /// History (`praxis import mbox`) or a message looked at (`praxis classify FILE`): not
        /// screened, always read and classified as a post.
        case history
    }

    /// What classification needs besides the message, the same for a whole batch.
    public struct Context: Sendable {
        /// The core group as the store read it for the batch: only a core member's
        /// `X-Praxis-Sub-Issue` field counts.
        public var coreGroup: CoreGroup
        /// The current model; nil skips the model stage.
        public var model: TextClassifier?

        public init(coreGroup: CoreGroup = CoreGroup(configured: []), model: TextClassifier? = nil) {
            self.coreGroup = coreGroup
            self.model = model
        }
    }

    /// One message after intake.
    public struct Taken: Sendable {
        public var message: MailMessage
        /// Nil for history.
        public var screening: Screening?
        public var recipient: ListRecipient?
        /// The first From mailbox.
        public var from: MailAddress?
        /// The decoded subject, "" for none.
        public var subject: String
        /// The body as a reader sees it, untrimmed; "" when the message is not read as a post.
        public var readerText: String
        /// Its new text (quotes and signature trimmed); "" when not read as a post.
        public var trimmedText: String
        /// The post has an `X-Praxis-Sub-Issue` field and a core member sent it, so the field
        /// counts; false for everything else (whether the sender is core is worked out only then).
        public var headerFromCore: Bool
        /// The explicit or model stage's decision; `general` when neither ran.
        public var decision: SubIssueDecision
    }

    /// Takes one parsed message in (`message.hasHeaderFields` is the caller's check: what has none
    /// is quarantined or refused with the caller's own words).
    public func take(_ message: MailMessage, arrival: Arrival, context: Context) -> Taken {
        let from = message.from
        let screening: Screening?
        if case .delivered(let standings, let provenWebPost) = arrival, let screener {
            screening = screener.screen(message, from: from, provenWebPost: provenWebPost) { standings[$0] ?? .nonMember }
        } else {
            screening = nil
        }
        let kind = screening?.kind ?? .post
        // Auto-replies, loops and bounces are recorded but never read as posts (no digest, no
        // classification), so the work of trimming their text is skipped. So is a held post's
        // until a moderator approves it: most held mail is never released (spam, strangers), and
        // in a flood of it trimming, the model and storing the text were a third of ingest's
        // CPU. Moderation reads the text from the file when it shows one, and release trims,
        // stores and classifies it then (`ModerationQueue.release`).
        let isHeld = kind == .held
        let needsText = kind != .auto && kind != .bounce && !isHeld
        let readerText = needsText ? message.body.readerText : ""
        let trimmedText = needsText ? NewText.trimmed(readerText) : ""
        let subject = message.subject ?? ""
        let recipient = screening?.recipient ?? screener?.recipient(of: message)
        var taken = Taken(
            message: message, screening: screening, recipient: recipient, from: from.first, subject: subject,
            readerText: readerText, trimmedText: trimmedText, headerFromCore: false,
            decision: SubIssueDecision(subIssue: SubIssue.generalID, stage: .general))
        // Only posts (distributed now, or held for a moderator) belong to a sub-issue. A held post
        // gets the explicit stage now (and the thread stage as it is recorded), the model's only
        // when released.
        if let classifier, kind == .post || isHeld {
            let header = message.header(PostClassifier.headerName)
            // The field is all the core group decides here: whose it is matters only when it is there.
            taken.headerFromCore = header != nil && context.coreGroup.contains(from.first?.address)
            let features = { Self.features(subject: subject, trimmedText: trimmedText, readerText: readerText, from: from.first) }
            taken.decision = classifier.classify(
                subject: subject, recipient: recipient, header: header,
                senderIsCore: taken.headerFromCore, features: features, model: isHeld ? nil : context.model)
            // A post tagged to a retired sub-issue is held rather than distributed there.
            taken.screening = RetiredSubIssues(subIssues: classifier.subIssues).screening(taken.screening, after: taken.decision)
        }
        return taken
    }

    /// What the model reads of a post: its subject, new text, the lines it quotes and the sender's
    /// address.
    public static func features(subject: String, trimmedText: String, readerText: String, from: MailAddress?) -> TextFeatures {
        TextFeatures(subject: subject, text: trimmedText, quoted: TextFeatures.quotedText(of: readerText), senderAddress: from?.address)
    }

    /// `features` of a taken message.
    public static func features(of taken: Taken) -> TextFeatures {
        features(subject: taken.subject, trimmedText: taken.trimmedText, readerText: taken.readerText, from: taken.from)
    }

    /// A readable name for each of `features(of:)`, for `praxis classify --explain`.
    public static func featureNames(of taken: Taken) -> [UInt32: String] {
        TextFeatures.featureNames(
            subject: taken.subject, text: taken.trimmedText, quoted: TextFeatures.quotedText(of: taken.readerText),
            senderAddress: taken.from?.address)
    }
}
