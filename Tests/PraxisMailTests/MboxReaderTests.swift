import Foundation
import Testing
@testable import PraxisMail

/// `MboxReader` reads an mbox piece by piece and must split it exactly as `Mbox` splits the whole
/// file, wherever a piece ends: inside an envelope line, between the blank line and `From `, in
/// the middle of a CRLF, a `>From ` line or a message far larger than a piece.
@Suite("Mbox read piece by piece")
struct MboxReaderTests {
    /// Every message `MboxReader` gives for `bytes` read `pieceSize` bytes at a time, and the
    /// bytes it says were done after each.
    static func read(_ bytes: [UInt8], pieceSize: Int) throws -> (messages: [[UInt8]], done: [Int]) {
        var offset = 0
        var reader = MboxReader(pieceSize: pieceSize) { count in
            let piece = Array(bytes[offset..<min(bytes.count, offset + count)])
            offset += piece.count
            return piece
        }
        var messages: [[UInt8]] = [], done: [Int] = []
        while let message = try reader.next() {
            messages.append(message)
            done.append(reader.bytesDone)
        }
        return (messages, done)
    }

    /// The shapes that are hard at a piece's edge, each in LF and CRLF.
    static let shapes: [String] = [
        "",
        "From a@b Sat Jan  1 00:00:00 2000\nSubject: one\n\nbody\n",
        "From a@b Sat Jan  1 00:00:00 2000\nSubject: one\n\nbody\n\nFrom b@c Sun Jan  2 00:00:00 2000\nSubject: two\n\nx\n",
        // A preamble before the first envelope, which must end with a blank line to be skipped.
        "junk before\nmore junk\n\nFrom a@b Sat Jan  1 00:00:00 2000\nSubject: p\n\nbody\n",
        // `From ` inside a body without a blank line before it stays body; quoted ones are unquoted.
        "From a@b x\nSubject: q\n\nline\nFrom inside the body\n>From quoted\n>>From twice\n\nFrom c@d y\n\n",
        // No final newline; an envelope line and nothing else; empty messages back to back.
        "From a@b x\nSubject: n\n\nno final newline",
        "From a@b x",
        "From a@b x\n\nFrom c@d y\n\nFrom e@f z\n",
        // Almost envelopes: "From" without the space, "from " in lower case, after a blank line.
        "From a@b x\nSubject: f\n\nbody\n\nFrom: not an envelope\n\nfrom lower case\n\nFromage\n",
        // Nothing that is an mbox at all.
        "no envelope anywhere\nat all\n",
    ]

    @Test(arguments: shapes)
    func splitsAsTheWholeFileIsSplitAtEveryPieceSize(_ shape: String) throws {
        for text in [shape, shape.replacingOccurrences(of: "\n", with: "\r\n")] {
            let bytes = Array(text.utf8)
            let whole = Array(Mbox(bytes))
            for pieceSize in 1...bytes.count + 1 {
                let (messages, done) = try Self.read(bytes, pieceSize: pieceSize)
                #expect(messages == whole, "piece size \(pieceSize) of \(text.debugDescription)")
                #expect(done == done.sorted() && (done.last ?? bytes.count) <= bytes.count, "piece size \(pieceSize)")
            }
        }
    }

    /// Random mboxes of random messages, written by `Mbox.append` and then mangled with the
    /// characters splitting depends on, at random piece sizes.
    @Test func randomMboxesSplitAlike() throws {
        var random = SystemRandomNumberGenerator()
        let alphabet: [String] = ["From ", ">From ", "\n", "\r\n", "\n\n", "x", "Subject: s\n", " ", ">", "F", "\r"]
        for round in 0..<300 {
            var mbox: [UInt8] = Int.random(in: 0..<4, using: &random) == 0 ? Array("preamble\n\n".utf8) : []
            for _ in 0..<Int.random(in: 0..<6, using: &random) {
                let body = (0..<Int.random(in: 0..<40, using: &random)).map { _ in alphabet.randomElement(using: &random)! }.joined()
                Mbox.append(Array(("Subject: m\n\n" + body).utf8), date: Date(timeIntervalSince1970: 0), to: &mbox)
            }
            // Raw mangling, so that the file need not be one `Mbox.append` would write.
            for _ in 0..<Int.random(in: 0..<4, using: &random) where !mbox.isEmpty {
                let at = Int.random(in: 0...mbox.count, using: &random)
                mbox.insert(contentsOf: Array(alphabet.randomElement(using: &random)!.utf8), at: at)
            }
            let whole = Array(Mbox(mbox))
            for pieceSize in [1, 2, 3, 5, 8, 13, Int.random(in: 1...64, using: &random), mbox.count + 1] {
                let (messages, _) = try Self.read(mbox, pieceSize: pieceSize)
                #expect(messages == whole, "round \(round), piece size \(pieceSize): \(String(decoding: mbox, as: UTF8.self).debugDescription)")
            }
        }
    }

    /// A year of a real list's archive, read 64 KiB at a time: the same 2,814 messages as read
    /// whole, and the bytes done reach the file's end.
    @Test func aYearOfARealListSplitsAlike() throws {
        guard let data = FileManager.default.contents(atPath: ListArchive.path) else {
            print("skipped: \(ListArchive.path) is absent")
            return
        }
        let bytes = [UInt8](data)
        let whole = Array(Mbox(bytes))
        let (messages, done) = try Self.read(bytes, pieceSize: 64 << 10)
        #expect(whole.count == 2_814)
        #expect(messages == whole)
        #expect(done.last == bytes.count)
    }

    /// What `read` throws reaches the caller, and nothing is made up after it.
    @Test func aFailingReadIsThrown() {
        struct Broken: Error {}
        var calls = 0
        var reader = MboxReader(pieceSize: 16) { _ in
            calls += 1
            if calls > 1 { throw Broken() }
            return Array("From a@b x\nSubject: s\n".utf8)
        }
        #expect(throws: Broken.self) { _ = try reader.next() }
    }
}
