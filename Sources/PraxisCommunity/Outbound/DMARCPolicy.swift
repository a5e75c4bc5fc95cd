import Foundation

/// What a domain asks receivers to do with mail that fails DMARC (RFC 7489 §6.3, `p=` and `sp=`).
/// A list copy that keeps the author's From fails DMARC (the list changed the signed subject and
/// body, and sends from its own host), so under `quarantine` or `reject` it must not keep it.
public enum DMARCPolicy: String, Sendable, Hashable, CaseIterable {
    case none
    case quarantine
    case reject

    /// Whether a copy keeping the author's From would be quarantined or rejected by receivers
    /// who follow the policy (`list.from_rewrite: dmarc`).
    public var asksForRewrite: Bool { self != .none }
}

/// A `_dmarc` TXT record (RFC 7489 §6.3), the tags the list acts on.
public struct DMARCRecord: Sendable, Hashable {
    /// `p=`: the policy for the domain itself.
    public var policy: DMARCPolicy
    /// `sp=`: the policy for its subdomains, when found at a parent of the author's domain; nil when
    /// absent or invalid (then `policy` applies to them too).
    public var subdomainPolicy: DMARCPolicy?

    public init(policy: DMARCPolicy, subdomainPolicy: DMARCPolicy? = nil) {
        self.policy = policy
        self.subdomainPolicy = subdomainPolicy
    }

    /// The record in `text`; nil when it is not a DMARC record (its first tag is not
    /// `v=DMARC1`) or has no valid `p=` (§6.6.3 then asks receivers to apply none; the list
    /// leaves the author's From alone as for `p=none`).
    public init?(_ text: String) {
        var tags: [(name: Substring, value: Substring)] = []
        for part in text.split(separator: ";") {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let equals = trimmed.firstIndex(of: "=") else { return nil }
            tags.append((trimmed[..<equals].trimmingCharacters(in: .whitespaces)[...],
                         trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)[...]))
        }
        guard let version = tags.first, version.name == "v", version.value == "DMARC1",
              let policy = tags.first(where: { $0.name.lowercased() == "p" }).flatMap({ DMARCPolicy(rawValue: $0.value.lowercased()) })
        else { return nil }
        self.policy = policy
        subdomainPolicy = tags.first { $0.name.lowercased() == "sp" }.flatMap { DMARCPolicy(rawValue: $0.value.lowercased()) }
    }

    /// The one DMARC record among the TXT records found at a `_dmarc` name; nil when none is,
    /// or when more than one is (§6.6.3: then no policy applies).
    public static func single(among texts: [String]) -> DMARCRecord? {
        let found = texts.filter(Self.looksLikeDMARC)
        guard found.count == 1, let text = found.first else { return nil }
        return DMARCRecord(text)
    }

    /// Whether a TXT record starts with `v=DMARC1`: others at the name are ignored (§6.6.3).
    private static func looksLikeDMARC(_ text: String) -> Bool {
        guard let first = text.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first,
              let equals = first.firstIndex(of: "=") else { return false }
        return first[..<equals].trimmingCharacters(in: .whitespaces) == "v"
            && first[first.index(after: equals)...].trimmingCharacters(in: .whitespaces) == "DMARC1"
    }

    /// The policy for mail from the domain whose record this is (`atParentDomain` false), or
    /// from a subdomain of the domain whose record this is (true).
    public func policy(atParentDomain: Bool) -> DMARCPolicy {
        atParentDomain ? subdomainPolicy ?? policy : policy
    }

    /// Where a policy is looked for when `domain` publishes no record, nearest first: its parent
    /// domains down to two labels, as DMARCbis's DNS tree walk does instead of RFC 7489's
    /// organisational domain, which needs the Public Suffix List (for `mail.example.co.uk` the
    /// last two labels are `co.uk`, a public suffix, where the walk finds `example.co.uk`). A
    /// domain of more than eight labels skips to its last seven, as the walk does. The
    /// top-level domain alone is not asked: the list needs the author's organisation's policy,
    /// and asking every TLD's nameservers for each new domain would buy nothing.
    public static func parentDomains(of domain: String) -> [String] {
        let labels = domain.lowercased().split(separator: ".")
        guard labels.count > 2 else { return [] }
        let longest = labels.count >= 8 ? 7 : labels.count - 1
        return (2...longest).reversed().map { labels.suffix($0).joined(separator: ".") }
    }
}
