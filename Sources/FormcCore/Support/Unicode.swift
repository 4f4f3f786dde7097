internal import Foundation

extension String {
    /// The text in Unicode NFC. Text made only of characters that NFC never changes — ASCII, the
    /// Latin blocks Vietnamese letters come from, common punctuation — is returned as it is without
    /// calling Foundation's normaliser, which dominates decoding time otherwise.
    var nfc: String {
        if unicodeScalars.allSatisfy(\.isStableUnderNFC) { return self }
        return precomposedStringWithCanonicalMapping
    }

    /// Whether the text has something other than whitespace.
    var hasNonWhitespace: Bool {
        unicodeScalars.contains { !$0.properties.isWhitespace }
    }
}

extension Unicode.Scalar {
    /// True for characters that are their own NFC form and never combine with a neighbour:
    /// U+0000–U+02FF (ASCII, Latin-1, Latin Extended-A/B, IPA, spacing modifiers), U+1E00–U+1EFF
    /// (Latin Extended Additional: ạ ả ấ ầ … ỹ) and U+2010–U+2027 (dashes, quotes, bullets,
    /// ellipsis). None of them has a canonical decomposition that NFC would apply, and none is a
    /// combining mark, so a string of them is already NFC.
    var isStableUnderNFC: Bool {
        value < 0x300 || (0x1E00...0x1EFF).contains(value) || (0x2010...0x2027).contains(value)
    }
}
