import Foundation
import Testing
@testable import PraxisMail

@Suite struct EncodedWordsTests {
    static func decode(_ raw: [UInt8]) -> (String, [String]) {
        var defects: [MailDefect] = []
        let text = EncodedWords.decode(raw[...], defects: &defects)
        return (text, defects.map(\.code))
    }

    // Expected text checked with Python: `str(email.message_from_bytes(b"Subject: " + raw + b"\n\n",
    // policy=email.policy.default)["subject"])`, except where a comment says otherwise.
    @Test(arguments: [
        ("plain ascii subject", "plain ascii subject", [String]()),
        ("=?utf-8?q?caf=C3=A9?=", "café", []),
        ("=?UTF-8?B?Y2Fmw6k=?=", "café", []),
        ("=?iso-8859-1?q?caf=E9?= au lait", "café au lait", []),
        ("=?utf-8?q?a?= =?utf-8?q?b?=", "ab", []),
        ("=?utf-8?q?a?=   =?utf-8?q?b?=", "ab", []),
        ("=?utf-8?q?a?=\t=?utf-8?q?b?=", "ab", []),
        ("=?utf-8?q?a?= x =?utf-8?q?b?=", "a x b", []),
        ("=?utf-8?q?hello_world?=", "hello world", []),
        ("=?utf-8*en?q?English?=", "English", []),
        ("=?UTF-8*EN-us?Q?English?= text", "English text", []),
        ("foo=?utf-8?q?bar?=baz", "foobarbaz", []),
        ("=?utf-8?B?w6k=?==?utf-8?B?w6k=?=", "éé", []),
        // A character split across two words, in Q and in B, and across the two encodings.
        ("=?utf-8?q?=E2=82?= =?utf-8?q?=AC?=", "€", []),
        ("=?utf-8?b?4oI=?= =?utf-8?b?rA==?=", "€", []),
        ("=?utf-8?b?4oI=?= =?UTF-8?q?=AC?=", "€", []),
        ("=?shift_jis?B?k/o=?= =?shift_jis?B?lns=?=", "日本", []),
        ("=?utf-8?q?a?= =?iso-8859-1?q?=E9?=", "aé", []),
        ("=?utf-8?Q?=5F?=", "_", []),
        ("=?utf-8?q?=e2=82=ac?=", "€", []),
        ("=?utf-8?q??=", "", []),
        ("=?windows-1252?Q?=93hi=94?=", "“hi”", []),
        ("Re: [list] =?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?=", "Re: [list] 日本語", []),
        ("=?utf-8?q?=3F?= ok", "? ok", []),
        // Malformed words stay as written.
        ("=?utf-8?q?bad?word?=", "=?utf-8?q?bad?word?=", []),
        ("=?utf-8?b?Y?2E=?=", "=?utf-8?b?Y?2E=?=", []),
        ("=?utf-8?x?abc?=", "=?utf-8?x?abc?=", []),
        ("=?utf-8?q?unterminated", "=?utf-8?q?unterminated", []),
        ("=?utf 8?q?abc?=", "=?utf 8?q?abc?=", []),
        ("=?", "=?", []),
        ("a =? b ?= c", "a =? b ?= c", []),
        ("=?utf-8?q?a?= =?broken", "a =?broken", []),
        // Damaged words are decoded as far as possible.
        ("=?utf-8?q?hello world?=", "hello world", ["whitespace-in-encoded-word"]),
        ("=?utf-8?b?Y2Fmw6k?=", "café", ["bad-encoded-word-base64"]),
        ("=?utf-8?q?=C3=A9=C3=A?=", "é\u{FFFD}=A", ["invalid-charset-bytes"]),
        ("=?bogus?q?caf=C3=A9?=", "café", ["unknown-charset"]),
        ("=?x-unknown?q?caf=E9?=", "café", ["unknown-charset"]),
        ("=??q?caf=C3=A9?=", "café", []),
    ])
    func decodes(_ raw: String, _ expected: String, _ codes: [String]) {
        let (text, defects) = Self.decode(Array(raw.utf8))
        #expect(text == expected)
        #expect(defects == codes)
    }

    // Python keeps CR, LF and NUL from decoded words; we replace them so that a decoded subject
    // or name can never start a new header line when written back out.
    @Test(arguments: [
        ("=?utf-8?q?a=0Db=0Ac=00d?=", "a b c d"),
        ("=?utf-8?b?aGkNCkJjYzogeEB5?=", "hi  Bcc: x@y"),
    ])
    func lineBreaksFromWordsBecomeSpaces(_ raw: String, _ expected: String) {
        let (text, defects) = Self.decode(Array(raw.utf8))
        #expect(text == expected)
        #expect(defects == ["control-in-encoded-word"])
    }

    @Test(arguments: [
        (Array("Grüße aus Köln".utf8), "Grüße aus Köln", [String]()),
        ([0x47, 0x72, 0xFC, 0xDF, 0x65] as [UInt8], "Gr\u{FFFD}\u{FFFD}e", ["8bit-header"]),
        ([0x93, 0x71, 0x94, 0x20] + Array("=?utf-8?q?=C3=A9?=".utf8), "\u{FFFD}q\u{FFFD} é", ["8bit-header"]),
        (Array("Köln =?utf-8?q?=C3=A9?= Köln".utf8), "Köln é Köln", []),
        ([0x61, 0x00, 0x62] as [UInt8], "a\0b", []),
    ])
    func rawEightBitText(_ raw: [UInt8], _ expected: String, _ codes: [String]) {
        let (text, defects) = Self.decode(raw)
        #expect(text == expected)
        #expect(defects == codes)
    }

    @Test func decodesOnlyTheSlice() {
        let header = Array("Subject: =?utf-8?q?caf=C3=A9?=\r\n".utf8)
        var defects: [MailDefect] = []
        #expect(EncodedWords.decode(header[9..<(header.count - 2)], defects: &defects) == "café")
    }

    @Test func hostileInputsStayLinearAndNeverCrash() {
        let cases: [[UInt8]] = [
            Array(String(repeating: "=?", count: 100_000).utf8),
            Array(String(repeating: "=?a?q?", count: 50_000).utf8),
            Array(String(repeating: "=?a?q?x", count: 50_000).utf8) + Array("?=".utf8),
            Array(String(repeating: "=?utf-8?q?a?=", count: 50_000).utf8),
            Array(String(repeating: "?=", count: 100_000).utf8),
            [UInt8](repeating: 0xFF, count: 100_000),
            [UInt8](repeating: 0, count: 100_000),
        ]
        for raw in cases {
            var defects: [MailDefect] = []
            let text = EncodedWords.decode(raw[...], defects: &defects)
            #expect(!text.isEmpty)
            #expect(defects.count <= 2)
        }
        var defects: [MailDefect] = []
        let many = Array(String(repeating: "=?utf-8?q?a?=", count: 50_000).utf8)
        #expect(EncodedWords.decode(many[...], defects: &defects) == String(repeating: "a", count: 50_000))
    }

    @Test func randomBytesNeverCrash() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("=?qQbB_ aZ09+/\t\u{7F}".utf8) + [0x00, 0x80, 0xC3, 0xFF]
        for _ in 0..<200 {
            let raw = (0..<Int.random(in: 0...400, using: &generator)).map { _ in
                alphabet[Int.random(in: 0..<alphabet.count, using: &generator)]
            }
            var defects: [MailDefect] = []
            let text = EncodedWords.decode(raw[...], defects: &defects)
            #expect(!text.utf8.contains(0x0D) || raw.contains(0x0D))
        }
    }
}

/// Decodes the headers of the shared real-mail corpus (read-only, outside the repository) with
/// ``EncodedWords`` and ``HeaderParameters``: a few known values, and invariants for the rest.
@Suite struct EncodedWordsCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/corpora/mime").standardizedFileURL

    /// Unfolded `name: value` header fields of a message, as raw bytes.
    static func headerFields(_ message: [UInt8]) -> [(name: String, value: [UInt8])] {
        var fields: [(name: String, value: [UInt8])] = []
        var lines: [[UInt8]] = []
        for line in message.split(separator: 0x0A, omittingEmptySubsequences: false) {
            let line = line.last == 0x0D ? line.dropLast() : line
            if line.isEmpty { break }
            if let first = line.first, first == 0x20 || first == 0x09, !lines.isEmpty {
                lines[lines.count - 1] += line
            } else {
                lines.append(Array(line))
            }
        }
        for line in lines {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let name = String(decoding: line[..<colon], as: UTF8.self).lowercased()
            var value = line[(colon + 1)...]
            while let first = value.first, first == 0x20 || first == 0x09 { value = value.dropFirst() }
            fields.append((name, Array(value)))
        }
        return fields
    }

    static func messages() -> [(file: String, bytes: [UInt8])]? {
        guard let folders = try? FileManager.default.contentsOfDirectory(atPath: corpus.path) else {
            print("EncodedWordsCorpusTests: SKIPPED, corpus not found at \(corpus.path)")
            return nil
        }
        var result: [(file: String, bytes: [UInt8])] = []
        for folder in folders.sorted() {
            let path = corpus.appendingPathComponent(folder)
            for file in ((try? FileManager.default.contentsOfDirectory(atPath: path.path)) ?? []).sorted()
            where file.hasSuffix(".eml") {
                if let data = FileManager.default.contents(atPath: path.appendingPathComponent(file).path) {
                    result.append(("\(folder)/\(file)", Array(data)))
                }
            }
        }
        return result
    }

    @Test func knownValues() {
        guard let messages = Self.messages() else { return }
        func field(_ file: String, _ name: String) -> [UInt8]? {
            guard let message = messages.first(where: { $0.file == file }) else { return nil }
            return Self.headerFields(message.bytes).first { $0.name == name }?.value
        }
        var defects: [MailDefect] = []
        if let raw = field("mime4j/core__src__test__resources__testmsgs__russian-headers.msg.eml", "content-disposition") {
            #expect(HeaderParameters.parse(raw[...], defects: &defects)["filename"] == "Список.doc")
        } else {
            Issue.record("russian-headers.msg.eml missing from the corpus")
        }
        // Labelled gb2312 but using a GBK character (屄); Python's strict gb2312 codec fails on it.
        if let raw = field("spamscope-mail-parser/tests__mails__mail_test_9.eml", "subject") {
            #expect(EncodedWords.decode(raw[...], defects: &defects)
                == "我把镜头拉近些，你们看看这个是什么屄，这种场合自然少不了内射")
        } else {
            Issue.record("mail_test_9.eml missing from the corpus")
        }
    }

    @Test func everyHeaderDecodesCleanly() {
        guard let messages = Self.messages() else { return }
        #expect(messages.count > 100)
        for message in messages {
            for field in Self.headerFields(message.bytes) {
                var defects: [MailDefect] = []
                switch field.name {
                case "subject", "from", "to", "cc":
                    let text = EncodedWords.decode(field.value[...], defects: &defects)
                    #expect(!text.contains("\r") && !text.contains("\n"), "\(message.file)")
                case "content-type", "content-disposition":
                    let parsed = HeaderParameters.parse(field.value[...], defects: &defects)
                    #expect(!parsed.value.contains(" "), "\(message.file)")
                    #expect(parsed.parameters.count <= HeaderParameters.maximumParameters)
                default:
                    continue
                }
                #expect(defects.count < 20, "\(message.file)")
            }
        }
    }
}
