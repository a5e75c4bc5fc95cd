import Foundation
import Testing
@testable import PraxisMail

/// Values for messages of the MIME corpus that were checked by hand against the raw files:
/// identifiers, subject, sender, date, attachment names, where the text comes from and how it
/// starts. They pin down behaviour on real edge cases (missing boundaries, legacy charsets,
/// uuencode, signed mail, bounces) so that a change in the parser shows up here first.
@Suite("Hand-checked corpus messages")
struct CorpusExpectationTests {
    struct Expectation: CustomTestStringConvertible, Sendable {
        let file: String
        let messageID: String?
        let subject: String?
        let from: [String]
        let date: String?
        let attachments: [String?]
        let source: BodyText.Source
        let textPrefix: String
        var testDescription: String { file }

        init(_ file: String, messageID: String?, subject: String?, from: [String], date: String?,
             attachments: [String?], source: BodyText.Source, textPrefix: String) {
            self.file = file
            self.messageID = messageID
            self.subject = subject
            self.from = from
            self.date = date
            self.attachments = attachments
            self.source = source
            self.textPrefix = textPrefix
        }
    }

    static let expectations: [Expectation] = [
        Expectation("cpython/msg_01.txt.eml", messageID: "15090.61304.110929.45684@aaa.zzz.org", subject: "This is a test message", from: ["bbb@ddd.com"], date: "2001-05-04T18:05:44Z", attachments: [], source: .plain, textPrefix: "\nHi,\n\nDo you like this message"),
        Expectation("cpython/msg_05.txt.eml", messageID: "20010803162810.0CA8AA7ACC@mail.example.com", subject: "bar", from: ["foo"], date: nil, attachments: [], source: .plain, textPrefix: "Yadda yadda yadda\n"),
        Expectation("cpython/msg_10.txt.eml", messageID: nil, subject: "Lyrics", from: ["barry@python.org"], date: "2001-04-20T23:35:02Z", attachments: [], source: .plain, textPrefix: "This is a 7bit encoded message"),
        Expectation("cpython/msg_13.txt.eml", messageID: nil, subject: "Here is your dingus fish", from: ["barry@digicool.com"], date: "2001-04-20T23:35:02Z", attachments: ["dingusfish.gif"], source: .plain, textPrefix: "A text/plain part\n"),
        Expectation("cpython/msg_18.txt.eml", messageID: nil, subject: nil, from: [], date: nil, attachments: [], source: .plain, textPrefix: ""),
        Expectation("cpython/msg_22.txt.eml", messageID: "a05001902b7f1c33773e9@[134.84.183.138]", subject: nil, from: ["b@example.com"], date: "2001-10-16T10:59:25Z", attachments: ["wibble.JPG", "wibble2.JPG"], source: .plain, textPrefix: "Text text text."),
        Expectation("cpython/msg_27.txt.eml", messageID: "15613.28051.707126.569693@dom.ain", subject: "bug demonstration\t12345678911234567892123456789312345678941234567895123456789612345678971234567898112345678911234567892123456789112345678911234567892123456789\tmore text", from: ["aperson@dom.ain"], date: "2002-06-05T01:46:59Z", attachments: [], source: .plain, textPrefix: "test\n"),
        Expectation("cpython/msg_31.txt.eml", messageID: nil, subject: nil, from: ["aperson@dom.ain"], date: nil, attachments: [], source: .plain, textPrefix: "--BOUNDARY\nContent-Type: text/"),
        Expectation("cpython/msg_36.txt.eml", messageID: nil, subject: "I-D ACTION:draft-ietf-mboned-mix-00.txt", from: ["Internet-Drafts@ietf.org"], date: "1998-12-22T21:55:06Z", attachments: [], source: .plain, textPrefix: "Blah blah blah\n"),
        Expectation("cpython/msg_40.txt.eml", messageID: nil, subject: nil, from: [], date: nil, attachments: [], source: .html, textPrefix: "----961284236552522269 Content"),
        Expectation("cpython/msg_45.txt.eml", messageID: nil, subject: "test", from: ["foo@bar.baz"], date: nil, attachments: ["signature.asc"], source: .plain, textPrefix: "This is the signed contents.\n"),
        Expectation("enmime/dsn__testdata__simple_dsn.raw.eml", messageID: "199407072116.RAA14128@CS.UTK.EDU", subject: "Returned mail: Cannot send message for 5 days", from: ["MAILER-DAEMON@CS.UTK.EDU"], date: "1994-07-07T21:16:05Z", attachments: [], source: .plain, textPrefix: "[human-readable explanation go"),
        Expectation("enmime/testdata__low-quality__bad-header-wrap.raw.eml", messageID: "07B7061D-2676-487E-942E-C341CE4D13DC@makita.skynet", subject: "Attachment", from: ["james@makita.skynet"], date: "2012-10-19T05:48:39Z", attachments: [nil], source: .plain, textPrefix: "A text section"),
        Expectation("enmime/testdata__low-quality__missing-content-type.raw.eml", messageID: "07B7061D-2676-487E-942E-C341CE4D13DC@makita.skynet", subject: "plain text", from: ["james@makita.skynet"], date: "2012-10-19T05:48:39Z", attachments: [], source: .plain, textPrefix: "A plain text email\n"),
        Expectation("enmime/testdata__low-quality__unk-encoding-part.raw.eml", messageID: "07B7061D-2676-487E-942E-C341CE4D13DC@makita.skynet", subject: "Attachment", from: ["james@makita.skynet"], date: "2012-10-19T05:48:39Z", attachments: ["foo_9E5D72.zip"], source: .plain, textPrefix: "A text section"),
        Expectation("enmime/testdata__mail__attachment-only-no-disposition.raw.eml", messageID: "56A0AA5F.4020203@test.com", subject: "Test", from: ["alice@test.com"], date: "2016-01-21T09:52:31Z", attachments: ["favicon.jpg"], source: .none, textPrefix: ""),
        Expectation("enmime/testdata__mail__ctype-bug.raw.eml", messageID: "55a02731af510_7b0b33f2c7821d@pt02w01.papertrailapp.com.tmail", subject: "Welcome to Papertrail", from: ["support@papertrailapp.com"], date: "2015-07-10T20:12:33Z", attachments: [], source: .plain, textPrefix: "What's next? Head over to the "),
        Expectation("enmime/testdata__mail__html-mime-bad-unknown-charset-inline.raw.eml", messageID: "4E2E5A48-1A2C-4450-8663-D41B451DA93E@makita.skynet", subject: "MIME test 1", from: ["james@makita.skynet"], date: "2012-10-13T22:33:07Z", attachments: ["favicon.png"], source: .plain, textPrefix: "Test of text section"),
        Expectation("enmime/testdata__mail__malformed-multiple-address-header-values.raw.eml", messageID: nil, subject: "Test", from: ["bob@extern", "bobby@extern"], date: nil, attachments: ["test.pdf", "test.txt"], source: .plain, textPrefix: "Simple text.\n"),
        Expectation("enmime/testdata__mail__mime-blank-media-name.raw.eml", messageID: "F21768750C2E4303B37CA8EDCD498C67@dm3.entee.co.uk", subject: "Confirmation of Booking with easyHotel", from: ["bookings@easyHotel.com"], date: "2015-06-12T22:24:01Z", attachments: ["Invoice_302232133150612.pdf"], source: .plain, textPrefix: "\n\nThank you for booking with e"),
        Expectation("enmime/testdata__mail__mime-signed.raw.eml", messageID: "5081A889.3020108@jamehi03lx.noa.com", subject: "Multipart Signed", from: ["jamehi03@jamehi03lx.noa.com"], date: "2012-10-19T19:22:49Z", attachments: ["signature.asc"], source: .plain, textPrefix: "Section one\n"),
        Expectation("enmime/testdata__mail__non-mime-missing-charset.raw.eml", messageID: nil, subject: "test Sun, 14 Oct 2012 16:09:01 -0700", from: ["james@hillyerd.com"], date: "2012-10-14T23:09:01Z", attachments: [], source: .html, textPrefix: "Unencoded Euro Sign: "),
        Expectation("enmime/testdata__mail__qp-ascii-header.raw.eml", messageID: nil, subject: "Test QP Subject!", from: ["james@hillyerd.com"], date: "2012-10-14T23:09:01Z", attachments: [], source: .plain, textPrefix: "This is a test mailing\n\n"),
        Expectation("enmime/testdata__mail__quoted-printable.raw.eml", messageID: "07B7061D-2676-487E-942E-C341CE4D13DC@makita.skynet", subject: "Quoted Printable", from: ["james@makita.skynet"], date: "2012-10-19T05:48:39Z", attachments: [], source: .plain, textPrefix: "Lorem ipsum dolor sit amet, co"),
        Expectation("enmime/testdata__parts__bin-attach.raw.eml", messageID: nil, subject: nil, from: [], date: nil, attachments: ["test.bin"], source: .plain, textPrefix: "A text section"),
        Expectation("enmime/testdata__parts__chardet-success-big-5.raw.eml", messageID: nil, subject: nil, from: [], date: nil, attachments: [], source: .plain, textPrefix: "ÃC¬O®a°V  ¥_»ô  ÃC¤§±À\n\n¨÷²Ä¤C"),
        Expectation("enmime/testdata__parts__empty-header.raw.eml", messageID: nil, subject: nil, from: [], date: nil, attachments: [], source: .plain, textPrefix: "A text section"),
        Expectation("enmime/testdata__parts__missing-closing-param-quote.raw.eml", messageID: nil, subject: nil, from: [], date: nil, attachments: [], source: .html, textPrefix: ""),
        Expectation("enmime/testdata__parts__multialtern.raw.eml", messageID: nil, subject: nil, from: [], date: nil, attachments: [], source: .plain, textPrefix: "A text section"),
        Expectation("enmime/testdata__parts__textplain.raw.eml", messageID: nil, subject: nil, from: [], date: nil, attachments: [], source: .plain, textPrefix: "Test of text/plain section\n"),
        Expectation("flanker/tests__fixtures__messages__bounce__gmail-invalid-address.eml", messageID: "001a11c2449205704f04e0cbff5b@google.com", subject: "Delivery Status Notification (Failure)", from: ["mailer-daemon@googlemail.com"], date: "2013-07-05T23:24:28Z", attachments: [], source: .plain, textPrefix: "Delivery to the following reci"),
        Expectation("flanker/tests__fixtures__messages__dashed-boundaries.eml", messageID: nil, subject: "Hi", from: ["me@example.com"], date: "2012-07-10T06:14:18Z", attachments: [], source: .plain, textPrefix: "Hi\n"),
        Expectation("flanker/tests__fixtures__messages__false-multipart.eml", messageID: "12345@example.com", subject: "Broken MIME", from: ["broken.mime@notreallymultipart.com"], date: nil, attachments: [], source: .none, textPrefix: ""),
        Expectation("flanker/tests__fixtures__messages__missing-final-boundary.eml", messageID: nil, subject: "Test", from: ["me@example.com"], date: nil, attachments: [], source: .plain, textPrefix: "Some body\n"),
        Expectation("flanker/tests__fixtures__messages__spam__broken-ctype.eml", messageID: nil, subject: "its me A", from: ["hello@example.com"], date: "2012-07-16T10:14:17Z", attachments: ["facejj.jpg"], source: .plain, textPrefix: "Hello Dear, How are you?I am a"),
        Expectation("mime4j/core__src__test__resources__mimetools-testmsgs__badbound.msg.eml", messageID: "19961222222112.AAE16235@challenge.uscom.com", subject: "Mail System Error - Returned Mail", from: ["Postmaster@challenge.uscom.com"], date: "1996-12-22T22:21:12Z", attachments: [], source: .plain, textPrefix: "--===========================_"),
        Expectation("mime4j/core__src__test__resources__mimetools-testmsgs__frag.msg.eml", messageID: "392C2385.4C402C55@mailandnews.com", subject: "[Fwd: [Fwd: [Fwd: FW: Another Priceless  Moment]]]", from: ["omrec@mailandnews.com"], date: "2000-05-24T18:46:29Z", attachments: ["aprilfools.jpg"], source: .plain, textPrefix: "\n"),
        Expectation("mime4j/core__src__test__resources__mimetools-testmsgs__multi-2evil.msg.eml", messageID: nil, subject: "Two images for you...", from: ["eryq@rhine.gsfc.nasa.gov"], date: "1996-04-11T06:10:30Z", attachments: ["/evil/because:ofpath3d-=?ISO-8859-1?Q?=63?=om=?US-ASCII*EN?Q?pr?=ess.gif", "3d-eye-is-an-evil-filename because of excessive length and verbosity.  Unfortunately what can we do given an idiotic situation such as this?"], source: .plain, textPrefix: "When unpacked, this message sh"),
        Expectation("mime4j/core__src__test__resources__mimetools-testmsgs__multi-igor2.msg.eml", messageID: nil, subject: "Need help", from: ["igor@fripp.aic.synapse.ru"], date: "1996-06-06T11:50:39Z", attachments: ["Makefile", "multi-nested.msg", "Parser.n.out"], source: .plain, textPrefix: "Dear Sir,\n\nI have a problem wi"),
        Expectation("mime4j/core__src__test__resources__mimetools-testmsgs__sig-uu.msg.eml", messageID: nil, subject: "Here's my UU'ed sig!", from: [], date: nil, attachments: [], source: .plain, textPrefix: "Well, I don't know much about "),
        Expectation("mime4j/core__src__test__resources__testmsgs__bad-newlines-multiple-parts.msg.eml", messageID: nil, subject: nil, from: [], date: nil, attachments: [], source: .plain, textPrefix: "Text body\n"),
        Expectation("mime4j/core__src__test__resources__testmsgs__example.msg.eml", messageID: "1211726293.5772.10.camel@localhost", subject: "This is an example of a multipart mixed email with image content", from: ["robertburrelldonkin@blueyonder.co.uk"], date: "2008-05-25T14:38:13Z", attachments: ["blob.png", "blob.png", "rhubarb.txt"], source: .plain, textPrefix: "Licensed to the Apache Softwar"),
        Expectation("mime4j/core__src__test__resources__testmsgs__missing-inner-start-boundary.msg.eml", messageID: nil, subject: nil, from: [], date: nil, attachments: [], source: .plain, textPrefix: "Foo\n"),
        Expectation("mime4j/core__src__test__resources__testmsgs__simple-attachment.msg.eml", messageID: nil, subject: "Here is the attachment I was waiting for.", from: ["bar@example.com"], date: "2007-04-27T14:08:23Z", attachments: ["data.bin"], source: .plain, textPrefix: "Body.\n"),
        Expectation("nodemailer-mailparser/test__fixtures__mixed.eml", messageID: nil, subject: nil, from: [], date: nil, attachments: [], source: .plain, textPrefix: "\nThis e-mail message has been "),
        Expectation("spamscope-mail-parser/tests__mails__mail_test_11.eml", messageID: nil, subject: "письмо уведом-е", from: ["suvorov.s@nalg.ru"], date: nil, attachments: ["Prokuratura Rejonowa Warszawa-Śródmieście północ sygn. 2Ds. 137414 - RSK pracowników Skarbowych NSZZ Solidarność - Zarządzenie o odmowie dopuszczenia SOWP do udziału w postepowaniu.pdf"], source: .plain, textPrefix: ""),
        Expectation("spamscope-mail-parser/tests__mails__mail_test_2.eml", messageID: "4516257BC5774408ADC1263EEBBBB73F@ad.regione.vda.it", subject: "Bollettino Meteorologico del 29/11/2015", from: ["meteo@regione.vda.it"], date: "2015-11-29T08:45:18Z", attachments: ["intestazione.jpg", "logometeo.jpg", "Bollettino.pdf"], source: .plain, textPrefix: "\n\t\n\n\t\n\t\tUfficio Meteorologico "),
        Expectation("stalwart-mail-parser/resources__eml__legacy__007.eml", messageID: "NDBBIAKOPKHFGPLCODIGIEKCCHAA.doug@example.com", subject: "Die Hasen und die Frösche (Microsoft Outlook 00)", from: ["doug@example.com"], date: "2000-05-17T23:15:35Z", attachments: [], source: .plain, textPrefix: "Die Hasen und die Frösche\n\nDie"),
        Expectation("stalwart-mail-parser/resources__eml__legacy__016.eml", messageID: "4.2.0.58.20000519005150.00a85230@pop.example.com", subject: "Die Hasen und die Frösche", from: ["dwsauder@example.com"], date: "2000-05-19T04:53:25Z", attachments: ["blueball.png", "HasenundFr\u{FFFD}sche.txt"], source: .plain, textPrefix: "Die Hasen und die Frösche\n\nDie"),
        Expectation("stalwart-mail-parser/resources__eml__legacy__025.eml", messageID: "4.2.0.58.20000519003809.00a85140@pop.example.com", subject: "Die Hasen und die Frösche", from: ["dwsauder@example.com"], date: "2000-05-19T04:38:13Z", attachments: ["2aa51367.png", "2aa51371.png", "blueball.png", "greenball.png"], source: .html, textPrefix: "Die Hasen und die Frösche\n\nDie"),
        Expectation("stalwart-mail-parser/resources__eml__legacy__034.eml", messageID: "39236497.12FA2A89@example.com", subject: "Die Hasen und die Fr+APY-sche", from: ["dwsauder@example.com"], date: "2000-05-18T03:33:43Z", attachments: [], source: .plain, textPrefix: "Die Hasen und die Fr岣he\n\nDie H"),
        Expectation("stalwart-mail-parser/resources__eml__legacy__043.eml", messageID: "392359CF.DFF4527@example.com", subject: "Die Hasen und die Frösche (Netscape Communicator 4.7)", from: ["dwsauder@example.com"], date: "2000-05-18T02:47:43Z", attachments: [], source: .plain, textPrefix: "Die Hasen und die Frösche\n\nDie"),
        Expectation("stalwart-mail-parser/resources__eml__legacy__052.eml", messageID: "NDBBIAKOPKHFGPLCODIGOEKDCHAA.doug@example.com", subject: "Die Hasen und die Fr\u{FFFD}sche (Microsoft Outlook 00)", from: ["doug@example.com"], date: "2000-05-17T23:28:40Z", attachments: [], source: .plain, textPrefix: "Die Hasen und die Frösche\n\nDie"),
        Expectation("stalwart-mail-parser/resources__eml__malformed__007.eml", messageID: nil, subject: nil, from: [], date: nil, attachments: [], source: .plain, textPrefix: ""),
        Expectation("stalwart-mail-parser/resources__eml__malformed__016.eml", messageID: nil, subject: nil, from: [], date: nil, attachments: [], source: .plain, textPrefix: "1"),
        Expectation("stalwart-mail-parser/resources__eml__rfc__002.eml", messageID: nil, subject: "[Fwd: Map of Argentina with Description]", from: ["vice-president@whitehouse.gov"], date: nil, attachments: ["map_of_Argentina.gif"], source: .plain, textPrefix: "Fred,\n\nFire up Air Force One! "),
        Expectation("stalwart-mail-parser/resources__eml__thirdparty__001.eml", messageID: nil, subject: nil, from: [], date: nil, attachments: [], source: .plain, textPrefix: "d2UgaGF2ZQ1hIGxvdCAKb2YgAGJpbm"),
        Expectation("stalwart-mail-parser/resources__eml__thirdparty__010.eml", messageID: nil, subject: "こんにちは", from: [], date: nil, attachments: [], source: .plain, textPrefix: "人権の無視及"),
        Expectation("stalwart-mail-parser/resources__eml__thirdparty__019.eml", messageID: "1e58c8f2-3a15-96e7-76b7-046cf6e1ce1e@example.com", subject: "30 plaintext + (HTML + embedded image) + attachment", from: ["test@example.com"], date: "2017-12-30T19:50:01Z", attachments: ["kigaaldcbanejcbi.png", "attach2.png"], source: .plain, textPrefix: "Search for hähä\n\n"),

    ]

    @Test(arguments: expectations)
    func matches(_ expected: Expectation) throws {
        guard let directory = Corpora.directory("mime") else { return }
        let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent(expected.file)))
        let message = MailMessage(bytes)
        #expect(message.messageID == expected.messageID)
        #expect(message.subject == expected.subject)
        #expect(message.from.map(\.address) == expected.from)
        #expect(message.date.map { $0.formatted(Date.ISO8601FormatStyle(timeZone: .gmt)) } == expected.date)
        #expect(message.attachments.map(\.filename) == expected.attachments)
        let body = message.body
        #expect(body.source == expected.source)
        #expect(body.text.hasPrefix(expected.textPrefix), "text starts \(body.text.prefix(60).debugDescription)")
    }
}
