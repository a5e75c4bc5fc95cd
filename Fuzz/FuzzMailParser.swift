// libFuzzer entry point for PraxisMail. Compiled together with Sources/PraxisMail/*.swift into one
// module by Fuzz/run.sh, so internal API is reachable without @testable.
//
// A finding is any crash, sanitizer report, timeout (-timeout) or runaway memory (-rss_limit_mb):
// the parser promises to survive every input, so the target asserts nothing about its values; the
// list copy written from each input is checked (`checkListCopy`): its header must be well formed.

/// Parses `bytes` as a message and reads everything a caller can ask of it.
///
/// Returns a number folded from what was read, so no accessor can be optimised away.
func readEverything(_ message: MailMessage) -> Int {
    var checksum = message.bytes.count
    checksum &+= message.messageID?.utf8.count ?? 0
    checksum &+= message.subject?.utf8.count ?? 0
    for address in message.from + message.sender + message.to + message.cc + message.replyTo {
        checksum &+= address.address.utf8.count &+ (address.name?.utf8.count ?? 0)
        checksum &+= address.normalized.utf8.count
    }
    if let date = message.date, date.timeIntervalSince1970.isFinite {
        checksum &+= Int(date.timeIntervalSince1970.truncatingRemainder(dividingBy: 1e15))
    }
    for id in message.inReplyTo + message.references { checksum &+= id.utf8.count }
    checksum &+= message.listID?.utf8.count ?? 0
    let body = message.body
    checksum &+= body.text.utf8.count &+ body.source.rawValue.utf8.count
    checksum &+= message.text.utf8.count
    for attachment in message.attachments {
        checksum &+= attachment.size &+ attachment.contentType.utf8.count &+ (attachment.filename?.utf8.count ?? 0)
    }
    for field in message.headerFields { checksum &+= field.name.utf8.count &+ field.value.utf8.count }
    checksum &+= message.header("content-type")?.utf8.count ?? 0
    for value in message.headers("received") { checksum &+= value.utf8.count }
    for field in message.authenticationResults {
        checksum &+= field.authservID.utf8.count
        for result in field.results { checksum &+= result.method.utf8.count &+ result.result.utf8.count &+ result.properties.count }
    }
    for defect in message.defects { checksum &+= defect.code.utf8.count &+ defect.detail.utf8.count }
    return checksum
}

/// Writes the list copy of `message` and checks its header section: a finding (a crash) when a
/// line ends in anything but CRLF, holds a NUL or is longer than 998 octets, or when the copy's
/// fields are not the original's, as parsed, plus the ones added (issue 16, finding 3).
func checkListCopy(_ message: MailMessage) -> Int {
    var rewrite = MessageRewrite(removedFields: ["dkim-signature", "bcc"], subject: "[List] " + (message.subject ?? ""))
    rewrite.addedFields = [("List-Id", "List <list.example.org>"), ("X-Subject", message.subject ?? "")]
    let copy = message.rewritten(rewrite)
    var names: [String] = []
    var lineStart = 0
    var index = 0
    while index < copy.count {
        let byte = copy[index]
        precondition(byte != 0, "a NUL in the header of a list copy")
        precondition(byte != 0x0D || (index + 1 < copy.count && copy[index + 1] == 0x0A), "a bare CR in a list copy's header")
        if byte == 0x0A {
            precondition(index > 0 && copy[index - 1] == 0x0D, "a bare LF in a list copy's header")
            let line = copy[lineStart..<(index - 1)]
            precondition(line.count <= 998, "a header line of \(line.count) octets in a list copy")
            if line.isEmpty { break }
            if line.first != 0x20 && line.first != 0x09, let colon = line.firstIndex(of: UInt8(ascii: ":")) {
                var name = line[..<colon]
                while let last = name.last, last == 0x20 || last == 0x09 { name = name.dropLast() }
                names.append(String(decoding: name, as: UTF8.self).lowercased())
            }
            lineStart = index + 1
        }
        index += 1
    }
    // Every field of the copy is one the original had or one the rewrite adds (a body-less
    // original whose footer wraps it is not written here: no footer).
    let allowed = Set(message.headerFields.map { $0.name.lowercased() } + ["subject", "list-id", "x-subject", "content-transfer-encoding"])
    for name in names { precondition(allowed.contains(name), "a list copy has a field \(name) the original did not") }
    return copy.count
}

/// Limits small enough that short fuzz inputs reach every limit-handling path.
let tightLimits: ParseLimits = {
    var limits = ParseLimits()
    limits.maxDepth = 3
    limits.maxParts = 8
    limits.maxHeaderFields = 16
    limits.maxHeaderBytes = 512
    return limits
}()

/// Keeps the checksum observable so the optimiser keeps the work that produced it.
nonisolated(unsafe) var fuzzSink = 0

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMailParser(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start, count > 0 else {
        fuzzSink &+= readEverything(MailMessage([]))
        return 0
    }
    let bytes = Array(UnsafeBufferPointer(start: start, count: count))

    // The last byte picks the limits, so one input can be replayed under both by the mutator.
    let limits = bytes[bytes.count - 1] & 3 == 0 ? tightLimits : ParseLimits.default
    let message = MailMessage(bytes, limits: limits)
    fuzzSink &+= readEverything(message)
    if message.hasHeaderFields { fuzzSink &+= checkListCopy(message) }

    // The same bytes as an mbox archive: splitting must end, and every piece must parse.
    var pieces = 0
    for piece in Mbox(bytes) {
        fuzzSink &+= readEverything(MailMessage(piece, limits: limits))
        pieces += 1
        // A 64 KiB input can hold thousands of tiny messages; a few prove the splitting, and
        // parsing all of them would only slow the fuzzer down.
        if pieces == 16 { break }
    }
    // Read piece by piece, as `praxis import` reads a file, the archive must split the same.
    checkPieceByPiece(bytes, pieceSize: 1 + Int(bytes.first ?? 0) % 97)
    return 0
}

/// Stops with a precondition failure (a finding) when `MboxReader`, given `bytes` `pieceSize` at
/// a time, does not yield exactly `Mbox`'s messages.
func checkPieceByPiece(_ bytes: [UInt8], pieceSize: Int) {
    var offset = 0
    var reader = MboxReader(pieceSize: pieceSize) { count in
        let piece = Array(bytes[offset..<min(bytes.count, offset + count)])
        offset += piece.count
        return piece
    }
    var whole = Mbox(bytes).makeIterator()
    while true {
        let expected = whole.next()
        let read = try? reader.next()
        precondition(read == expected, "MboxReader split differently at piece size \(pieceSize)")
        if expected == nil { return }
    }
}
