import ArgumentParser
import Foundation
import PraxisDaemon

/// `praxis init`: the initiation template (DESIGN.md §9) as a command.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Set up a community: write praxis.yaml, members.csv and invite.txt from the initiation template.",
        discussion: """
            With --answers FILE (YAML with the questions' keys) it runs unattended; without it, on a \
            terminal, it asks in plain words. It writes a commented praxis.yaml that check-config \
            accepts, members.csv with the core group, and invite.txt with the key participants to \
            approach (they join themselves; nobody is subscribed by someone else), then prints the \
            next steps. An existing file is never replaced without --force. Exits 1 when a file \
            was not written, 2 on a usage error or an answers file with problems.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The answers, as YAML (DESIGN.md §9).", valueName: "file"))
    var answers: String?

    @Option(name: .long, help: ArgumentHelp("The folder to write into (default: the current folder).", valueName: "dir"))
    var to: String = "."

    @Flag(name: .long, help: "Replace files that exist.")
    var force = false

    func run() throws {
        if answers == nil && isatty(STDIN_FILENO) == 0 {
            Self.fail("praxis: standard input is not a terminal, so the questions cannot be asked; give --answers FILE")
            throw ExitCode(2)
        }
        let written: InitiationWriter.Written
        do {
            if let answers {
                written = try InitiationWriter.write(answersFile: answers, to: to, force: force)
            } else if let interviewed = try InitiationWriter.writeInterviewed(ask: Self.ask, say: Self.say, to: to, force: force) {
                written = interviewed
            } else {
                Self.fail("praxis: the questions ended before they were all answered; nothing was written")
                throw ExitCode(2)
            }
        } catch let error as DaemonError {
            Self.fail(error.description)
            // Answers with problems are a usage error; a file not written is a problem found.
            throw ExitCode(error.code == .notWritten ? 1 : 2)
        }
        var output = StandardOutput()
        output.write(written.paths.map { "wrote \($0)\n" }.joined())
        output.write(written.nextSteps)
        output.flush()
    }

    private static func fail(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// Straight to the terminal, unbuffered, so each question shows before the answer is read.
    private static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    private static func ask(_ question: String) -> String? {
        FileHandle.standardOutput.write(Data((question + " ").utf8))
        return readLine()
    }
}
