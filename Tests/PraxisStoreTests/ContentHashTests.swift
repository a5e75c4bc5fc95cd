import Testing
@testable import PraxisStore

@Suite("ContentHash")
struct ContentHashTests {
    /// FIPS 180-4 / NIST example vectors.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func fipsVectors(input: String, expected: String) {
        #expect(ContentHash.sha256(Array(input.utf8)) == expected)
    }

    @Test func millionAs() {
        let input = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(ContentHash.sha256(input) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Lengths around the padding boundaries (one or two final blocks), checked with Python's hashlib
    /// on bytes `(i * 7) % 256`.
    @Test(arguments: [
        (55, "576a1bf8d4478657e6dc4af9398544765c2a92cde28478b019235cfed315fc09"),
        (56, "9b20501dfd1d99161c257950f3444f3e49230c351c5c8e0943ef369f85f5205d"),
        (63, "30b345906b493f06f69444b6521113511c242f30e29840462950035043682f1e"),
        (64, "d8bc63b4fc1156e5e7d95a418b9bf54cd3174bedbc2db40f74895349b229b3c0"),
        (65, "1ee23b0fbcaecc1aff4a9e8f1645f35ab2c8e13609cd73b68df8b5e3f63ce073"),
        (119, "7a6589821178918ca8d9edaba5abfc1e9b2669564f4469b66885379c1530b2c8"),
        (120, "655250427d56b1b0eeb8497d21428704273458a01772d6881b65c0abac0f8a98"),
        (128, "54c9eb041badfd7064645067b107661fed6113197ce2dd066ba69618abd3732f"),
    ])
    func paddingBoundaries(length: Int, expected: String) {
        let input = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 7) }
        #expect(ContentHash.sha256(input) == expected)
    }

    @Test func slicesAndNonContiguousCollectionsHashTheSame() {
        let bytes = [UInt8](repeating: 0, count: 10) + Array("abc".utf8) + [0, 0]
        #expect(ContentHash.sha256(bytes[10..<13]) == ContentHash.sha256(Array("abc".utf8)))
        #expect(ContentHash.sha256(Array("abc".utf8).lazy.map { $0 }) == ContentHash.sha256(Array("abc".utf8)))
        #expect(ContentHash.sha256([0, 0, 0]) == "709e80c88487a2411e1ee4dfb9f22a861492d20c4765150c0c794abd70f8147c")
        #expect(ContentHash.sha256Digest(Array("abc".utf8)).count == 32)
    }

    /// RFC 4231 test cases 2 (a short key) and 6 (a key longer than the block, hashed first):
    /// member keys in archive URLs and form tokens depend on these exact values.
    @Test(arguments: [
        (Array("Jefe".utf8), "what do ya want for nothing?",
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        ([UInt8](repeating: 0xaa, count: 131), "Test Using Larger Than Block-Size Key - Hash Key First",
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
    ])
    func hmacMatchesRFC4231(key: [UInt8], message: String, expected: String) {
        #expect(ContentHash.hex(ContentHash.hmacSHA256(key: key, message: Array(message.utf8))) == expected)
    }
}
