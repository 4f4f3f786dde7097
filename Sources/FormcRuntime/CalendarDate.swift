/// A calendar date as submissions write it (`YYYY-MM-DD`, ISO 8601, no time zone): what a form's
/// `date` fields decode to. Decoding refuses text that is not a real date (`2023-02-30`), the same
/// dates `validate.mjs` refuses with the rule `format`.
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A date from its parts, or nil when there is no such day (years 0001–9999: year 0000 does not
    /// exist in the calendar Python's `datetime` and RFC 3339 validators use, so every engine refuses it).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1, day <= Self.days(in: month, of: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// A date from exactly `YYYY-MM-DD` in ASCII digits, or nil.
    public init?(_ text: String) {
        // Over the text's bytes in place: validators read every date answer through this.
        let parts = text.withBytes { u -> (Int, Int, Int)? in
            func digits(_ range: Range<Int>) -> Int? {
                var n = 0
                for i in range {
                    guard (48...57).contains(u[i]) else { return nil }
                    n = n * 10 + Int(u[i] - 48)
                }
                return n
            }
            guard u.count == 10, u[4] == 45, u[7] == 45, let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10) else { return nil }
            return (y, m, d)
        }
        guard let (y, m, d) = parts else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public static func days(in month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public var description: String {
        // Ten ASCII bytes written in place: validators make this text once per submission, and a
        // text this short is stored inline, so making it allocates nothing.
        String(unsafeUninitializedCapacity: 10) { bytes in
            func put(_ n: Int, _ at: Int, _ width: Int) {
                var n = n
                for i in stride(from: at + width - 1, through: at, by: -1) {
                    bytes[i] = UInt8(48 + n % 10)
                    n /= 10
                }
            }
            put(year, 0, 4)
            bytes[4] = 45
            put(month, 5, 2)
            bytes[7] = 45
            put(day, 8, 2)
            return 10
        }
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CalendarDate(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a date written YYYY-MM-DD")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension CalendarDate {
    /// Today's date in Vietnam (UTC+7, no daylight saving), the date the validators' relative rules
    /// and the fees use: until 07:00 in Vietnam the UTC date is still yesterday. Read from the
    /// system clock, without Foundation.
    public static func todayInVietnam() -> CalendarDate {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return fromUnixSeconds(Int64(now.tv_sec) + 7 * 3600)
    }

    /// The civil date of a count of seconds since 1970-01-01T00:00:00 (of whatever offset the
    /// count already includes): the days-from-civil algorithm run backwards (H. Hinnant).
    public static func fromUnixSeconds(_ seconds: Int64) -> CalendarDate {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        // Always a real date: the algorithm gives one for every day count.
        return CalendarDate(year: Int(year), month: Int(month), day: Int(day))!
    }
}
