import ArgumentParser
import Foundation
import PraxisDaemon

/// `praxis moderation list|approve|reject`: the operator's side of moderation. No token is needed:
/// whoever can run this on the server already controls the list.
struct ModerationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "moderation",
        abstract: "List held posts, approve or reject them.",
        subcommands: [ModerationListCommand.self, ModerationApproveCommand.self, ModerationRejectCommand.self]
    )
}

struct ModerationListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Expire what is due, then list the posts waiting for a moderator.")

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Also list posts already approved, rejected or expired.")
    var all = false

    @Flag(name: .long, help: "One JSON object.")
    var json = false

    func run() throws {
        let listing = try global.openInstance().expireAndListHeldPosts(all: all)
        let (expired, held) = (listing.expiredNow, listing.held)
        if json {
            var writer = JSONWriter()
            writer.object { object in
                object.field("expired_now", expired)
                object.array("held", held) { item, entry in
                    item.object { fields in
                        fields.field("id", Int(entry.held.id ?? 0))
                        fields.field("state", entry.held.state.rawValue)
                        fields.field("from", entry.post?.authorAddress)
                        fields.field("name", entry.post?.authorName)
                        fields.field("subject", entry.post?.subject)
                        fields.field("message_id", entry.post?.messageID)
                        fields.field("reason", entry.held.reason)
                        fields.field("held_at", JSONWriter.utc(entry.held.heldAt))
                        fields.field("expires_at", JSONWriter.utc(entry.held.expiresAt))
                        fields.field("decided_at", entry.held.decidedAt.map(JSONWriter.utc))
                        fields.field("decided_by", entry.held.decidedBy)
                    }
                }
            }
            print(writer.text)
            return
        }
        if expired > 0 { print("\(expired) held posts expired now; their senders are told") }
        for entry in held {
            print(ModerationListing.line(for: entry))
        }
        print("\(held.count) held posts\(all ? " in all" : " waiting")")
    }
}

struct ModerationApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve", abstract: "Let a held post through to the list, as if just received.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The number `praxis moderation list` shows.", valueName: "id"))
    var id: Int64

    func run() async throws {
        let outcome = try await global.openInstance().approveHeldPost(id)
        // A refused decision exits 1.
        guard case .done(let sentence) = outcome else { throw problem(outcome.sentence) }
        print(sentence)
    }
}

struct ModerationRejectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject", abstract: "Refuse a held post; its sender is told, with the reason if given.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The number `praxis moderation list` shows.", valueName: "id"))
    var id: Int64

    @Option(name: .long, help: "Why, for the sender.")
    var reason: String?

    func run() throws {
        let outcome = try global.openInstance().rejectHeldPost(id, reason: reason)
        guard case .done(let sentence) = outcome else { throw problem(outcome.sentence) }
        print(sentence)
    }
}
