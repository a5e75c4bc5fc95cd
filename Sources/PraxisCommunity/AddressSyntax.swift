/// Checks the addresses an operator writes in the configuration.
///
/// Deliberately stricter and simpler than RFC 5322: configuration addresses are bare
/// `local@domain` addr-specs (no display names, no comments, no quoted local parts), because they
/// end up in envelopes, in `List-*` headers and in VERP addresses where anything unusual breaks.
public enum AddressSyntax {
    /// Why `address` is not a usable addr-spec, or nil when it is.
    public static func problem(in address: String) -> String? {
        let bytes = Array(address.utf8)
        if bytes.isEmpty { return "the address is empty" }
        if bytes.count > 254 { return "the address is longer than 254 bytes" }
        for byte in bytes {
            switch byte {
            case 0x00...0x1F, 0x7F: return "the address contains a control character"
            case 0x20: return "the address contains a space"
            case UInt8(ascii: "<"), UInt8(ascii: ">"):
                return "write the bare address without angle brackets, e.g. list@example.org"
            case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"),
                 UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: ","), UInt8(ascii: ";"),
                 UInt8(ascii: ":"):
                return "the address contains \"\(Character(Unicode.Scalar(byte)))\", which needs quoting in mail"
            default: continue
            }
        }
        let ats = bytes.indices.filter { bytes[$0] == UInt8(ascii: "@") }
        guard ats.count == 1, let at = ats.first else {
            return ats.isEmpty ? "the address has no \"@\"; write local@domain" : "the address has more than one \"@\""
        }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        if local.isEmpty { return "the address has nothing before \"@\"" }
        if local.count > 64 { return "the part before \"@\" is longer than 64 bytes" }
        if let problem = dotProblem(local, part: "the part before \"@\"") { return problem }
        if domain.isEmpty { return "the address has no domain after \"@\"" }
        if let problem = dotProblem(domain, part: "the domain") { return problem }
        for label in domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            if label.count > 63 { return "a label of the domain is longer than 63 bytes" }
            if label.first == UInt8(ascii: "-") || label.last == UInt8(ascii: "-") {
                return "a label of the domain starts or ends with \"-\""
            }
            // Bytes >= 0x80 are allowed: internationalised domains are written in UTF-8 here.
            let isHostByte: (UInt8) -> Bool = {
                $0 >= 0x80 || $0 == UInt8(ascii: "-") || ($0 >= 0x30 && $0 <= 0x39)
                    || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A)
            }
            if !label.allSatisfy(isHostByte) { return "the domain may hold only letters, digits, \"-\" and \".\"" }
        }
        return nil
    }

    private static func dotProblem(_ part: ArraySlice<UInt8>, part name: String) -> String? {
        let dot = UInt8(ascii: ".")
        if part.first == dot || part.last == dot { return "\(name) starts or ends with \".\"" }
        var previous: UInt8 = 0
        for byte in part {
            if byte == dot && previous == dot { return "\(name) contains \"..\"" }
            previous = byte
        }
        return nil
    }

    /// The local part and the domain of an address that passed `problem(in:)`.
    public static func split(_ address: String) -> (local: Substring, domain: Substring)? {
        guard let at = address.lastIndex(of: "@") else { return nil }
        return (address[..<at], address[address.index(after: at)...])
    }
}
