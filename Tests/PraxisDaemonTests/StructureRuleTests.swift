import Foundation
import Testing

/// DESIGN.md §3's shape rules that the compiler does not enforce: which of our targets each target
/// may import (GRDB only in the store), and no function longer than 80 lines outside schema DDL.
/// `scripts/check-structure.py` checks them; this runs it so that `swift test` fails on a breach.
@Suite("Structure rules of DESIGN.md §3")
struct StructureRuleTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func importsAndFunctionLengthsFollowTheDesign() throws {
        let (status, text) = try Self.runChecker(in: Self.repository)
        #expect(status == 0, "\(text)")
        #expect(text.contains("imports follow DESIGN.md §3"), "\(text)")
    }

    /// The checker itself finds what it is for: a long function and a forbidden import in a
    /// scratch tree laid out like this repository.
    @Test func theCheckerFindsABreach() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("structure-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let sources = scratch.appendingPathComponent("Sources/PraxisMail")
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: scratch.appendingPathComponent("scripts"), withIntermediateDirectories: true)
        let script = try String(contentsOf: Self.repository.appendingPathComponent("scripts/check-structure.py"), encoding: .utf8)
        try script.write(to: scratch.appendingPathComponent("scripts/check-structure.py"), atomically: true, encoding: .utf8)
        let body = (1...81).map { "    let x\($0) = \"}{\" // }\n" }.joined()
        try ("import GRDB\nimport PraxisStore\n\nfunc long() {\n" + body + "}\n")
            .write(to: sources.appendingPathComponent("Long.swift"), atomically: true, encoding: .utf8)
        let (status, text) = try Self.runChecker(in: scratch)
        #expect(status == 1, "\(text)")
        #expect(text.contains("Sources/PraxisMail/Long.swift:1: PraxisMail imports GRDB"), "\(text)")
        #expect(text.contains("Sources/PraxisMail/Long.swift:2: PraxisMail imports PraxisStore"), "\(text)")
        #expect(text.contains("Sources/PraxisMail/Long.swift:4: func long is 83 lines long"), "\(text)")
    }

    /// Runs `scripts/check-structure.py` of `tree` (a tree the script finds itself in): its exit
    /// status and what it printed.
    static func runChecker(in tree: URL) throws -> (status: Int32, output: String) {
        let script = tree.appendingPathComponent("scripts/check-structure.py")
        let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let interpreter = try #require(python, "python3 is needed to run \(script.path) (scripts/setup-debian.sh installs it)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: interpreter)
        process.arguments = [script.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }
}
