import Foundation
import PraxisMail

/// The unsubscribe fields of list copies and digests (RFC 2369, RFC 8058). With `web.base_url`
/// set, each member's mail names their own one-click link before the request address, and says
/// that a POST to it unsubscribes (what Gmail's and Yahoo's bulk-sender rules ask for); without
/// it, only the request address.
public enum OneClickUnsubscribe {
    /// `List-Unsubscribe` and, with a link, `List-Unsubscribe-Post`.
    public static func fields(link: String?, community: Community) -> [(name: String, value: String)] {
        let mailto = "<mailto:\(community.requestAddress)?subject=unsubscribe>"
        guard let link else { return [("List-Unsubscribe", mailto)] }
        return [("List-Unsubscribe", "<\(link)>, \(mailto)"), ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")]
    }

    /// The fields with `link` as header lines, for the bytes a member's copy has in front of the
    /// copy all share. The value is folded after the comma: a URL itself may not be folded, and
    /// one too long for a header line is left out (the request address still works).
    public static func headerLines(link: String, community: Community) -> [UInt8] {
        guard link.utf8.count <= 900, !link.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F || $0 == UInt8(ascii: ">") }) else {
            return Array("List-Unsubscribe: <mailto:\(community.requestAddress)?subject=unsubscribe>\r\n".utf8)
        }
        return Array("""
            List-Unsubscribe: <\(link)>,\r\n <mailto:\(community.requestAddress)?subject=unsubscribe>\r\n\
            List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n
            """.utf8)
    }
}

/// One member's list copy: their address, and the header lines only their copy has, written in
/// front of the copy every member shares.
public struct ListCopyRecipient: Sendable, Hashable {
    public var address: String
    public var ownHeader: [UInt8]

    public init(address: String, ownHeader: [UInt8] = []) {
        self.address = address
        self.ownHeader = ownHeader
    }
}
