import ArgumentParser
import Foundation
import PraxisCommunity
import PraxisDaemon
import PraxisStore

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
        let instance = try global.openInstance()
        let queue = instance.moderationQueue
        let now = Date()
        let (expired, held) = try instance.database.write("listing held posts") { db in
            (try queue.expire(at: now, in: db), try ModerationQueue.heldPosts(all: all, in: db))
        }
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
            let subject = ModerationNotices.plain(entry.post?.subject ?? "", width: 60)
            let from = entry.post?.authorAddress ?? ""
            var line = "#\(entry.held.id ?? 0)  \(from.isEmpty ? "(no From)" : from)  “\(subject)”  \(entry.held.reason)"
            if entry.held.state == .held {
                line += "  expires \(JSONWriter.utc(entry.held.expiresAt))"
            } else {
                line += "  \(entry.held.state.rawValue)" + (entry.held.decidedBy.map { " by \($0)" } ?? "")
            }
            print(line)
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
        let instance = try global.openInstance()
        // A held post gets the model's stage on release, so the model must be loaded.
        try await instance.loadClassifier()
        let queue = instance.moderationQueue
        let id = self.id
        let outcome = try await instance.database.write("approving held post \(id)") { db in
            try queue.approve(heldID: id, by: ModerationQueue.operatorName, at: Date(), in: db)
        }
        try report(outcome)
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
        let instance = try global.openInstance()
        let queue = instance.moderationQueue
        let id = self.id
        let reason = self.reason
        let outcome = try instance.database.write("rejecting held post \(id)") { db in
            try queue.reject(heldID: id, reason: reason, by: ModerationQueue.operatorName, at: Date(), in: db)
        }
        try report(outcome)
    }
}

/// Prints a decision's sentence; a refused decision exits 1.
private func report(_ outcome: ModerationOutcome) throws {
    switch outcome {
    case .done(let sentence):
        print(sentence)
    case .refused(let sentence):
        throw problem(sentence)
    }
}
