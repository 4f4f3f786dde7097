/// A form (tờ khai, đơn): its identity, its sections of fields, and example submissions. Its
/// properties are `Fields`', kept behind one reference (`CopyOnWrite`), as a procedure's are.
public struct FormSpec: CopyOnWriteFields {
    public var stored: CopyOnWrite<Fields>

    public init(_ fields: Fields) { stored = CopyOnWrite(fields) }

    public struct Fields: Sendable {
        /// Stable id, lower-case words joined by hyphens; used in file names and the schema `$id`.
        public var id: Located<String>
        public var version: Located<SemanticVersion>
        public var title: LocalizedText
        public var titleLocation: SourceLocation
        public var description: LocalizedText?
        /// Where the form's legal template comes from (e.g. "TT 04/2024/TT-BTP"), free text.
        public var source: String?
        /// The top-level sections; each is a group (or a repeating group) of fields.
        public var sections: [FieldSpec]
        /// Cross-field rules, checked after the fields.
        public var rules: [FormRule]
        public var examples: [FormExample]
        /// What the official paper form carries besides its fields (`paper:`).
        public var paper = PaperLayout()
        /// Sections declared with an error already reported, as `FieldSpec.undecodedFields`.
        public var undecodedSections: Set<String> = []
        public var file: String
    }
}

/// The fixed parts of an official paper form, printed around the fields by the template and the
/// filled printout: the addressee line, statements such as the commitment sentence, the footnotes
/// fields refer to, and the signature blocks.
public struct PaperLayout: Sendable {
    public enum Addressee: Sendable {
        /// "Kính gửi:" the agency of the procedure the form is printed for, then a blank for its name.
        case agency
        case text(LocalizedText)
    }
    public var addressee: Addressee?
    /// Paragraphs after the fields ("Tôi cam đoan …").
    public var statements: [LocalizedText] = []
    /// Numbered notes at the foot of the form; a field's `paper: { footnote: n }` refers to note n.
    public var footnotes: [LocalizedText] = []
    public var signatures: [PaperSignature] = []
    public var location: SourceLocation?
}

/// A signature block: who signs, and the line under it ("(Ký, ghi rõ họ, chữ đệm, tên)").
public struct PaperSignature: Sendable {
    public var title: LocalizedText
    public var note: LocalizedText?
}

/// How one field prints on paper (`paper:` on a field or section).
public struct FieldPaper: Sendable {
    /// For a repeat: how many blank items the template prints (default: its maximum, up to 5).
    public var items: Located<Int>?
    /// The footnote the field's label refers to (1-based).
    public var footnote: Located<Int>?
    /// Words that replace the condition or the derivation formc would print.
    public var note: LocalizedText?
}

/// An expression as written in a spec: its text, and where each of its characters is in the file.
public struct ExpressionSource: Sendable {
    public var text: String
    public var positions: ScalarPositions

    public var location: SourceLocation { positions.location(at: 0) }
}

/// A form rule: a condition every valid submission meets, the message when it does not, and the
/// fields it blames (JSON Pointers).
public struct FormRule: Sendable {
    public var id: Located<String>
    public var check: ExpressionSource
    public var message: LocalizedText
    public var paths: [String]
    /// Filled in by the checker.
    public var checked: CheckedExpression?
}

/// A field's conditional logic, each part an expression over the form's answers.
public struct FieldLogic: Sendable {
    /// Required only when this holds (and the field is visible).
    public var requiredWhen: ExpressionSource?
    /// Shown, and accepted, only when this holds; a hidden field is never required.
    public var visibleWhen: ExpressionSource?
    /// The field's value is computed from others.
    public var compute: ExpressionSource?
    /// Checked forms of the above, filled in by the checker.
    public var checkedRequiredWhen: CheckedExpression?
    public var checkedVisibleWhen: CheckedExpression?
    public var checkedCompute: CheckedExpression?
    /// For a CCCD field, `matches:`: the birth date and the sex its digits must agree with.
    public var matchesBirthDate: ExpressionSource?
    public var matchesSex: ExpressionSource?
    /// Built-in checks of the field's value against other answers (from `matches:`), each an
    /// expression that must not be false, checked once the value passed its own rules.
    public var checks: [FieldCheck] = []

    public var isEmpty: Bool { requiredWhen == nil && visibleWhen == nil && compute == nil && checks.isEmpty }

    /// Nothing set at all, checked forms included: what a field without logic holds.
    var isBlank: Bool {
        isEmpty && checkedRequiredWhen == nil && checkedVisibleWhen == nil && checkedCompute == nil
            && matchesBirthDate == nil && matchesSex == nil
    }
}

/// A check of a field against other answers: the error's rule and message when `checked` is false.
public struct FieldCheck: Sendable {
    public var rule: ValidationRule
    public var checked: CheckedExpression
    public var message: LocalizedText
}

/// The field types of the type library. Each has its JSON shape and its rules; see
/// `docs/spec-reference.md` for what each one accepts.
public enum FieldKind: String, Sendable, CaseIterable {
    case text, integer, money_vnd, boolean, date, datetime, choice, multi_choice, email, phone_vn
    case cccd, cmnd, tax_code, bhxh, person_name, address_vn, file, group, `repeat`

    /// Group-like kinds hold nested fields.
    public var hasFields: Bool { self == .group || self == .repeat }
}

/// A lower or upper bound as written in a spec: a number, a date, or "today" (relative dates can
/// only be checked at validation time, so they become annotations in the schema).
public enum Bound: Sendable, Hashable {
    case integer(Int64)
    case date(CalendarDate)
    case today
}

/// One choice of a choice field: a stable value and its labels.
public struct OptionChoice: Sendable, Hashable {
    public var value: String
    public var label: LocalizedText
    public var location: SourceLocation
}

/// Where a choice field's options come from.
public enum OptionSource: Sendable {
    case inline
    /// A shared option list, by id; resolved by the checker.
    case shared(Located<String>)
}

/// A field, or a group of fields (sections are groups too). Constraints that do not apply to the
/// field's kind are rejected while decoding, so every property here is meaningful for its kind.
///
/// A field's properties live in one shared, copy-on-write storage object: the checker, the
/// validators and every emitter pass fields around by value and walk `fields` arrays, and a copy of
/// some twenty properties (locations, texts, bounds, bindings) would retain each of them; a copy of
/// this struct retains one reference. A change copies the storage only when it is shared.
public struct FieldSpec: Sendable {
    private final class Storage: @unchecked Sendable {
        @exclusivity(unchecked) var name: String
        @exclusivity(unchecked) var location: SourceLocation
        @exclusivity(unchecked) var kind: FieldKind
        @exclusivity(unchecked) var label: LocalizedText? = nil
        @exclusivity(unchecked) var hint: LocalizedText? = nil
        @exclusivity(unchecked) var required: Bool = false
        @exclusivity(unchecked) var minimum: Located<Bound>? = nil
        @exclusivity(unchecked) var maximum: Located<Bound>? = nil
        @exclusivity(unchecked) var minLength: Located<Int>? = nil
        @exclusivity(unchecked) var maxLength: Located<Int>? = nil
        @exclusivity(unchecked) var pattern: Located<String>? = nil
        @exclusivity(unchecked) var defaultValue: Located<JSONValue>? = nil
        @exclusivity(unchecked) var optionSource: OptionSource? = nil
        @exclusivity(unchecked) var choices: [OptionChoice] = []
        @exclusivity(unchecked) var minItems: Located<Int>? = nil
        @exclusivity(unchecked) var maxItems: Located<Int>? = nil
        @exclusivity(unchecked) var accept: [String] = []
        @exclusivity(unchecked) var maxSize: Located<Int64>? = nil
        @exclusivity(unchecked) var fields: [FieldSpec] = []
        /// Out of line (`CopyOnWrite`), nil while empty: most fields have no expressions, and inline
        /// the logic would be some 400 of the storage's bytes for every field of a catalogue.
        @exclusivity(unchecked) var logic: CopyOnWrite<FieldLogic>? = nil
        @exclusivity(unchecked) var aboutApplicant: Bool = false
        @exclusivity(unchecked) var paper: FieldPaper = FieldPaper()
        @exclusivity(unchecked) var renamedFrom: Located<String>? = nil
        /// Out of line too (some 140 bytes, on a few fields).
        @exclusivity(unchecked) var prefill: CopyOnWrite<PrefillBinding>? = nil
        @exclusivity(unchecked) var undecodedFields: Set<String> = []

        init(name: String, location: SourceLocation, kind: FieldKind) {
            (self.name, self.location, self.kind) = (name, location, kind)
        }

        init(copying other: Storage) {
            name = other.name
            location = other.location
            kind = other.kind
            label = other.label
            hint = other.hint
            required = other.required
            minimum = other.minimum
            maximum = other.maximum
            minLength = other.minLength
            maxLength = other.maxLength
            pattern = other.pattern
            defaultValue = other.defaultValue
            optionSource = other.optionSource
            choices = other.choices
            minItems = other.minItems
            maxItems = other.maxItems
            accept = other.accept
            maxSize = other.maxSize
            fields = other.fields
            logic = other.logic
            aboutApplicant = other.aboutApplicant
            paper = other.paper
            renamedFrom = other.renamedFrom
            prefill = other.prefill
            undecodedFields = other.undecodedFields
        }
    }

    // Immutable once shared: `@unchecked Sendable` above holds because every write goes through
    // `writable`, which copies a storage another value still references. The same discipline keeps
    // accesses apart, so the properties go without dynamic exclusivity checks (a check on every
    // read of a field's property cost more than the read).
    private var storage: Storage

    private var writable: Storage {
        mutating get {
            if !isKnownUniquelyReferenced(&storage) { storage = Storage(copying: storage) }
            return storage
        }
    }

    public init(name: String, location: SourceLocation, kind: FieldKind) {
        storage = Storage(name: name, location: location, kind: kind)
    }

    public var name: String {
        get { storage.name }
        _modify { yield &writable.name }
    }
    public var location: SourceLocation {
        get { storage.location }
        _modify { yield &writable.location }
    }
    public var kind: FieldKind {
        get { storage.kind }
        _modify { yield &writable.kind }
    }
    public var label: LocalizedText? {
        get { storage.label }
        _modify { yield &writable.label }
    }
    public var hint: LocalizedText? {
        get { storage.hint }
        _modify { yield &writable.hint }
    }
    public var required: Bool {
        get { storage.required }
        _modify { yield &writable.required }
    }
    public var minimum: Located<Bound>? {
        get { storage.minimum }
        _modify { yield &writable.minimum }
    }
    public var maximum: Located<Bound>? {
        get { storage.maximum }
        _modify { yield &writable.maximum }
    }
    public var minLength: Located<Int>? {
        get { storage.minLength }
        _modify { yield &writable.minLength }
    }
    public var maxLength: Located<Int>? {
        get { storage.maxLength }
        _modify { yield &writable.maxLength }
    }
    /// A pattern in formc's portable regular-expression subset, matched against the whole value.
    public var pattern: Located<String>? {
        get { storage.pattern }
        _modify { yield &writable.pattern }
    }
    /// The default value and the location of its node.
    public var defaultValue: Located<JSONValue>? {
        get { storage.defaultValue }
        _modify { yield &writable.defaultValue }
    }
    public var optionSource: OptionSource? {
        get { storage.optionSource }
        _modify { yield &writable.optionSource }
    }
    /// The field's choices: inline ones from decoding, shared ones filled in by the checker.
    public var choices: [OptionChoice] {
        get { storage.choices }
        _modify { yield &writable.choices }
    }
    /// For multi_choice: how many choices; for repeat: how many items.
    public var minItems: Located<Int>? {
        get { storage.minItems }
        _modify { yield &writable.minItems }
    }
    public var maxItems: Located<Int>? {
        get { storage.maxItems }
        _modify { yield &writable.maxItems }
    }
    /// For file: accepted media types and the largest size in bytes.
    public var accept: [String] {
        get { storage.accept }
        _modify { yield &writable.accept }
    }
    public var maxSize: Located<Int64>? {
        get { storage.maxSize }
        _modify { yield &writable.maxSize }
    }
    public var fields: [FieldSpec] {
        get { storage.fields }
        _modify { yield &writable.fields }
    }
    /// Parts of the field's logic read in place, nil when it has none: what validation reads for
    /// every field of every submission, where copying the whole `FieldLogic` out (eight optional
    /// expressions and a list) cost more than the checks themselves.
    var checkedVisibleWhen: CheckedExpression? { storage.logic?.value.checkedVisibleWhen }
    var checkedRequiredWhen: CheckedExpression? { storage.logic?.value.checkedRequiredWhen }
    var checkedCompute: CheckedExpression? { storage.logic?.value.checkedCompute }
    var checks: [FieldCheck] { storage.logic?.value.checks ?? [] }
    /// Every checked expression of the field: visibility, computed value, requirement, then its
    /// checks against other answers (for what needs to know all that a field's logic reads).
    var checkedExpressions: [CheckedExpression] {
        [checkedVisibleWhen, checkedCompute, checkedRequiredWhen].compactMap { $0 } + checks.map(\.checked)
    }

    public var logic: FieldLogic {
        get { storage.logic?.value ?? FieldLogic() }
        _modify {
            let storage = writable
            if storage.logic == nil { storage.logic = CopyOnWrite(FieldLogic()) }
            yield &storage.logic!.value
            if storage.logic!.value.isBlank { storage.logic = nil }
        }
    }
    /// A section that describes the person filling the form (`about: applicant`).
    public var aboutApplicant: Bool {
        get { storage.aboutApplicant }
        _modify { yield &writable.aboutApplicant }
    }
    public var paper: FieldPaper {
        get { storage.paper }
        _modify { yield &writable.paper }
    }
    /// The name this field had in the form's previous version: a rename, which `formc diff` tells
    /// apart from a removal and an addition.
    public var renamedFrom: Located<String>? {
        get { storage.renamedFrom }
        _modify { yield &writable.renamedFrom }
    }
    /// Where the field's value comes from, when the state already holds it (`prefill:`).
    public var prefill: PrefillBinding? {
        get { storage.prefill?.value }
        _modify {
            let storage = writable
            var value = storage.prefill?.value
            storage.prefill = nil  // the value yielded is then the only copy
            yield &value
            storage.prefill = value.map(CopyOnWrite.init)
        }
    }
    /// Nested fields declared with an error already reported (an unknown type…): known by name, so
    /// an expression naming one is not a second error.
    public var undecodedFields: Set<String> {
        get { storage.undecodedFields }
        _modify { yield &writable.undecodedFields }
    }
}

extension FormSpec {
    /// Whether a field of the form, at any depth, is one `predicate` accepts.
    public func containsField(where predicate: (FieldSpec) -> Bool) -> Bool {
        func search(_ field: FieldSpec) -> Bool { predicate(field) || field.fields.contains(where: search) }
        return self.sections.contains(where: search)
    }
}

/// A submission written in a form spec, with the verdict the author expects. Examples are checked
/// at compile time and become conformance vectors.
public struct FormExample: Sendable {
    public struct ExpectedError: Sendable, Hashable {
        public var path: String
        public var rule: String
        public var location: SourceLocation
    }

    public var name: String
    public var location: SourceLocation
    public var data: JSONValue
    /// The date that relative bounds ("today") mean for this example; the build date when absent.
    public var today: CalendarDate?
    /// Empty for an example that must be valid.
    public var expectedErrors: [ExpectedError]
}

/// A list of choices several forms share (ethnic groups, relationships, …).
public struct OptionList: Sendable {
    public var id: Located<String>
    public var title: LocalizedText?
    public var choices: [OptionChoice]
    public var file: String
}

/// Project-wide settings: one `formc.yaml`-style file with `project:` at the top.
public struct ProjectSpec: Sendable {
    public var name: Located<String>
    /// The administrative unit catalogue file (JSON), relative to the project file.
    public var administrativeUnits: Located<String>?
    /// The service profile (`nd43_2011`, the default, or `nd42_2022`).
    public var serviceProfile: Located<String>?
    /// External plugins: programs that provide a capability (see docs/plugins.md).
    public var plugins: [ExternalPluginSpec]
    /// Paper templates and printouts show the English glosses (`paper: { english: true }`); off by
    /// default, as a Vietnamese paper form has none.
    public var paperEnglish = false
    /// The access level of generated Swift (`swift: { access: internal }`); public by default.
    public var swiftAccess: SwiftAccess = .public
    /// The languages the project publishes in (`languages: [vi, en]`); Vietnamese always. With
    /// English, every text a citizen reads needs its English (W0307).
    public var languages: [String] = ["vi"]
    public var file: String
}

/// The access level of the declarations in generated Swift.
public enum SwiftAccess: String, Sendable, CaseIterable {
    case `public`, `internal`
}

/// An external plugin named in the project file.
public struct ExternalPluginSpec: Sendable {
    public var name: Located<String>
    public var capability: Capability
    /// The program and its arguments; a relative program path is relative to the project file.
    public var command: [String]
    public var timeoutSeconds: Int
}

/// A form's changelog (`changelog: <form id>`): each version's changes in words, and the breaking
/// changes a version makes on purpose while keeping its major version (`accepts: [D0101]`), which
/// E0318 then does not report.
public struct Changelog: Sendable {
    public struct Entry: Sendable {
        public var version: Located<SemanticVersion>
        public var date: CalendarDate?
        public var note: LocalizedText?
        public var accepts: [Located<String>]
    }

    public var form: Located<String>
    public var entries: [Entry]
    public var file: String
}
