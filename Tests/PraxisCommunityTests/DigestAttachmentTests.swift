import Foundation
import PraxisMail
import Testing
@testable import PraxisCommunity

/// Attachments of digested posts (issue 19 item 5, issue 22 §2) and the plain-text reply
/// instructions: names from the message are untrusted, protected posts are never linked.
@Suite("Digest attachments and replies")
struct DigestAttachmentTests {
    typealias F = DigestFixture
    static let links = ArchiveLinks(basePath: "/mobility/", origin: "https://cop.example.org")
    static let hostile = "<img src=x onerror=alert(1)>\r\nBcc: victim@example.org\u{202E}fdp.exe"

    // Adversarial first: what the message names its attachment must not break a line, a header
    // or the HTML, nor run on for pages.
    @Test(arguments: [
        ("../../etc/passwd", "passwd"),
        ("a\r\nBcc: x@example.org.pdf", "aBcc: x@example.org.pdf"),
        ("\u{202E}fdp.exe", "fdp.exe"),
        ("report\u{2028}2024.pdf", "report2024.pdf"),
        ("\"quoted\".txt", "quoted.txt"),
        ("  ", "attachment-3"),
        ("..", "attachment-3"),
        (String(repeating: "x", count: 500), String(repeating: "x", count: AttachmentLabel.maxNameCharacters)),
    ])
    func namesAreCleanedAndCapped(written: String, shown: String) {
        #expect(AttachmentLabel.fileName(written, number: 3) == shown)
    }

    @Test(arguments: [(0, "0 bytes"), (1, "1 byte"), (999, "999 bytes"), (14_500, "14 KB"), (2_340_000, "2.3 MB")])
    func sizesReadAsPeopleSayThem(bytes: Int, said: String) {
        #expect(AttachmentLabel.size(bytes) == said)
    }

    /// A core reader's digest with an open post and a protected one, both with attachments.
    static func document(archive: ArchiveLinks? = links) -> DigestDocument {
        var posts = F.mixed
        let longName = String(repeating: "long", count: 60) + ".pdf"
        for index in posts.indices where [1, 5].contains(posts[index].id) {
            posts[index].attachments = [
                DigestAttachment(number: 1, name: AttachmentLabel.fileName(hostile, number: 1), size: 14_500),
                DigestAttachment(number: 2, name: AttachmentLabel.fileName(longName, number: 2), size: 2_340_000),
            ]
        }
        let content = F.select(
            posts, reader: DigestReader(address: "mod@example.org", delivery: .digest), core: ["mod@example.org"],
            plan: DigestPlan(name: "weekly", schedule: .daily(.eightOClock), audience: .subscribers))
        return DigestDocument(
            community: F.community, name: "weekly", content: content, recipient: "mod@example.org", timeZone: .gmt, archive: archive)
    }

    static func rendered(_ document: DigestDocument, _ format: String) -> String {
        switch format {
        case "html": DigestTemplates.builtIn.renderHTML(document)
        case "text": DigestTemplates.builtIn.renderText(document)
        default: DigestMessage.rfc1153(document)
        }
    }

    @Test(arguments: ["text", "html", "rfc1153"])
    func attachmentsAreListedAndOnlyOpenOnesLinked(format: String) {
        let text = Self.rendered(Self.document(), format)
        #expect(text.contains("14 KB") && text.contains("2.3 MB"), "\(text)")
        // Post 1 is open: its attachments link to /m/ID/a/N/NAME; post 5 is protected: never linked.
        #expect(text.contains("https://cop.example.org/mobility/m/m1@example.org/a/1/"), "\(format)")
        #expect(text.contains("https://cop.example.org/mobility/m/m1@example.org/a/2/"), "\(format)")
        #expect(!text.contains("/m/m5@example.org/a/"), "\(format): a protected post's attachment is linked")
        #expect(text.components(separatedBy: "14 KB").count - 1 == 2, "both posts list their attachments")
        // No line break, bidi override or raw markup from the name.
        #expect(!text.unicodeScalars.contains("\u{202E}") && !text.contains("\r"))
        #expect(!text.contains("\nBcc: victim"), "\(format)")
        // A long name is cut for the digest (the link keeps the whole name the archive serves).
        #expect(text.contains(String(repeating: "long", count: 24) + "lon…"), "\(format)")
        if format == "html" {
            #expect(!text.contains("<img"), "the name's markup is not escaped")
            #expect(text.contains("&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;") || text.contains("&lt;img src=x onerror=alert(1)&gt;"))
        } else {
            #expect(text.contains("<img src=x onerror=alert(1)>Bcc: victim@example.orgfdp.exe (14 KB)"), "\(format):\n\(text)")
        }
    }

    @Test func withoutTheArchiveNothingIsLinkedButEverythingListed() {
        for format in ["text", "html", "rfc1153"] {
            let text = Self.rendered(Self.document(archive: nil), format)
            #expect(!text.contains("/a/1/") && text.contains("14 KB"), "\(format)")
        }
    }

    @Test func plainTextDigestsSayHowToReplyAndHTMLKeepsTheLink() {
        let document = Self.document()
        for format in ["text", "rfc1153"] {
            let text = Self.rendered(document, format)
            #expect(!text.contains("mailto:"), "\(format) carries a mailto: URL")
            #expect(text.contains("To reply, write to mobility@lists.example.org with the subject: Re: Thread 1"), "\(format):\n\(text)")
        }
        let html = Self.rendered(document, "html")
        #expect(html.contains("href=\"mailto:mobility@lists.example.org?subject=Re%3A%20Thread%201"))
    }
}
