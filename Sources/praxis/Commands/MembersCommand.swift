import ArgumentParser
import Foundation
import PraxisCommunity
import PraxisDaemon
import PraxisStore

/// `praxis members list|show|add|remove|set|import`: the member list, by the operator.
struct MembersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "members",
        abstract: "List, show, add, change, remove and import members.",
        subcommands: [
            MembersListCommand.self, MembersShowCommand.self, MembersAddCommand.self, MembersRemoveCommand.self,
            MembersSetCommand.self, MembersImportCommand.self,
        ]
    )
}

/// Options that change a member, shared by `add` and `set`. Taken as text and checked here, so a
/// bad value is a usage error with exit status 2 (DESIGN.md §4) and a sentence naming the option.
struct MemberChangeOptions: ParsableArguments {
    @Option(name: .long, help: "The display name (an empty string clears it).")
    var name: String?

    @Option(name: .long, help: ArgumentHelp("core, inner or outer, in every sub-issue.", valueName: "role"))
    var role: String?

    @Option(name: .long, help: ArgumentHelp("default, immediate, digest or none.", valueName: "mode"))
    var delivery: String?

    @Option(name: .long, help: ArgumentHelp("daily or weekly.", valueName: "frequency"))
    var digest: String?

    @Option(name: .long, help: ArgumentHelp("yes or no: keep an inner-circle member there whatever their activity.", valueName: "yes|no"))
    var pinned: String?

    @Option(name: .long, help: ArgumentHelp("yes or no: hold the member's posts for a moderator.", valueName: "yes|no"))
    var moderated: String?

    /// The change these options ask for, or exit 2 naming the option at fault.
    func change() throws -> MemberChange {
        var change = MemberChange()
        change.name = name.map { MemberListEntryText.clean($0) }
        change.role = try value(role, option: "--role", MemberListEntry.Role.allCases.map(\.rawValue)).flatMap(MemberListEntry.Role.init)
        change.delivery = try value(delivery, option: "--delivery", DeliveryPreference.allCases.map(\.rawValue)).flatMap(DeliveryPreference.init)
        change.digestFrequency = try value(digest, option: "--digest", DigestFrequency.allCases.map(\.rawValue)).flatMap(DigestFrequency.init)
        change.isPinned = try value(pinned, option: "--pinned", ["yes", "no"]).map { $0 == "yes" }
        change.isModerated = try value(moderated, option: "--moderated", ["yes", "no"]).map { $0 == "yes" }
        return change
    }

    private func value(_ text: String?, option: String, _ choices: [String]) throws -> String? {
        guard let text else { return nil }
        let folded = text.lowercased()
        guard choices.contains(folded) else {
            throw usageError("\(option) \"\(MemberListEntryText.clean(text))\" is not one of \(choices.joined(separator: ", "))")
        }
        return folded
    }
}

enum MemberListEntryText {
    static func clean(_ text: String) -> String { ModerationNotices.plain(text, width: 200) }
}

/// Prints `praxis: MESSAGE` and gives the usage exit status of DESIGN.md §4.
func usageError(_ message: String) -> ExitCode {
    printError("praxis: \(message)")
    return ExitCode(2)
}

/// Prints `praxis: MESSAGE` and gives the "ran and found a problem" exit status.
func problem(_ message: String) -> ExitCode {
    printError("praxis: \(message)")
    return ExitCode(1)
}

/// A member address from the command line, normalised, or exit 2 saying what is wrong with it.
func memberAddress(_ text: String) throws -> String {
    let address = text.trimmingCharacters(in: .whitespaces).lowercased()
    if let problem = AddressSyntax.problem(in: address) {
        throw usageError("\"\(MemberListEntryText.clean(text))\" is not a usable address: \(problem)")
    }
    return address
}

/// How members print, as text and as JSON.
enum MemberOutput {
    static func role(_ details: MemberDetails, core: Set<String>) -> String {
        core.contains(details.member.address) ? "core" : details.highestStanding.rawValue
    }

    static func fields(_ details: MemberDetails, core: Set<String>, into object: inout JSONWriter.ObjectWriter) {
        let member = details.member
        object.field("address", member.address)
        object.field("name", member.name)
        object.field("status", member.status.rawValue)
        object.field("role", role(details, core: core))
        object.field("pinned", details.isPinned)
        object.field("moderated", member.isModerated)
        object.field("delivery", member.delivery.rawValue)
        object.field("digest", member.digestFrequency.rawValue)
        object.field("joined_at", JSONWriter.utc(member.joinedAt))
        object.field("left_at", member.leftAt.map(JSONWriter.utc))
        object.field("posts", details.posts)
    }

    static func coreSet(_ configuration: Configuration) -> Set<String> {
        Set(configuration.circles.core.map { $0.lowercased() })
    }
}

struct MembersListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the members.")

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Include members who unsubscribed or were disabled.")
    var all = false

    @Flag(name: .long, help: "One JSON object.")
    var json = false

    func run() throws {
        let instance = try global.openInstance()
        let members = try instance.database.memberDetailsList(includeLeft: all)
        let core = MemberOutput.coreSet(instance.configuration)
        var output = StandardOutput()
        if json {
            var writer = JSONWriter()
            writer.object { object in
                object.field("count", members.count)
                object.array("members", members) { item, details in
                    item.object { MemberOutput.fields(details, core: core, into: &$0) }
                }
            }
            output.write(writer.text + "\n")
        } else {
            for details in members {
                let member = details.member
                var line = member.address.padding(toLength: max(32, member.address.count + 1), withPad: " ", startingAt: 0)
                line += MemberOutput.role(details, core: core).padding(toLength: 6, withPad: " ", startingAt: 0)
                line += member.delivery.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
                var notes: [String] = []
                if member.status != .active { notes.append(member.status.rawValue) }
                if details.isPinned { notes.append("pinned") }
                if member.isModerated { notes.append("moderated") }
                if let name = member.name { notes.insert(MemberListEntryText.clean(name), at: 0) }
                output.write(line + notes.joined(separator: ", ") + "\n")
            }
            output.write("\(members.count) members\n")
        }
        output.flush()
    }
}

struct MembersShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one member: preferences and standing per sub-issue.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The member's address.", valueName: "address"))
    var address: String

    @Flag(name: .long, help: "One JSON object.")
    var json = false

    func run() throws {
        let address = try memberAddress(address)
        let instance = try global.openInstance()
        guard let details = try instance.database.memberDetails(address) else {
            throw problem("\(address) is not a member (see `praxis members list --all`)")
        }
        let core = MemberOutput.coreSet(instance.configuration)
        let rows = Dictionary(details.standings.map { ($0.subIssue, $0) }, uniquingKeysWith: { first, _ in first })
        // Every configured sub-issue, then any row of a sub-issue since removed from the config.
        let ids = instance.configuration.allSubIssues.map(\.id)
        let allIDs = ids + details.standings.map(\.subIssue).filter { !ids.contains($0) }
        let isConfiguredCore = core.contains(address)
        func standing(_ id: String) -> String {
            isConfiguredCore ? "core" : (rows[id]?.standing.rawValue ?? "outer")
        }
        if json {
            var writer = JSONWriter()
            writer.object { object in
                MemberOutput.fields(details, core: core, into: &object)
                object.array("sub_issues", allIDs) { item, id in
                    item.object { fields in
                        fields.field("id", id)
                        fields.field("standing", standing(id))
                        fields.field("pinned", rows[id]?.isPinned ?? false)
                        fields.field("since", rows[id].map { JSONWriter.utc($0.since) })
                        fields.field("delivery", rows[id]?.deliveryOverride?.rawValue)
                        fields.field("follow", rows[id]?.follow.rawValue ?? "default")
                    }
                }
            }
            print(writer.text)
            return
        }
        let member = details.member
        print("""
            \(member.address)\(member.name.map { " (\(MemberListEntryText.clean($0)))" } ?? "")
              status     \(member.status.rawValue)\(member.leftAt.map { " since \(JSONWriter.utc($0))" } ?? "")
              joined     \(JSONWriter.utc(member.joinedAt))
              role       \(MemberOutput.role(details, core: core))\(isConfiguredCore ? " (circles.core in the configuration)" : "")
              delivery   \(member.delivery.rawValue), digest \(member.digestFrequency.rawValue)
              moderated  \(member.isModerated ? "yes: posts are held for a moderator" : "no")
              posts      \(details.posts)
            """)
        for id in allIDs {
            var notes: [String] = []
            if rows[id]?.isPinned == true { notes.append("pinned") }
            if let override = rows[id]?.deliveryOverride { notes.append("delivery \(override.rawValue)") }
            if let follow = rows[id]?.follow, follow != .default { notes.append(follow.rawValue) }
            print("  \(id.padding(toLength: max(20, id.count + 1), withPad: " ", startingAt: 0))\(standing(id))"
                  + (notes.isEmpty ? "" : "  (" + notes.joined(separator: ", ") + ")"))
        }
    }
}

struct MembersAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a member (outer circle unless --role says otherwise).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The member's address.", valueName: "address"))
    var address: String

    @OptionGroup var options: MemberChangeOptions

    func run() throws {
        let address = try memberAddress(address)
        let change = try options.change()
        let instance = try global.openInstance()
        let subIssues = instance.configuration.allSubIssues
        switch try instance.database.addMember(address, change: change, subIssues: subIssues, at: Date()) {
        case .added:
            print("added \(address)")
        case .reactivated:
            print("added \(address) again (their earlier history is kept)")
        case .alreadyActive:
            throw problem("\(address) is already a member; use `praxis members set` to change it")
        }
    }
}

struct MembersRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Unsubscribe a member; their posts and history are kept.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The member's address.", valueName: "address"))
    var address: String

    func run() throws {
        let address = try memberAddress(address)
        let instance = try global.openInstance()
        guard let before = try instance.database.memberDetails(address) else {
            throw problem("\(address) is not a member")
        }
        guard before.member.status == .active else {
            print("\(address) is already \(before.member.status.rawValue)")
            return
        }
        _ = try instance.database.removeMember(address, at: Date())
        print("removed \(address) (unsubscribed; history kept)")
    }
}

struct MembersSetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set", abstract: "Change a member's name, role, delivery, pinning or moderation.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The member's address.", valueName: "address"))
    var address: String

    @OptionGroup var options: MemberChangeOptions

    func run() throws {
        let address = try memberAddress(address)
        let change = try options.change()
        guard !change.isEmpty else {
            throw usageError("nothing to change: give at least one of --name, --role, --delivery, --digest, --pinned, --moderated")
        }
        let instance = try global.openInstance()
        let subIssues = instance.configuration.allSubIssues
        guard try instance.database.updateMember(address, change: change, subIssues: subIssues, at: Date()) != nil else {
            throw problem("\(address) is not a member; use `praxis members add` first")
        }
        print("changed \(address)")
    }
}

struct MembersImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import members from CSV (address,name,role,delivery,pinned) or from `mailman members` output.",
        discussion: "Every line is checked first: if any is bad, each problem is reported with its line number and nothing is imported."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The file to import.", valueName: "file"))
    var file: String

    @Flag(name: .long, help: "One JSON object.")
    var json = false

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw problem("cannot read \(file)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw problem("\(file) is not UTF-8 text")
        }
        let list = MemberList(parsing: text)
        guard list.problems.isEmpty else {
            for problem in list.problems { printError("praxis: \(file), \(problem)") }
            throw problem("\(file): \(list.problems.count) bad lines; nothing was imported")
        }
        let instance = try global.openInstance()
        let subIssues = instance.configuration.allSubIssues
        let tally = try instance.database.importMembers(list.entries, subIssues: subIssues, overwrite: list.format == .csv, at: Date())
        if json {
            var writer = JSONWriter()
            writer.object { object in
                object.field("format", list.format.rawValue)
                object.field("added", tally.added)
                object.field("updated", tally.updated)
                object.field("unchanged", tally.unchanged)
            }
            print(writer.text)
        } else {
            print("imported \(list.entries.count) members from \(list.format == .csv ? "CSV" : "a Mailman list"): "
                  + "added \(tally.added), updated \(tally.updated), unchanged \(tally.unchanged)")
        }
    }
}
