// libFuzzer entry point for PraxisMail. Compiled together with Sources/PraxisMail/*.swift into one
// module by Fuzz/run.sh, so internal API is reachable without @testable.
//
// A finding is any crash, sanitizer report, timeout (-timeout) or runaway memory (-rss_limit_mb):
// the parser promises to survive every input, so the target asserts nothing about values.

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
    fuzzSink &+= readEverything(MailMessage(bytes, limits: limits))

    // The same bytes as an mbox archive: splitting must end, and every piece must parse.
    var pieces = 0
    for piece in Mbox(bytes) {
        fuzzSink &+= readEverything(MailMessage(piece, limits: limits))
        pieces += 1
        // A 64 KiB input can hold thousands of tiny messages; a few prove the splitting, and
        // parsing all of them would only slow the fuzzer down.
        if pieces == 16 { break }
    }
    return 0
}
