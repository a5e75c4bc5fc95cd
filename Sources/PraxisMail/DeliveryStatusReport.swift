/// What a delivery status notification (RFC 3464) says about each recipient.
public struct DeliveryStatusReport: Sendable, Hashable {
    /// One per-recipient block of the `message/delivery-status` part.
    public struct Recipient: Sendable, Hashable {
        /// The address the failing server was given (`Final-Recipient`), without its `rfc822;` type.
        public var finalRecipient: String?
        /// The address as first submitted (`Original-Recipient`), when the report gives it.
        public var originalRecipient: String?
        /// `failed`, `delayed`, `delivered`, `relayed` or `expanded`, lower-cased.
        public var action: String?
        /// The RFC 3463 status code, e.g. `5.1.1`.
        public var status: String?
        /// The server's own words, e.g. `smtp; 550 5.1.1 User unknown`.
        public var diagnostic: String?

        /// Whether this is a failure and which kind: true for permanent (status 5.x.x), false for
        /// temporary (4.x.x, or `delayed`); nil when it is no failure at all (delivered, relayed).
        public var isPermanentFailure: Bool? {
            switch status?.first {
            case "5": return true
            case "4": return false
            case "2": return nil
            default: break
            }
            switch action {
            case "failed": return true
            case "delayed": return false
            default: return nil
            }
        }
    }

    public var reportingMTA: String?
    public var recipients: [Recipient]
}

extension MailMessage {
    /// The delivery status of a DSN: its first `message/delivery-status` (or RFC 6533
    /// `message/global-delivery-status`) part, wherever it sits; nil when there is none.
    public var deliveryStatusReport: DeliveryStatusReport? {
        guard let part = parts.first(where: {
            $0.type == "message" && ($0.subtype == "delivery-status" || $0.subtype == "global-delivery-status")
        }) else { return nil }
        var ignored: [MailDefect] = []
        let text = String(decoding: decodedBody(part, defects: &ignored), as: UTF8.self)
        var blocks: [[(name: String, value: String)]] = []
        var current: [(name: String, value: String)] = []
        // "\r\n" is one Character in Swift, so lines are split on any newline Character.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) {
                if !current.isEmpty { blocks.append(current) }
                current = []
            } else if line.first == " " || line.first == "\t", !current.isEmpty {
                current[current.count - 1].value += " " + line.trimmingASCIIWhitespace()
            } else if let colon = line.firstIndex(of: ":") {
                current.append((line[..<colon].trimmingASCIIWhitespace().lowercased(),
                                line[line.index(after: colon)...].trimmingASCIIWhitespace()))
            }
        }
        if !current.isEmpty { blocks.append(current) }
        func value(_ name: String, in block: [(name: String, value: String)]) -> String? {
            block.first { $0.name == name }.map(\.value)
        }
        /// `rfc822; <alice@example.org>` → `alice@example.org`.
        func address(_ field: String?) -> String? {
            guard let field else { return nil }
            let afterType = field.firstIndex(of: ";").map { field[field.index(after: $0)...] } ?? field[...]
            let bare = afterType.trimmingASCIIWhitespace().trimming("<>")
            return bare.contains("@") ? bare : nil
        }
        var report = DeliveryStatusReport(reportingMTA: nil, recipients: [])
        for block in blocks {
            let final = address(value("final-recipient", in: block))
            let original = address(value("original-recipient", in: block))
            if final == nil && original == nil {
                report.reportingMTA = report.reportingMTA ?? value("reporting-mta", in: block)
                continue
            }
            report.recipients.append(DeliveryStatusReport.Recipient(
                finalRecipient: final, originalRecipient: original,
                action: value("action", in: block)?.lowercased(),
                status: value("status", in: block).map { String($0.prefix { !$0.isWhitespace && $0 != "(" }) },
                diagnostic: value("diagnostic-code", in: block)))
        }
        return report
    }
}

extension String {
    fileprivate func trimming(_ set: String) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
