import Foundation
import PraxisMail

/// What the learned classifier sees of a post: hashed counts of words and word pairs from the
/// subject and the new part of the body, plus the sender's domain.
///
/// Nothing here knows about any particular list or archive: no header other than Subject and From
/// is read, so a model trained on one kind of mail does not learn the furniture of its transport.
/// Tokenising works on UTF-8 bytes (ingest runs it on every post): a word is a run of ASCII letters
/// and digits or non-ASCII letters, lower-cased (ASCII and Latin-1 capitals, the common case in
/// European lists), 2–30 bytes long. Each word and each pair of
/// adjacent words is hashed into a fixed space of `dimension` features, so no vocabulary has to be
/// kept while extracting.
public struct TextFeatures: Sendable, Hashable {
    /// The number of hashed features; indices are below this.
    public static let dimension = 1 << dimensionBits
    static let dimensionBits = 20
    static let mask = UInt32(dimension - 1)
    /// How often a subject word counts: a subject is a summary written by the author.
    static let subjectWeight = 2
    /// Bounds the work and memory for one post; a post longer than this is judged by its start.
    static let maxFeatureCount = 40_000
    /// Words are taken from the first this many bytes of the text only (see `hashWords`). On the
    /// 20 Newsgroups split, 4 KiB cost 0.3 points of accuracy and 12 KiB nothing measurable, while
    /// the whole text made extracting features a third slower.
    static let maxTextBytes = 12 * 1024
    static let minWordLength = 2
    static let maxWordLength = 30

    /// Feature indices, ascending and distinct, each below `dimension`.
    public private(set) var indices: [UInt32]
    /// How often each feature in `indices` occurred.
    public private(set) var counts: [Float]
    /// The sender's address as a key of its own (a 32-bit hash of it lower-cased, not folded into
    /// the feature space), for `AuthorHistory`; nil without a sender.
    public private(set) var author: UInt32?

    /// How much a word of quoted text counts against one of the post's own: what a reply quotes
    /// says what the thread is about (a short "+1, works here" says nothing alone), but it is
    /// another author's text and is mostly shared with the post it answers.
    static let quotedWeight: Float = 0.5
    /// Quoted words are taken from the first this many bytes of the quoted lines only: the nearest
    /// quote is the part a reply answers.
    static let maxQuotedBytes = 6 * 1024

    /// The features of a parsed message: its subject, the reader text trimmed to what is new in it,
    /// the lines it quotes (at `quotedWeight`), and its first From address.
    public init(message: MailMessage) {
        let readerText = message.body.readerText
        self.init(
            subject: message.subject ?? "",
            text: NewText.trimmed(readerText),
            quoted: Self.quotedText(of: readerText),
            senderAddress: message.from.first?.address
        )
    }

    /// The features of a post given as its parts; `text` should already be trimmed to what is new,
    /// and `quoted` is what `quotedText(of:)` found in the untrimmed text ("" for none).
    public init(subject: String, text: String, quoted: String = "", senderAddress: String?) {
        let own = Self.collect(subject: subject, text: text, textLimit: Self.maxTextBytes, senderAddress: senderAddress)
        author = senderAddress.flatMap(Self.authorKey)
        guard !quoted.isEmpty else {
            self.indices = own.indices
            self.counts = own.counts
            return
        }
        let other = Self.collect(subject: "", text: quoted, textLimit: Self.maxQuotedBytes, senderAddress: nil)
        (self.indices, self.counts) = Self.merged(own, other, weight: Self.quotedWeight)
    }

    /// Two sorted feature lists as one, the second's counts multiplied by `weight`.
    static func merged(
        _ a: (indices: [UInt32], counts: [Float]), _ b: (indices: [UInt32], counts: [Float]), weight: Float
    ) -> (indices: [UInt32], counts: [Float]) {
        var indices: [UInt32] = [], counts: [Float] = []
        indices.reserveCapacity(a.indices.count + b.indices.count)
        counts.reserveCapacity(a.indices.count + b.indices.count)
        var i = 0, j = 0
        while i < a.indices.count || j < b.indices.count {
            if j >= b.indices.count || (i < a.indices.count && a.indices[i] < b.indices[j]) {
                indices.append(a.indices[i]); counts.append(a.counts[i]); i += 1
            } else if i >= a.indices.count || b.indices[j] < a.indices[i] {
                indices.append(b.indices[j]); counts.append(weight * b.counts[j]); j += 1
            } else {
                indices.append(a.indices[i]); counts.append(a.counts[i] + weight * b.counts[j]); i += 1; j += 1
            }
        }
        return (indices, counts)
    }

    /// The term weight of a feature seen `count` times: sublinear (1 + ln count) from one
    /// occurrence on, linear below it, where only quoted occurrences (`quotedWeight`) land, so that
    /// a quoted word weighs less than an own one and never below zero.
    @inline(__always)
    static func termWeight(_ count: Float) -> Float {
        count >= 1 ? 1 + log(count) : count
    }

    /// The lines of `text` that quote another message ("> ", nested or not), without their quote
    /// marks, up to `maxQuotedBytes`: what `NewText.trimmed` takes away from a reply.
    public static func quotedText(of text: String) -> String {
        var text = text
        return text.withUTF8 { bytes -> String in
            var quoted: [UInt8] = []
            var start = 0
            let count = bytes.count
            while start < count && quoted.count < maxQuotedBytes {
                // `memchr` finds the line's end many bytes at a time: most lines are not quoted.
                var end = count
                if let base = bytes.baseAddress, let lineFeed = memchr(base + start, 0x0A, count - start) {
                    end = base.distance(to: lineFeed.assumingMemoryBound(to: UInt8.self))
                }
                var i = start
                while i < end && (bytes[i] == 0x20 || bytes[i] == 0x09) { i += 1 }
                if i < end && bytes[i] == UInt8(ascii: ">") {
                    while i < end && (bytes[i] == UInt8(ascii: ">") || bytes[i] == 0x20 || bytes[i] == 0x09) { i += 1 }
                    if i < end {
                        quoted.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<end]))
                        quoted.append(0x0A)
                    }
                }
                start = end + 1
            }
            return String(decoding: quoted, as: UTF8.self)
        }
    }

    /// The hashed, counted features of one part of a post.
    ///
    /// Ingest runs this on every post, so it allocates only the two result arrays: hashes go into
    /// one scratch buffer, are sorted there (by bucket, then insertion) and counted in runs in place.
    static func collect(
        subject: String, text: String, textLimit: Int, senderAddress: String?
    ) -> (indices: [UInt32], counts: [Float]) {
        var subject = subject, text = text
        let textBytes = min(text.utf8.count, textLimit + Self.maxWordLength)
        // A word takes at least three bytes with its separator and yields at most two hashes;
        // a domain yields at most one hash per two bytes, and the address one more.
        let bound = Self.subjectWeight * 2 * (subject.utf8.count / 3 + 1) + 2 * (textBytes / 3 + 1)
            + (senderAddress?.utf8.count ?? 0) / 2 + 2
        let capacity = min(bound, Self.maxFeatureCount)
        var features: (indices: [UInt32], counts: [Float]) = ([], [])
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 2 * capacity) { scratch in
            guard let hashes = scratch.baseAddress else { return }
            var count = 0
            // Stops at the first hash that does not fit, as `hashWords` does, so that what a post
            // too long for `maxFeatureCount` keeps does not depend on how it is collected.
            subject.withUTF8 { bytes in
                var previous: UInt32?
                Self.scanWords(bytes, limit: bytes.count) { _, _, hash in
                    let hasPair = previous != nil
                    if count + 2 * Self.subjectWeight <= capacity {
                        let word = Self.finalised(hash) & Self.mask
                        for _ in 0..<Self.subjectWeight {
                            hashes[count] = word
                            count += 1
                        }
                        if let previous {
                            let pair = Self.finalised(previous &* 0x9E37_79B1 ^ hash ^ 0x5BD1_E995) & Self.mask
                            for _ in 0..<Self.subjectWeight {
                                hashes[count] = pair
                                count += 1
                            }
                        }
                        previous = hash
                        return true
                    }
                    guard count + Self.subjectWeight <= capacity else { return false }
                    for _ in 0..<Self.subjectWeight {
                        hashes[count] = Self.finalised(hash) & Self.mask
                        count += 1
                    }
                    guard hasPair else {
                        previous = hash
                        return true
                    }
                    return false  // the pair does not fit
                }
            }
            text.withUTF8 { bytes in
                var previous: UInt32?
                Self.scanWords(bytes, limit: textLimit) { _, _, hash in
                    guard count < capacity else { return false }
                    hashes[count] = Self.finalised(hash) & Self.mask
                    count += 1
                    if let previous {
                        guard count < capacity else { return false }
                        hashes[count] = Self.finalised(previous &* 0x9E37_79B1 ^ hash ^ 0x5BD1_E995) & Self.mask
                        count += 1
                    }
                    previous = hash
                    return true
                }
            }
            if let senderAddress {
                if count < capacity, let hash = Self.addressHash(senderAddress) {
                    hashes[count] = hash
                    count += 1
                }
                Self.hashDomain(of: senderAddress) { hash in
                    guard count < capacity else { return false }
                    hashes[count] = hash
                    count += 1
                    return true
                }
            }
            let first = UnsafeMutableBufferPointer(rebasing: scratch[0..<count])
            let second = UnsafeMutableBufferPointer(rebasing: scratch[capacity..<(capacity + count)])
            let sorted = Self.bucketSorted(first, scratch: second)
            features = Self.runs(of: sorted, lengths: sorted.baseAddress == first.baseAddress ? second : first)
        }
        return features
    }

    /// The feature of the sender's whole address (lower-cased): in a community the same members
    /// keep writing about the same sub-issues, so an author's history is evidence. Nil for an
    /// address without "@".
    static func addressHash(_ address: String) -> UInt32? {
        authorKey(address).map { $0 & mask }
    }

    /// The sender's address, lower-cased, as a full 32-bit hash: `addressHash` before masking.
    /// Nil for an address without "@".
    static func authorKey(_ address: String) -> UInt32? {
        var address = address
        return address.withUTF8 { bytes -> UInt32? in
            guard bytes.contains(UInt8(ascii: "@")) else { return nil }
            // A seed of its own keeps an address apart from words and domains.
            var hash: UInt32 = 0x2545_F491
            for byte in bytes { hash = (hash ^ UInt32(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)) &* 16_777_619 }
            return finalised(hash)
        }
    }

    /// The distinct values of `sorted` and how often each occurs; the values are gathered at the
    /// front of `sorted` (each is written at or behind where its run is read) and the run lengths
    /// in `lengths` (as long as `sorted`), so only the two result arrays are allocated.
    static func runs(
        of sorted: UnsafeMutableBufferPointer<UInt32>, lengths: UnsafeMutableBufferPointer<UInt32>
    ) -> (indices: [UInt32], counts: [Float]) {
        let count = sorted.count
        guard let values = sorted.baseAddress, let runLengths = lengths.baseAddress, count > 0,
            lengths.count >= count
        else { return ([], []) }
        // Branch-free, since runs of one and of several alternate unpredictably: every value is
        // written to the next free slot with its position, and the slot is taken only when the
        // value starts a run (values are below `dimension`, so none equals the first `current`).
        var distinct = 0
        var current = UInt32.max
        for i in 0..<count {
            let value = values[i]
            values[distinct] = value
            runLengths[distinct] = UInt32(truncatingIfNeeded: i)
            distinct += value != current ? 1 : 0
            current = value
        }
        // Run starts become run lengths.
        for k in 0..<distinct {
            let end = k + 1 < distinct ? runLengths[k + 1] : UInt32(truncatingIfNeeded: count)
            runLengths[k] = end &- runLengths[k]
        }
        let indices = Array(UnsafeBufferPointer(start: values, count: distinct))
        let counts = [Float](unsafeUninitializedCapacity: distinct) { counts, initialized in
            for k in 0..<distinct { counts[k] = Float(runLengths[k]) }
            initialized = distinct
        }
        return (indices, counts)
    }

    /// Features from already computed hashed indices (any order, repeats counted).
    init(hashes: inout [UInt32]) {
        hashes.sort()
        var indices: [UInt32] = []
        var counts: [Float] = []
        var i = 0
        while i < hashes.count {
            var j = i + 1
            while j < hashes.count && hashes[j] == hashes[i] { j += 1 }
            indices.append(hashes[i])
            counts.append(Float(j - i))
            i = j
        }
        self.indices = indices
        self.counts = counts
    }

    /// `values` (each below `dimension`) in ascending order; returns whichever of the two buffers
    /// holds the result. One counting pass on the top bits spreads the values over about as many
    /// buckets as there are values, so that a final insertion sort has only the few values within
    /// each bucket to order (two full radix passes cost more for the few hundred hashes of a post).
    static func bucketSorted(
        _ values: UnsafeMutableBufferPointer<UInt32>, scratch: UnsafeMutableBufferPointer<UInt32>
    ) -> UnsafeMutableBufferPointer<UInt32> {
        let count = values.count
        guard count > 48 else {
            insertionSort(values)
            return values
        }
        // About one value per bucket, at most 4,096 buckets (16 KiB of counters on the stack).
        let bucketBits = min(Int.bitWidth - count.leadingZeroBitCount, 12, dimensionBits)
        let shift = UInt32(dimensionBits - bucketBits)
        let buckets = 1 << bucketBits
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: buckets) { starts in
            starts.initialize(repeating: 0)
            for value in values { starts[Int(value >> shift)] += 1 }
            var sum: Int32 = 0
            for b in 0..<buckets {
                let size = starts[b]
                starts[b] = sum
                sum += size
            }
            for value in values {
                let b = Int(value >> shift)
                scratch[Int(starts[b])] = value
                starts[b] += 1
            }
        }
        insertionSort(scratch)
        return scratch
    }

    /// Sorts `values` ascending by insertion: fast when every value is near its place.
    static func insertionSort(_ values: UnsafeMutableBufferPointer<UInt32>) {
        guard let base = values.baseAddress else { return }
        for i in 1..<max(values.count, 1) {
            let value = base[i]
            var j = i
            while j > 0 && base[j - 1] > value {
                base[j] = base[j - 1]
                j -= 1
            }
            base[j] = value
        }
    }

    /// Whether the post gave the classifier nothing to go on.
    public var isEmpty: Bool { indices.isEmpty }

    // MARK: Tokenising

    /// The words of `text` as the classifier sees them (lower-cased), for tests and `--explain`.
    static func words(of text: String) -> [String] {
        var words: [String] = []
        var text = text
        text.withUTF8 { bytes in
            scanWords(bytes) { start, end, _ in
                var word: [UInt8] = []
                for i in start..<end { word.append(lowercased(bytes, i)) }
                words.append(String(decoding: word, as: UTF8.self))
                return true
            }
        }
        return words
    }

    static func appendWordFeatures(of text: String, to hashes: inout [UInt32]) {
        var text = text
        text.withUTF8 { bytes in
            hashWords(of: bytes, limit: maxTextBytes) { hash in
                guard hashes.count < maxFeatureCount else { return false }
                hashes.append(hash)
                return true
            }
        }
    }

    /// Calls `emit` with the feature index of each word and of each pair of adjacent words, in
    /// order (a word, then from the second word on the pair it ends); stops when `emit` returns
    /// false. No word starts at or after byte `limit`: the start of a long post (a patch, a log)
    /// says what it is about, and its length should not cost ingest time.
    @inline(__always)
    static func hashWords(of bytes: UnsafeBufferPointer<UInt8>, limit: Int, _ emit: (UInt32) -> Bool) {
        var previous: UInt32?
        scanWords(bytes, limit: limit) { _, _, hash in
            guard emit(finalised(hash) & mask) else { return false }
            if let previous, !emit(finalised(previous &* 0x9E37_79B1 ^ hash ^ 0x5BD1_E995) & mask) { return false }
            previous = hash
            return true
        }
    }

    /// The sender's domain and each parent domain with at least two labels, so mail from
    /// `lists.example.org` and `example.org` share a feature.
    static func appendDomainFeatures(of address: String, to hashes: inout [UInt32]) {
        hashDomain(of: address) { hash in
            guard hashes.count < maxFeatureCount else { return false }
            hashes.append(hash)
            return true
        }
    }

    static func hashDomain(of address: String, _ emit: (UInt32) -> Bool) {
        var address = address
        address.withUTF8 { bytes in
            guard let at = bytes.lastIndex(of: UInt8(ascii: "@")), at + 1 < bytes.count else { return }
            @inline(__always) func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
            var labels = 1
            for k in (at + 1)..<bytes.count where bytes[k] == UInt8(ascii: ".") { labels += 1 }
            var start = at + 1
            while labels >= 2 && start < bytes.count {
                // A seed of its own keeps a domain apart from the same letters as a word.
                var hash: UInt32 = 0x1234_5679
                for k in start..<bytes.count { hash = (hash ^ UInt32(lower(bytes[k]))) &* 16_777_619 }
                guard emit(finalised(hash) & mask) else { return }
                guard let dot = bytes[start...].firstIndex(of: UInt8(ascii: ".")) else { return }
                start = dot + 1
                labels -= 1
            }
        }
    }

    /// Calls `word(start, end, hash)` for each word of 2–30 bytes; stops when it returns false.
    /// The hash is FNV-1a of the lower-cased bytes, computed while scanning.
    @inline(__always)
    static func scanWords(
        _ bytes: UnsafeBufferPointer<UInt8>, limit: Int = .max, _ word: (Int, Int, UInt32) -> Bool
    ) {
        guard let text = bytes.baseAddress else { return }
        var i = 0
        let count = bytes.count
        // One look-up per byte: ASCII bytes, nearly all of them, are answered by `byteClasses`;
        // the others (`nonASCII`) take the UTF-8 rules of `isWordByte` and `lowercased`, which the
        // table agrees with for ASCII.
        byteClasses.withUnsafeBufferPointer { classes in
            guard let table = classes.baseAddress else { return }
            while i < count {
                while i < count {
                    let found = table[Int(text[i])]
                    if found != 0 && (found != nonASCII || isWordByte(bytes, i)) { break }
                    i += 1
                }
                if i >= limit { return }
                let start = i
                var hash: UInt32 = 2_166_136_261
                while i < count {
                    var lower = table[Int(text[i])]
                    if lower == 0 { break }
                    if lower == nonASCII {
                        guard isWordByte(bytes, i) else { break }
                        lower = lowercased(bytes, i)
                    }
                    hash = (hash ^ UInt32(lower)) &* 16_777_619
                    i += 1
                }
                let length = i - start
                if length >= minWordLength && length <= maxWordLength {
                    if !word(start, i, hash) { return }
                }
            }
        }
    }

    /// `byteClasses` for a byte above ASCII: it belongs to a word or not as `isWordByte` says.
    static let nonASCII: UInt8 = 0xFF

    /// For each byte, the byte lower-cased when it is an ASCII letter or digit, 0 for other ASCII,
    /// `nonASCII` above ASCII (0xFF never occurs in UTF-8, so it is no lower-cased byte).
    static let byteClasses: [UInt8] = (0..<256).map { byte -> UInt8 in
        let byte = UInt8(byte)
        if byte >= 0x80 { return nonASCII }
        if byte >= 0x41 && byte <= 0x5A { return byte | 0x20 }
        if (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) { return byte }
        return 0
    }

    /// Byte `i` of a lower-cased text: ASCII A–Z, and the second byte of Latin-1 capitals
    /// (U+00C0–U+00DE except ×, as C3 80–9E) moved to their small letters.
    @inline(__always)
    static func lowercased(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt8 {
        let byte = bytes[i]
        if byte >= 0x41 && byte <= 0x5A { return byte | 0x20 }
        if byte >= 0x80 && byte <= 0x9E && byte != 0x97 && i > 0 && bytes[i - 1] == 0xC3 { return byte + 0x20 }
        return byte
    }

    /// ASCII letters and digits, and non-ASCII bytes except those of punctuation and spaces that
    /// commonly sit between words (U+0080–U+00BF: no-break space, «», ¡¿; U+2000–U+206F: dashes,
    /// curly quotes, ellipsis, special spaces), so “word” is `word`.
    @inline(__always)
    static func isWordByte(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        let byte = bytes[i]
        if byte < 0x80 {
            return (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
        }
        let lead = leadByte(bytes, i)
        guard let lead else { return true }
        let next = lead.index + 1 < bytes.count ? bytes[lead.index + 1] : 0
        if lead.byte == 0xC2 && next >= 0x80 && next <= 0xBF && next != 0xAA && next != 0xB5 && next != 0xBA {
            return false
        }
        if lead.byte == 0xE2 && next == 0x80 { return false }
        if lead.byte == 0xE2 && next == 0x81 && lead.index + 2 < bytes.count && bytes[lead.index + 2] <= 0xAF {
            return false
        }
        return true
    }

    /// The lead byte of the UTF-8 sequence holding byte `i` (at most three bytes back).
    @inline(__always)
    static func leadByte(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> (index: Int, byte: UInt8)? {
        var j = i
        while j >= 0 && j > i - 4 {
            let byte = bytes[j]
            if byte & 0xC0 != 0x80 { return byte >= 0xC0 ? (j, byte) : nil }
            j -= 1
        }
        return nil
    }

    /// Spreads FNV's weak low bits (murmur3's finaliser) before masking to the feature space.
    @inline(__always)
    static func finalised(_ value: UInt32) -> UInt32 {
        var h = value
        h ^= h >> 16
        h &*= 0x85EB_CA6B
        h ^= h >> 13
        h &*= 0xC2B2_AE35
        h ^= h >> 16
        return h
    }
}

extension TextFeatures {
    /// A readable name for each feature of a post (`word`, `word pair`, `@domain`), keyed by hashed
    /// index, for `praxis classify --explain`. Where two names hash alike, the first is kept.
    public static func featureNames(
        subject: String, text: String, quoted: String = "", senderAddress: String?
    ) -> [UInt32: String] {
        var names: [UInt32: String] = [:]
        for part in [subject, text, quoted] {
            let words = Self.words(of: part)
            var hashes: [UInt32] = []
            appendWordFeatures(of: part, to: &hashes)
            // appendWordFeatures emits a word's hash, then (from the second word on) the pair's.
            var k = 0
            for (position, word) in words.enumerated() where k < hashes.count {
                if names[hashes[k]] == nil { names[hashes[k]] = word }
                k += 1
                if position > 0 && k < hashes.count {
                    if names[hashes[k]] == nil { names[hashes[k]] = words[position - 1] + " " + word }
                    k += 1
                }
            }
        }
        if let senderAddress, let at = senderAddress.lastIndex(of: "@") {
            if let hash = addressHash(senderAddress), names[hash] == nil { names[hash] = "from " + senderAddress.lowercased() }
            var hashes: [UInt32] = []
            appendDomainFeatures(of: senderAddress, to: &hashes)
            var domain = senderAddress[senderAddress.index(after: at)...].lowercased()[...]
            for hash in hashes {
                if names[hash] == nil { names[hash] = "@" + domain }
                if let dot = domain.firstIndex(of: ".") { domain = domain[domain.index(after: dot)...] }
            }
        }
        return names
    }
}
