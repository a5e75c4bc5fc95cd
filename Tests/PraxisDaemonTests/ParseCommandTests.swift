import Foundation
@testable import PraxisDaemon
import PraxisMail
import Testing

/// `praxis parse` through the real binary: its JSON lines read back (by Foundation's own JSON
/// reader, not ours) to exactly what the parser found, on the MIME edge cases of the corpus and on
/// hostile text; many files, with options among them, in input order.
@Suite("praxis parse through the binary")
struct ParseCommandTests {
    static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/corpora/mime").standardizedFileURL.path

    /// Every message file of the MIME corpus, or none (with a note) when it is absent.
    static func corpusFiles() -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: corpus) else {
            print("note: \(corpus) is absent; skipping the corpus part of the parse test")
            return []
        }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".eml") }.sorted().map { corpus + "/" + $0 }
    }

    /// Text whose quoting is easy to get wrong: every character JSON or YAML readers fold, drop or
    /// refuse (C0, DEL, C1, U+2028, U+2029, the BOM), quotes, backslashes, and multi-byte text.
    static let hostileSubject = "q\"b\\s/\u{1}\u{1F}\u{7F}\u{80}\u{9F}\u{A0}\u{2028}\u{2029}\u{FEFF}é€😀\tend"

    @Test func jsonLinesReadBackToWhatTheParserFound() throws {
        let directory = URL(fileURLWithPath: "/tmp/praxis-parse-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let hostile = directory.appendingPathComponent("hostile.eml").path
        let encoded = Data(Self.hostileSubject.utf8).base64EncodedString()
        try Data("""
            From: "A \\"quoted\\" name" <a@example.org>\r
            Subject: =?utf-8?b?\(encoded)?=\r
            Message-ID: <x@example.org>\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            Line one\r
            \u{2028}tab\there \\ "quoted"\r
            """.utf8).write(to: URL(fileURLWithPath: hostile))
        // An option among the files, and a file after `--`.
        let dashed = directory.appendingPathComponent("-dashed.eml").path
        try Data("Subject: dashed\r\n\r\nHi\r\n".utf8).write(to: URL(fileURLWithPath: dashed))
        let files = [hostile] + Self.corpusFiles()
        let arguments = ["parse", files[0], "--json"] + files.dropFirst() + ["--", dashed]
        let (status, out, err) = try #require(try PraxisChild.run(arguments, in: directory))
        #expect(status == 0, "\(err)")
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        try #require(lines.count == files.count + 1, "\(lines.count) lines for \(files.count + 1) files")
        for (line, file) in zip(lines, files + [dashed]) {
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not a JSON object for \(file)")
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
            let message = MailMessage(bytes)
            #expect(object["file"] as? String == file)
            #expect(object["subject"] as? String == message.subject, "\(file)")
            #expect(object["text"] as? String == message.body.text, "\(file)")
            #expect((object["from"] as? [[String: Any]])?.map { $0["address"] as? String } == message.from.map(\.address), "\(file)")
            // The line is exactly what the in-process writer makes: the command adds nothing.
            #expect(String(line) == ParsedMessage(bytes, file: object["file"] as? String ?? "").json, "\(file)")
        }
        #expect(try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])["subject"] as? String
            == Self.hostileSubject)
    }

    @Test func anUnreadableFileIsReportedInItsPlaceAndExitsOne() throws {
        let directory = URL(fileURLWithPath: "/tmp/praxis-parse-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let one = directory.appendingPathComponent("one.eml").path
        try Data("Subject: one\r\n\r\nHi\r\n".utf8).write(to: URL(fileURLWithPath: one))
        let missing = directory.appendingPathComponent("missing.eml").path
        let (status, out, _) = try #require(try PraxisChild.run(["parse", "--json", one, missing, directory.path, one], in: directory))
        #expect(status == 1)
        let lines = out.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines.first?.hasPrefix(#"{"file": "\#(one)", "message_id": null, "subject": "one""#) == true, "\(lines)")
        #expect(lines.dropFirst().prefix(2) == [
            #"{"file": "\#(missing)", "error": "no such file"}"#, #"{"file": "\#(directory.path)", "error": "is a directory"}"#,
        ])
        #expect(lines.last == lines.first)
    }

    @Test func usageErrorsStayUsageErrors() throws {
        let directory = URL(fileURLWithPath: "/tmp")
        let (missing, _, missingError) = try #require(try PraxisChild.run(["parse", "--json"], in: directory))
        #expect(missing == 2, "\(missingError)")
        let (unknown, _, unknownError) = try #require(try PraxisChild.run(["parse", "--jsn", "a.eml"], in: directory))
        #expect(unknown == 2, "\(unknownError)")
    }
}

/// The summary's lines found by bytes agree with splitting by characters, whatever the text.
@Suite("praxis parse summary lines")
struct ParseSummaryLinesTests {
    static let pieces = ["a", "\n", "\r", "\r\n", "é", "e\u{301}", "\n\u{301}", "😀", "👩‍👩‍👧", " ", "\n\n"]

    @Test func linesByBytesAgreeWithLinesByCharacters() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0...30, using: &generator))
                .map { _ in Self.pieces.randomElement(using: &generator) ?? "a" }.joined()
            let all = text.split(separator: "\n", omittingEmptySubsequences: false)
            let found = ParsedMessage.firstLines(of: text, count: 3)
            #expect(found.lines == Array(all.prefix(3)), "\(Array(text.unicodeScalars))")
            #expect(found.total == all.count && found.characters == text.count, "\(Array(text.unicodeScalars))")
        }
    }
}
