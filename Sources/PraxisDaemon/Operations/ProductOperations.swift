import Foundation
import PraxisCommunity
import PraxisMail
import PraxisStore

/// What `praxis products add` came to.
public enum ProductAddition: Sendable, Hashable {
    case marked(Product, replaced: Bool)
    /// No archived post has the Message-ID.
    case unknownMessage(String)
    /// `--by` names someone who is neither of the core group nor a moderator of the thread's sub-issue.
    case notCore(String, subIssue: String)
}

extension Configuration {
    /// The ids of the sub-issues protected now: a product in one of them is protected.
    public var protectedSubIssueIDs: [String] { allSubIssues.filter(\.isProtected).map(\.id) }
}

extension CommunityInstance {
    /// Marks the thread of the post `messageID` (angle brackets optional) as a product. `by`
    /// defaults to `community.owner_address` (the operator); when given, it must be of the core
    /// group (`circles.core`, the core standing) or a moderator of the thread's sub-issue.
    public func addProduct(messageID: String, kind: Product.Kind, note: String?, by: String?, at time: Date) throws -> ProductAddition {
        let bare = Self.bareMessageID(messageID)
        guard let subIssue = try database.productSubIssue(messageID: bare) else { return .unknownMessage(bare) }
        if let by {
            let core = try database.reportRecipients(core: configuration.circles.core, owner: configuration.community.ownerAddress)
            guard ProductMarking.mayMark(by, subIssue: subIssue, core: core, subIssues: configuration.allSubIssues) else {
                return .notCore(by, subIssue: subIssue)
            }
        }
        switch try database.markProduct(messageID: bare, kind: kind, note: note, by: by ?? configuration.community.ownerAddress,
                                        at: time, protectedSubIssues: configuration.protectedSubIssueIDs) {
        case .marked(let product, let replaced): return .marked(product, replaced: replaced)
        case .unknownMessage: return .unknownMessage(bare)
        }
    }

    /// Every product, newest mark first.
    public func products() throws -> [Product] {
        try database.products(protectedSubIssues: configuration.protectedSubIssueIDs)
    }

    /// `<id@host>` or `id@host` as the store keeps it.
    public static func bareMessageID(_ text: String) -> String {
        text.trimmingCharacters(in: CharacterSet(charactersIn: " <>"))
    }
}

/// How products are written by `praxis products` and in an export.
public enum ProductListing {
    /// The kind `word` names (`--kind`), or the sentence saying it names none.
    public static func kind(_ word: String) -> Result<Product.Kind, KindProblem> {
        ProductMarking.kind(word).map { .success($0) } ?? .failure(KindProblem(message: ProductMarking.kindProblem(word)))
    }

    public struct KindProblem: Error, Sendable {
        public var message: String
    }

    /// One line a product (two with a note), for the operator: protected ones say so.
    public static func text(_ products: [Product]) -> String {
        guard !products.isEmpty else { return "No thread has been marked as a product yet (praxis products add)." }
        return products.map { product in
            let mark = product.isProtected ? " [protected]" : ""
            var line = "\(JSONWriter.utc(product.markedAt))  \(product.kind.rawValue)  <\(product.threadMessageID)>  "
                + "\(product.subIssue)\(mark)  \(product.subject)  (by \(product.markedBy))"
            if let note = product.note { line += "\n    " + note.replacingOccurrences(of: "\n", with: "\n    ") }
            return line
        }.joined(separator: "\n")
    }

    /// `{"products": [{"message_id", "thread_message_id", "kind", "note", "subject", "sub_issue",
    /// "protected", "marked_by", "marked_at"}]}`.
    public static func json(_ products: [Product]) -> String {
        var writer = JSONWriter()
        writer.object { object in
            object.array("products", products) { item, product in item.object { entry(&$0, product) } }
        }
        return writer.text
    }

    static func entry(_ fields: inout JSONWriter.ObjectWriter, _ product: Product) {
        fields.field("message_id", product.messageID)
        fields.field("thread_message_id", product.threadMessageID)
        fields.field("kind", product.kind.rawValue)
        fields.field("note", product.note)
        fields.field("subject", product.subject)
        fields.field("sub_issue", product.subIssue)
        fields.field("protected", product.isProtected)
        fields.field("marked_by", product.markedBy)
        fields.field("marked_at", JSONWriter.utc(product.markedAt))
    }
}
