import PraxisMail
@testable import PraxisCommunity

// The parts of `TextFeatures` that were rewritten to make it faster (commit 85653c3): word
// scanning, sorting and run counting, kept verbatim (renamed) as the reference that
// `TextFeaturesIdentityTests` compares the current one against: the learned model's features must
// not change by a single index or count. The pieces the rewrite left as they were (constants,
// domains, UTF-8 word rules, the hash finaliser) are the current ones, called from here.

/// The reference feature extraction: hashed counts of words and word pairs of the subject and text,
/// plus the sender's domain.
struct ReferenceTextFeatures: Sendable, Hashable {
    /// Feature indices, ascending and distinct, each below `dimension`.
    private(set) var indices: [UInt32]
    /// How often each feature in `indices` occurred.
    private(set) var counts: [Float]

    /// The features of a post given as its parts; `text` should already be trimmed to what is new.
    ///
    /// Ingest runs this on every post, so it allocates only the two result arrays: hashes go into
    /// one scratch buffer, are sorted there by radix (the indices have 20 bits) and counted in runs.
    init(subject: String, text: String, senderAddress: String?) {
        var subject = subject, text = text
        let textBytes = min(text.utf8.count, TextFeatures.maxTextBytes + TextFeatures.maxWordLength)
        // A word takes at least three bytes with its separator and yields at most two hashes;
        // a domain yields at most one hash per two bytes.
        let bound = TextFeatures.subjectWeight * 2 * (subject.utf8.count / 3 + 1) + 2 * (textBytes / 3 + 1)
            + (senderAddress?.utf8.count ?? 0) / 2 + 2
        let capacity = min(bound, TextFeatures.maxFeatureCount)
        var indices: [UInt32] = []
        var counts: [Float] = []
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 2 * capacity) { scratch in
            var count = 0
            let hashes = UnsafeMutableBufferPointer(rebasing: scratch[0..<capacity])
            subject.withUTF8 { bytes in
                Self.hashWords(of: bytes, limit: bytes.count) { hash in
                    guard count + TextFeatures.subjectWeight <= capacity else { return false }
                    for _ in 0..<TextFeatures.subjectWeight {
                        hashes[count] = hash
                        count += 1
                    }
                    return true
                }
            }
            text.withUTF8 { bytes in
                Self.hashWords(of: bytes, limit: TextFeatures.maxTextBytes) { hash in
                    guard count < capacity else { return false }
                    hashes[count] = hash
                    count += 1
                    return true
                }
            }
            if let senderAddress {
                // Issue 18: the whole address is a feature too (an author's history is evidence).
                if count < capacity, let hash = TextFeatures.addressHash(senderAddress) {
                    hashes[count] = hash
                    count += 1
                }
                TextFeatures.hashDomain(of: senderAddress) { hash in
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
        let radixBits = UInt32(TextFeatures.dimensionBits / 2)
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

    // MARK: Tokenising

    /// Calls `emit` with the feature index of each word and of each pair of adjacent words, in
    /// order (a word, then from the second word on the pair it ends); stops when `emit` returns
    /// false. No word starts at or after byte `limit`: the start of a long post (a patch, a log)
    /// says what it is about, and its length should not cost ingest time.
    @inline(__always)
    static func hashWords(of bytes: UnsafeBufferPointer<UInt8>, limit: Int, _ emit: (UInt32) -> Bool) {
        var previous: UInt32?
        scanWords(bytes, limit: limit) { _, _, hash in
            guard emit(TextFeatures.finalised(hash) & TextFeatures.mask) else { return false }
            if let previous, !emit(TextFeatures.finalised(previous &* 0x9E37_79B1 ^ hash ^ 0x5BD1_E995) & TextFeatures.mask) { return false }
            previous = hash
            return true
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
                    if byte < 0x80 ? table[Int(byte)] != 0 : TextFeatures.isWordByte(bytes, i) { break }
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
                        guard TextFeatures.isWordByte(bytes, i) else { break }
                        lower = TextFeatures.lowercased(bytes, i)
                    }
                    hash = (hash ^ UInt32(lower)) &* 16_777_619
                    i += 1
                }
                let length = i - start
                if length >= TextFeatures.minWordLength && length <= TextFeatures.maxWordLength {
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

}

