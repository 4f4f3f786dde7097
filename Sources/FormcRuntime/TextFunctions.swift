/// The expression language's text functions, shared by formc's evaluator and generated Swift (the
/// generated JavaScript and the JSON Logic profile compute the same; docs/expressions.md). Positions
/// and lengths count Unicode code points.
public enum TextFunctions {
    /// `substr(text, start, count)` with JSON Logic's meaning: a negative start counts from the end;
    /// no count runs to the end; a negative count stops that many code points before the end.
    public static func substr(_ text: String, _ start: Int64, _ count: Int64?) -> String {
        // An ASCII text (identification numbers, dates, codes) is cut by its bytes, one per code point.
        let ascii = text.withASCIIBytes { bytes in
            let (from, end) = range(of: Int64(bytes.count), start, count)
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[Int(from)..<Int(end)]), as: UTF8.self)
        }
        if let ascii { return ascii }
        let scalars = Array(text.unicodeScalars)
        let (from, end) = range(of: Int64(scalars.count), start, count)
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[Int(from)..<Int(end)])
        return String(out)
    }

    /// The code points `substr` keeps of `n`.
    static func range(of n: Int64, _ start: Int64, _ count: Int64?) -> (from: Int64, end: Int64) {
        let from = start < 0 ? max(n + start, 0) : min(start, n)
        guard let count else { return (from, n) }
        return (from, count < 0 ? max(n + count, from) : min(from + min(count, n), n))
    }

    /// The centuries the 4th digit of a personal identification number (số định danh cá nhân)
    /// stands for, by the first two digits of the birth year: 0 and 1 for 1900–1999, 2 and 3 for
    /// 2000–2099, … up to 8 and 9 for 2300–2399 (even for men, odd for women). Luật Căn cước 2023
    /// Điều 12 gives the structure [V]; the digit table is from public validators [R].
    public static let centuryDigits: [(century: String, digits: [String])] = [
        ("19", ["0", "1"]), ("20", ["2", "3"]), ("21", ["4", "5"]), ("22", ["6", "7"]), ("23", ["8", "9"]),
    ]

    /// Whether the number's 4th digit (century) and 5th–6th digits (the last two of the birth year)
    /// agree with a birth date written YYYY-MM-DD.
    public static func cccdBirthMatches(_ number: String, _ birthDate: String) -> Bool {
        guard substr(number, 4, 2) == substr(birthDate, 2, 2) else { return false }
        let century = substr(birthDate, 0, 2), digit = substr(number, 3, 1)
        return centuryDigits.contains { $0.century == century && $0.digits.contains(digit) }
    }

    /// Whether the number's 4th digit agrees with the sex: even for `nam`, odd for `nu`.
    public static func cccdSexMatches(_ number: String, _ sex: String) -> Bool {
        let digit = substr(number, 3, 1)
        switch sex {
        case "nam": return ["0", "2", "4", "6", "8"].contains(digit)
        case "nu": return ["1", "3", "5", "7", "9"].contains(digit)
        default: return false
        }
    }
}
