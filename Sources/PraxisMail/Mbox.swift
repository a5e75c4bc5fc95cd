import Foundation

/// Splits an mbox archive into its messages.
///
/// A message starts at a `From ` line at the start of the file or after a blank line (the form
/// every archiver writes; a `From ` line inside a body not preceded by a blank line stays body).
/// Lines quoted as `>From `, `>>From ` … are unquoted by one level, as mboxrd specifies; for mboxo
/// files this also unquotes body lines that were written with a `>` of their own, the accepted cost
/// of reading both variants with one reader.
public struct Mbox: Sequence, Sendable {
    public let bytes: [UInt8]

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    public func makeIterator() -> Iterator { Iterator(bytes: bytes) }

    /// Yields each message's bytes without its `From ` envelope line.
    public struct Iterator: IteratorProtocol {
        let bytes: [UInt8]
        var position = 0

        init(bytes: [UInt8]) {
            self.bytes = bytes
            position = Self.firstEnvelope(in: bytes, complete: true) ?? bytes.count
        }

        public mutating func next() -> [UInt8]? {
            guard let (message, end) = Self.message(in: bytes, at: position, complete: true) else { return nil }
            position = end
            return message
        }

        /// Where the first message's envelope line starts: at once, or after a preamble that ends
        /// with a blank line (a file should start with one). Nil when `bytes` does not tell yet:
        /// they are not the whole file (`complete` false) and hold no envelope line so far. For
        /// the whole file without one, its end.
        static func firstEnvelope(in bytes: [UInt8], complete: Bool) -> Int? {
            if !complete && bytes.count < 5 { return nil }
            if isEnvelope(bytes, at: 0) { return 0 }
            return nextEnvelope(bytes, from: 0) ?? (complete ? bytes.count : nil)
        }

        /// The message whose envelope line starts at `start`, unquoted, and where the next one
        /// starts; nil at the end of the file, or when `bytes` are not the whole file
        /// (`complete` false) and do not reach the next envelope line yet. The one place where
        /// an mbox is split, for a whole file (`Mbox`) and for one read piece by piece
        /// (`MboxReader`).
        static func message(in bytes: [UInt8], at start: Int, complete: Bool) -> (message: [UInt8], end: Int)? {
            guard start < bytes.count else { return nil }
            guard let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) else {
                return complete ? ([], bytes.count) : nil
            }
            let envelopeEnd = newline + 1
            guard let end = nextEnvelope(bytes, from: envelopeEnd) ?? (complete ? bytes.count : nil) else { return nil }
            var messageEnd = end
            // The blank line that separates messages belongs to the mbox, not to the message.
            if messageEnd - envelopeEnd >= 2, bytes[messageEnd - 1] == UInt8(ascii: "\n") {
                if bytes[messageEnd - 2] == UInt8(ascii: "\n") {
                    messageEnd -= 1
                } else if messageEnd - envelopeEnd >= 4, bytes[messageEnd - 2] == UInt8(ascii: "\r"),
                          bytes[messageEnd - 3] == UInt8(ascii: "\n") {
                    messageEnd -= 2
                }
            }
            return (unquotingFromLines(bytes[envelopeEnd..<Swift.max(envelopeEnd, messageEnd)]), end)
        }

        static func isEnvelope(_ bytes: [UInt8], at index: Int) -> Bool {
            index + 5 <= bytes.count && bytes[index] == UInt8(ascii: "F") && bytes[index + 1] == UInt8(ascii: "r")
                && bytes[index + 2] == UInt8(ascii: "o") && bytes[index + 3] == UInt8(ascii: "m")
                && bytes[index + 4] == UInt8(ascii: " ")
        }

        /// The offset of the next envelope line that follows a blank line, at or after `from`.
        static func nextEnvelope(_ bytes: [UInt8], from: Int) -> Int? {
            bytes.withUnsafeBufferPointer { buffer -> Int? in
                var lineStart = from
                var previousBlank = false
                while lineStart < buffer.count {
                    if previousBlank, lineStart + 5 <= buffer.count, buffer[lineStart] == UInt8(ascii: "F"),
                       isEnvelope(bytes, at: lineStart) {
                        return lineStart
                    }
                    let lineEnd = MailScanner.lineEnd(buffer, from: lineStart, limit: buffer.count)
                    previousBlank = MailScanner.trimmingCR(buffer, lineStart: lineStart, lineEnd: lineEnd) == lineStart
                    lineStart = lineEnd + 1
                }
                return nil
            }
        }

        static func unquotingFromLines(_ message: ArraySlice<UInt8>) -> [UInt8] {
            var result: [UInt8] = []
            result.reserveCapacity(message.count)
            var atLineStart = true
            var index = message.startIndex
            while index < message.endIndex {
                if atLineStart, message[index] == UInt8(ascii: ">") {
                    var look = index
                    while look < message.endIndex, message[look] == UInt8(ascii: ">") { look += 1 }
                    if message.endIndex - look >= 5, message[look] == UInt8(ascii: "F"),
                       message[look + 1] == UInt8(ascii: "r"), message[look + 2] == UInt8(ascii: "o"),
                       message[look + 3] == UInt8(ascii: "m"), message[look + 4] == UInt8(ascii: " ") {
                        index += 1  // drop one level of quoting
                    }
                }
                let byte = message[index]
                result.append(byte)
                atLineStart = byte == UInt8(ascii: "\n")
                index += 1
            }
            return result
        }
    }
}

/// An mbox read piece by piece, split exactly as `Mbox` splits the whole file: an archive of
/// gigabytes costs memory for its largest message and one piece, not for its size.
public struct MboxReader {
    /// Up to the given number of the file's next bytes; empty at its end.
    let read: (Int) throws -> [UInt8]
    let pieceSize: Int
    /// The bytes read and not yet returned as messages, from the envelope line of the next one.
    private var buffer: [UInt8] = []
    private var position = 0
    private var foundFirstEnvelope = false
    private var atEnd = false
    /// How many bytes of the file lie before `buffer`.
    private var dropped = 0
    /// How many bytes of the file are done: up to the end of the last message returned.
    public private(set) var bytesDone = 0

    /// A reader taking `pieceSize` bytes at a time from `read` (more while one message is larger).
    public init(pieceSize: Int = 4 << 20, read: @escaping (Int) throws -> [UInt8]) {
        self.pieceSize = max(1, pieceSize)
        self.read = read
    }

    /// The next message without its envelope line, unquoted; nil at the end of the file. Throws
    /// what `read` throws.
    public mutating func next() throws -> [UInt8]? {
        while true {
            if !foundFirstEnvelope {
                if let first = Mbox.Iterator.firstEnvelope(in: buffer, complete: atEnd) {
                    position = first
                    foundFirstEnvelope = true
                    continue
                }
            } else if let (message, end) = Mbox.Iterator.message(in: buffer, at: position, complete: atEnd) {
                position = end
                bytesDone = dropped + end
                return message
            } else if atEnd {
                return nil
            }
            try readMore()
        }
    }

    /// Drops what was returned, then appends the next piece: at least as many bytes as are
    /// pending, so a message of many pieces is scanned a bounded number of times in all.
    private mutating func readMore() throws {
        if position > 0 {
            buffer.removeFirst(position)
            dropped += position
            position = 0
        }
        let piece = try read(max(pieceSize, buffer.count))
        if piece.isEmpty { atEnd = true } else { buffer += piece }
    }
}

extension Mbox {
    /// Appends `message` to `mbox` as mboxrd: a `From ` line dated `date`, then the message with
    /// CRLF made LF and every line that reads `From ` after any number of `>` quoted once more, so
    /// a reader splits it exactly where it was joined and unquotes it back to the same bytes.
    public static func append(_ message: [UInt8], date: Date, to mbox: inout [UInt8]) {
        mbox += Array("From MAILER-DAEMON \(asctime(date))\n".utf8)
        var lineStart = true
        var index = 0
        while index < message.count {
            if lineStart {
                var probe = index
                while probe < message.count && message[probe] == UInt8(ascii: ">") { probe += 1 }
                if message[probe...].starts(with: "From ".utf8) { mbox.append(UInt8(ascii: ">")) }
            }
            let byte = message[index]
            if byte == 0x0D && index + 1 < message.count && message[index + 1] == 0x0A {
                index += 1
                continue
            }
            mbox.append(byte)
            lineStart = byte == 0x0A
            index += 1
        }
        if mbox.last != 0x0A { mbox.append(0x0A) }
        mbox.append(0x0A)
    }

    /// `Sat Dec  5 10:00:00 2026`, UTC, as mbox `From ` lines carry it.
    static func asctime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return String(format: "%@ %@ %2d %02d:%02d:%02d %04d", days[((p.weekday ?? 1) - 1) % 7], months[((p.month ?? 1) - 1) % 12],
                      p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0, p.year ?? 1970)
    }
}
