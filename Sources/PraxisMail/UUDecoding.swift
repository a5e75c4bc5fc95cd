extension TransferDecoding {
    /// Decodes a uuencoded body (`Content-Transfer-Encoding: x-uuencode`, still sent by old
    /// mailers): the lines between `begin MODE NAME` and `end`. Lines that are not valid uuencode
    /// are skipped with a defect rather than ending the data.
    static func uudecode(_ bytes: ArraySlice<UInt8>, defects: inout [MailDefect]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 3 / 4)
        var inData = false
        var sawBegin = false
        var badLines = 0
        var lineStart = bytes.startIndex
        while lineStart < bytes.endIndex {
            var lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            let next = lineEnd < bytes.endIndex ? lineEnd + 1 : lineEnd
            if lineEnd > lineStart, bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            let line = bytes[lineStart..<lineEnd]
            lineStart = next
            if !inData {
                if line.starts(with: "begin ".utf8) {
                    inData = true
                    sawBegin = true
                }
                continue
            }
            if line.elementsEqual("end".utf8) { break }
            guard let first = line.first else { continue }
            let count = Int((first &- 32) & 63)
            if count == 0 { continue }
            var chars = Array(line.dropFirst())
            // Some encoders drop trailing spaces; they stand for zero bits.
            let needed = (count + 2) / 3 * 4
            if chars.count < needed { chars += repeatElement(UInt8(ascii: " "), count: needed - chars.count) }
            guard chars[..<needed].allSatisfy({ $0 >= 32 && $0 <= 96 }) else {
                badLines += 1
                continue
            }
            var produced = 0
            var index = 0
            while produced < count {
                let a = (chars[index] &- 32) & 63, b = (chars[index + 1] &- 32) & 63
                let c = (chars[index + 2] &- 32) & 63, d = (chars[index + 3] &- 32) & 63
                let triple = [a << 2 | b >> 4, (b & 0x0F) << 4 | c >> 2, (c & 0x03) << 6 | d]
                for byte in triple where produced < count {
                    output.append(byte)
                    produced += 1
                }
                index += 4
            }
        }
        if !sawBegin {
            defects.append(MailDefect("bad-uuencode", "a uuencoded part has no \"begin\" line; it is empty"))
        } else if badLines > 0 {
            defects.append(MailDefect("bad-uuencode", "\(badLines) lines of a uuencoded part are not uuencode and were skipped"))
        }
        return output
    }
}
