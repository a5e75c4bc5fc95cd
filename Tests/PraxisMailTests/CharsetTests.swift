import Testing
@testable import PraxisMail

@Suite struct CharsetTests {
    struct Sample: CustomTestStringConvertible, Sendable {
        let label: String
        let bytes: [UInt8]
        let text: String
        var testDescription: String { label }
    }

    // Bytes produced by Python: `text.encode(codec)`.
    static let samples: [Sample] = [
        Sample(label: "iso-8859-2", bytes: [163, 243, 100, 188, 32, 191, 243, 179, 119], text: "Łódź żółw"),
        Sample(label: "ISO_8859-2:1987", bytes: [163, 243, 100, 188, 32, 191, 243, 179, 119], text: "Łódź żółw"),
        Sample(label: "latin2", bytes: [163, 243, 100, 188, 32, 191, 243, 179, 119], text: "Łódź żółw"),
        Sample(label: "KOI8-R", bytes: [240, 210, 201, 215, 197, 212], text: "Привет"),
        Sample(label: "\"koi8-u\"", bytes: [245, 203, 210, 193, 167, 206, 193], text: "Україна"),
        Sample(label: "windows-1251", bytes: [207, 240, 232, 226, 229, 242, 32, 236, 232, 240], text: "Привет мир"),
        Sample(label: "x-cp1251", bytes: [207, 240, 232, 226, 229, 242], text: "Привет"),
        Sample(label: "gb2312", bytes: [214, 208, 206, 196, 211, 202, 188, 254], text: "中文邮件"),
        Sample(label: "cp936", bytes: [214, 208, 206, 196, 211, 202, 188, 254], text: "中文邮件"),
        Sample(label: "big5", bytes: [193, 99, 197, 233, 164, 164, 164, 229], text: "繁體中文"),
        Sample(label: "big5-hkscs", bytes: [193, 99, 197, 233, 164, 164, 164, 229], text: "繁體中文"),
        Sample(label: "shift_jis", bytes: [147, 250, 150, 123, 140, 234, 130, 204, 131, 129, 129, 91, 131, 139],
               text: "日本語のメール"),
        Sample(label: "x-sjis", bytes: [147, 250, 150, 123, 140, 234], text: "日本語"),
        Sample(label: "euc-jp", bytes: [198, 252, 203, 220, 184, 236], text: "日本語"),
        Sample(label: "iso-2022-jp",
               bytes: [27, 36, 66, 70, 124, 75, 92, 56, 108, 36, 71, 36, 57, 27, 40, 66], text: "日本語です"),
        Sample(label: "ISO-2022-JP-1",
               bytes: [27, 36, 66, 70, 124, 75, 92, 56, 108, 36, 71, 36, 57, 27, 40, 66], text: "日本語です"),
        Sample(label: "euc-kr", bytes: [199, 209, 177, 185, 190, 238], text: "한국어"),
        Sample(label: "ks_c_5601-1987", bytes: [199, 209, 177, 185, 190, 238], text: "한국어"),
        Sample(label: "utf-16", bytes: [255, 254, 104, 0, 233, 0, 108, 0, 108, 0, 111, 0], text: "héllo"),
        Sample(label: "utf-16le", bytes: [104, 0, 233, 0, 108, 0, 108, 0, 111, 0], text: "héllo"),
        Sample(label: "UTF-16BE", bytes: [0, 104, 0, 105], text: "hi"),
        Sample(label: "utf-7", bytes: [72, 105, 32, 77, 111, 109, 32, 45, 43, 74, 106, 111, 45, 45, 33],
               text: "Hi Mom -☺-!"),
        Sample(label: "unicode-1-1-utf-7", bytes: [43, 74, 106, 111, 45], text: "☺"),
        Sample(label: "tis-620", bytes: [192, 210, 201, 210, 228, 183, 194], text: "ภาษาไทย"),
        Sample(label: "macintosh", bytes: [99, 97, 102, 142, 32, 159], text: "café ü"),
        Sample(label: "mac-roman", bytes: [99, 97, 102, 142, 32, 159], text: "café ü"),
        Sample(label: "cp850", bytes: [99, 97, 102, 130, 32, 129], text: "café ü"),
        Sample(label: "IBM437", bytes: [99, 97, 102, 130, 32, 129], text: "café ü"),
        Sample(label: "iso-8859-15", bytes: [164, 117, 114, 111], text: "€uro"),
        Sample(label: "windows-1252",
               bytes: [147, 113, 117, 111, 116, 101, 100, 148, 32, 150, 32, 100, 97, 115, 104, 32, 128],
               text: "“quoted” – dash €"),
        // Latin-1 labelled text with windows-1252 punctuation: read as windows-1252 on purpose
        // (Python would give invisible C1 controls U+0093/U+0094 here).
        Sample(label: "iso-8859-1", bytes: [147, 104, 105, 148, 32, 233], text: "“hi” é"),
        Sample(label: "ISO8859-1", bytes: [233], text: "é"),
        Sample(label: "8859_1", bytes: [233], text: "é"),
        Sample(label: " Latin1 ", bytes: [233], text: "é"),
        Sample(label: "utf-8", bytes: [99, 97, 102, 195, 169], text: "café"),
        Sample(label: "UTF8", bytes: [99, 97, 102, 195, 169], text: "café"),
        Sample(label: "utf-8*en", bytes: [99, 97, 102, 195, 169], text: "café"),
    ]

    @Test(arguments: samples)
    func decodesLabelledText(_ sample: Sample) {
        var defects: [MailDefect] = []
        #expect(Charset.decode(sample.bytes[...], label: sample.label, defects: &defects) == sample.text)
        #expect(defects.isEmpty)
    }

    @Test(arguments: [
        ("utf-8", "UTF-8"), ("US-ASCII", "US-ASCII"), ("ANSI_X3.4-1968", "US-ASCII"), ("latin1", "WINDOWS-1252"),
        ("iso_8859-1", "WINDOWS-1252"), ("iso-8859-16", "ISO-8859-16"), ("iso-8859-8-i", "ISO-8859-8"),
        ("cp1250", "WINDOWS-1250"), ("x-cp1258", "WINDOWS-1258"), ("Windows-1254", "WINDOWS-1254"),
        ("gbk", "GB18030"), ("x-gbk", "GB18030"), ("GB18030", "GB18030"), ("ms_kanji", "CP932"),
        ("windows-31j", "CP932"), ("ksc5601", "CP949"), ("ks_c_5601", "CP949"), ("iso-2022-jp-3", "ISO-2022-JP-3"),
        ("'utf-8'", "UTF-8"), ("utf-8;", "UTF-8"), ("koi8-r", "KOI8-R"),
    ])
    func canonicalNames(_ label: String, _ expected: String) {
        #expect(Charset.canonicalName(label) == expected)
    }

    @Test(arguments: ["x-unknown", "unknown-8bit", "default", "x-user-defined", "", "bogus", "iso-8859-12",
                      "iso-8859-17", "windows-1249", "utf-9", "\0"])
    func unknownLabels(_ label: String) {
        #expect(Charset.canonicalName(label) == nil)
    }

    @Test func unknownLabelWithUTF8FallsBackToUTF8() {
        var defects: [MailDefect] = []
        let text = Charset.decode(Array("naïve".utf8)[...], label: "x-unknown", defects: &defects)
        #expect(text == "naïve")
        #expect(defects.map(\.code) == ["unknown-charset"])
    }

    @Test func unknownLabelWithLegacyBytesFallsBackToWindows1252() {
        var defects: [MailDefect] = []
        let text = Charset.decode([0x93, 0x61, 0x94, 0xE9][...], label: "bogus-charset", defects: &defects)
        #expect(text == "“a”é")
        #expect(defects.map(\.code) == ["unknown-charset"])
    }

    @Test func unknownLabelWithASCIIIsQuiet() {
        var defects: [MailDefect] = []
        #expect(Charset.decode(Array("plain".utf8)[...], label: "unknown-8bit", defects: &defects) == "plain")
        #expect(defects.isEmpty)
    }

    @Test(arguments: [
        ([0x63, 0x61, 0x66, 0xC3, 0xA9] as [UInt8], "café"),
        ([0x63, 0x61, 0x66, 0xE9] as [UInt8], "café"),
    ])
    func eightBitUnderASCII(_ bytes: [UInt8], _ expected: String) {
        for label in ["us-ascii", nil] as [String?] {
            var defects: [MailDefect] = []
            #expect(Charset.decode(bytes[...], label: label, defects: &defects) == expected)
            #expect(defects.map(\.code) == ["8bit-under-ascii"])
        }
    }

    // Expected values from Python: `bytes.decode(codec, "replace")`.
    @Test(arguments: [
        ("shift_jis", [0x41, 0x82, 0x20, 0x42] as [UInt8], "A\u{FFFD} B"),
        ("shift_jis", [0x93, 0xFA, 0x96] as [UInt8], "日\u{FFFD}"),
        ("euc-kr", [0xC7, 0xD1, 0xFF, 0xB1, 0xB9] as [UInt8], "한\u{FFFD}국"),
        ("utf-16le", [0x68, 0x00, 0x69, 0x00, 0x21] as [UInt8], "hi\u{FFFD}"),
        ("utf-8", [0x63, 0x61, 0x66, 0xC3, 0xA9, 0x20, 0xFF, 0x20, 0x6F, 0x6B] as [UInt8], "café \u{FFFD} ok"),
    ])
    func invalidSequencesAreReplacedAndDecodingContinues(_ label: String, _ bytes: [UInt8], _ expected: String) {
        var defects: [MailDefect] = []
        #expect(Charset.decode(bytes[...], label: label, defects: &defects) == expected)
        #expect(defects.map(\.code) == ["invalid-charset-bytes"])
    }

    @Test func utf8LabelOnLatin1TextIsReadAsWindows1252() {
        var defects: [MailDefect] = []
        #expect(Charset.decode([0x63, 0x61, 0x66, 0xE9, 0x96][...], label: "utf-8", defects: &defects) == "café–")
        #expect(defects.map(\.code) == ["charset-mismatch"])
    }

    @Test func eightBitUTF8UnderSevenBitCharset() {
        var defects: [MailDefect] = []
        #expect(Charset.decode(Array("日本".utf8)[...], label: "iso-2022-jp", defects: &defects) == "日本")
        #expect(defects.map(\.code) == ["charset-mismatch"])
    }

    @Test func windows1252UndefinedBytesMapToC1() {
        var defects: [MailDefect] = []
        #expect(Charset.decode([0x81, 0x8D, 0x41][...], label: "windows-1252", defects: &defects) == "\u{81}\u{8D}A")
        #expect(defects.isEmpty)
    }

    @Test func nulBytesSurvive() {
        var defects: [MailDefect] = []
        #expect(Charset.decode([0x61, 0x00, 0x62][...], label: "koi8-r", defects: &defects) == "a\0b")
        #expect(Charset.decode([0x61, 0x00, 0xF0][...], label: "koi8-r", defects: &defects) == "a\0П")
        #expect(defects.isEmpty)
    }

    @Test func decodesSliceNotWholeArray() {
        let message: [UInt8] = Array("xx".utf8) + [240, 210, 201] + Array("yy".utf8)
        var defects: [MailDefect] = []
        #expect(Charset.decode(message[2..<5], label: "koi8-r", defects: &defects) == "При")
    }

    @Test(arguments: ["utf-8", "shift_jis", "gb2312", "utf-16", "utf-7", "iso-2022-jp", "euc-kr", "x-bogus",
                      "us-ascii", "iso-8859-1", "koi8-r"])
    func hostileBytesNeverCrash(_ label: String) {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<(1 << 18)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        var defects: [MailDefect] = []
        let text = Charset.decode(bytes[...], label: label, defects: &defects)
        #expect(!text.isEmpty)
        #expect(defects.count <= 2)
    }

    @Test func largeInputKeepsEveryCharacter() {
        // One long run through iconv must not lose text at chunk boundaries.
        let unit: [UInt8] = [240, 210, 201, 215, 197, 212, 32] // "Привет "
        let bytes = Array([[UInt8]](repeating: unit, count: 50_000).joined())
        var defects: [MailDefect] = []
        let text = Charset.decode(bytes[...], label: "koi8-r", defects: &defects)
        #expect(text == String(repeating: "Привет ", count: 50_000))
        #expect(defects.isEmpty)
    }
}
