/// The checks generated validators call: each one is `validate.mjs`'s helper of the same name,
/// computing the same answer on the same input (UTF-16 where JavaScript counts UTF-16 units, exact
/// code points where it compares strings), so the Swift and JavaScript validators agree.
public enum ValidationSupport {
    // MARK: Values

    /// The value as a whole number within ±9.2e18 (`isWholeNumber`), or nil.
    @inlinable @inline(__always)
    public static func wholeNumber(_ value: Double?) -> Double? {
        guard let n = value, abs(n) <= 9.2e18, JSON.isWhole(n) else { return nil }
        return n
    }

    /// A JSON Pointer token for a member name: `~` → `~0`, `/` → `~1`.
    public static func token(_ key: String) -> String {
        guard key.utf8.contains(where: { $0 == 0x7E || $0 == 0x2F }) else { return key }
        var out = ""
        for scalar in key.unicodeScalars {
            switch scalar {
            case "~": out += "~0"
            case "/": out += "~1"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Length in code points, as JSON Schema counts it.
    @inlinable
    public static func codePoints(_ text: String) -> Int { scalarCount(text) }

    /// The number of code points: the UTF-8 bytes that start one (a `String`'s UTF-8 is well formed).
    @usableFromInline
    static func scalarCount(_ text: String) -> Int {
        text.withBytes { bytes in
            var n = 0
            for byte in bytes where byte & 0xC0 != 0x80 { n += 1 }
            return n
        }
    }

    /// Fewer than `count` code points. A code point takes one to four UTF-8 bytes, so the byte count
    /// (constant time) decides most texts without counting.
    @inlinable
    public static func isShorter(_ text: String, than count: Int) -> Bool {
        let bytes = text.utf8.count
        if bytes < count { return true }
        if bytes >= 4 * count { return false }
        return scalarCount(text) < count
    }

    /// More than `count` code points (see `isShorter`).
    @inlinable
    public static func isLonger(_ text: String, than count: Int) -> Bool {
        let bytes = text.utf8.count
        if bytes <= count { return false }
        if bytes > 4 * count { return true }
        return scalarCount(text) > count
    }

    /// Exactly `count` ASCII digits.
    public static func isDigits(_ text: String, _ count: Int) -> Bool {
        text.utf8.count == count && text.withBytes { bytes in bytes.allSatisfy { $0 &- 48 < 10 } }
    }


    /// `TypeLibrary.taxCodePattern`: ten digits, or a dependent unit's code, ten digits and -001 to -999.
    public static func isTaxCodeShape(_ text: String) -> Bool {
        text.withBytes { u in
            func digits(_ range: Range<Int>) -> Bool { u[range].allSatisfy { (48...57).contains($0) } }
            // A dependent unit is numbered 001–999: -000 names none.
            return (u.count == 10 && digits(0..<10))
                || (u.count == 14 && u[10] == 45 && digits(0..<10) && digits(11..<14) && !(u[11] == 48 && u[12] == 48 && u[13] == 48))
        }
    }

    public static func isDate(_ text: String) -> Bool { CalendarDate(text) != nil }

    /// No U+FFFD: the replacement character broken encodings leave, and what `JSON(parsing:)` makes
    /// of an unpaired surrogate (`"\ud800"`), which validate.mjs refuses the same way (`wellFormed`).
    public static func isWellFormed(_ text: String) -> Bool {
        // U+FFFD is EF BF BD in UTF-8, and 0xEF starts few other characters (none Vietnamese):
        // eight bytes at a time are searched for an 0xEF, and only a word holding one is looked at.
        text.withBytes { bytes in
            guard let base = bytes.baseAddress, bytes.count >= 3 else { return true }
            let count = bytes.count
            var i = 0
            while i + 8 <= count {
                // The bytes that are 0xEF become zero; a word with a zero byte has this bit set.
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) ^ 0xEFEF_EFEF_EFEF_EFEF
                if (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 != 0 { break }
                i += 8
            }
            while i + 2 < count {
                if base[i] == 0xEF && base[i + 1] == 0xBF && base[i + 2] == 0xBD { return false }
                i += 1
            }
            return true
        }
    }

    /// The email pattern (`isEmailShape`): one `@` with text before it, no space, tab or line
    /// break, and after the `@` a `.` with text on both sides.
    public static func isEmailShape(_ text: String) -> Bool {
        // Over UTF-8 bytes: the characters that matter are ASCII, and "text on both sides" is the
        // same whether counted in bytes or UTF-16 units.
        text.withBytes { u in
            var at = -1
            for i in 0..<u.count {
                let b = u[i]
                if b == 32 || b == 9 || b == 13 || b == 10 { return false }
                if b == 64 {
                    if at >= 0 { return false }
                    at = i
                }
            }
            guard at >= 1, at + 2 < u.count - 1 else { return false }
            for i in (at + 2)..<(u.count - 1) where u[i] == 46 { return true }
            return false
        }
    }

    /// The date-time pattern's shape (`isDateTimeShape`): `YYYY-MM-DDTHH:MM:SS`, 1 to 9 fraction
    /// digits, `Z` or `±HH:MM`. Over UTF-8 bytes: every position must be a given ASCII character.
    public static func isDateTimeShape(_ text: String) -> Bool { text.withBytes(isDateTimeShape) }

    static func isDateTimeShape(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = u.count
        func digits(_ from: Int, _ to: Int) -> Bool { u[from..<to].allSatisfy { (48...57).contains($0) } }
        guard n >= 20, digits(0, 4), u[4] == 45, digits(5, 7), u[7] == 45, digits(8, 10), u[10] == 84,
            digits(11, 13), u[13] == 58, digits(14, 16), u[16] == 58, digits(17, 19)
        else { return false }
        var i = 19
        if u[i] == 46 {
            var j = i + 1
            while j < n && (48...57).contains(u[j]) { j += 1 }
            guard (1...9).contains(j - i - 1) else { return false }
            i = j
        }
        if n - i == 1 { return u[i] == 90 }
        return n - i == 6 && (u[i] == 43 || u[i] == 45) && digits(i + 1, i + 3) && u[i + 3] == 58 && digits(i + 4, i + 6)
    }

    /// The phone pattern (`isPhoneVN`): 0 and a mobile prefix in use and 7 digits, or 02 and 9 digits.
    public static func isPhoneVN(_ text: String) -> Bool {
        text.withBytes { u in
            guard u.count == 10 || u.count == 11, u[0] == 48, u.allSatisfy({ $0 &- 48 < 10 }) else { return false }
            if u.count == 11 { return u[1] == 50 }
            let b = Int(u[2]) - 48
            switch Int(u[1]) - 48 {
            case 3: return b >= 2
            case 5: return b == 2 || b == 5 || b == 6 || b == 8 || b == 9
            case 7: return b == 0 || b >= 6
            case 8: return b >= 1
            case 9: return true
            default: return false
            }
        }
    }

    /// Whether two texts are in this order, comparing UTF-16 units as JavaScript does. While both are
    /// ASCII (dates, codes: what rules compare) their bytes decide, with no UTF-16 view made; UTF-8
    /// orders by code point, which differs from UTF-16 only past U+FFFF, so other texts go by units.
    public static func isBefore(_ a: String, _ b: String) -> Bool {
        let ascii = a.withBytes { x in
            b.withBytes { y -> Bool? in
                var i = 0
                while i < x.count && i < y.count {
                    let p = x[i], q = y[i]
                    if p >= 0x80 || q >= 0x80 { return nil }
                    if p != q { return p < q }
                    i += 1
                }
                return x.count < y.count
            }
        }
        return ascii ?? a.utf16.lexicographicallyPrecedes(b.utf16)
    }

    /// Whether a date the format check accepted (`YYYY-MM-DD`) comes before `date`: what
    /// `isBefore(text, c.today)` says, without writing today's date as a text.
    public static func isBefore(_ text: String, _ date: CalendarDate) -> Bool { dateNumber(text) < dateNumber(date) }

    /// Whether `date` comes before a date the format check accepted.
    public static func isBefore(_ date: CalendarDate, _ text: String) -> Bool { dateNumber(date) < dateNumber(text) }

    /// YYYYMMDD as a number, which orders dates as their texts do.
    static func dateNumber(_ date: CalendarDate) -> Int { date.year * 10_000 + date.month * 100 + date.day }

    static func dateNumber(_ text: String) -> Int {
        text.withBytes { u in
            var n = 0
            for b in u where b != 45 { n = n &* 10 &+ Int(b &- 48) }
            return n
        }
    }

    /// A date-time the type's pattern accepted: real date, hours < 24, minutes and seconds < 60,
    /// and an offset `±hh:mm` within range (`isDateTime`).
    public static func isDateTime(_ text: String) -> Bool {
        // An ASCII text (all the shape check lets through) has one UTF-16 unit per byte.
        let ascii = text.withASCIIBytes { bytes in
            dateTime(count: bytes.count, unit: { Int(bytes[$0]) }) { String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<10]), as: UTF8.self) }
        }
        if let ascii { return ascii }
        let u = Array(text.utf16)
        return dateTime(count: u.count, unit: { Int(u[$0]) }) { String(decoding: u[0..<10], as: UTF16.self) }
    }

    /// `isDateTime` over `count` UTF-16 units read by `unit`; `date` makes the first ten a text.
    private static func dateTime(count n: Int, unit: (Int) -> Int, date: () -> String) -> Bool {
        guard n >= 20, isDate(date()) else { return false }
        func number(_ from: Int) -> Int? {
            guard from + 2 <= n, (48...57).contains(unit(from)), (48...57).contains(unit(from + 1)) else { return nil }
            return (unit(from) - 48) * 10 + unit(from + 1) - 48
        }
        guard let h = number(11), h < 24, let mi = number(14), mi < 60, let se = number(17), se < 60 else { return false }
        if unit(n - 1) != 0x5A {
            let z = n - 6
            guard let oh = number(z + 1), oh < 24, let om = number(z + 4), om < 60 else { return false }
        }
        return true
    }

    // MARK: Identifiers

    public static func taxCheckDigitOK(_ text: String) -> Bool { IdentifierChecks.taxCodeCheckDigitIsValid(text) }

    public static func cccdProvinceOK(_ text: String) -> Bool { IdentifierChecks.cccdProvinceIsValid(text) }

    // MARK: Names and Unicode

    /// ASCII characters a person's name may not contain: digits, symbols but `'` and `-`, tab, CR, LF.
    /// The digits, tab, LF, CR and every ASCII symbol but space, `'` and `-`, as two 64-bit masks:
    /// constants rather than a table, which would be a lazily initialised global read per character.
    @inline(__always)
    static func nameExcluded(_ u: UInt32) -> Bool {
        u < 64 ? (0xffff_df7e_0000_2600 as UInt64) >> u & 1 == 1 : (0x7800_0001_f800_0001 as UInt64) >> (u - 64) & 1 == 1
    }

    /// Characters NFC never changes and never combines: U+0000–U+02FF (ASCII, Latin-1, Latin
    /// Extended-A/B, IPA, spacing modifiers), U+1E00–U+1EFF (Latin Extended Additional: ạ ả ấ ầ … ỹ)
    /// and U+2010–U+2027 (dashes, quotes, bullets, ellipsis). None has a canonical decomposition
    /// NFC would apply, and none is a combining mark, so a text of them only is NFC (formc's fast
    /// path, here and in formc's own checks).
    @inlinable
    static func isStable(_ u: UInt16) -> Bool {
        u < 0x300 || (0x1E00...0x1EFF).contains(u) || (0x2010...0x2027).contains(u)
    }

    /// Letters for certain, without asking Unicode: Latin-1 and Latin Extended letters, IPA, Latin
    /// Extended Additional.
    @inlinable
    static func isLatinLetter(_ u: UInt16) -> Bool {
        (u >= 0xC0 && u < 0x2B0 && u != 0xD7 && u != 0xF7) || (0x1E00...0x1EFF).contains(u)
    }

    /// Where the bytes stop being UTF-8 (overlong forms, surrogates and code points above U+10FFFF
    /// included): the index of the sequence that breaks, with the offending byte; nil when they are
    /// UTF-8. Package-wide: formc refuses spec files with it, `JSONTape` keeps valid texts in place.
    package static func firstInvalidUTF8(in bytes: UnsafeBufferPointer<UInt8>) -> (index: Int, byte: UInt8)? {
        var index = 0
        while index < bytes.count {
            // Runs of ASCII, eight bytes at a time.
            while index + 8 <= bytes.count,
                UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0
            {
                index += 8
            }
            guard index < bytes.count else { break }
            let lead = bytes[index]
            let length: Int
            var minimum: UInt32 = 0
            var scalar: UInt32
            switch lead {
            case 0x00...0x7F: index += 1; continue
            case 0xC2...0xDF: length = 2; scalar = UInt32(lead & 0x1F); minimum = 0x80
            case 0xE0...0xEF: length = 3; scalar = UInt32(lead & 0x0F); minimum = 0x800
            case 0xF0...0xF4: length = 4; scalar = UInt32(lead & 0x07); minimum = 0x10000
            default: return (index, lead)
            }
            if index + length > bytes.count { return (index, lead) }
            for offset in 1..<length {
                let byte = bytes[index + offset]
                guard byte & 0xC0 == 0x80 else { return (index, byte) }
                scalar = scalar << 6 | UInt32(byte & 0x3F)
            }
            if scalar < minimum || (0xD800...0xDFFF).contains(scalar) || scalar > 0x10FFFF { return (index, lead) }
            index += length
        }
        return nil
    }

    /// Whether every character of the UTF-8 text is one `isStable` accepts, over the bytes: U+0000 to
    /// U+02FF are one byte or two with a lead below 0xCC, U+1E00 to U+1EFF are E1 B8…BB xx, U+2010
    /// to U+2027 are E2 80 90…A7. (A Swift string is valid UTF-8, so a lead's bytes are there.)
    package static func isStable(_ u: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = u.count
        while i < n {
            let b = u[i]
            if b < 0x80 {
                i += 1
            } else if b < 0xCC {
                i += 2
            } else if b == 0xE1 && u[i + 1] >= 0xB8 && u[i + 1] <= 0xBB {
                i += 3
            } else if b == 0xE2 && u[i + 1] == 0x80 && u[i + 2] >= 0x90 && u[i + 2] <= 0xA7 {
                i += 3
            } else {
                return false
            }
        }
        return true
    }

    /// Whether the text is in Unicode NFC.
    public static func isNFC(_ text: String) -> Bool {
        // Over code points, not UTF-16 units (which a native string must transcode): a code point
        // beyond the BMP is not stable, as neither of its surrogates is.
        if text.withBytes(isStable) { return true }
        if let composed = VietnameseComposition.compose(text) { return composed.utf8.elementsEqual(text.utf8) }
        return text.utf8.elementsEqual(text._nfcCodeUnits)
    }

    /// The text in NFC (validate.mjs's `nfc`): names are counted in that form. Normalised once:
    /// the text itself when that changes nothing.
    public static func nfc(_ text: String) -> String {
        if text.withBytes(isStable) { return text }
        if let composed = VietnameseComposition.compose(text) { return composed.utf8.elementsEqual(text.utf8) ? text : composed }
        let units = text._nfcCodeUnits
        return text.utf8.elementsEqual(units) ? text : String(decoding: units, as: UTF8.self)
    }

    /// Whether some character is alphabetic (`\p{Alphabetic}`).
    public static func hasLetter(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.properties.isAlphabetic }
    }

    /// The person-name pattern alone: no digit, no ASCII symbol but space, `'` and `-`.
    public static func isNameText(_ text: String) -> Bool {
        !text.isEmpty && !text.withBytes { $0.contains { $0 < 128 && nameExcluded(UInt32($0)) } }
    }

    /// What one pass over a person's name finds, as bits (validate.mjs's `nameState`): 1 an ASCII
    /// character the name pattern excludes, 2 a leading, trailing or doubled space, 4 a letter, 8 a
    /// character outside the ranges NFC leaves as they are (so the name may need normalising, or be
    /// broken: U+FFFD, which an unpaired surrogate becomes, is such a character). `nameVerdict`
    /// reads it. Over the UTF-8 bytes: a character beyond the BMP is two surrogates in JavaScript,
    /// neither ASCII, stable nor a letter, and sets 8 there as here.
    public static func nameState(_ text: String) -> Int {
        text.withBytes { bytes in
            var state = 0
            var previous: UInt32 = .max
            var i = 0
            let n = bytes.count
            while i < n {
                let b = bytes[i]
                var u = UInt32(b)
                if b < 0x80 {
                    if nameExcluded(u) {
                        state |= 1
                    } else if u == 32 && (previous == 32 || i == 0 || i == n - 1) {
                        state |= 2
                    }
                    let l = u | 0x20
                    if l >= 0x61 && l <= 0x7A { state |= 4 }
                    i += 1
                } else {
                    // A Swift string is valid UTF-8: the lead's continuation bytes are there.
                    if b < 0xE0 {
                        u = (u & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
                        i += 2
                    } else if b < 0xF0 {
                        u = (u & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
                        i += 3
                    } else {
                        u = 0x10000
                        i += 4
                    }
                    if u <= 0xFFFF && isStable(UInt16(u)) {
                        if isLatinLetter(UInt16(u)) { state |= 4 }
                    } else {
                        state |= 8
                    }
                }
                previous = u
            }
            return state
        }
    }

    /// A person's name (validate.mjs's `nameVerdict`): 1 when it breaks the name pattern, 2 when
    /// it is not well formed (see `nameOK`), 0 when it is fine. `state` is `nameState(text)`;
    /// `normalized` the text's NFC (the text itself when `state` has no 8).
    public static func nameVerdict(_ text: String, _ state: Int, _ normalized: String) -> Int {
        if text.isEmpty || state & 1 != 0 { return 1 }
        if state & 2 != 0 { return 2 }
        if state & 8 != 0 { return ExactKey.equal(text, normalized) && hasLetter(text) ? 0 : 2 }
        return state & 4 != 0 || hasLetter(text) ? 0 : 2
    }

    /// NFC, no leading, trailing or doubled spaces, and at least one letter (`nameOK`).
    public static func nameOK(_ text: String) -> Bool {
        let units = Array(text.utf16)
        guard let first = units.first, first != 32, units[units.count - 1] != 32 else { return false }
        var letter = false, previous: UInt16 = 0
        for u in units {
            if u == 32 && previous == 32 { return false }
            previous = u
            let l = u | 0x20
            if (l >= 0x61 && l <= 0x7A) || isLatinLetter(u) { letter = true }
        }
        if !units.allSatisfy(isStable) { return isNFC(text) && hasLetter(text) }
        return letter || hasLetter(text)
    }

    // MARK: Comparing and showing values

    /// A text equal for two values exactly when `validate.mjs` counts them as the same item (`===`
    /// for strings, numbers, booleans and null; equal `JSON.stringify` texts for arrays and objects,
    /// members in JavaScript's order, ±∞ written `null`), so duplicates are found in one pass.
    public static func uniqueKey(_ value: JSON) -> String {
        switch value {
        case .string(let s): return "s" + s
        case .number(let n): return "n" + numberText(n)
        case .bool(let b): return b ? "pT" : "pF"
        case .null: return "pN"
        case .array, .object:
            var out = "o"
            stringify(value, into: &out)
            return out
        }
    }

    /// One text per number (−0 as 0): Swift's shortest round-trip form, integers without a fraction.
    static func numberText(_ n: Double) -> String {
        if n == 0 { return "0" }
        if let whole = JSON.number(n).safeInteger { return String(whole) }
        return "\(n)"
    }

    static func stringify(_ value: JSON, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n.isFinite ? numberText(n) : "null"
        case .string(let s): JSON.appendQuoted(s, to: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                stringify(item, into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, key) in members.keysInJavaScriptOrder.enumerated() {
                if i > 0 { out += "," }
                JSON.appendQuoted(key, to: &out)
                out += ":"
                stringify(members[key] ?? .null, into: &out)
            }
            out += "}"
        }
    }

    /// How a computed value appears in the `computed` message (`display`).
    public static func display(_ value: Int) -> String { String(value) }
    public static func display(_ value: String) -> String { value }
    public static func display(_ value: Bool) -> String { value ? "true" : "false" }
    public static func display(_ value: [String?]) -> String {
        "[" + value.map { $0.map { "'" + $0 + "'" } ?? "null" }.joined(separator: ", ") + "]"
    }

    /// Whether a submitted value is `===` a computed one.
    public static func same(_ value: JSON, _ computed: Int) -> Bool {
        if case .number(let n) = value { return n == Double(computed) }
        return false
    }
    public static func same(_ value: JSON, _ computed: String) -> Bool {
        if case .string(let s) = value { return s.utf8.elementsEqual(computed.utf8) }
        return false
    }
    public static func same(_ value: JSON, _ computed: Bool) -> Bool {
        if case .bool(let b) = value { return b == computed }
        return false
    }
    /// Whether two answers are `===` as JavaScript sees scalars: text by code units, numbers by
    /// value; lists and objects never are.
    public static func sameScalar(_ a: JSON, _ b: JSON) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.number(let x), .number(let y)): x == y
        case (.string(let x), .string(let y)): x.utf8.elementsEqual(y.utf8)
        default: false
        }
    }
    /// A list is never `===` another list.
    public static func same<T>(_ value: JSON, _ computed: [T]) -> Bool { false }
}

extension ValidationSupport {
    /// Whether two texts are the same code points (JavaScript's `===` on strings).
    public static func isText(_ a: String, _ b: String) -> Bool { ExactKey.equal(a, b) }
}

extension String {
    /// The text's UTF-8 in one buffer, for scanners that read bytes directly: several times faster
    /// than iterating `String.UTF8View`. A native string has them in one piece; others are copied
    /// once. (Package-wide: formc's own byte-level text helpers use it too.) Inlinable: called
    /// from another module unspecialised, every call looked up `Optional<R>`'s metadata at run
    /// time, which was 7 % of `formc build`.
    @inlinable @inline(__always)
    package func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return copy.withUTF8(body)
    }

    /// `body` over the text's bytes when all are ASCII (then a byte is a code point and a UTF-16
    /// unit, which is how texts of digits and codes are cut and compared quickly), nil otherwise.
    @inlinable
    package func withASCIIBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        withBytes { bytes in bytes.contains(where: { $0 >= 0x80 }) ? nil : body(bytes) }
    }
}
