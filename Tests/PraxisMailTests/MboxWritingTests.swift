import Foundation
import Testing
@testable import PraxisMail

/// `Mbox.append` (mboxrd) against our own reader: what is written is split where it was joined
/// and each message comes back as written (line ends as LF), whatever `From ` lines it holds.
@Suite("Mbox writing")
struct MboxWritingTests {
    @Test(arguments: [
        "Subject: a\n\nFrom the start.\n",
        "Subject: b\n\n>From quoted once.\n>>From quoted twice.\n",
        "Subject: c\n\nNo final newline",
        "Subject: d\n\n\nFrom MAILER-DAEMON Sat Jan  1 00:00:00 2000\nLooks like an envelope.\n",
    ])
    func roundTrips(_ text: String) {
        var mbox: [UInt8] = []
        let second = Array("Subject: second\n\nbody\n".utf8)
        Mbox.append(Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8), date: Date(timeIntervalSince1970: 0), to: &mbox)
        Mbox.append(second, date: Date(timeIntervalSince1970: 0), to: &mbox)
        let read = Array(Mbox(mbox))
        #expect(read.count == 2)
        let expected = text.hasSuffix("\n") ? text : text + "\n"
        #expect(String(decoding: read.first ?? [], as: UTF8.self).trimmingCharacters(in: .newlines)
                == expected.trimmingCharacters(in: .newlines))
        #expect(String(decoding: mbox.prefix(44), as: UTF8.self) == "From MAILER-DAEMON Thu Jan  1 00:00:00 1970\n")
    }
}
