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
            if mkdir(folder, 0o700) == -1 && errno != EEXIST {
                throw SystemError(call: "mkdir", context: folder, errno: errno)
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
        guard let info = name.range(of: ":2,") else { return name + ":2,S" }
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
        return lstat(path + "/" + folder + "/" + name, &status) == 0
    }

    /// Delivers `bytes` as a new message the maildir way: write to `tmp/`, fsync, rename into
    /// `new/`. Returns the file name.
    @discardableResult
    public func deliver(_ bytes: [UInt8], uniqueName: String) throws(SystemError) -> String {
        let temporary = tmpPath + "/" + uniqueName
        let descriptor = try systemCall("open", temporary) { open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600) }
        var failure: SystemError? = nil
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = SystemError(call: "write", context: temporary, errno: errno)
                    return
                }
                offset += written
            }
        }
        if failure == nil, fsync(descriptor) == -1 { failure = SystemError(call: "fsync", context: temporary, errno: errno) }
        close(descriptor)
        if let failure {
            unlink(temporary)
            throw failure
        }
        let final = newPath + "/" + uniqueName
        try systemCall("rename", "\(temporary) to \(final)") { rename(temporary, final) }
        return uniqueName
    }

    // MARK: Files

    static func list(_ directory: String) throws(SystemError) -> Listing {
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

    static func readFile(_ path: String, limit: Int) throws(SystemError) -> LimitedRead {
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
        defer { close(descriptor) }
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
            let count = bytes.withUnsafeMutableBytes { raw in
                Glibc.read(descriptor, raw.baseAddress! + total, raw.count - total)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw SystemError(call: "read", context: path, errno: errno)
            }
            if count == 0 { break }
            total += count
        }
        if total > limit { return .tooLarge(size: total) }
        bytes.removeSubrange(total...)
        return .bytes(bytes)
    }
}
