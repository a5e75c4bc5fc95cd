import ArgumentParser
import Foundation
import PraxisDaemon

/// `praxis products add|list|remove`: threads the core group marked as products of the community
/// (issue 21 item 8), featured in the organisation digest, the review and the archive's home page.
struct ProductsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "products",
        abstract: "Mark threads as products of the community (a solution, a summary, a decision), list and unmark them.",
        subcommands: [ProductsAddCommand.self, ProductsListCommand.self, ProductsRemoveCommand.self],
        defaultSubcommand: ProductsListCommand.self
    )
}

struct ProductsAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Mark the thread of a post as a product; a thread marked already gets the new kind and note.",
        discussion: """
            The thread is named by the Message-ID of any post in it. A product of a protected \
            sub-issue is shown only to those admitted to it, never in the organisation digest, the \
            review, the management summary or the archive's public pages. Exit status 1 when no \
            post has the Message-ID, or --by is neither of the core group nor a moderator of the \
            thread's sub-issue.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The Message-ID of a post in the thread, with or without angle brackets.", valueName: "message-id"))
    var messageID: String

    @Option(name: .long, help: ArgumentHelp("solution, summary or decision.", valueName: "kind"))
    var kind: String

    @Option(name: .long, help: "A sentence saying what the thread produced.")
    var note: String?

    @Option(name: .long, help: ArgumentHelp(
        "Who marks it: a core member or a moderator of the thread's sub-issue (default: community.owner_address).",
        valueName: "address"))
    var by: String?

    @OptionGroup var output: OutputOptions

    func run() throws {
        let chosen = try ProductListing.kind(kind).mapError { usageError("--kind: " + $0.message) }.get()
        let instance = try global.openInstance()
        switch try instance.addProduct(messageID: messageID, kind: chosen, note: note, by: by, at: Date()) {
        case .marked(let product, let replaced):
            if output.json {
                print(ProductListing.json([product]))
            } else {
                print("\(replaced ? "re-marked" : "marked") the thread “\(product.subject)” (\(product.subIssue)) as a \(product.kind.rawValue)")
            }
        case .unknownMessage(let id):
            printError("praxis: no archived post has the Message-ID <\(id)>")
            throw ExitCode(1)
        case .notCore(let address, let subIssue):
            printError("praxis: --by \(address) is neither of the core group nor a moderator of \(subIssue); only they mark products")
            throw ExitCode(1)
        }
    }
}

struct ProductsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the products, newest mark first (protected ones marked so).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let products = try global.openInstance().products()
        print(output.json ? ProductListing.json(products) : ProductListing.text(products))
    }
}

struct ProductsRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Unmark the thread of a post. Exit status 1 when no post has the Message-ID.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The Message-ID of a post in the thread.", valueName: "message-id"))
    var messageID: String

    func run() throws {
        let bare = CommunityInstance.bareMessageID(messageID)
        guard let removed = try global.openInstance().database.removeProduct(messageID: bare) else {
            printError("praxis: no archived post has the Message-ID <\(bare)>")
            throw ExitCode(1)
        }
        print(removed == 0 ? "the thread of <\(bare)> was not a product; nothing changed" : "unmarked the thread of <\(bare)>")
    }
}
