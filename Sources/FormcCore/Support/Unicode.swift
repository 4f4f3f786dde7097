internal import Foundation
internal import FormcRuntime

extension String {
    /// The text in Unicode NFC, as the generated Swift validators normalise it
    /// (`ValidationSupport.nfc`): text NFC never changes is returned as it is, decomposed
    /// Vietnamese is composed by table, anything else by the standard library.
    var nfc: String { ValidationSupport.nfc(self) }

    /// The text in lower case, as `lowercased()` gives it, without its per-character table look-ups
    /// for the letters Vietnamese is written with (ASCII, Latin-1, Ă Đ Ĩ Ũ Ơ Ư, and Latin Extended
    /// Additional, where each capital is followed by its small letter); any other character goes
    /// through the standard library. The readability lints compare every label without case.
    var lowercasedFast: String {
        if utf8.allSatisfy({ $0 < 0x41 || ($0 > 0x5A && $0 < 0x80) }) { return self }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count + 4)
        func append(_ scalar: Unicode.Scalar) { UTF8.encode(scalar) { bytes.append($0) } }
        for scalar in unicodeScalars {
            let v = scalar.value
            switch v {
            case 0x41...0x5A: bytes.append(UInt8(v) + 0x20)
            case 0...0x7F: bytes.append(UInt8(v))
            case 0xC0...0xD6, 0xD8...0xDE: append(Unicode.Scalar(v + 0x20)!)
            case 0xDF...0xFF: append(scalar)
            case 0x102, 0x110, 0x128, 0x168, 0x1A0: append(Unicode.Scalar(v + 1)!)
            case 0x103, 0x111, 0x129, 0x169, 0x1A1, 0x1B0: append(scalar)
            case 0x1AF: append(Unicode.Scalar(0x1B0)!)
            case 0x1EA0...0x1EF9: append(Unicode.Scalar(v | 1)!)
            default:
                if scalar.properties.changesWhenLowercased {
                    for lower in scalar.properties.lowercaseMapping.unicodeScalars { append(lower) }
                } else {
                    append(scalar)
                }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `needle` occurs in the text, byte for byte: Foundation's `contains` compares with
    /// canonical equivalence, through a bridge, at many times the cost; for an ASCII needle, or NFC
    /// text and needle (what specs hold once decoded), the answer is the same.
    func containsBytes(_ needle: String) -> Bool {
        withBytes { text in needle.withBytes { ByteSearch.first(of: $0, in: text, from: 0) != nil } }
    }

    /// How many times `needle` occurs, not overlapping, left to right, matched byte for byte: the
    /// occurrences `replacingBytes` replaces.
    func occurrences(ofBytes needle: String) -> Int {
        guard !needle.isEmpty else { return 0 }
        return withBytes { text in
            needle.withBytes { needle in
                var count = 0, at = 0
                while let found = ByteSearch.first(of: needle, in: text, from: at) {
                    count += 1
                    at = found + needle.count
                }
                return count
            }
        }
    }

    /// The text with every occurrence of `target` replaced, matched byte for byte over UTF-8. For
    /// the ASCII tokens generated code is assembled with, the same as Foundation's
    /// `replacingOccurrences(of:with:)`, without its bridge to UTF-16 (thousands of calls per build);
    /// unlike it, never a canonically equivalent spelling.
    func replacingBytes(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        return withBytes { text in
            target.withBytes { needle in
                guard var found = ByteSearch.first(of: needle, in: text, from: 0) else { return self }
                var out: [UInt8] = []
                out.reserveCapacity(text.count + max(0, replacement.utf8.count - needle.count) * 4)
                var at = 0
                while true {
                    out += text[at..<found]
                    out += replacement.utf8
                    at = found + needle.count
                    guard let next = ByteSearch.first(of: needle, in: text, from: at) else { break }
                    found = next
                }
                out += text[at...]
                return String(decoding: out, as: UTF8.self)
            }
        }
    }

    /// Every line of the text (empty ones too) with `prefix` before it: how generated code nests
    /// one block in another, over bytes rather than characters.
    func indentingLines(by prefix: String) -> String {
        prefix + replacingBytes("\n", with: "\n" + prefix)
    }

    /// The text with each ASCII byte for which `replacement` gives a text replaced by it, and the
    /// bytes between copied in runs: one pass over UTF-8 (no grapheme breaking, which iterating
    /// characters costs), and the text itself when nothing is replaced.
    func replacingASCII(_ replacement: (UInt8) -> String?) -> String {
        withBytes { text in
            var out: [UInt8] = []
            var run = 0
            for index in text.indices where text[index] < 0x80 {
                guard let replaced = replacement(text[index]) else { continue }
                if out.isEmpty { out.reserveCapacity(text.count + 32) }
                out += UnsafeBufferPointer(rebasing: text[run..<index])
                out += replaced.utf8
                run = index + 1
            }
            guard run > 0 else { return self }
            out += UnsafeBufferPointer(rebasing: text[run...])
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Whether the text has something other than whitespace.
    var hasNonWhitespace: Bool {
        // Texts almost always start with a character that is not ASCII whitespace: decided at once.
        if let first = utf8.first, first < 0x80, !(first == 0x20 || (0x09...0x0D).contains(first)) { return true }
        return unicodeScalars.contains { !$0.properties.isWhitespace }
    }
}

/// Finding bytes in bytes: a plain loop (its first byte, then the rest), which for the short
/// needles formc looks for beats the standard library's generic searchers many times over.
enum ByteSearch {
    /// Where `needle` first occurs in `text` at or after `from`, or nil. An empty needle is found at `from`.
    static func first(of needle: UnsafeBufferPointer<UInt8>, in text: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard let lead = needle.first else { return from <= text.count ? from : nil }
        var i = from
        let last = text.count - needle.count
        while i <= last {
            if text[i] == lead {
                var j = 1
                while j < needle.count && text[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
