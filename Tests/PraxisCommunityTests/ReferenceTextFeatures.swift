import PraxisMail
@testable import PraxisCommunity

// The implementation of `TextFeatures` before it was made faster (commit 85653c3), kept verbatim
// (renamed) as the reference that `TextFeaturesIdentityTests` compares the current one against:
// the learned model's features must not change by a single index or count.

/// The reference feature extraction: hashed counts of words and word pairs of the subject and text,
/// plus the sender's domain.
struct ReferenceTextFeatures: Sendable, Hashable {
    /// The number of hashed features; indices are below this.
    static let dimension = 1 << dimensionBits
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
    private(set) var indices: [UInt32]
    /// How often each feature in `indices` occurred.
    private(set) var counts: [Float]

    /// The features of a parsed message: its subject, the reader text trimmed to what is new in it,
    /// and the domain of its first From address.
    init(message: MailMessage) {
        self.init(
            subject: message.subject ?? "",
            text: NewText.trimmed(message.body.readerText),
            senderAddress: message.from.first?.address
        )
    }

    /// The features of a post given as its parts; `text` should already be trimmed to what is new.
    ///
    /// Ingest runs this on every post, so it allocates only the two result arrays: hashes go into
    /// one scratch buffer, are sorted there by radix (the indices have 20 bits) and counted in runs.
    init(subject: String, text: String, senderAddress: String?) {
        var subject = subject, text = text
        let textBytes = min(text.utf8.count, Self.maxTextBytes + Self.maxWordLength)
        // A word takes at least three bytes with its separator and yields at most two hashes;
        // a domain yields at most one hash per two bytes.
        let bound = Self.subjectWeight * 2 * (subject.utf8.count / 3 + 1) + 2 * (textBytes / 3 + 1)
            + (senderAddress?.utf8.count ?? 0) / 2 + 1
        let capacity = min(bound, Self.maxFeatureCount)
        var indices: [UInt32] = []
        var counts: [Float] = []
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 2 * capacity) { scratch in
            var count = 0
            let hashes = UnsafeMutableBufferPointer(rebasing: scratch[0..<capacity])
            subject.withUTF8 { bytes in
                Self.hashWords(of: bytes, limit: bytes.count) { hash in
                    guard count + Self.subjectWeight <= capacity else { return false }
                    for _ in 0..<Self.subjectWeight {
                        hashes[count] = hash
                        count += 1
                    }
                    return true
                }
            }
            text.withUTF8 { bytes in
                Self.hashWords(of: bytes, limit: Self.maxTextBytes) { hash in
                    guard count < capacity else { return false }
                    hashes[count] = hash
                    count += 1
                    return true
                }
            }
            if let senderAddress {
                Self.hashDomain(of: senderAddress) { hash in
                    guard count < capacity else { return false }
                    hashes[count] = hash
                    count += 1
                    return true
                }
            }
            let sorted = Self.radixSorted(
                UnsafeMutableBufferPointer(rebasing: hashes[0..<count]),
                scratch: UnsafeMutableBufferPointer(rebasing: scratch[capacity..<(capacity + count)]))
            var distinct = 0
            for i in 0..<count where i == 0 || sorted[i] != sorted[i - 1] { distinct += 1 }
            indices.reserveCapacity(distinct)
            counts.reserveCapacity(distinct)
            var i = 0
            while i < count {
                var j = i + 1
                while j < count && sorted[j] == sorted[i] { j += 1 }
                indices.append(sorted[i])
                counts.append(Float(j - i))
                i = j
            }
        }
        self.indices = indices
        self.counts = counts
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

    /// `values` (each below `dimension`) in ascending order, by two counting passes of ten bits;
    /// returns whichever of the two buffers holds the result. Short inputs use insertion sort.
    static func radixSorted(
        _ values: UnsafeMutableBufferPointer<UInt32>, scratch: UnsafeMutableBufferPointer<UInt32>
    ) -> UnsafeMutableBufferPointer<UInt32> {
        let count = values.count
        if count <= 48 {
            for i in 1..<max(count, 1) {
                let value = values[i]
                var j = i
                while j > 0 && values[j - 1] > value {
                    values[j] = values[j - 1]
                    j -= 1
                }
                values[j] = value
            }
            return values
        }
        let radixBits = UInt32(dimensionBits / 2)
        let buckets = 1 << radixBits
        let low = UInt32(buckets - 1)
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * buckets) { histogram in
            histogram.initialize(repeating: 0)
            for value in values {
                histogram[Int(value & low)] += 1
                histogram[buckets + Int((value >> radixBits) & low)] += 1
            }
            var lowSum: Int32 = 0, highSum: Int32 = 0
            for b in 0..<buckets {
                let lowCount = histogram[b], highCount = histogram[buckets + b]
                histogram[b] = lowSum
                histogram[buckets + b] = highSum
                lowSum += lowCount
                highSum += highCount
            }
            for value in values {
                let b = Int(value & low)
                scratch[Int(histogram[b])] = value
                histogram[b] += 1
            }
            for value in scratch {
                let b = buckets + Int((value >> radixBits) & low)
                values[Int(histogram[b])] = value
                histogram[b] += 1
            }
            return values
        }
    }

    /// Whether the post gave the classifier nothing to go on.
    var isEmpty: Bool { indices.isEmpty }

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
        var i = 0
        let count = bytes.count
        // ASCII bytes, nearly all of them, are looked up in `asciiWords`; the others take the
        // UTF-8 rules of `isWordByte` and `lowercased`, which the table agrees with for ASCII.
        asciiWords.withUnsafeBufferPointer { table in
            while i < count {
                while i < count {
                    let byte = bytes[i]
                    if byte < 0x80 ? table[Int(byte)] != 0 : isWordByte(bytes, i) { break }
                    i += 1
                }
                if i >= limit { return }
                let start = i
                var hash: UInt32 = 2_166_136_261
                while i < count {
                    let byte = bytes[i]
                    let lower: UInt8
                    if byte < 0x80 {
                        lower = table[Int(byte)]
                        if lower == 0 { break }
                    } else {
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

    /// For each ASCII byte, the byte lower-cased when it belongs to a word (a letter or digit),
    /// else 0.
    static let asciiWords: [UInt8] = (0..<128).map { byte -> UInt8 in
        let byte = UInt8(byte)
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

