/// What each string-valued field type means, in one place: the schema emitter and formc's own
/// validator both read it, so the two cannot drift apart.
public enum TypeLibrary {
    /// The built-in rules of a string-valued type.
    public struct StringType: Sendable {
        /// A pattern in the portable subset, matched against the whole value.
        public var pattern: String?
        /// A JSON Schema `format` the schema also states (checked by validators with format assertion).
        public var format: String?
        public var minLength: Int?
        public var maxLength: Int?
        /// Rules beyond what the schema says, enforced by formc's validators.
        public var extensions: [ValidationRule]
        /// The lengths every value of a fixed-shape pattern has, which the schema states beside the
        /// pattern (they also help a page size its input).
        public var shapeLengths: ClosedRange<Int>? = nil
        /// The pattern the schema states instead of `pattern`, when narrower: what the validators'
        /// range checks refuse (year 0000, hour 24, second 60, offset +24:00) written into the
        /// pattern, so that schema validators whose `format` checks differ (ajv, python jsonschema,
        /// jsonschema-rs) still agree with formc.
        public var schemaPattern: String? = nil
        /// The pattern's shape when it is one `SubmissionValidator` matches without a regular
        /// expression, worked out once here rather than for each value.
        var shape: SubmissionValidator.PatternShape?

        init(
            pattern: String? = nil, format: String? = nil, minLength: Int? = nil, maxLength: Int? = nil, extensions: [ValidationRule],
            shapeLengths: ClosedRange<Int>? = nil, schemaPattern: String? = nil
        ) {
            self.pattern = pattern
            self.format = format
            self.minLength = minLength
            self.maxLength = maxLength
            self.extensions = extensions
            self.shapeLengths = shapeLengths
            self.schemaPattern = schemaPattern
            shape = pattern.flatMap(SubmissionValidator.PatternShape.init)
        }
    }

    /// Whether some value matching `pattern` holds a line feed (`PortablePattern.admitsNewline`),
    /// worked out once for the built-in patterns. Where none can, the schema refuses line feeds
    /// outright, because Python's `$` also matches before a final newline.
    static func admitsNewline(_ pattern: String) -> Bool {
        builtInNewlines[pattern] ?? (try? PortablePattern(pattern))?.admitsNewline ?? true
    }

    private static let builtInNewlines: [String: Bool] = Dictionary(
        FieldKind.allCases.compactMap { stringType($0)?.pattern }.map { ($0, (try? PortablePattern($0))?.admitsNewline ?? true) },
        uniquingKeysWith: { a, _ in a })

    public static let personNamePattern = ##"[^0-9!"#$%&()*+,./:;<=>?@\[\\\]^_`{|}~\t\n\r]+"##

    /// The built-in rules of `kind`, or nil for kinds whose values are not strings.
    /// Made once each: validation asks for the type of every text answer it checks.
    public static func stringType(_ kind: FieldKind) -> StringType? {
        switch kind {
        case .text: StringTypes.text
        case .email: StringTypes.email
        case .phone_vn: StringTypes.phone
        case .cccd: StringTypes.cccd
        case .cmnd: StringTypes.cmnd
        case .tax_code: StringTypes.taxCode
        case .bhxh: StringTypes.bhxh
        case .person_name: StringTypes.personName
        case .date: StringTypes.date
        case .datetime: StringTypes.dateTime
        default: nil
        }
    }

    private enum StringTypes {
        static let text = StringType(extensions: [])
        static let email = StringType(pattern: emailPattern, maxLength: 254, extensions: [])
        // Mobile prefixes in use and 11-digit landlines (mobile pattern widely used [R]; landline [M]).
        static let phone = StringType(pattern: phonePattern, extensions: [], shapeLengths: 10...11)
        static let cccd = StringType(pattern: "[0-9]{12}", extensions: [.cccd_province], shapeLengths: 12...12)
        // Old identity cards: 9 digits, or 12 for those issued 2012–2016.
        static let cmnd = StringType(pattern: "[0-9]{9}|[0-9]{12}", extensions: [], shapeLengths: 9...12)
        static let taxCode = StringType(pattern: taxCodePattern, extensions: [.check_digit], shapeLengths: 10...14)
        static let bhxh = StringType(pattern: "[0-9]{10}", extensions: [], shapeLengths: 10...10)
        static let personName = StringType(pattern: personNamePattern, minLength: 1, maxLength: 100, extensions: [.person_name])
        static let date = StringType(pattern: datePattern, format: "date", extensions: [], shapeLengths: 10...10, schemaPattern: schemaDate)
        static let dateTime = StringType(pattern: dateTimePattern, format: "date-time", extensions: [], schemaPattern: schemaDateTime)
    }

    /// Integer bounds every integer keeps so that JavaScript reads it exactly.
    public static let safeIntegers: ClosedRange<Int64> = -JSONLimits.maxSafeInteger...JSONLimits.maxSafeInteger

    /// The bounds of an integer field, always within JavaScript's safe integers; money is never negative.
    public static func integerBounds(_ field: FieldSpec) -> (Int64, Int64) {
        var low = field.kind == .money_vnd ? 0 : safeIntegers.lowerBound
        var high = safeIntegers.upperBound
        if case .integer(let v)? = field.minimum?.value { low = max(low, v) }
        if case .integer(let v)? = field.maximum?.value { high = min(high, v) }
        return (low, high)
    }

    /// Years 0001–9999, months 01–12, days 01–31 (the day within its month is left to `format`, and
    /// to the validators); hours 00–23, minutes and seconds 00–59 (no leap second), offsets within ±23:59.
    static let schemaYear = "(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})"
    static let schemaDate = schemaYear + "-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    static let schemaDateTime = schemaDate + #"T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])"#
    static let datePattern = "[0-9]{4}-[0-9]{2}-[0-9]{2}"
    /// Ten digits, and a dependent unit's number 001–999 after a hyphen (000 names no unit).
    static let taxCodePattern = "[0-9]{10}(-(00[1-9]|0[1-9][0-9]|[1-9][0-9]{2}))?"
    static let dateTimePattern = #"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})"#
    static let emailPattern = #"[^@ \t\r\n]+@[^@ \t\r\n]+\.[^@ \t\r\n]+"#
    static let phonePattern = "0(3[2-9]|5[25689]|7[06-9]|8[1-9]|9[0-9])[0-9]{7}|02[0-9]{9}"

    /// The address object's parts.
    public static let communePattern = "[0-9]{5}"
    public static let addressDetailMaxLength = 200
    public static let fileNameMaxLength = 255
}

/// How generated validators test a built-in pattern: the simple anchored digit shapes as byte
/// scanners (no regular expression), the person-name pattern as a table lookup, anything else as a
/// regular expression. Both validator emitters (JavaScript, Swift) decide by this one table.
enum PatternScanner: Equatable {
    case digits(Int)  // [0-9]{n}
    case digits9or12
    case taxCode  // taxCodePattern: ten digits, optionally -001 to -999
    case personName
    /// The email shape: one `@`, no space, tab or line break, a dot with text on both sides after it.
    case email
    /// Mobile prefixes in use and 11-digit landlines (`phonePattern`).
    case phoneVN
    /// RFC 3339 date-time shape (`dateTimePattern`), without the range checks `isDateTime` adds.
    case dateTime
    case regex

    /// Whether every text the shape accepts is ASCII (and so well formed and NFC).
    var acceptsOnlyASCII: Bool {
        switch self {
        case .digits, .digits9or12, .taxCode, .phoneVN, .dateTime: true
        case .personName, .email, .regex: false
        }
    }

    init(_ pattern: String) {
        switch pattern {
        case "[0-9]{12}": self = .digits(12)
        case "[0-9]{10}": self = .digits(10)
        case "[0-9]{5}": self = .digits(5)
        case "[0-9]{9}|[0-9]{12}": self = .digits9or12
        case TypeLibrary.taxCodePattern: self = .taxCode
        case TypeLibrary.personNamePattern: self = .personName
        case TypeLibrary.emailPattern: self = .email
        case TypeLibrary.phonePattern: self = .phoneVN
        case TypeLibrary.dateTimePattern: self = .dateTime
        default: self = .regex
        }
    }
}

/// How the generated validators check a text field, decided once for `validate.mjs` and the Swift
/// validators (each emitter writes it in its language), so both test the same things in the same
/// order and give the same errors.
struct TextCheckPlan {
    /// A shape every accepted text of which is ASCII, and so well formed: tested first, and the
    /// costlier well-formedness scan runs only on a text without the shape (to tell a broken
    /// character from a wrong shape) — one scan instead of three for a right answer.
    enum Shape {
        case date
        case pattern(String)
    }

    let type: TypeLibrary.StringType
    let shape: Shape?
    /// A person's name under the built-in pattern: scanned once (`nameState`); a name of characters
    /// NFC leaves as they are (as Vietnamese names are) is well formed and its own NFC, so neither
    /// is checked nor computed.
    let isNamePass: Bool
    let minLength: Int?
    let maxLength: Int?
    /// Lengths are counted on the text's NFC, the form a name is stored in.
    let countsNFC: Bool

    init?(_ field: FieldSpec) {
        guard let type = TypeLibrary.stringType(field.kind) else { return nil }
        self.type = type
        isNamePass = field.kind == .person_name && field.pattern == nil && type.pattern == TypeLibrary.personNamePattern
        if field.kind == .date {
            shape = .date
        } else if let builtIn = type.pattern, PatternScanner(builtIn).acceptsOnlyASCII {
            shape = .pattern(builtIn)
        } else {
            shape = nil
        }
        minLength = field.minLength?.value ?? type.minLength
        maxLength = field.maxLength?.value ?? type.maxLength
        countsNFC = field.kind == .person_name && (isNamePass || minLength != nil || maxLength != nil)
    }
}
