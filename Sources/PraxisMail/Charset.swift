#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns bytes labelled with a MIME charset into text.
///
/// Real mail lies about its charset often enough that decoding never fails: unknown labels and
/// undecodable bytes degrade to a best guess (UTF-8 when the bytes are valid UTF-8, otherwise
/// windows-1252) and a defect, never an error.
enum Charset {
    /// Decodes `bytes` labelled `label` (a MIME charset name as found in mail, any case, possibly
    /// quoted/garbage, or nil) to a String. Never fails.
    ///
    /// A nil label is read as RFC 2045's default, us-ascii. Invalid sequences become U+FFFD and
    /// decoding carries on after them. Defects: `unknown-charset` (label not recognised and the
    /// bytes are not plain ASCII), `8bit-under-ascii`, `invalid-charset-bytes`.
    static func decode(_ bytes: ArraySlice<UInt8>, label: String?, defects: inout [MailDefect]) -> String {
        let name: String
        if let label {
            guard let known = canonicalName(label) else {
                // Pure ASCII reads the same under any label we could guess, so the unknown label
                // costs nothing and is not worth a defect.
                if isASCII(bytes) { return String(decoding: bytes, as: UTF8.self) }
                defects.append(MailDefect("unknown-charset",
                                          "Unknown charset \(quotedForDetail(label)); decoded as UTF-8 or windows-1252."))
                return decodeGuessingUTF8(bytes)
            }
            name = known
        } else {
            name = "US-ASCII"
        }

        switch name {
        case "UTF-8":
            if let text = String(validating: bytes, as: UTF8.self) { return text }
            if !containsMultibyteUTF8(bytes) {
                // Not one valid multi-byte sequence: this is 8-bit text in some legacy charset
                // under a wrong label, not damaged UTF-8, and windows-1252 is the likeliest.
                defects.append(MailDefect("charset-mismatch",
                                          "Text labelled UTF-8 is not UTF-8; decoded as windows-1252."))
                return decodeWindows1252(bytes)
            }
            defects.append(MailDefect("invalid-charset-bytes",
                                      "Text labelled UTF-8 holds invalid UTF-8; bad sequences replaced by U+FFFD."))
            // The standard library's repair substitutes U+FFFD per maximal invalid subpart and
            // keeps going, which is exactly the policy wanted here.
            return String(decoding: bytes, as: UTF8.self)
        case "US-ASCII":
            if isASCII(bytes) { return String(decoding: bytes, as: UTF8.self) }
            defects.append(MailDefect("8bit-under-ascii",
                                      "Text labelled us-ascii holds 8-bit bytes; decoded as UTF-8 or windows-1252."))
            return decodeGuessingUTF8(bytes)
        case "WINDOWS-1252":
            if let text = mislabelledUTF8(bytes, label: name, defects: &defects) { return text }
            return decodeWindows1252(bytes)
        default:
            let ascii = isASCII(bytes)
            if ascii, !needsConverterForASCII(name) {
                return String(decoding: bytes, as: UTF8.self)
            }
            if !ascii, !needsConverterForASCII(name),
               let text = mislabelledUTF8(bytes, label: name, defects: &defects) {
                return text
            }
            if !ascii, isSevenBit(name), let text = String(validating: bytes, as: UTF8.self) {
                // 8-bit bytes cannot occur in a 7-bit charset; valid UTF-8 is what was really sent.
                defects.append(MailDefect("charset-mismatch",
                                          "Text labelled \(name) holds 8-bit UTF-8; decoded as UTF-8."))
                return text
            }
            return convert(bytes, from: name, defects: &defects)
        }
    }

    /// The canonical iconv name for a label, after aliases, or nil if unknown.
    ///
    /// The name returned is the converter actually used to decode, which for some labels is a
    /// superset of what the label names (see the alias table): gb2312 → GB18030, shift_jis → CP932,
    /// ks_c_5601-1987 → CP949, iso-8859-1 → WINDOWS-1252. Labels that declare ignorance
    /// (`x-unknown`, `unknown-8bit`, `default`, `x-user-defined`) are unknown.
    static func canonicalName(_ label: String) -> String? {
        // The spellings that make up nearly all real labels, without allocating.
        if asciiCaseInsensitiveEquals(label, "utf-8") { return "UTF-8" }
        if asciiCaseInsensitiveEquals(label, "us-ascii") { return "US-ASCII" }
        if asciiCaseInsensitiveEquals(label, "iso-8859-1") { return "WINDOWS-1252" }
        let key = normalizedLabel(label)
        if key.isEmpty { return nil }
        if let name = aliases[key] { return name }
        if let name = isoLatinName(key) { return name }
        if let name = windowsCodePageName(key) { return name }
        return nil
    }

    // MARK: - Label normalisation

    /// Whether `label` is `lowercase` apart from ASCII letter case; `lowercase` must be lower-case.
    private static func asciiCaseInsensitiveEquals(_ label: String, _ lowercase: StaticString) -> Bool {
        var label = label
        return label.withUTF8 { bytes in
            guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
            let expected = UnsafeBufferPointer(start: lowercase.utf8Start, count: lowercase.utf8CodeUnitCount)
            for index in 0..<bytes.count {
                let byte = bytes[index]
                let folded = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
                if folded != expected[index] { return false }
            }
            return true
        }
    }

    /// Lower-cased, without surrounding quotes, whitespace or stray punctuation, and without an
    /// RFC 2231 language suffix (`utf-8*en`), since all of those turn up in real labels.
    private static func normalizedLabel(_ label: String) -> String {
        var bytes = Array(label.utf8.prefix(64))
        if let star = bytes.firstIndex(of: UInt8(ascii: "*")) { bytes.removeSubrange(star...) }
        func isJunk(_ b: UInt8) -> Bool {
            b <= 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") || b == UInt8(ascii: ";")
                || b == UInt8(ascii: ",") || b >= 0x7F
        }
        while let last = bytes.last, isJunk(last) { bytes.removeLast() }
        let start = bytes.firstIndex { !isJunk($0) } ?? bytes.endIndex
        var out = [UInt8]()
        out.reserveCapacity(bytes.count - start)
        for b in bytes[start...] {
            out.append(b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b | 0x20 : b)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `iso-8859-N`, `iso8859-N`, `iso_8859-N`, `iso_8859-N:1987`, `8859_N`, `iso8859_N`, `latinN`, `lN`.
    private static func isoLatinName(_ key: String) -> String? {
        var rest = Substring(key)
        var part: Int?
        if rest.hasPrefix("latin") || (rest.hasPrefix("l") && rest.count <= 3) {
            rest = rest.hasPrefix("latin") ? rest.dropFirst(5) : rest.dropFirst(1)
            if rest.hasPrefix("-") { rest = rest.dropFirst() }
            // latinN numbers the Latin alphabets, not the ISO parts.
            let latinToPart = [1: 1, 2: 2, 3: 3, 4: 4, 5: 9, 6: 10, 7: 13, 8: 14, 9: 15, 10: 16]
            guard let n = Int(rest), let p = latinToPart[n] else { return nil }
            part = p
        } else {
            if rest.hasPrefix("iso") {
                rest = rest.dropFirst(3)
                if rest.hasPrefix("-") || rest.hasPrefix("_") || rest.hasPrefix(" ") { rest = rest.dropFirst() }
            }
            guard rest.hasPrefix("8859") else { return nil }
            rest = rest.dropFirst(4)
            guard rest.hasPrefix("-") || rest.hasPrefix("_") else { return nil }
            rest = rest.dropFirst()
            if let colon = rest.firstIndex(of: ":") { rest = rest[..<colon] }
            // iso-8859-8-i (Hebrew in logical order) uses the same code points as iso-8859-8.
            if rest.hasSuffix("-i") || rest.hasSuffix("-e") { rest = rest.dropLast(2) }
            guard let n = Int(rest), (1...16).contains(n), n != 12 else { return nil }
            part = n
        }
        guard let part else { return nil }
        // Mail labelled latin-1 routinely carries windows-1252 quotes and dashes in 0x80–0x9F,
        // which as latin-1 would be invisible C1 controls. Browsers decode it as windows-1252
        // (WHATWG Encoding Standard) and so do we.
        if part == 1 { return "WINDOWS-1252" }
        if part == 11 { return "TIS-620" }
        return "ISO-8859-\(part)"
    }

    /// `windows-125N`, `cp125N`, `x-cp125N`, `win-125N`, `ms-125N`.
    private static func windowsCodePageName(_ key: String) -> String? {
        var rest = Substring(key)
        if rest.hasPrefix("x-") { rest = rest.dropFirst(2) }
        for prefix in ["windows-", "windows", "cp-", "cp", "win-", "win", "ms-"] where rest.hasPrefix(prefix) {
            rest = rest.dropFirst(prefix.count)
            break
        }
        guard rest.count == 4, let n = Int(rest), (1250...1258).contains(n) else { return nil }
        return "WINDOWS-\(n)"
    }

    private static let aliases: [String: String] = {
        var table: [String: String] = [:]
        func add(_ name: String, _ labels: [String]) {
            for label in labels { table[label] = name }
        }
        add("UTF-8", ["utf-8", "utf8", "x-utf-8", "x-utf8", "unicode-1-1-utf-8", "unicode-2-0-utf-8"])
        add("US-ASCII", ["us-ascii", "ascii", "ansi_x3.4-1968", "ansi_x3.4-1986", "iso646-us", "us",
                         "iso-ir-6", "cp367", "ibm367", "csascii", "x-ascii", "us_ascii"])
        add("KOI8-R", ["koi8-r", "koi8r", "koi8", "cskoi8r", "koi"])
        add("KOI8-U", ["koi8-u", "koi8u"])
        // GB2312 and GBK text is routinely written by encoders that emit the GBK/GB18030
        // extensions, and GB18030 decodes all three.
        add("GB18030", ["gb2312", "gbk", "gb18030", "x-gbk", "cp936", "ms936", "windows-936", "euc-cn",
                        "x-euc-cn", "csgb2312", "gb_2312-80", "gb_2312", "chinese", "csgbk", "iso-ir-58"])
        add("BIG5", ["big5", "csbig5", "cn-big5", "x-x-big5", "big-5", "big-five", "bigfive"])
        add("BIG5-HKSCS", ["big5-hkscs", "big5hkscs"])
        add("CP950", ["cp950", "ms950", "x-cp950", "windows-950"])
        // Shift_JIS in mail almost always means Microsoft's CP932 (NEC and IBM extensions).
        add("CP932", ["shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "cp932", "windows-31j",
                      "csshiftjis", "x-ms-cp932", "csWindows31J".lowercased(), "ms932", "windows-932"])
        add("EUC-JP", ["euc-jp", "eucjp", "x-euc-jp", "x-euc", "cseucpkdfmtjapanese"])
        add("ISO-2022-JP", ["iso-2022-jp", "csiso2022jp", "iso2022jp"])
        // glibc has no ISO-2022-JP-1 converter; -2 is a superset of it.
        add("ISO-2022-JP-2", ["iso-2022-jp-1", "iso-2022-jp-2", "csiso2022jp2", "iso2022jp2"])
        add("ISO-2022-JP-3", ["iso-2022-jp-3"])
        add("ISO-2022-KR", ["iso-2022-kr", "csiso2022kr"])
        // The KS C 5601 labels name the character set; mailers using them write Microsoft's
        // CP949 (Unified Hangul Code), a superset of EUC-KR, as WHATWG also assumes for euc-kr.
        add("CP949", ["euc-kr", "euckr", "cseuckr", "x-euc-kr", "ks_c_5601-1987", "ks_c_5601", "ksc5601",
                      "ksc_5601", "ks_c_5601-1989", "cp949", "uhc", "windows-949", "x-windows-949",
                      "korean", "csksc56011987", "iso-ir-149"])
        add("UTF-16", ["utf-16", "utf16", "ucs-2", "unicode"])
        add("UTF-16LE", ["utf-16le", "utf16le", "ucs-2le"])
        add("UTF-16BE", ["utf-16be", "utf16be", "ucs-2be"])
        add("UTF-32", ["utf-32", "utf32"])
        add("UTF-32LE", ["utf-32le"])
        add("UTF-32BE", ["utf-32be"])
        add("UTF-7", ["utf-7", "utf7", "unicode-1-1-utf-7", "csunicode11utf7", "x-utf-7"])
        add("TIS-620", ["tis-620", "tis620", "windows-874", "cp874", "x-cp874", "dos-874"])
        add("MACINTOSH", ["macintosh", "mac", "mac-roman", "macroman", "x-mac-roman", "csmacintosh"])
        add("IBM850", ["ibm850", "cp850", "850", "cspc850multilingual"])
        add("CP437", ["cp437", "ibm437", "437", "cspc8codepage437"])
        add("IBM866", ["ibm866", "cp866", "866", "csibm866"])
        add("CP1125", ["cp1125"])
        return table
    }()

    // MARK: - Decoders

    /// Charsets whose encoding of plain ASCII text is not the identity, or whose 7-bit bytes can
    /// switch into another character set, so the pure-ASCII shortcut would be wrong for them.
    private static func needsConverterForASCII(_ name: String) -> Bool {
        name.hasPrefix("UTF-16") || name.hasPrefix("UTF-32") || name == "UTF-7" || name.hasPrefix("ISO-2022")
    }

    private static func isSevenBit(_ name: String) -> Bool {
        name == "UTF-7" || name.hasPrefix("ISO-2022")
    }

    /// Whether the bytes hold at least one well-formed multi-byte UTF-8 sequence.
    private static func containsMultibyteUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                if encoded.count > 1 { return true }
            case .error:
                continue
            case .emptyInput:
                return false
            }
        }
    }

    /// Whether every byte is below 0x80.
    static func isASCII(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            let count = buffer.count
            // Eight bytes at a time: headers and bodies are mostly ASCII, and this is on every path.
            if let base = buffer.baseAddress {
                let raw = UnsafeRawPointer(base)
                while index + 8 <= count {
                    if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 {
                        return false
                    }
                    index += 8
                }
            }
            var merged: UInt8 = 0
            while index < count {
                merged |= buffer[index]
                index += 1
            }
            return merged < 0x80
        }
    }

    /// UTF-8 when the bytes are valid UTF-8, otherwise windows-1252: the guess for unlabelled or
    /// mislabelled 8-bit text, because valid UTF-8 almost never arises by accident. Text that is
    /// mostly UTF-8 with a few broken sequences (a truncated header, a bad splice) is damaged
    /// UTF-8, not windows-1252: it is decoded as UTF-8 with U+FFFD for the broken parts.
    static func decodeGuessingUTF8(_ bytes: ArraySlice<UInt8>) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        let counts = utf8Counts(bytes)
        if counts.multibyte > 0, counts.multibyte >= counts.errors * 2 {
            return String(decoding: bytes, as: UTF8.self)
        }
        return decodeWindows1252(bytes)
    }

    /// Text under a legacy 8-bit label that is in fact UTF-8, as senders whose software converts
    /// the text but not its label produce. Only for text with several multi-byte sequences: a
    /// short legacy string can be valid UTF-8 by accident, a paragraph practically never.
    private static func mislabelledUTF8(_ bytes: ArraySlice<UInt8>, label: String, defects: inout [MailDefect]) -> String? {
        guard utf8Counts(bytes).multibyte >= 8, let text = String(validating: bytes, as: UTF8.self) else { return nil }
        defects.append(MailDefect("charset-mismatch", "Text labelled \(label) is valid UTF-8; decoded as UTF-8."))
        return text
    }

    /// How many well-formed multi-byte scalars and how many invalid sequences the bytes hold.
    private static func utf8Counts(_ bytes: ArraySlice<UInt8>) -> (multibyte: Int, errors: Int) {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var multibyte = 0
        var errors = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                if encoded.count > 1 { multibyte += 1 }
            case .error:
                errors += 1
            case .emptyInput:
                return (multibyte, errors)
            }
        }
    }

    /// windows-1252 as the WHATWG Encoding Standard defines it: the five bytes Microsoft left
    /// undefined map to the C1 code points of the same value, so decoding can never fail.
    static func decodeWindows1252(_ bytes: ArraySlice<UInt8>) -> String {
        if isASCII(bytes) { return String(decoding: bytes, as: UTF8.self) }
        // Straight to UTF-8 bytes: appending scalars one by one is an order of magnitude slower,
        // and latin-1 labelled bodies take this path.
        let utf8 = [UInt8](unsafeUninitializedCapacity: bytes.count * 3) { output, initialized in
            var written = 0
            windows1252High.withUnsafeBufferPointer { high in
                bytes.withUnsafeBufferPointer { input in
                    for byte in input {
                        if byte < 0x80 {
                            output[written] = byte
                            written += 1
                            continue
                        }
                        let scalar = byte < 0xA0 ? UInt32(high[Int(byte) - 0x80]) : UInt32(byte)
                        if scalar < 0x800 {
                            output[written] = UInt8(truncatingIfNeeded: 0xC0 | scalar >> 6)
                            output[written + 1] = UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F)
                            written += 2
                        } else {
                            output[written] = UInt8(truncatingIfNeeded: 0xE0 | scalar >> 12)
                            output[written + 1] = UInt8(truncatingIfNeeded: 0x80 | (scalar >> 6) & 0x3F)
                            output[written + 2] = UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F)
                            written += 3
                        }
                    }
                }
            }
            initialized = written
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    private static let windows1252High: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    /// Converts through iconv to UTF-8, substituting U+FFFD for every undecodable byte and for a
    /// truncated sequence at the end, so that one bad byte never loses the rest of the text.
    private static func convert(_ bytes: ArraySlice<UInt8>, from name: String, defects: inout [MailDefect]) -> String {
        let descriptor = iconv_open("UTF-8", name)
        if descriptor == UnsafeMutableRawPointer(bitPattern: -1) {
            // Only reachable if the system lacks a converter the alias table names.
            defects.append(MailDefect("unknown-charset",
                                      "No converter for charset \(name) on this system; decoded as UTF-8 or windows-1252."))
            return decodeGuessingUTF8(bytes)
        }
        defer { iconv_close(descriptor) }

        var output = [UInt8]()
        output.reserveCapacity(bytes.count + bytes.count / 2 + 16)
        var invalidSequences = 0
        // Large enough for any single character any converter emits, small enough to stay in cache.
        let chunkSize = min(max(bytes.count * 4, 64), 1 << 16)
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

        bytes.withUnsafeBufferPointer { input in
            guard let inputBase = input.baseAddress else { return }
            var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: inputBase)
                .assumingMemoryBound(to: CChar.self)
            var inLeft = input.count
            chunk.withUnsafeMutableBufferPointer { chunkBuffer in
                guard let chunkBase = chunkBuffer.baseAddress else { return }
                let outStart = UnsafeMutableRawPointer(chunkBase).assumingMemoryBound(to: CChar.self)
                // Every pass either consumes input, skips a bad byte, or flushes a full chunk;
                // the cap only guards against a misbehaving converter.
                var passes = 0
                let maxPasses = input.count * 2 + 64
                while passes < maxPasses {
                    passes += 1
                    var outPointer: UnsafeMutablePointer<CChar>? = outStart
                    var outLeft = chunkSize
                    let flushing = inLeft == 0
                    let result = flushing
                        ? iconv(descriptor, nil, nil, &outPointer, &outLeft)
                        : iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                    let failure = result == -1 ? errno : 0
                    let produced = chunkSize - outLeft
                    output.append(contentsOf: UnsafeBufferPointer(start: chunkBase, count: produced))
                    if failure == 0 {
                        if flushing { return }
                        continue
                    }
                    switch failure {
                    case E2BIG:
                        if produced == 0 { return }
                    case EILSEQ:
                        invalidSequences += 1
                        output.append(contentsOf: replacement)
                        if inLeft > 0 {
                            inPointer = inPointer.map { $0 + 1 }
                            inLeft -= 1
                        }
                    case EINVAL:
                        // A multibyte sequence cut off by the end of the input.
                        invalidSequences += 1
                        output.append(contentsOf: replacement)
                        inLeft = 0
                    default:
                        return
                    }
                }
            }
        }
        if invalidSequences > 0 {
            defects.append(MailDefect("invalid-charset-bytes",
                                      "\(invalidSequences) byte sequence(s) invalid in \(name) replaced by U+FFFD."))
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// A label as it may appear in a defect detail: bounded and printable, because it came from mail.
    static func quotedForDetail(_ label: String) -> String {
        var text = ""
        for scalar in label.unicodeScalars.prefix(40) {
            text.unicodeScalars.append(scalar.value < 0x20 || scalar.value == 0x7F ? "?" : scalar)
        }
        return "\"\(text)\""
    }
}
