/// One problem with a submission, as every formc validator reports it (`validate.mjs`, the generated
/// Swift, formc itself): where (a JSON Pointer into the submission, `""` for the whole of it), which
/// rule (a stable id, docs/consuming-artifacts.md) and what to tell the applicant.
public struct ValidationError: Sendable, Hashable, Codable, CustomStringConvertible {
    public var path: String
    public var rule: String

    /// What to tell the applicant. A message that quotes a value of the submission ("Giá trị phải
    /// bằng 6 …", `init(path:rule:template:filling:)`) is put together when it is read, not when the
    /// error is found: making its two texts was a sixth of a validation of the certified-copy form's
    /// near misses, and a back end often only counts the errors or encodes them once.
    public var message: LocalizedText {
        get {
            switch text {
            case .given(let message): message
            case .quoting(let template, let value): template.filled(with: value)
            }
        }
        set { text = .given(newValue) }
    }

    /// The message as it was given, or as a template and the value it quotes.
    private var text: Text

    private enum Text: Sendable {
        case given(LocalizedText)
        case quoting(MessageTemplate, String)
    }

    public init(path: String, rule: String, message: LocalizedText) {
        self.path = path
        self.rule = rule
        text = .given(message)
    }

    /// An error whose message is `template` with `value` in its place (generated validators keep one
    /// template per such message as a constant).
    public init(path: String, rule: String, template: MessageTemplate, filling value: String) {
        self.path = path
        self.rule = rule
        text = .quoting(template, value)
    }

    public var description: String { "\(path.isEmpty ? "/" : path): \(message.vi) [\(rule)]" }

    /// The built-in rule this error reports, or nil when it reports one of the form's own rules
    /// (the generated `Rule` enum of its form: `ToKhai.rule(of: error)`).
    public var builtInRule: BuiltInRule? { BuiltInRule(rawValue: rule) }

    // Equal, hashed and encoded by the message as it reads, however it is kept.
    public static func == (a: ValidationError, b: ValidationError) -> Bool {
        a.path == b.path && a.rule == b.rule && a.message == b.message
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(path)
        hasher.combine(rule)
        hasher.combine(message)
    }

    private enum CodingKeys: String, CodingKey { case path, rule, message }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            path: try container.decode(String.self, forKey: .path), rule: try container.decode(String.self, forKey: .rule),
            message: try container.decode(LocalizedText.self, forKey: .message))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(rule, forKey: .rule)
        try container.encode(message, forKey: .message)
    }
}

/// A message that quotes one value, with `MessageTemplate.placeholder` where the value goes in each
/// language ("Giá trị phải bằng \u{1} (được tính tự động)").
public final class MessageTemplate: Sendable {
    /// A character no message has.
    public static let placeholder: Character = "\u{1}"

    public let text: LocalizedText

    public init(_ text: LocalizedText) { self.text = text }

    /// The message with `value` in place of every placeholder.
    public func filled(with value: String) -> LocalizedText {
        LocalizedText(vi: Self.fill(text.vi, with: value), en: text.en.map { Self.fill($0, with: value) })
    }

    private static func fill(_ template: String, with value: String) -> String {
        template.split(separator: placeholder, omittingEmptySubsequences: false).joined(separator: value)
    }
}

/// The rules every form has, by the id `ValidationError.rule` carries (docs/consuming-artifacts.md);
/// a form's own rules (`rules:` in its spec) are its generated `Rule` enum. The same ids as formc's
/// own validator and `validate.mjs` (the suite holds the lists equal).
public enum BuiltInRule: String, Sendable, Hashable, CaseIterable {
    case type, required, unknown_field, min_length, max_length, pattern, minimum, maximum, option
    case min_items, max_items, unique_items, format, date_range, check_digit
    case cccd_province, cccd_birth_date, cccd_sex, person_name, admin_unit, not_visible, computed
    case check, encoding, too_many_errors, form_version
    /// A locked prefilled answer that is not what its data source holds (docs/data-reuse.md).
    case prefill_locked
    /// A request body that is not JSON at all (`SubmissionRejection.notJSON`).
    case json
}

/// All the problems of a submission, in the order `validate.mjs` reports them. Encodes as
/// `validate.mjs` returns it: `{ valid, errors }`.
public struct ValidationResult: Sendable, Hashable, Codable {
    public var errors: [ValidationError]
    public var valid: Bool { errors.isEmpty }

    public init(errors: [ValidationError]) {
        self.errors = errors
    }

    private enum CodingKeys: String, CodingKey { case valid, errors }

    public init(from decoder: any Decoder) throws {
        errors = try decoder.container(keyedBy: CodingKeys.self).decode([ValidationError].self, forKey: .errors)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(valid, forKey: .valid)
        try container.encode(errors, forKey: .errors)
    }
}

/// What a generated validator carries while it walks a submission: the whole submission (rules read
/// other answers from it), the date relative rules use, and the current item of each enclosing
/// repeating group (by its key, `.` written `/`). `Root` is how the submission is read: `JSON`, or
/// a parsed request body (`JSONTape.Value`).
public struct ValidationContext<Root: JSONView> {
    public let root: Root
    /// The date relative rules use.
    public let date: CalendarDate
    /// `date` as YYYY-MM-DD, what generated code compares dates with: made when a rule reads it, not
    /// for every submission (most forms have no relative dates); once, by `writeToday()`, in the
    /// validators of forms whose rules read it.
    public var today: String { writtenToday ?? date.description }
    private var writtenToday: String?

    /// Writes `today` once for the rest of the walk (validators of forms whose rules read it
    /// call this first: an age rule reads it per submission, and per item in a list).
    public mutating func writeToday() { writtenToday = date.description }
    public var items: [String: Root] = [:]
    /// The caller's error limit: the walk stops once it has found more errors than this.
    public let maxErrors: Int
    /// What the data sources hold for this citizen, `{ "identity": { "ho_ten": … } }`: a locked
    /// prefilled answer must be exactly that value (docs/data-reuse.md).
    public var prefill: JSON = .null

    /// The value a source holds for a locked answer, or nil when it holds none.
    public func prefilled(_ source: String, _ attribute: String) -> JSON? {
        if case .null = prefill { return nil }  // the common case: no sources given
        // The attribute is a path into the source's data (another form's field: "tre.ho_ten").
        let value = attribute.split(separator: ".").reduce(prefill[source]) { $0?[String($1)] }
        guard let value, value != .null else { return nil }
        return value
    }

    public init(root: Root, today: CalendarDate, maxErrors: Int = ValidationLimits.defaultMaxErrors) {
        self.root = root
        self.date = today
        self.maxErrors = Swift.max(1, maxErrors)
    }
}

extension ValidationContext: Sendable where Root: Sendable {}

/// The bounds every formc validator (validate.mjs, generated Swift, formc) keeps the same.
public enum ValidationLimits {
    /// Errors reported for one submission unless the caller chooses another limit: past it, the
    /// result holds the first ones and a final `too_many_errors` entry. A form of a few dozen fields
    /// rarely has more than a few dozen real errors; a hostile body can have millions.
    public static let defaultMaxErrors = 100
}

/// A set of texts compared exactly (by code points, as JavaScript's `Set.has`), for a choice's
/// options and a file's media types. `Set<String>` would accept a canonically equivalent spelling.
public struct TextSet: Sendable {
    /// Small sets (a choice's options, an object's field names) are scanned; large ones indexed.
    private let members: [String]
    private let index: ExactTextIndex?

    public init(_ members: [String]) {
        self.members = members
        index = members.count > 16 ? ExactTextIndex(members) : nil
    }

    public func contains(_ text: String) -> Bool {
        guard let index else { return members.contains { ExactKey.equal($0, text) } }
        return index.position(of: text) != nil
    }
}

/// Texts looked up by their exact bytes in an open-addressing table keyed by the fingerprint member
/// names already have (`JSONObject.MemberName`): a multiply per eight bytes, where a `Set` or
/// `Dictionary` of texts hashes each lookup with SipHash, whose seeding and finalising alone cost
/// more than a validator's check of a commune code.
struct ExactTextIndex: Sendable {
    /// The distinct texts, in the order first given.
    private(set) var texts: [String] = []
    private var fingerprints: [UInt64] = []
    /// Positions in `texts` plus one, at the slot a fingerprint starts probing from; 0 is empty.
    /// Kept at most half full.
    private var slots: [Int32]

    /// An index of `texts` (a repeated text keeps its first position).
    init(_ texts: [String] = []) {
        var capacity = 8
        while capacity < 2 * texts.count { capacity *= 2 }
        slots = Array(repeating: 0, count: capacity)
        for text in texts { _ = insert(text) }
    }

    /// Adds the text at the end unless it is there; its position either way.
    mutating func insert(_ text: String) -> (inserted: Bool, position: Int) {
        insert(text, fingerprint: text.withBytes(JSONObject.MemberName.fingerprint))
    }

    mutating func insert(_ text: String, fingerprint: UInt64) -> (inserted: Bool, position: Int) {
        let (slot, found) = probe(text, fingerprint)
        if let found { return (false, found) }
        texts.append(text)
        fingerprints.append(fingerprint)
        slots[slot] = Int32(truncatingIfNeeded: texts.count)
        if 2 * texts.count > slots.count { grow() }
        return (true, texts.count - 1)
    }

    /// Where the text is in `texts`, or nil.
    func position(of text: String) -> Int? { probe(text, text.withBytes(JSONObject.MemberName.fingerprint)).found }

    /// The text's position if it is there, and otherwise the empty slot where it would go.
    private func probe(_ text: String, _ fingerprint: UInt64) -> (slot: Int, found: Int?) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: fingerprint) & mask
        while slots[slot] != 0 {
            let position = Int(slots[slot]) - 1
            if fingerprints[position] == fingerprint && ExactKey.equal(texts[position], text) { return (slot, position) }
            slot = (slot + 1) & mask
        }
        return (slot, nil)
    }

    /// Twice the slots, each text placed again by its fingerprint.
    private mutating func grow() {
        slots = Array(repeating: 0, count: 2 * slots.count)
        let mask = slots.count - 1
        for (position, fingerprint) in fingerprints.enumerated() {
            var slot = Int(truncatingIfNeeded: fingerprint) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(truncatingIfNeeded: position + 1)
        }
    }
}

/// The administrative units a validator checks addresses against: the commune codes of each
/// province code. Generated code writes the catalogue as one compact string
/// (`"01:00004,00008;31:10507"`), which compiles in constant time however large the catalogue; it
/// is read on first use.
public struct AdministrativeUnits: Sendable {
    private let provinces: ExactTextIndex
    /// Each province's communes, by its position in `provinces`.
    private let communes: [TextSet]

    public init(compact: String) {
        let entries = compact.split(separator: ";").map { $0.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false) }
        let provinces = ExactTextIndex(entries.map { String($0[0]) })
        var communes = Array(repeating: TextSet([]), count: provinces.texts.count)
        // A province written twice keeps its last list, as the dictionary this replaces did.
        for parts in entries {
            communes[provinces.position(of: String(parts[0]))!] = TextSet(parts.count > 1 ? parts[1].split(separator: ",").map(String.init) : [])
        }
        self.provinces = provinces
        self.communes = communes
    }

    public func hasProvince(_ code: String) -> Bool { provinces.position(of: code) != nil }

    public func has(commune: String, inProvince province: String) -> Bool {
        guard let position = provinces.position(of: province) else { return false }
        return communes[position].contains(commune)
    }
}

/// A portable pattern (docs/spec-reference.md) compiled once, matched against whole values by code
/// point, as `validate.mjs`'s `u`-flag regular expressions do.
public struct TextPattern: @unchecked Sendable {
    /// The pattern as a `PatternAutomaton`: every pattern formc writes.
    private let automaton: PatternAutomaton?
    // Regex is not declared Sendable; it is immutable once its program is compiled (see init).
    private let regex: Regex<AnyRegexOutput>?

    /// `source` is the ICU form formc writes (anchored with `\A…\z`, characters as `\x{…}`); a
    /// pattern that does not compile matches nothing (as `validate.mjs`'s `(?!)`).
    public init(_ source: String) {
        automaton = PatternAutomaton(icu: source)
        guard automaton == nil else {
            regex = nil
            return
        }
        regex = Self.regex(source)
        // One match now compiles the program the regex builds lazily, so that tasks sharing a
        // pattern (generated validators keep them in `static let`s) only ever read it.
        _ = matches("")
    }

    public func matches(_ text: String) -> Bool {
        if let automaton { return automaton.matches(text) }
        return Self.matches(regex, text)
    }

    private static func regex(_ source: String) -> Regex<AnyRegexOutput>? {
        (try? Regex(source))?.matchingSemantics(.unicodeScalar)
    }

    private static func matches(_ regex: Regex<AnyRegexOutput>?, _ text: String) -> Bool {
        guard let regex else { return false }
        return (try? regex.wholeMatch(in: text)) != nil
    }

    /// Whether the pattern is matched by formc's automaton rather than `Regex` (for tests).
    package var isAutomaton: Bool { automaton != nil }

    /// The same pattern matched by `Regex` (for tests that compare the two).
    package static func matchedByRegex(_ source: String, _ text: String) -> Bool { matches(regex(source), text) }
}

/// The items of a list seen so far, compared as `validate.mjs` compares them for `unique_items`
/// (`ValidationSupport.uniqueKey`), by exact code points: a list of any length is checked in one pass.
/// A few items are compared by fingerprint in one array; past 16 they are indexed (`ExactTextIndex`),
/// where a `Set` of texts hashed every item with SipHash (a fifth of a validation of a form with
/// lists of choices).
public struct SeenValues: Sendable {
    private var few: [(fingerprint: UInt64, key: String)] = []
    private var many: ExactTextIndex?

    public init() {}

    /// Adds the value; false when an equal one was already there.
    public mutating func insert(_ value: JSON) -> Bool {
        let key = ValidationSupport.uniqueKey(value)
        let fingerprint = key.withBytes(JSONObject.MemberName.fingerprint)
        if many != nil { return many!.insert(key, fingerprint: fingerprint).inserted }
        if few.contains(where: { $0.fingerprint == fingerprint && ExactKey.equal($0.key, key) }) { return false }
        few.append((fingerprint, key))
        if few.count > 16 {
            var index = ExactTextIndex()
            for entry in few { _ = index.insert(entry.key, fingerprint: entry.fingerprint) }
            many = index
            few = []
        }
        return true
    }
}
