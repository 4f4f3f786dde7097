/// The stable ids of submission rules, as they appear in example `errors:`, in conformance vectors
/// and (later) in generated validators' results.
public enum ValidationRule: String, Sendable, CaseIterable {
    /// The value has the wrong JSON type.
    case type
    /// A required field is missing.
    case required
    /// The submission has a property the form does not define (forms are closed).
    case unknown_field
    case min_length, max_length
    /// The value does not match the field's pattern (built in for identifier types, or the spec's own).
    case pattern
    case minimum, maximum
    /// The value is not one of the field's options.
    case option
    case min_items, max_items, unique_items
    /// Not a real calendar date or date-time.
    case format
    /// A date outside the field's min/max dates (which may be relative to today).
    case date_range
    /// A tax code (mã số thuế) whose check digit is wrong.
    case check_digit
    /// A CCCD number whose first three digits are not a province code.
    case cccd_province
    /// A CCCD number whose century digit (4th) or year digits (5th–6th) disagree with the birth date
    /// its field `matches`.
    case cccd_birth_date
    /// A CCCD number whose 4th digit (even for men, odd for women) disagrees with the sex it `matches`.
    case cccd_sex
    /// A person's name that is not NFC, has stray spaces, or has no letter.
    case person_name
    /// A commune that is not in the chosen province, per the administrative unit catalogue.
    case admin_unit
    /// A value for a field that is hidden (its `visible_when` is false).
    case not_visible
    /// A computed field whose value differs from its `compute` expression.
    case computed
    /// A form rule (`rules:`) that does not hold; the error carries the rule's own id.
    case check
    /// Text that is not well-formed Unicode: an unpaired UTF-16 surrogate (`"\uD800"`), or U+FFFD,
    /// the replacement character a broken encoding leaves behind (what a Swift reader makes of both).
    case encoding
    /// The last entry of a result cut at the caller's error limit (`maxErrors`): more errors follow.
    case too_many_errors
    /// The caller said which version of the form the answers were made for, and it is another one
    /// (the only error then; nothing else is checked).
    case form_version
    /// A locked prefilled answer that is not the value the data source holds (checked only when the
    /// validator is given the source's data; docs/data-reuse.md).
    case prefill_locked

    /// Whether the emitted JSON Schema decides this rule. The others are carried as `x-formc-*`
    /// annotations and enforced by formc's validator and the generated validation code.
    public var isDecidedBySchema: Bool {
        switch self {
        case .date_range, .check_digit, .cccd_province, .cccd_birth_date, .cccd_sex, .person_name, .admin_unit, .computed, .check, .encoding,
            .too_many_errors, .form_version, .prefill_locked:
            false
        default: true
        }
    }
}

/// One problem with a submission: where (a JSON Pointer), which rule, and a message for citizens.
public struct ValidationError: Sendable, Hashable {
    public var path: String
    public var rule: ValidationRule
    /// The rule's id as examples and vectors name it: the rule's own name, or a form rule's id.
    public var name: String
    public var message: LocalizedText
    /// Whether the emitted JSON Schema rejects this problem too (conditional rules are in the schema
    /// only when their condition is simple enough; see `LogicEncoding`).
    public var decidedBySchema: Bool

    public init(path: String, rule: ValidationRule, name: String? = nil, message: LocalizedText, decidedBySchema: Bool? = nil) {
        self.path = path
        self.rule = rule
        self.name = name ?? rule.rawValue
        self.message = message
        self.decidedBySchema = decidedBySchema ?? rule.isDecidedBySchema
    }
}

/// JSON Pointer (RFC 6901) building.
enum JSONPointer {
    static func appending(_ base: String, _ token: String) -> String {
        // Over the bytes: every answer's path is made, and a name almost never needs escaping.
        let escapes = token.withBytes { $0.contains { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") } }
        return joined(base, escapes ? token.replacingBytes("~", with: "~0").replacingBytes("/", with: "~1") : token)
    }

    static func appending(_ base: String, _ index: Int) -> String { joined(base, String(index)) }

    /// `base + "/" + token` in one allocation of the exact size (the two `+` made two).
    private static func joined(_ base: String, _ token: String) -> String {
        base.withBytes { base in
            token.withBytes { token in
                String(unsafeUninitializedCapacity: base.count + 1 + token.count) { out in
                    _ = out.initialize(fromContentsOf: base)
                    out[base.count] = UInt8(ascii: "/")
                    _ = out[(base.count + 1)...].initialize(fromContentsOf: token)
                    return out.count
                }
            }
        }
    }
}
