/// NFC for text typed with Vietnamese's combining marks, without the standard library's general
/// normaliser: a name typed in decomposed form ("Nguye\u{302}\u{303}n", as some Vietnamese input
/// methods and macOS write it) took a microsecond or more there, where JavaScript's `normalize`
/// takes a tenth of that.
///
/// It composes text made only of characters NFC leaves alone (`ValidationSupport.isStable`) and the
/// eight marks Vietnamese is written with, one mark at a time onto the character before it, through
/// a table of what NFC makes of each such pair. That is NFC exactly: NFC of a text equals NFC of any
/// canonically equivalent text, and NFC(x m₁ m₂) = NFC(NFC(x m₁) m₂), so when every pair composes to
/// one character the result is the chain of table entries. A text with anything else, or a pair
/// that does not compose (a mark left standing, which NFC may reorder), is left to the standard
/// library (`compose` answers nil).
enum VietnameseComposition {
    /// Grave, acute, circumflex, tilde, breve, hook above, horn, dot below.
    static let marks: [UInt32] = [0x300, 0x301, 0x302, 0x303, 0x306, 0x309, 0x31B, 0x323]

    @inline(__always)
    static func isMark(_ u: UInt32) -> Bool {
        // The eight marks as bits of one mask over U+0300–U+033F.
        u &- 0x300 < 64 && (0x0000_0008_0800_024F as UInt64) >> UInt64(u - 0x300) & 1 == 1
    }

    /// What NFC makes of each base and mark that compose, for every base reachable from an ASCII
    /// letter by composing: an open-addressing table of `base << 32 | mark` keys. Built from the
    /// standard library's own NFC on first use (some five hundred two-character texts), so it is
    /// the Unicode version that library has.
    static let table = PairTable()

    struct PairTable: Sendable {
        private var keys: [UInt64]
        private var values: [UInt32]
        private let shift: UInt64

        init() {
            var pairs: [(UInt64, UInt32)] = []
            var frontier = Array(UInt32(0x41)...0x5A) + Array(UInt32(0x61)...0x7A)
            var seen = Set(frontier)
            while let base = frontier.popLast() {
                for mark in VietnameseComposition.marks {
                    var pair = String.UnicodeScalarView()
                    pair.append(Unicode.Scalar(base)!)
                    pair.append(Unicode.Scalar(mark)!)
                    let composed = String(decoding: String(pair)._nfcCodeUnits, as: UTF8.self).unicodeScalars
                    guard composed.count == 1, let result = composed.first?.value else { continue }
                    pairs.append((UInt64(base) << 32 | UInt64(mark), result))
                    if seen.insert(result).inserted { frontier.append(result) }
                }
            }
            var capacity = 16
            while capacity < 2 * pairs.count { capacity *= 2 }
            shift = UInt64(64 - capacity.trailingZeroBitCount)
            keys = Array(repeating: 0, count: capacity)
            values = Array(repeating: 0, count: capacity)
            for (key, value) in pairs {
                var slot = Self.slot(key, shift)
                while keys[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
                keys[slot] = key
                values[slot] = value
            }
        }

        @inline(__always)
        private static func slot(_ key: UInt64, _ shift: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) }

        /// The character `base` followed by `mark` composes to, or nil.
        func composed(_ base: UInt32, _ mark: UInt32) -> UInt32? {
            let key = UInt64(base) << 32 | UInt64(mark)
            var slot = Self.slot(key, shift)
            while keys[slot] != 0 {
                if keys[slot] == key { return values[slot] }
                slot = (slot + 1) & (keys.count - 1)
            }
            return nil
        }
    }

    /// The text in NFC, or nil when it is not made of stable characters and the eight marks, or a
    /// mark does not compose with the character before it.
    static func compose(_ text: String) -> String? {
        var out = String.UnicodeScalarView()
        var pending: UInt32?
        for scalar in text.unicodeScalars {
            let u = scalar.value
            if isMark(u) {
                guard let base = pending, let composed = table.composed(base, u) else { return nil }
                pending = composed
            } else if u <= 0xFFFF && ValidationSupport.isStable(UInt16(u)) {
                if let base = pending { out.append(Unicode.Scalar(base)!) }
                pending = u
            } else {
                return nil
            }
        }
        if let base = pending { out.append(Unicode.Scalar(base)!) }
        return String(out)
    }
}
