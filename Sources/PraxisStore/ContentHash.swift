import PraxisMail
/// SHA-256 (FIPS 180-4) of a message's bytes, the key that recognises the same message arriving
/// under a different Message-ID or none at all.
///
/// Written here rather than taken from a crypto package: ingest hashes every message, so this must
/// be fast, and it is the only primitive we need.
public enum ContentHash {
    /// The SHA-256 digest of `bytes` as 64 lower-case hex digits.
    public static func sha256<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
        hex(sha256Digest(bytes))
    }

    /// The 32-byte SHA-256 digest of `bytes`.
    public static func sha256Digest<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> [UInt8] {
        if let digest = bytes.withContiguousStorageIfAvailable({ digest(UnsafeRawBufferPointer($0)) }) {
            return digest
        }
        return Array(bytes).withUnsafeBytes { digest($0) }
    }

    private static let roundConstants: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    private static func digest(_ input: UnsafeRawBufferPointer) -> [UInt8] {
        var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
            0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
        )
        let count = input.count
        let wholeBlocks = count / 64
        roundConstants.withUnsafeBufferPointer { k in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
                for block in 0..<wholeBlocks {
                    compress(&state, UnsafeRawBufferPointer(rebasing: input[(block * 64)..<(block * 64 + 64)]), w, k)
                }
                // The tail: remaining bytes, 0x80, zeros, and the bit length, in one or two blocks.
                var tail = [UInt8](repeating: 0, count: 128)
                let rest = count - wholeBlocks * 64
                for i in 0..<rest { tail[i] = input[wholeBlocks * 64 + i] }
                tail[rest] = 0x80
                let tailLength = rest < 56 ? 64 : 128
                let bitLength = UInt64(count) &* 8
                for i in 0..<8 { tail[tailLength - 1 - i] = UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64(i))) }
                tail.withUnsafeBytes { tailBytes in
                    var offset = 0
                    while offset < tailLength {
                        compress(&state, UnsafeRawBufferPointer(rebasing: tailBytes[offset..<(offset + 64)]), w, k)
                        offset += 64
                    }
                }
            }
        }
        var result = [UInt8]()
        result.reserveCapacity(32)
        for word in [state.0, state.1, state.2, state.3, state.4, state.5, state.6, state.7] {
            result.append(UInt8(truncatingIfNeeded: word >> 24))
            result.append(UInt8(truncatingIfNeeded: word >> 16))
            result.append(UInt8(truncatingIfNeeded: word >> 8))
            result.append(UInt8(truncatingIfNeeded: word))
        }
        return result
    }

    @inline(__always)
    private static func rotateRight(_ x: UInt32, _ n: UInt32) -> UInt32 { (x &>> n) | (x &<< (32 &- n)) }

    /// One SHA-256 round. The caller rotates the roles of the eight working variables instead of
    /// moving their values, so only `d` and `h` change.
    @inline(__always)
    private static func round(
        _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
        _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ kw: UInt32
    ) {
        let s1 = rotateRight(e, 6) ^ rotateRight(e, 11) ^ rotateRight(e, 25)
        let choice = g ^ (e & (f ^ g))
        let temp1 = h &+ s1 &+ choice &+ kw
        let s0 = rotateRight(a, 2) ^ rotateRight(a, 13) ^ rotateRight(a, 22)
        let majority = (a & b) | (c & (a | b))
        d = d &+ temp1
        h = temp1 &+ s0 &+ majority
    }

    @inline(__always)
    private static func compress(
        _ state: inout (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32),
        _ block: UnsafeRawBufferPointer,
        _ w: UnsafeMutableBufferPointer<UInt32>,
        _ k: UnsafeBufferPointer<UInt32>
    ) {
        guard let base = block.baseAddress, let wBase = w.baseAddress, let kBase = k.baseAddress else { return }
        for t in 0..<16 {
            wBase[t] = UInt32(bigEndian: base.loadUnaligned(fromByteOffset: t &* 4, as: UInt32.self))
        }
        for t in 16..<64 {
            let w15 = wBase[t &- 15], w2 = wBase[t &- 2]
            let s0 = rotateRight(w15, 7) ^ rotateRight(w15, 18) ^ (w15 &>> 3)
            let s1 = rotateRight(w2, 17) ^ rotateRight(w2, 19) ^ (w2 &>> 10)
            wBase[t] = wBase[t &- 16] &+ s0 &+ wBase[t &- 7] &+ s1
        }
        var a = state.0, b = state.1, c = state.2, d = state.3
        var e = state.4, f = state.5, g = state.6, h = state.7
        var t = 0
        while t < 64 {
            round(a, b, c, &d, e, f, g, &h, kBase[t] &+ wBase[t])
            round(h, a, b, &c, d, e, f, &g, kBase[t &+ 1] &+ wBase[t &+ 1])
            round(g, h, a, &b, c, d, e, &f, kBase[t &+ 2] &+ wBase[t &+ 2])
            round(f, g, h, &a, b, c, d, &e, kBase[t &+ 3] &+ wBase[t &+ 3])
            round(e, f, g, &h, a, b, c, &d, kBase[t &+ 4] &+ wBase[t &+ 4])
            round(d, e, f, &g, h, a, b, &c, kBase[t &+ 5] &+ wBase[t &+ 5])
            round(c, d, e, &f, g, h, a, &b, kBase[t &+ 6] &+ wBase[t &+ 6])
            round(b, c, d, &e, f, g, h, &a, kBase[t &+ 7] &+ wBase[t &+ 7])
            t &+= 8
        }
        state.0 &+= a; state.1 &+= b; state.2 &+= c; state.3 &+= d
        state.4 &+= e; state.5 &+= f; state.6 &+= g; state.7 &+= h
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    static func hex(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension ContentHash {
    /// The identity of a message's content, for recognising the same message delivered again:
    /// its From, To, Cc, Subject and Date as written, and its body. Transport fields (Received,
    /// Delivered-To, Return-Path …) and the Message-ID are left out, so a copy that came by another
    /// path, or was sent again under a new Message-ID, is still the same message (the idea
    /// public-inbox uses). Hashing less than the whole file is also what keeps this cheap.
    public static func content(of message: MailMessage) -> String {
        var input: [UInt8] = []
        input.reserveCapacity(message.bodyBytes.count + 512)
        for name in ["from", "to", "cc", "subject", "date"] {
            if let value = message.rawHeaderBytes(name) { input.append(contentsOf: value) }
            input.append(0)
        }
        input.append(contentsOf: message.bodyBytes)
        return sha256(input)
    }
}
