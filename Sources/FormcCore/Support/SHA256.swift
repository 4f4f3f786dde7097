import CFormcSystem

/// SHA-256 (FIPS 180-4), for the manifest's artifact and spec hashes. Small enough to keep here
/// rather than pay swift-crypto's build time for one function.
public enum SHA256 {
    /// The round constants, from the same table the accelerated path reads (a constant C array:
    /// nothing writes it, so sharing it between threads is safe).
    nonisolated(unsafe) private static let k = UnsafeBufferPointer(start: formc_sha256_round_constants(), count: 64)

    /// The digest of `bytes` as 64 lower-case hex digits.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest(bytes) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 15)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    public static func digest(_ bytes: [UInt8]) -> [UInt8] {
        digest(bytes, compress: compressBlocks)
    }

    /// Whether this processor's SHA instructions do the work (x86-64 with the SHA extensions).
    static var isAccelerated: Bool { formc_sha256_accelerated() == 1 }

    /// The digest computed by the portable loop alone, whatever the processor has: what the suite
    /// holds the accelerated digest equal to.
    static func portableDigest(_ bytes: [UInt8]) -> [UInt8] {
        digest(bytes, compress: portableBlocks)
    }

    /// Whole blocks with the processor's SHA instructions when it has them (`formc_sha256_blocks`,
    /// several times faster: a national build hashes a gigabyte), else with the portable loop.
    private static func compressBlocks(_ state: inout [UInt32], _ blocks: UnsafeBufferPointer<UInt8>) {
        let done = state.withUnsafeMutableBufferPointer { words in
            formc_sha256_blocks(words.baseAddress!, blocks.baseAddress!, blocks.count / 64) == 1
        }
        if !done { portableBlocks(&state, blocks) }
    }

    private static func portableBlocks(_ state: inout [UInt32], _ blocks: UnsafeBufferPointer<UInt8>) {
        var h = (state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7])
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            for block in 0..<(blocks.count / 64) {
                compress(UnsafeBufferPointer(rebasing: blocks[block * 64..<block * 64 + 64]), &h, w)
            }
        }
        state = [h.0, h.1, h.2, h.3, h.4, h.5, h.6, h.7]
    }

    private static func digest(_ bytes: [UInt8], compress: (inout [UInt32], UnsafeBufferPointer<UInt8>) -> Void) -> [UInt8] {
        var state: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
        let fullBlocks = bytes.count / 64
        bytes.withUnsafeBufferPointer { input in
            // Whole blocks straight from the input; only the tail is copied for padding.
            if fullBlocks > 0 { compress(&state, UnsafeBufferPointer(rebasing: input[0..<fullBlocks * 64])) }
            var tail = Array(input[(fullBlocks * 64)...])
            tail.append(0x80)
            while tail.count % 64 != 56 { tail.append(0) }
            let bitLength = UInt64(bytes.count) &* 8
            for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
            tail.withUnsafeBufferPointer { compress(&state, $0) }
        }
        return state.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> UInt32(24 - $0 * 8)) } }
    }

    private static func compress(
        _ block: UnsafeBufferPointer<UInt8>, _ h: inout (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32),
        _ w: UnsafeMutableBufferPointer<UInt32>
    ) {
        for i in 0..<16 {
            let j = i * 4
            w[i] = UInt32(block[j]) << 24 | UInt32(block[j + 1]) << 16 | UInt32(block[j + 2]) << 8 | UInt32(block[j + 3])
        }
        for i in 16..<64 {
            let s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
            let s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
            w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
        }
        var (a, b, c, d, e, f, g, hh) = h
        for i in 0..<64 {
            let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
            let ch = (e & f) ^ (~e & g)
            let t1 = hh &+ s1 &+ ch &+ k[i] &+ w[i]
            let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
            let maj = (a & b) ^ (a & c) ^ (b & c)
            let t2 = s0 &+ maj
            (hh, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
        }
        h = (h.0 &+ a, h.1 &+ b, h.2 &+ c, h.3 &+ d, h.4 &+ e, h.5 &+ f, h.6 &+ g, h.7 &+ hh)
    }

    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
}
