import Foundation
import PraxisCommunity
import PraxisSystem

/// Writes what `praxis init` produces into a folder: the configuration only once `check-config`
/// would accept it, and never over an existing file unless told to.
public enum InitiationWriter {
    /// What was written, and the next steps to print.
    public struct Written: Sendable {
        public var paths: [String]
        public var nextSteps: String
    }

    /// Reads the answers file and writes the files. A problem in the answers is a
    /// `DaemonError` of code `invalidConfiguration`; a file not written, of code `notWritten`.
    public static func write(answersFile: String, to folder: String, force: Bool) throws(DaemonError) -> Written {
        try write(InitiationQuestions.load(path: answersFile), to: folder, force: force)
    }

    /// Asks the questions (`InitiationInterview`) and writes the files; nil when the input ended
    /// before the questions did (nothing is written then).
    public static func writeInterviewed(
        ask: @escaping InitiationInterview.Ask, say: @escaping InitiationInterview.Say, to folder: String, force: Bool
    ) throws(DaemonError) -> Written? {
        guard let answers = try? InitiationInterview(ask: ask, say: say).answers() else { return nil }
        return try write(answers, to: folder, force: force)
    }

    /// Writes the files for `answers` into `folder` (created when missing).
    ///
    /// Without `force`, an existing file is an error naming it, checked for all files before any
    /// is written, and each file is linked into place so one that appears meanwhile is not
    /// replaced either. The configuration is checked exactly as `check-config` checks it, from
    /// a temporary file in `folder` (its relative paths resolve there), before anything is written.
    public static func write(_ answers: InitiationAnswers, to folder: String, force: Bool) throws(DaemonError) -> Written {
        let files = InitiationFiles(answers: answers)
        var contents = [(InitiationFiles.configurationName, files.configuration), (InitiationFiles.membersName, files.members)]
        if let invitations = files.invitations { contents.append((InitiationFiles.invitationsName, invitations)) }
        let targets = contents.map { (path: URL(fileURLWithPath: folder).appendingPathComponent($0.0).path, text: $0.1) }
        if !force, let existing = targets.first(where: { FileManager.default.fileExists(atPath: $0.path) }) {
            throw .notWritten(existing.path, reason: "it exists; give --force to replace it")
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .notWritten(folder, reason: "the folder cannot be created (\(error.localizedDescription))")
        }
        try check(files.configuration, as: targets[0].path, in: folder)
        for target in targets {
            try place(target.text, at: target.path, replacing: force)
        }
        return Written(paths: targets.map(\.path), nextSteps: files.nextSteps(folder: folder))
    }

    private static func check(_ configuration: String, as path: String, in folder: String) throws(DaemonError) {
        let temporary = try writeTemporary(configuration, beside: path)
        defer { removeFile(temporary) }
        let problems = ConfigurationLoader.validate(path: temporary, environment: [:]).map { problem in
            var problem = problem
            problem.file = InitiationFiles.configurationName
            return problem
        }
        guard problems.isEmpty else {
            throw .notWritten(path, reason: "check-config would refuse it, so the answers need changing", problems: problems)
        }
    }

    private static func place(_ text: String, at path: String, replacing: Bool) throws(DaemonError) {
        let temporary = try writeTemporary(text, beside: path)
        defer { removeFile(temporary) }
        do {
            // link(2) fails when the name exists: a file that appeared since the check survives.
            if replacing {
                try systemCall("rename", "\(temporary) onto \(path)") { rename(temporary, path) }
            } else {
                try systemCall("link", "\(temporary) to \(path)") { link(temporary, path) }
            }
        } catch {
            throw .notWritten(path, reason: error.errno == EEXIST ? "it exists; give --force to replace it" : "\(error)")
        }
    }

    private static func writeTemporary(_ text: String, beside path: String) throws(DaemonError) -> String {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp").path
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        } catch {
            throw .notWritten(path, reason: "cannot write in its folder (\(error.localizedDescription))")
        }
        return temporary
    }
}
