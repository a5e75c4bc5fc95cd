/// The DNS message format (RFC 1035 §4), as far as a TXT lookup needs it: a query to send, and
/// what an answer says. An answer is untrusted input from the network: every length and pointer
/// in it is checked against the packet's end, and compression pointers may only point backwards,
/// so a hostile packet can neither loop nor read past its end.
public enum DNSMessage {
    /// The TXT record type and the Internet class.
    static let typeTXT: UInt16 = 16
    static let classIN: UInt16 = 1

    /// A recursive query for the TXT records of `name` with `id`; nil when `name` cannot be
    /// written as a DNS name (an empty label, a label over 63 bytes, a name over 253).
    public static func txtQuery(for name: String, id: UInt16) -> [UInt8]? {
        guard let encoded = encodedName(name) else { return nil }
        // ID, flags (RD), one question, no answer, authority or additional records.
        var packet: [UInt8] = [UInt8(id >> 8), UInt8(id & 0xff), 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]
        packet += encoded
        packet += [UInt8(typeTXT >> 8), UInt8(typeTXT & 0xff), UInt8(classIN >> 8), UInt8(classIN & 0xff)]
        return packet
    }

    /// `name` as length-prefixed labels ending in the root's empty label.
    static func encodedName(_ name: String) -> [UInt8]? {
        let trimmed = name.hasSuffix(".") ? String(name.dropLast()) : name
        guard !trimmed.isEmpty, trimmed.utf8.count <= 253 else { return nil }
        var encoded: [UInt8] = []
        for label in trimmed.split(separator: ".", omittingEmptySubsequences: false) {
            let bytes = Array(label.utf8)
            guard !bytes.isEmpty, bytes.count <= 63 else { return nil }
            encoded.append(UInt8(bytes.count))
            encoded += bytes
        }
        return encoded + [0]
    }

    /// What an answer says about the TXT records of the name asked for.
    public enum TXTAnswer: Sendable, Hashable {
        /// Each TXT record of the name, its strings joined (RFC 7208 §3.3 and RFC 7489 §6.6.3:
        /// one record may be split into several strings).
        case records([[UInt8]])
        /// The name has no TXT record, or does not exist.
        case noRecords
        /// The server could not answer (SERVFAIL, REFUSED…), the answer was cut short (TC), or
        /// it is malformed: nothing is known.
        case failed(String)

        /// A UDP answer with TC set: the resolver asks again over TCP (`DNSTXTResolver`).
        public static let truncated = TXTAnswer.failed("the answer was truncated")
    }

    /// `message` as it travels on a TCP stream: after its length in two bytes (RFC 1035 §4.2.2).
    public static func streamFramed(_ message: [UInt8]) -> [UInt8] {
        [UInt8(message.count >> 8 & 0xff), UInt8(message.count & 0xff)] + message
    }

    /// What `packet` answers to the query `id` for the TXT records of `name`; nil when it is not
    /// the answer to that query (another ID, another question, not a response): the caller
    /// ignores it and keeps waiting, so a stray or forged datagram cannot end the wait.
    public static func txtAnswer(_ packet: [UInt8], id: UInt16, name: String) -> TXTAnswer? {
        var reader = Reader(packet)
        guard let header = reader.header(), header.id == id, header.isResponse,
              header.questions == 1, let asked = reader.name(), reader.skip(4),
              asked.lowercased() == (name.hasSuffix(".") ? String(name.dropLast()) : name).lowercased()
        else { return nil }
        if header.isTruncated { return .truncated }
        switch header.responseCode {
        case 0: break
        case 3: return .noRecords
        default: return .failed("the server answered with response code \(header.responseCode)")
        }
        var records: [[UInt8]] = []
        for _ in 0..<header.answers {
            guard let owner = reader.name(), let type = reader.uint16(), let recordClass = reader.uint16(),
                  reader.skip(4), let length = reader.uint16(), let data = reader.bytes(Int(length))
            else { return .failed("the answer is malformed") }
            // A CNAME on the way, or a record of another name or type, is not a TXT record of this name.
            guard type == typeTXT, recordClass == classIN, owner.lowercased() == asked.lowercased() else { continue }
            guard let text = joinedStrings(data) else { return .failed("a TXT record is malformed") }
            records.append(text)
        }
        return records.isEmpty ? .noRecords : .records(records)
    }

    /// The character-strings of a TXT record's data, joined; nil when a length runs past the end.
    static func joinedStrings(_ data: ArraySlice<UInt8>) -> [UInt8]? {
        var joined: [UInt8] = []
        var index = data.startIndex
        while index < data.endIndex {
            let length = Int(data[index])
            let start = index + 1
            guard length <= data.endIndex - start else { return nil }
            joined += data[start..<(start + length)]
            index = start + length
        }
        return joined
    }

    /// Reads a packet front to back; every read fails (nil) rather than pass the end.
    struct Reader {
        let packet: [UInt8]
        var offset = 0

        init(_ packet: [UInt8]) { self.packet = packet }

        struct Header {
            var id: UInt16
            var flags: UInt16
            var questions: UInt16
            var answers: UInt16
            var isResponse: Bool { flags & 0x8000 != 0 }
            var isTruncated: Bool { flags & 0x0200 != 0 }
            var responseCode: Int { Int(flags & 0x000f) }
        }

        mutating func header() -> Header? {
            guard let id = uint16(), let flags = uint16(), let questions = uint16(), let answers = uint16(),
                  skip(4) else { return nil }
            return Header(id: id, flags: flags, questions: questions, answers: answers)
        }

        mutating func uint16() -> UInt16? {
            guard packet.count - offset >= 2 else { return nil }
            defer { offset += 2 }
            return UInt16(packet[offset]) << 8 | UInt16(packet[offset + 1])
        }

        mutating func skip(_ count: Int) -> Bool {
            guard packet.count - offset >= count else { return false }
            offset += count
            return true
        }

        mutating func bytes(_ count: Int) -> ArraySlice<UInt8>? {
            guard packet.count - offset >= count else { return nil }
            defer { offset += count }
            return packet[offset..<(offset + count)]
        }

        /// A name at the reading position, labels joined with dots (the root is empty), following
        /// compression pointers (RFC 1035 §4.1.4). A pointer must point before the place it was
        /// read at, so each jump goes strictly backwards and a chain of them ends.
        mutating func name() -> String? {
            var labels: [String] = []
            var position = offset
            var resume: Int?
            var length = 0
            while true {
                guard position < packet.count else { return nil }
                let byte = Int(packet[position])
                switch byte & 0xc0 {
                case 0xc0:
                    guard position + 1 < packet.count else { return nil }
                    let target = (byte & 0x3f) << 8 | Int(packet[position + 1])
                    guard target < position else { return nil }
                    if resume == nil { resume = position + 2 }
                    position = target
                case 0x00:
                    if byte == 0 {
                        offset = resume ?? position + 1
                        return labels.joined(separator: ".")
                    }
                    guard byte < packet.count - position else { return nil }
                    length += byte + 1
                    guard length <= 255 else { return nil }
                    labels.append(String(decoding: packet[(position + 1)...(position + byte)], as: UTF8.self))
                    position += byte + 1
                default:
                    // 0x40 and 0x80 are reserved label types (RFC 6891 retired the extended ones).
                    return nil
                }
            }
        }
    }
}
