import ArgumentParser
import Foundation
import PraxisDaemon

/// `praxis members list|show|add|remove|set|import`: the member list, by the operator.
struct MembersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "members",
        abstract: "List, show, add, change, remove and import members.",
        subcommands: [
            MembersListCommand.self, MembersShowCommand.self, MembersAddCommand.self, MembersRemoveCommand.self,
            MembersSetCommand.self, MembersImportCommand.self, MembersInviteCommand.self,
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
    func change() throws -> MemberEdit {
        do {
            return try MemberEdit(name: name, role: role, delivery: delivery, digest: digest, pinned: pinned, moderated: moderated)
        } catch {
            throw usageError(error.message)
        }
    }
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
    if let problem = MemberInput.problem(inAddress: address) {
        throw usageError("\"\(MemberInput.clean(text))\" is not a usable address: \(problem)")
    }
    return address
}

struct MembersListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the members.")

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Include members who unsubscribed or were disabled.")
    var all = false

    @Flag(name: .long, help: "One JSON object.")
    var json = false

    func run() throws {
        let listing = try global.openInstance().memberListing(includeLeft: all)
        var output = StandardOutput()
        output.write(json ? listing.json + "\n" : listing.text)
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
        guard let profile = try instance.memberProfile(address) else {
            throw problem("\(address) is not a member (see `praxis members list --all`)")
        }
        print(json ? profile.json : profile.text)
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
        switch try instance.addMember(address, change) {
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
        switch try instance.removeMember(address) {
        case .notMember:
            throw problem("\(address) is not a member")
        case .alreadyLeft(let status):
            print("\(address) is already \(status)")
        case .removed:
            print("removed \(address) (unsubscribed; history kept)")
        }
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
        guard try instance.changeMember(address, change) else {
            throw problem("\(address) is not a member; use `praxis members add` first")
        }
        print("changed \(address)")
    }
}

struct MembersImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import members from CSV (address,name,role,delivery,pinned,language) or from `mailman members` output.",
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
        let members = MemberImport(parsing: text)
        let problems = members.problems
        guard problems.isEmpty else {
            for problem in problems { printError("praxis: \(file), \(problem)") }
            throw problem("\(file): \(problems.count) bad line\(problems.count == 1 ? "" : "s"); nothing was imported")
        }
        let result = try global.openInstance().importMembers(members)
        print(json ? result.json : result.text)
    }
}

/// `praxis members invite ADDRESS... [--message FILE] [--json]`: mails each an invitation they
/// accept with one reply (DESIGN.md §4; issue 21 item 2). Nobody is subscribed by it.
struct MembersInviteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invite",
        abstract: "Invite people to join: each gets what the community is for and joins with one reply.",
        discussion: """
            An existing member is not invited, nor an address invited in the last 14 days. The \
            invitations wait in the outbox for the daemon or `praxis outbox flush`. Exit status 1 when \
            any address was not invited.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The addresses to invite.", valueName: "address"))
    var addresses: [String]

    @Option(name: .long, help: ArgumentHelp("A file whose text goes into each invitation.", valueName: "file"))
    var message: String?

    @Flag(name: .long, help: "One JSON object.")
    var json = false

    func run() throws {
        let normalized = try addresses.map(memberAddress)
        var text: String?
        if let message {
            guard let data = FileManager.default.contents(atPath: message) else {
                throw usageError("--message \(message): the file cannot be read")
            }
            text = String(decoding: data, as: UTF8.self)
        }
        let report = try global.openInstance().invite(normalized, message: text)
        print(json ? report.json : report.text)
        if report.hasRefusals { throw ExitCode(1) }
    }
}
