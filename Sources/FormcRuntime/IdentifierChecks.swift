/// Checks of Vietnamese identifiers that a JSON Schema pattern cannot express.
public enum IdentifierChecks {
    /// Mã số thuế: the tenth digit is a mod-11 check digit over the first nine, with weights
    /// 31, 29, 23, 19, 17, 13, 7, 5, 3 (community validators; not in the circular — unverified [R]).
    /// A 13-character code (`0100109106-001`) is a dependent unit of a valid 10-digit code.
    public static func taxCodeCheckDigitIsValid(_ code: String) -> Bool {
        let digits = code.utf8.prefix(10).map { Int($0) - 48 }
        guard digits.count == 10, digits.allSatisfy({ (0...9).contains($0) }) else { return false }
        let weights = [31, 29, 23, 19, 17, 13, 7, 5, 3]
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        let check = 10 - sum % 11
        return check < 10 && check == digits[9]
    }

    /// Province codes of the 63-province list, which stay valid in CCCD numbers issued before the
    /// 2025 merger; the 34 current provinces kept codes from this list. Source: public validator
    /// code and the province code table — unverified [R].
    public static let cccdProvinceCodes: Set<String> = [
        "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020", "022",
        "024", "025", "026", "027", "030", "031", "033", "034", "035", "036", "037", "038", "040", "042",
        "044", "045", "046", "048", "049", "051", "052", "054", "056", "058", "060", "062", "064", "066",
        "067", "068", "070", "072", "074", "075", "077", "079", "080", "082", "083", "084", "086", "087",
        "089", "091", "092", "093", "094", "095", "096",
    ]

    /// Whether a 12-digit CCCD number starts with a province code. Codes above 096 are accepted:
    /// births registered abroad carry other codes (unverified [M]), so they are not rejected.
    public static func cccdProvinceIsValid(_ number: String) -> Bool {
        var code = 0, digits = 0
        for byte in number.utf8.prefix(3) {
            guard (48...57).contains(byte) else { return false }
            code = code * 10 + Int(byte - 48)
            digits += 1
        }
        return digits == 3 && (code > 96 || provinceTable[code])
    }

    /// `cccdProvinceCodes` as a table by number, for the check above.
    private static let provinceTable: [Bool] = {
        var table = [Bool](repeating: false, count: 1000)
        for code in cccdProvinceCodes { table[Int(code)!] = true }
        return table
    }()
}
