import Glibc

/// A maildir (qmail's maildir(5)) as Praxis uses it: the MTA delivers into `new/`; Praxis claims a
/// message by renaming it into `cur/` with the Seen flag only once it is recorded; what cannot be
/// recorded moves to the `.Quarantine` folder. Nothing is ever deleted, and `tmp/` is never read.
public struct Maildir: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    public var newPath: String { path + "/new" }
    public var curPath: String { path + "/cur" }
    public var tmpPath: String { path + "/tmp" }
    public var quarantine: Maildir { Maildir(path: path + "/.Quarantine") }

    /// Creates the maildir's folders where they are missing (mode 0700: mail is private).
    public func create() throws(SystemError) {
        for folder in [path, tmpPath, newPath, curPath] {
            do {
                try systemCall("mkdir", folder) { mkdir(folder, 0o700) }
            } catch where error.errno == EEXIST {
                continue
            }
        }
    }

    /// The names of the entries in `new/` that are UTF-8, in no particular order.
    public func newMessages() throws(SystemError) -> [String] { try listing(of: "new").names }

    /// The names of the entries in `cur/` that are UTF-8.
    public func currentMessages() throws(SystemError) -> [String] { try listing(of: "cur").names }

    /// What a folder holds, apart from dot files.
    public struct Listing: Sendable {
        /// The entries whose names are UTF-8, in no particular order.
        public var names: [String] = []
        /// The names that are not UTF-8, byte for byte: as a String they would have U+FFFD in
        /// place of the bad bytes and name no file, so the entry could be neither read nor moved.
        public var undecodable: [[UInt8]] = []
    }

    /// The entries of `folder` (`new` or `cur`), every kind: what is no regular file is found by
    /// reading it and quarantined, instead of staying there unseen for ever.
    public func listing(of folder: String) throws(SystemError) -> Listing {
        try Self.list(path + "/" + folder)
    }

    /// The name an entry whose name is not UTF-8 gets in the quarantine: the UTF-8 runs kept,
    /// every other byte (and `%`, so the bytes can be told back) written `%XX`. Once the name is
    /// readable, moving the file back into `new/` records it.
    public static func readableName(_ raw: [UInt8]) -> String {
        var name = ""
        var parser = Unicode.UTF8.ForwardParser()
        var bytes = raw.makeIterator()
        var position = 0
        func escape(_ byte: UInt8) {
            let hex = String(byte, radix: 16, uppercase: true)
            name += "%" + (hex.count == 1 ? "0" : "") + hex
        }
        while true {
            switch parser.parseScalar(from: &bytes) {
            case .valid(let encoded):
                position += encoded.count
                let scalar = Unicode.UTF8.decode(encoded)
                if scalar == "%" { escape(UInt8(ascii: "%")) } else { name.unicodeScalars.append(scalar) }
            case .error(let length):
                for byte in raw[position..<position + length] { escape(byte) }
                position += length
            case .emptyInput:
                return name
            }
        }
    }

    /// The name a message gets in `cur/`: its unique part with the info `:2,` and the Seen flag
    /// added to whatever flags it already had.
    public static func claimedName(_ name: String) -> String {
        guard let info = name.firstRange(of: ":2,") else { return name + ":2,S" }
        let flags = name[info.upperBound...]
        if flags.contains("S") { return name }
        // Flags are kept in ASCII order (maildir(5)).
        let merged = String((Array(flags) + ["S"]).sorted())
        return String(name[..<info.upperBound]) + merged
    }

    /// Moves `new/NAME` to `cur/NAME:2,S`; returns the new name. A rename is atomic: at every
    /// instant the message is in exactly one of the two folders.
    @discardableResult
    public func claim(_ name: String) throws(SystemError) -> String {
        let target = Self.claimedName(name)
        try systemCall("rename", "\(newPath)/\(name) to \(curPath)/\(target)") {
            rename(newPath + "/" + name, curPath + "/" + target)
        }
        return target
    }

    /// Moves a message from `folder` (`new` or `cur`) of this maildir into the quarantine's `new/`,
    /// where an operator's mail client shows it as unread.
    @discardableResult
    public func moveToQuarantine(_ name: String, from folder: String = "new") throws(SystemError) -> String {
        try moveToQuarantine(raw: Array(name.utf8), from: folder, as: name)
    }

    /// Moves the entry named by the bytes `raw` (perhaps not UTF-8) from `folder` into the
    /// quarantine's `new/` as `name`.
    @discardableResult
    public func moveToQuarantine(raw: [UInt8], from folder: String, as name: String) throws(SystemError) -> String {
        try quarantine.create()
        let source = Array((path + "/" + folder + "/").utf8) + raw + [0]
        let target = quarantine.newPath + "/" + name
        let shown = Self.readableName(raw)
        try systemCall("rename", "\(path)/\(folder)/\(shown) to \(target)") {
            source.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { rename($0.baseAddress, target) }
            }
        }
        return name
    }

    /// Reads one message file completely; nil when the entry is no regular file (a symlink is
    /// never followed, a FIFO or device never waited on).
    public func read(_ name: String, in folder: String = "new") throws(SystemError) -> [UInt8]? {
        switch try Self.readFile(path + "/" + folder + "/" + name, limit: Int.max) {
        case .bytes(let bytes): bytes
        case .tooLarge, .notRegularFile: nil
        }
    }

    /// What reading a message file under a size limit found.
    public enum LimitedRead: Sendable {
        case bytes([UInt8])
        /// The file is larger than the limit; it was not read.
        case tooLarge(size: Int)
        /// The entry is no regular file; it was neither followed nor read.
        case notRegularFile(EntryKind)
    }

    /// What a directory entry is, from its `st_mode`.
    public enum EntryKind: Sendable, Hashable, CustomStringConvertible {
        case regularFile, directory, symbolicLink, fifo, characterDevice, blockDevice, socket, unknown

        init(mode: mode_t) {
            switch mode & S_IFMT {
            case S_IFREG: self = .regularFile
            case S_IFDIR: self = .directory
            case S_IFLNK: self = .symbolicLink
            case S_IFIFO: self = .fifo
            case S_IFCHR: self = .characterDevice
            case S_IFBLK: self = .blockDevice
            case S_IFSOCK: self = .socket
            default: self = .unknown
            }
        }

        public var description: String {
            switch self {
            case .regularFile: "a regular file"
            case .directory: "a directory"
            case .symbolicLink: "a symbolic link"
            case .fifo: "a FIFO (named pipe)"
            case .characterDevice: "a character device"
            case .blockDevice: "a block device"
            case .socket: "a socket"
            case .unknown: "of an unknown type"
            }
        }
    }

    /// Reads one message file unless it is larger than `limit` bytes (a hostile 10 GB file must
    /// not cost its size in memory) or no regular file. The one way a message file is opened, for
    /// ingest and for every later read of a post (moderation, distribution, digests): what is
    /// checked is the opened file itself (fstat), so the type, the size and the bytes are the same
    /// file's even if another process replaces the name meanwhile.
    public func read(_ name: String, in folder: String = "new", limit: Int) throws(SystemError) -> LimitedRead {
        try Self.readFile(path + "/" + folder + "/" + name, limit: limit)
    }

    /// Whether a directory entry by that name exists at all, following no symlink: a file another
    /// process moved away does not.
    public func entryExists(_ name: String, in folder: String = "new") -> Bool {
        var status = stat()
        let entry = path + "/" + folder + "/" + name
        return (try? systemCall("lstat", entry) { lstat(entry, &status) }) != nil
    }

    /// Delivers `bytes` as a new message the maildir way: write to `tmp/`, fsync, rename into
    /// `new/` (or into `folder`: `cur` for history that was never new, named with its `:2,`
    /// info). Returns the file name. The one maildir writer: the `maildir:` transport and
    /// `praxis import` write through it too. `mode` 0600 by default: mail is private.
    @discardableResult
    public func deliver(_ bytes: [UInt8], uniqueName: String, mode: mode_t = 0o600, into folder: String = "new") throws(SystemError) -> String {
        let temporary = tmpPath + "/" + Self.uniquePart(of: uniqueName)
        let final = path + "/" + folder + "/" + uniqueName
        let descriptor = try systemCall("open", temporary) {
            open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        }
        do {
            defer { closeDescriptor(descriptor) }
            try writeAll(bytes, to: descriptor, temporary)
            try systemCall("fsync", temporary) { fsync(descriptor) }
        } catch {
            removeFile(temporary)
            throw error
        }
        do {
            try systemCall("rename", "\(temporary) to \(final)") { rename(temporary, final) }
        } catch {
            removeFile(temporary)
            throw error
        }
        return uniqueName
    }

    /// Makes the renames into `new/` so far durable: one directory sync for a whole batch.
    public func syncNew() throws(SystemError) {
        let directory = try systemCall("open", newPath) { open(newPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        defer { closeDescriptor(directory) }
        try systemCall("fsync", newPath) { fsync(directory) }
    }

    /// A unique name for a new file: time, a per-process sequence number, the PID and the host
    /// (maildir(5)).
    public static func uniqueName(sequence: Int) -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return "\(now.tv_sec).M\(now.tv_nsec / 1000)P\(getpid())Q\(sequence).\(hostName)"
    }

    /// The host name with "/" and ":" escaped, as maildir(5) asks.
    private static let hostName: String = {
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, host.count - 1)
        var name = ""
        for scalar in String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self).unicodeScalars {
            switch scalar {
            case "/": name += "\\057"
            case ":": name += "\\072"
            default: name.unicodeScalars.append(scalar)
            }
        }
        return name
    }()

    /// The part of a file name that never changes: everything before the `:2,` info.
    public static func uniquePart(of fileName: String) -> String {
        guard let colon = fileName.firstIndex(of: ":") else { return fileName }
        return String(fileName[..<colon])
    }

    /// The bytes of the message whose unique name (without `:2,` flags) is `uniqueName`, from
    /// `new/` or `cur/`; nil when it is in neither. A batch of look-ups uses one `Lookup`.
    public func message(uniqueName: String) -> [UInt8]? {
        var lookup = Lookup(maildir: self)
        return lookup.bytes(uniqueName: uniqueName)
    }

    /// Finds messages by their unique name (without `:2,` flags), in `new/` or `cur/`: where
    /// `claim` puts them first, then by listing `cur/` once, for files whose flags another mail
    /// client changed. One lookup for a batch of messages lists `cur/` at most once.
    public struct Lookup {
        public let maildir: Maildir
        /// `cur/`'s entries by unique part, once listed.
        private var current: [String: String]?

        public init(maildir: Maildir) {
            self.maildir = maildir
        }

        /// The bytes of the message whose unique name is `uniqueName`; nil when it is in neither folder.
        public mutating func bytes(uniqueName: String) -> [UInt8]? {
            if let bytes = try? maildir.read(uniqueName, in: "new") { return bytes }
            // Where `claim` put it, without listing a folder of perhaps many thousands of files.
            if let bytes = try? maildir.read(Maildir.claimedName(uniqueName), in: "cur") { return bytes }
            if current == nil {
                var entries: [String: String] = [:]
                for entry in (try? maildir.currentMessages()) ?? [] {
                    entries[Maildir.uniquePart(of: entry)] = entry
                }
                current = entries
            }
            guard let entry = current?[uniqueName] else { return nil }
            return try? maildir.read(entry, in: "cur")
        }
    }

    // MARK: Files

    /// The entries of `directory` apart from dot files, every kind.
    public static func list(_ directory: String) throws(SystemError) -> Listing {
        guard let stream = opendir(directory) else {
            throw SystemError(call: "opendir", context: directory, errno: errno)
        }
        defer { closedir(stream) }
        var listing = Listing()
        while let entry = readdir(stream) {
            let raw = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            // Dot files are not messages (maildir(5)); this also skips "." and "..".
            if raw.first == UInt8(ascii: ".") { continue }
            // Every kind of entry is listed: a directory, FIFO or link in new/ is no message and
            // can never become one, so reading it says what it is and it is quarantined.
            if let name = String(validating: raw, as: UTF8.self) {
                listing.names.append(name)
            } else {
                listing.undecodable.append(raw)
            }
        }
        return listing
    }

    /// Reads the file at `path` unless it is larger than `limit` bytes or no regular file (see
    /// `read(_:in:limit:)`).
    public static func readFile(_ path: String, limit: Int) throws(SystemError) -> LimitedRead {
        var status = stat()
        // lstat first, so that a device is never opened (opening one may act on hardware or
        // wait) and the type is reported as the entry's own, not a link target's.
        try systemCall("lstat", path) { lstat(path, &status) }
        let kind = EntryKind(mode: status.st_mode)
        if kind != .regularFile { return .notRegularFile(kind) }
        // Something else may have taken the name since the lstat: O_NOFOLLOW refuses a symlink,
        // O_NONBLOCK keeps a FIFO from waiting for a writer that never comes (which once blocked
        // ingest and the daemon's start for ever), O_NOCTTY keeps a terminal from becoming ours;
        // fstat then checks what was really opened.
        let descriptor: Int32
        do {
            descriptor = try systemCall("open", path) { open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC) }
        } catch let error where error.errno == ELOOP {
            return .notRegularFile(.symbolicLink)
        }
        defer { closeDescriptor(descriptor) }
        try systemCall("fstat", path) { fstat(descriptor, &status) }
        let opened = EntryKind(mode: status.st_mode)
        if opened != .regularFile { return .notRegularFile(opened) }
        let size = Int(status.st_size)
        if size > limit { return .tooLarge(size: size) }
        // One byte more than the size, so that the read that finds the end of file needs no
        // larger buffer (and the message does not keep one) when the file did not change.
        var bytes = [UInt8](repeating: 0, count: size + 1)
        var total = 0
        while true {
            if total == bytes.count {
                // The file grew since fstat; keep reading until end of file, up to the limit.
                if total > limit { return .tooLarge(size: total) }
                bytes.append(contentsOf: repeatElement(0, count: max(4096, bytes.count / 2)))
            }
            let start = total
            let count = try systemCall("read", path) {
                bytes.withUnsafeMutableBytes { raw in Glibc.read(descriptor, raw.baseAddress.map { $0 + start }, raw.count - start) }
            }
            if count == 0 { break }
            total += count
        }
        if total > limit { return .tooLarge(size: total) }
        bytes.removeSubrange(total...)
        return .bytes(bytes)
    }
}
