/// One mailbox from an address header: an optional display name and the address itself.
public struct MailAddress: Hashable, Sendable {
    /// The decoded display name, or nil when the mailbox has none.
    public var name: String?
    /// The addr-spec, `local@domain`, as written (case is kept; compare with `normalized`).
    public var address: String

    public init(name: String? = nil, address: String) {
        self.name = name
        self.address = address
    }

    /// The address with its domain lower-cased; the form used to identify members.
    ///
    /// The local part is lower-cased too: RFC 5321 allows case-sensitive local parts, but no
    /// mail system in use treats them so, and members would otherwise be split in two.
    public var normalized: String { address.lowercased() }
}
