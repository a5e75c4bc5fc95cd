import Foundation
import Testing
import PraxisMail
@testable import PraxisCommunity

/// The faster `TextFeatures` must give exactly the features of the reference implementation it
/// replaced (`ReferenceTextFeatures`), index for index and count for count, so that models trained
/// before keep predicting the same labels.
@Suite("TextFeatures identical to the reference")
struct TextFeaturesIdentityTests {
    /// `../shared/corpora` beside the repository, as in CI; nil (with a SKIPPED line) when absent.
    static func corpus(_ name: String) -> URL? {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/corpora/" + name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            print("SKIPPED: \(url.path) is absent, so TextFeatures was not compared with the reference on it")
            return nil
        }
        return url
    }

    /// The first `limit` regular files under `directory`, in a stable order.
    static func files(under directory: URL, limit: Int) -> [URL] {
        var files: [URL] = []
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            files.append(url)
        }
        return Array(files.sorted { $0.path < $1.path }.prefix(limit))
    }

    /// Compares both implementations on a message's parts, trimmed (as ingest gives them) and not.
    static func expectSame(_ bytes: [UInt8], _ name: String) -> Int {
        let message = MailMessage(bytes)
        let subject = message.subject ?? "", sender = message.from.first?.address
        let reader = message.body.readerText
        var compared = 0
        for text in [NewText.trimmed(reader), reader] {
            let current = TextFeatures(subject: subject, text: text, senderAddress: sender)
            let reference = ReferenceTextFeatures(subject: subject, text: text, senderAddress: sender)
            #expect(current.indices == reference.indices && current.counts == reference.counts, "\(name)")
            compared += 1
        }
        return compared
    }

    @Test func sameFeaturesOnRealMail() throws {
        var compared = 0
        for (name, limit) in [("mime", 1_000), ("notmuch-maildirs", 1_000), ("20news-bydate-train", 2_000)] {
            guard let directory = Self.corpus(name) else { continue }
            // Spread over the newsgroups rather than the first few thousand of one.
            let all = Self.files(under: directory, limit: .max)
            let stride = max(all.count / limit, 1)
            for (k, file) in all.enumerated() where k % stride == 0 {
                compared += Self.expectSame(try [UInt8](Data(contentsOf: file)), file.path)
            }
        }
        if let mbox = Self.corpus("lists/linux-mips-2004.mbox") {
            for (k, message) in Mbox(try [UInt8](Data(contentsOf: mbox))).enumerated() where k % 6 == 0 {
                compared += Self.expectSame(message, "linux-mips message \(k)")
            }
        }
        print("TextFeatures identical to the reference on \(compared) texts of real mail")
    }

    /// Every feature of whole messages as `TextFeatures(message:)` reads them (trimmed text, quoted
    /// lines at their weight, address, domains, author key) on real list mail and newsgroup posts,
    /// folded into one FNV-1a digest recorded from the extraction before the speed work of issue 18
    /// round 5: a changed index, count or author anywhere changes it, and with it what models learn.
    @Test func sameFeaturesAsRecordedOnWholeMessages() throws {
        for (name, every, recorded) in [("list-topics/train", 5, Self.recordedListTopicsDigest), ("20news-bydate-train", 10, Self.recordedNewsDigest)] {
            guard let directory = Self.corpus(name) else { continue }
            var digest: UInt64 = 0xCBF2_9CE4_8422_2325
            func fold(_ value: UInt32) {
                for shift in stride(from: 0, to: 32, by: 8) { digest = (digest ^ UInt64((value >> UInt32(shift)) & 0xFF)) &* 0x100_0000_01B3 }
            }
            let files = Self.files(under: directory, limit: .max)
            var messages = 0
            for (k, file) in files.enumerated() where k % every == 0 {
                let features = TextFeatures(message: MailMessage(try [UInt8](Data(contentsOf: file))))
                fold(UInt32(features.indices.count))
                for (index, count) in zip(features.indices, features.counts) { fold(index); fold(count.bitPattern) }
                fold(features.author ?? 0xFFFF_FFFF)
                messages += 1
            }
            print("TextFeatures digest of \(messages) messages of \(name): \(String(digest, radix: 16))")
            #expect(digest == recorded, "\(name): features differ from those recorded")
        }
    }
    static let recordedListTopicsDigest: UInt64 = 0x9D76_A647_ADEB_F6B2
    static let recordedNewsDigest: UInt64 = 0x8327_E9AA_7C3B_6265

    /// Random texts of words, punctuation, non-ASCII letters and spaces, and malformed UTF-8
    /// repaired by `String(decoding:)`, with subjects long enough to reach `maxFeatureCount`.
    @Test func sameFeaturesOnGeneratedText() {
        var generator = SplitMix64(seed: 0x7E57)
        let pieces: [[UInt8]] = [
            Array("word".utf8), Array("Mixed".utf8), Array("A".utf8), Array("x9".utf8), Array(" ".utf8),
            Array(", ".utf8), Array("\n".utf8), Array("—".utf8), Array("“q”".utf8), Array("ÄÖÜß".utf8),
            Array("École".utf8), Array("\u{00A0}".utf8), Array("×".utf8), Array("日本語".utf8),
            Array("\u{2070}".utf8), Array("ª".utf8), Array(String(repeating: "long", count: 8).utf8),
            [0xC3], [0x80], [0xE2, 0x81], [0xFF], [0x00],
        ]
        func text(_ pieceCount: Int) -> String {
            var bytes: [UInt8] = []
            for _ in 0..<pieceCount { bytes += pieces[Int(generator.next() % UInt64(pieces.count))] }
            return String(decoding: bytes, as: UTF8.self)
        }
        for round in 0..<300 {
            let subject = text(round % 50 == 0 ? 30_000 : Int(generator.next() % 20))
            let body = text(Int(generator.next() % 6_000))
            let sender = round % 3 == 0 ? nil : "Someone@Lists." + text(3) + ".Example.ORG"
            let current = TextFeatures(subject: subject, text: body, senderAddress: sender)
            let reference = ReferenceTextFeatures(subject: subject, text: body, senderAddress: sender)
            #expect(current.indices == reference.indices && current.counts == reference.counts, "round \(round)")
        }
    }
}
