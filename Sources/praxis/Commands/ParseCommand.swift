import ArgumentParser
import Foundation
import PraxisDaemon

/// `praxis parse FILE... [--json]`: shows how messages parse (DESIGN.md §5).
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Show how messages parse.",
        discussion: """
            Each FILE holds one message, as in a maildir (a leading mbox "From " line is skipped). \
            With --json, one JSON object per file, one per line, in input order. A file that cannot \
            be read gives an object with "file" and "error", and the command exits 1 at the end.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "One JSON object per message, one per line.")
    var json = false

    @Argument(help: ArgumentHelp("The message files.", valueName: "file"))
    var files: [String]

    func run() throws {
        var failed = false
        var output = StandardOutput()
        for path in files {
            guard let data = FileManager.default.contents(atPath: path) else {
                failed = true
                let reason = Self.readFailure(path)
                if json {
                    var writer = JSONWriter()
                    writer.object { object in
                        object.field("file", path)
                        object.field("error", reason)
                    }
                    output.write(writer.text + "\n")
                } else {
                    FileHandle.standardError.write(Data("praxis: cannot read \(path): \(reason)\n".utf8))
                }
                continue
            }
            let parsed = ParsedMessage([UInt8](data), file: path)
            output.write(json ? parsed.json + "\n" : parsed.summary)
        }
        output.flush()
        if failed { throw ExitCode(1) }
    }

    private static func readFailure(_ path: String) -> String {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) { return "no such file" }
        if isDirectory.boolValue { return "is a directory" }
        return "permission denied or unreadable"
    }
}
