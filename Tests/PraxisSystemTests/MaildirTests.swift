import Foundation
import Glibc
import PraxisSystem
import Testing

/// The maildir writer and the look-up by unique name, on real folders.
@Suite("Maildir")
struct MaildirTests {
    /// A fresh maildir under /tmp, removed at the end.
    final class TemporaryMaildir {
        let maildir: Maildir

        init() throws {
            maildir = Maildir(path: "/tmp/praxis-system-\(UUID().uuidString.prefix(13))")
            try maildir.create()
        }

        deinit { try? FileManager.default.removeItem(atPath: maildir.path) }

        func entries(_ folder: String) throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: maildir.path + "/" + folder).sorted()
        }
    }

    @Test(arguments: [mode_t(0o600), 0o640])
    func deliveringLeavesTheWholeFileInNewWithItsModeAndNothingInTmp(mode: mode_t) throws {
        let folder = try TemporaryMaildir()
        let bytes = Array("Subject: hello\n\nbody\n".utf8)
        let name = Maildir.uniqueName(sequence: 1)
        #expect(try folder.maildir.deliver(bytes, uniqueName: name, mode: mode) == name)
        #expect(try folder.entries("new") == [name])
        #expect(try folder.entries("tmp").isEmpty)
        #expect(try folder.maildir.read(name) == bytes)
        var status = stat()
        #expect(lstat(folder.maildir.newPath + "/" + name, &status) == 0)
        #expect(status.st_mode & 0o777 == mode)
    }

    @Test func aFailedRenameLeavesNoHalfMessageInTmp() throws {
        let folder = try TemporaryMaildir()
        try FileManager.default.removeItem(atPath: folder.maildir.newPath)
        let error = #expect(throws: SystemError.self) {
            try folder.maildir.deliver(Array("x\n".utf8), uniqueName: "1.M1P1Q1.host")
        }
        #expect(error?.call == "rename")
        #expect(error?.errno == ENOENT)
        #expect(try folder.entries("tmp").isEmpty)
    }

    @Test func aNameAlreadyInTmpIsNeverOverwritten() throws {
        let folder = try TemporaryMaildir()
        let name = "1.M1P1Q1.host"
        try Data("another writer's\n".utf8).write(to: URL(fileURLWithPath: folder.maildir.tmpPath + "/" + name))
        let error = #expect(throws: SystemError.self) {
            try folder.maildir.deliver(Array("x\n".utf8), uniqueName: name)
        }
        #expect(error?.call == "open")
        #expect(error?.errno == EEXIST)
        #expect(try String(contentsOfFile: folder.maildir.tmpPath + "/" + name, encoding: .utf8) == "another writer's\n")
        #expect(try folder.entries("new").isEmpty)
    }

    @Test func uniqueNamesDifferBySequenceAndKeepNoColonOrSlash() {
        let first = Maildir.uniqueName(sequence: 1), second = Maildir.uniqueName(sequence: 2)
        #expect(first != second)
        #expect(!first.contains(":") && !first.contains("/"))
        #expect(first.contains("P\(getpid())Q1."))
    }

    struct Placement: Sendable, CustomTestStringConvertible {
        var label: String
        var folder: String
        var fileName: String
        var testDescription: String { label }
    }

    static let placements = [
        Placement(label: "still in new/", folder: "new", fileName: "100.M1P2Q3.host"),
        Placement(label: "claimed into cur/ with :2,S", folder: "cur", fileName: "100.M1P2Q3.host:2,S"),
        Placement(label: "in cur/ with flags a mail client added", folder: "cur", fileName: "100.M1P2Q3.host:2,FRS"),
    ]

    @Test(arguments: placements)
    func aMessageIsFoundByItsUniqueNameWhereverItsFlagsPutIt(_ placement: Placement) throws {
        let folder = try TemporaryMaildir()
        let bytes = Array("Subject: \(placement.label)\n\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: folder.maildir.path + "/" + placement.folder + "/" + placement.fileName))
        #expect(Maildir.uniquePart(of: placement.fileName) == "100.M1P2Q3.host")
        #expect(folder.maildir.message(uniqueName: "100.M1P2Q3.host") == bytes)
        #expect(folder.maildir.message(uniqueName: "100.M1P2Q4.host") == nil)
    }

    /// One look-up for a batch lists `cur/` once: a file that arrives in `cur/` later under
    /// other flags is not seen by that look-up, only by a new one.
    @Test func oneLookupListsCurOnce() throws {
        let folder = try TemporaryMaildir()
        let cur = folder.maildir.curPath
        try Data("a\n".utf8).write(to: URL(fileURLWithPath: cur + "/1.M1P1Q1.host:2,RS"))
        var lookup = Maildir.Lookup(maildir: folder.maildir)
        #expect(lookup.bytes(uniqueName: "1.M1P1Q1.host") == Array("a\n".utf8))
        try Data("b\n".utf8).write(to: URL(fileURLWithPath: cur + "/2.M1P1Q1.host:2,RS"))
        #expect(lookup.bytes(uniqueName: "2.M1P1Q1.host") == nil)
        #expect(folder.maildir.message(uniqueName: "2.M1P1Q1.host") == Array("b\n".utf8))
    }
}
