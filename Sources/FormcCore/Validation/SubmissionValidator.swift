public import FormcRuntime
internal import Foundation

/// Compiled patterns, shared by every validator: compiling an ICU pattern costs far more than
/// matching it, and the same few patterns recur in every form.
final class CompiledPatterns: @unchecked Sendable {
    static let shared = CompiledPatterns()
    private let lock = NSLock()
    private var cache: [String: NSRegularExpression?] = [:]
    /// Patterns kept at most. `formc lsp` checks every version of a pattern a designer types, so
    /// without a bound the cache would grow for as long as the server runs.
    static let limit = 1_024

    /// The compiled pattern, or nil when it is not in the portable subset (which the checker reports).
    func regex(for pattern: String) -> NSRegularExpression? {
        lock.lock()
        defer { lock.unlock() }
        if let cached = cache[pattern] { return cached }
        if cache.count >= Self.limit { cache.removeAll(keepingCapacity: true) }
        let compiled = (try? PortablePattern(pattern)).flatMap { try? NSRegularExpression(pattern: $0.icuWholeMatch) }
        cache[pattern] = compiled
        return compiled
    }
}

/// formc's own validator of a submission against a checked form. It applies exactly what the emitted
/// JSON Schema says plus the rules carried as `x-formc-*` annotations, and is what checks spec
/// examples and defaults at compile time; independent validators prove that the schema agrees with
/// it on every example (see `Tests/Judges`).
public final class SubmissionValidator {
    private let catalogue: AdministrativeUnitCatalogue?
    private let today: CalendarDate

    public init(catalogue: AdministrativeUnitCatalogue?, today: CalendarDate) {
        self.catalogue = catalogue
        self.today = today
    }

    /// The submission being validated, and the current item of each enclosing repeating group:
    /// what expressions are evaluated against.
    private var root: JSONValue = .null
    private var currentItems: [String: Int] = [:]
    private let evaluator = Evaluator()

    /// The data sources' values for this submission, `{ "identity": { "ho_ten": … } }`: a locked
    /// prefilled answer must equal its source's value when the source has one (docs/data-reuse.md).
    public var prefill: JSONValue = .null

    /// The value a source holds for a binding, or nil when it holds none (the citizen answers).
    private func prefilled(_ binding: PrefillBinding) -> JSONValue? {
        guard binding.mode == .locked, prefill != .null else { return nil }  // what most submissions are checked with
        // The attribute is a path into the source's data (another form's field: `tre.ho_ten`).
        let value = binding.attribute.value.split(separator: ".").reduce(prefill[binding.source.value]) { $0?[String($1)] }
        guard let value, value != .null else { return nil }
        return value
    }

    /// Every error of `submission` against `form`, in the order of the form's fields, then the
    /// form's rules in their order; past `maxErrors`, the first `maxErrors` and a final
    /// `too_many_errors` entry, as the generated validators give them.
    ///
    /// `onlySections`, when given, names the top-level sections to look into; the others are taken
    /// to be as they were in a submission with no errors, and to read nothing that changed (see
    /// `SectionReach`): what near-miss vectors, each one change to a valid example, are judged with.
    public func validate(
        _ submission: JSONValue, against form: FormSpec, maxErrors: Int = ValidationLimits.defaultMaxErrors, onlySections: Set<String>? = nil
    ) -> [ValidationError] {
        root = submission
        currentItems = [:]
        var errors: [ValidationError] = []
        validateObject(submission, fields: form.sections, path: "", keyPath: [], objectSteps: [], only: onlySections, into: &errors)
        let maxErrors = max(1, maxErrors)
        for rule in form.rules where errors.count <= maxErrors {
            guard let checked = rule.checked, evaluate(checked) == .bool(false) else { continue }
            let message = rule.message
            for path in rule.paths.isEmpty ? [""] : rule.paths {
                errors.append(ValidationError(path: path, rule: .check, name: rule.id.value, message: message))
            }
        }
        if errors.count > maxErrors {
            errors.removeLast(errors.count - maxErrors)
            errors.append(error("", .too_many_errors, Messages.tooManyErrors(String(maxErrors))))
        }
        return errors
    }

    /// Every error of `value` as the value of `field` at `path` (defaults and other lone values).
    public func validate(_ value: JSONValue, as field: FieldSpec, at path: String = "") -> [ValidationError] {
        root = .null
        currentItems = [:]
        var errors: [ValidationError] = []
        validateValue(value, field, path: path, keyPath: [], objectSteps: [], into: &errors)
        return errors
    }

    private func evaluate(_ checked: CheckedExpression) -> Value {
        evaluator.evaluate(checked, in: EvaluationContext(answers: root, currentItems: currentItems, today: today))
    }

    // MARK: - Structure

    private func validateObject(
        _ value: JSONValue, fields: [FieldSpec], path: String, keyPath: [String], objectSteps: @autoclosure () -> [ResolvedPath.Step],
        only: Set<String>? = nil, into errors: inout [ValidationError]
    ) {
        guard case .object(let members) = value else {
            errors.append(error(path, .type, Messages.object))
            return
        }
        var matched = 0
        for field in fields {
            // Made only when something is reported at it (most fields report nothing).
            func fieldPath() -> String { JSONPointer.appending(path, field.name) }
            let member = members.first(where: { $0.key == field.name })
            if member != nil { matched += 1 }
            if let only, !only.contains(field.name) { continue }
            // Whether the schema can decide a visibility or requirement error: only asked when one
            // is reported (its answer depends on the expression's shape, not on the answers).
            func decidedBySchema() -> Bool { LogicEncoding.plan(for: field, objectSteps: objectSteps()) != .annotationOnly }
            // Hidden fields are never required, and a value for one is refused: front ends drop the
            // answers of fields they hide, so a stale answer cannot slip through.
            if let visible = field.checkedVisibleWhen, !evaluate(visible).isTruthy {
                if member != nil {
                    errors.append(ValidationError(
                        path: fieldPath(), rule: .not_visible,
                        message: Messages.notVisible,
                        decidedBySchema: decidedBySchema()))
                }
                continue
            }
            if let member {
                let before = errors.count
                validateValue(member.value, field, path: fieldPath(), keyPath: keyPath, objectSteps: objectSteps(), into: &errors)
                // Checks against other answers, once the value passed its own rules.
                let clean = errors.count == before
                for check in clean ? field.checks : [] where evaluate(check.checked) == .bool(false) {
                    errors.append(error(fieldPath(), check.rule, check.message))
                }
                if let compute = field.checkedCompute {
                    let expected = evaluate(compute)
                    if expected != .null, Evaluator.value(member.value, as: FormScope.type(of: field)) != expected {
                        errors.append(error(fieldPath(), .computed, Messages.computed(LogicLowering.display(expected))))
                    }
                }
                if clean, let binding = field.prefill, let value = prefilled(binding), !JSONValue.sameScalar(member.value, value) {
                    errors.append(error(fieldPath(), .prefill_locked, binding.lockedMessage))
                }
                continue
            }
            var required = field.required
            if let condition = field.checkedRequiredWhen { required = evaluate(condition).isTruthy }
            if required {
                errors.append(ValidationError(
                    path: fieldPath(), rule: .required, message: Messages.required,
                    decidedBySchema: decidedBySchema()))
            } else if let binding = field.prefill, prefilled(binding) != nil {
                // Left out although the source holds it: the locked value was removed.
                errors.append(error(fieldPath(), .prefill_locked, binding.lockedMessage))
            }
        }
        // Each field found at most one member, and different fields different members: when they
        // found as many as there are, no member is unknown (the search below is fields × members).
        guard matched < members.count else { return }
        for member in members where !fields.contains(where: { $0.name == member.key }) {
            errors.append(error(JSONPointer.appending(path, member.key), .unknown_field, Messages.unknownField))
        }
    }

    private func validateValue(
        _ value: JSONValue, _ field: FieldSpec, path: @autoclosure () -> String, keyPath: [String], objectSteps: @autoclosure () -> [ResolvedPath.Step],
        into errors: inout [ValidationError]
    ) {
        // Where a group's or list's fields are, for the expressions inside it: made only for those
        // (two arrays per answer otherwise, most of the cost of a plain field); the steps, like the
        // path, only when a reported error asks for them.
        var innerKeyPath: [String] { keyPath + [field.name] }
        var innerSteps: [ResolvedPath.Step] { LogicEncoding.innerSteps(of: field, outer: objectSteps(), keyPath: keyPath) }
        switch field.kind {
        case .group:
            validateObject(value, fields: field.fields, path: path(), keyPath: innerKeyPath, objectSteps: innerSteps, into: &errors)
        case .repeat:
            guard case .array(let items) = value else { return typeError(path(), .list, into: &errors) }
            let itemKeyPath = innerKeyPath
            checkItemCount(items.count, field, path: path(), into: &errors)
            // Items are not looked into once there are too many of them.
            if let high = field.maxItems?.value, items.count > high { return }
            let key = itemKeyPath.joined(separator: ".")
            let saved = currentItems[key]
            let listPath = path()
            for (index, item) in items.enumerated() {
                currentItems[key] = index
                validateObject(item, fields: field.fields, path: JSONPointer.appending(listPath, index), keyPath: itemKeyPath, objectSteps: innerSteps, into: &errors)
            }
            currentItems[key] = saved
        case .integer, .money_vnd:
            guard let number = integerValue(value) else { return typeError(path(), .integer, into: &errors) }
            let (low, high) = TypeLibrary.integerBounds(field)
            if number < low {
                errors.append(error(path(), .minimum, Messages.minimum(low)))
            }
            if number > high {
                errors.append(error(path(), .maximum, Messages.maximum(high)))
            }
        case .boolean:
            guard case .bool = value else { return typeError(path(), .boolean, into: &errors) }
        case .choice:
            guard case .string(let text) = value else { return typeError(path(), .text, into: &errors) }
            checkOption(text, field, path: path(), into: &errors)
        case .multi_choice:
            guard case .array(let items) = value else { return typeError(path(), .list, into: &errors) }
            checkItemCount(items.count, field, path: path(), into: &errors)
            if let high = field.maxItems?.value, items.count > high { return }
            var seen: [String] = []
            var duplicate = false
            for (index, item) in items.enumerated() {
                func itemPath() -> String { JSONPointer.appending(path(), index) }
                guard case .string(let text) = item else {
                    typeError(itemPath(), .text, into: &errors)
                    continue
                }
                checkOption(text, field, path: itemPath(), into: &errors)
                if seen.contains(where: { $0.unicodeScalars.elementsEqual(text.unicodeScalars) }) { duplicate = true }
                seen.append(text)
            }
            if duplicate || hasDuplicates(items) {
                errors.append(error(path(), .unique_items, Messages.uniqueItems))
            }
        case .address_vn:
            validateAddress(value, path: path(), into: &errors)
        case .file:
            validateFile(value, field, path: path(), into: &errors)
        case .text, .email, .phone_vn, .cccd, .cmnd, .tax_code, .bhxh, .person_name, .date, .datetime:
            guard case .string(let text) = value else { return typeError(path(), .text, into: &errors) }
            guard ValidationSupport.isWellFormed(text) else {
                // The validators stop at the broken text; a schema checks its pattern and lengths all
                // the same, so the vector's schema verdict is what those checks would say.
                var hidden: [ValidationError] = []
                validateString(text, field, path: path(), into: &hidden)
                return errors.append(ValidationError(path: path(), rule: .encoding, message: Messages.encoding, decidedBySchema: hidden.contains { $0.decidedBySchema }))
            }
            validateString(text, field, path: path(), into: &errors)
        }
    }

    // MARK: - Strings

    private func validateString(_ text: String, _ field: FieldSpec, path: @autoclosure () -> String, into errors: inout [ValidationError]) {
        guard let type = TypeLibrary.stringType(field.kind) else { return }
        // JSON Schema counts code points; a name is counted as NFC, the form it is stored in.
        let length = ValidationSupport.codePoints(field.kind == .person_name ? text.nfc : text)
        let minLength = field.minLength?.value ?? type.minLength
        let maxLength = field.maxLength?.value ?? type.maxLength
        if let minLength, length < minLength {
            errors.append(error(path(), .min_length, Messages.minLength(minLength)))
        }
        if let maxLength, length > maxLength {
            errors.append(error(path(), .max_length, Messages.maxLength(maxLength)))
        }
        switch field.kind {
        case .date:
            guard matches(text, type), let date = CalendarDate(text) else {
                errors.append(error(path(), .format, Messages.date))
                return
            }
            checkDateRange(date, field, path: path(), into: &errors)
            return
        case .datetime:
            if !matches(text, type) || !Self.isValidDateTime(text) {
                errors.append(error(path(), .format, Messages.dateTime))
            }
            return
        default:
            break
        }
        if !matches(text, type) {
            errors.append(patternError(field.kind, path: path()))
            return
        }
        if let own = field.pattern, !matches(text, own.value) {
            errors.append(error(path(), .pattern, Messages.pattern(.text)))
        }
        for rule in type.extensions {
            switch rule {
            case .check_digit where !IdentifierChecks.taxCodeCheckDigitIsValid(text):
                errors.append(error(path(), .check_digit, Messages.checkDigit))
            case .cccd_province where !IdentifierChecks.cccdProvinceIsValid(text):
                errors.append(error(path(), .cccd_province, Messages.cccdProvince))
            case .person_name where !Self.isWellFormedName(text):
                // A schema counts the code points as they are: a decomposed name can pass the bounds as
                // NFC and fail them as sent, which makes this error one the schema also decides.
                let raw = text.unicodeScalars.count
                let outside = minLength.map { raw < $0 } == true || maxLength.map { raw > $0 } == true
                errors.append(ValidationError(path: path(), rule: .person_name, message: Messages.personName, decidedBySchema: outside))
            default:
                break
            }
        }
    }

    private func patternError(_ kind: FieldKind, path: String) -> ValidationError {
        error(path, .pattern, Messages.pattern(kind))
    }

    /// NFC, no leading, trailing or doubled spaces, and at least one letter.
    static func isWellFormedName(_ text: String) -> Bool {
        var previousSpace = true, letter = false
        for scalar in text.unicodeScalars {
            let space = scalar == " "
            if space && previousSpace { return false }  // leading or doubled
            previousSpace = space
            if !letter { letter = scalar.properties.isAlphabetic }
        }
        guard !previousSpace, letter else { return false }  // trailing (or empty), or no letter
        return text.withBytes(ValidationSupport.isStable) || text.unicodeScalars.elementsEqual(text.nfc.unicodeScalars)
    }

    /// RFC 3339 date-time with real calendar values (the pattern has already fixed the layout).
    static func isValidDateTime(_ text: String) -> Bool {
        let scalars = Array(text.utf8)
        guard scalars.count >= 20, let date = CalendarDate(String(decoding: scalars[0..<10], as: UTF8.self)) else { return false }
        _ = date
        func number(_ range: Range<Int>) -> Int? { Int(String(decoding: scalars[range], as: UTF8.self)) }
        guard let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19) else { return false }
        guard hour < 24, minute < 60, second < 60 else { return false }
        if scalars.last != UInt8(ascii: "Z") {
            let zone = scalars.count - 6
            guard let zh = number(zone + 1..<zone + 3), let zm = number(zone + 4..<zone + 6), zh < 24, zm < 60 else { return false }
        }
        return true
    }

    private func checkDateRange(_ date: CalendarDate, _ field: FieldSpec, path: @autoclosure () -> String, into errors: inout [ValidationError]) {
        switch field.minimum?.value {
        case .date(let low) where date < low: errors.append(error(path(), .date_range, Messages.dateBefore(low)))
        case .today where date < today: errors.append(error(path(), .date_range, Messages.dateBeforeToday))
        default: break
        }
        switch field.maximum?.value {
        case .date(let high) where high < date: errors.append(error(path(), .date_range, Messages.dateAfter(high)))
        case .today where today < date: errors.append(error(path(), .date_range, Messages.dateAfterToday))
        default: break
        }
    }

    /// Whether `text` matches `pattern` (portable subset) as a whole. Patterns reaching here were
    /// checked by the checker; one that does not compile matches nothing.
    private func matches(_ text: String, _ pattern: String?) -> Bool {
        guard let pattern else { return true }
        if let fast = Self.fastMatch(pattern, text) { return fast }
        return Self.regexMatch(pattern, text)
    }

    /// Whether `text` matches a built-in type's pattern: by its shape when it has one.
    private func matches(_ text: String, _ type: TypeLibrary.StringType) -> Bool {
        guard let pattern = type.pattern else { return true }
        if let shape = type.shape { return shape.matches(text) }
        return Self.regexMatch(pattern, text)
    }

    /// The built-in patterns with simple shapes, matched without a regular expression (the same
    /// scanners the generated JavaScript uses); nil for any other pattern.
    static func fastMatch(_ pattern: String, _ text: String) -> Bool? {
        PatternShape(pattern).map { $0.matches(text) }
    }

    /// A built-in pattern with a simple shape: the generated validators' scanners
    /// (`PatternScanner`) that this validator also has, and two more shapes of its own.
    enum PatternShape: Sendable {
        case digits(Int)
        /// 9 or 12 digits (an old identity card).
        case cmnd
        case taxCode
        case personName
        case date

        init?(_ pattern: String) {
            switch PatternScanner(pattern) {
            case .digits(let count): self = .digits(count)
            case .digits9or12: self = .cmnd
            case .taxCode: self = .taxCode
            case .personName: self = .personName
            case .email, .phoneVN, .dateTime, .regex:
                switch pattern {
                case "[0-9]{9}": self = .digits(9)
                case TypeLibrary.datePattern: self = .date
                default: return nil
                }
            }
        }

        /// The runtime's scanners, which the generated Swift validators call for the same shapes.
        func matches(_ text: String) -> Bool {
            switch self {
            case .digits(let n): ValidationSupport.isDigits(text, n)
            case .cmnd: ValidationSupport.isDigits(text, 9) || ValidationSupport.isDigits(text, 12)
            case .taxCode: ValidationSupport.isTaxCodeShape(text)
            case .personName: ValidationSupport.isNameText(text)
            case .date:
                text.utf8.count == 10 && text.withBytes { bytes in
                    bytes[4] == UInt8(ascii: "-") && bytes[7] == UInt8(ascii: "-") && [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy { bytes[$0] &- 0x30 < 10 }
                }
            }
        }
    }

    /// `text` against `pattern` with the regular expression only (tests compare it with `fastMatch`).
    static func regexMatch(_ pattern: String, _ text: String) -> Bool {
        guard let regex = CompiledPatterns.shared.regex(for: pattern) else { return false }
        return regex.firstMatch(in: text, options: [], range: NSRange(text.startIndex..<text.endIndex, in: text)) != nil
    }

    // MARK: - Other kinds

    private func checkOption(_ text: String, _ field: FieldSpec, path: @autoclosure () -> String, into errors: inout [ValidationError]) {
        if !field.choices.contains(where: { $0.value.unicodeScalars.elementsEqual(text.unicodeScalars) }) {
            errors.append(error(path(), .option, Messages.option))
        }
    }

    private func checkItemCount(_ count: Int, _ field: FieldSpec, path: @autoclosure () -> String, into errors: inout [ValidationError]) {
        if let low = field.minItems?.value, count < low {
            errors.append(error(path(), .min_items, Messages.minItems(low)))
        }
        if let high = field.maxItems?.value, count > high {
            errors.append(error(path(), .max_items, Messages.maxItems(high)))
        }
    }

    private func hasDuplicates(_ items: [JSONValue]) -> Bool {
        for i in items.indices { for j in items.indices where j > i && items[i] == items[j] { return true } }
        return false
    }

    private func validateAddress(_ value: JSONValue, path: @autoclosure () -> String, into errors: inout [ValidationError]) {
        guard case .object(let members) = value else { return typeError(path(), .address, into: &errors) }
        let allowed = ["province", "commune", "detail"]
        var province: String?, commune: String?
        for key in ["province", "commune"] {
            func partPath() -> String { JSONPointer.appending(path(), key) }
            guard let member = members.first(where: { $0.key == key })?.value else {
                errors.append(error(partPath(), .required, Messages.required))
                continue
            }
            guard case .string(let code) = member else {
                typeError(partPath(), .text, into: &errors)
                continue
            }
            if key == "province" {
                if let catalogue, !catalogue.contains(province: code) {
                    errors.append(error(partPath(), .option, Messages.province))
                } else {
                    province = code
                }
            } else if !matches(code, TypeLibrary.communePattern) {
                errors.append(error(partPath(), .pattern, Messages.commune))
            } else {
                commune = code
            }
        }
        if let detail = members.first(where: { $0.key == "detail" })?.value {
            func detailPath() -> String { JSONPointer.appending(path(), "detail") }
            if case .string(let text) = detail {
                if !ValidationSupport.isWellFormed(text) {
                    let tooLong = text.unicodeScalars.count > TypeLibrary.addressDetailMaxLength  // what the schema still sees
                    errors.append(ValidationError(path: detailPath(), rule: .encoding, message: Messages.encoding, decidedBySchema: tooLong))
                } else if text.unicodeScalars.count > TypeLibrary.addressDetailMaxLength {
                    errors.append(error(detailPath(), .max_length, Messages.maxLength(TypeLibrary.addressDetailMaxLength)))
                }
            } else {
                typeError(detailPath(), .text, into: &errors)
            }
        }
        for member in members where !allowed.contains(member.key) {
            errors.append(error(JSONPointer.appending(path(), member.key), .unknown_field, Messages.unknownField))
        }
        if let catalogue, let province, let commune, !catalogue.contains(unit: commune, inProvince: province) {
            errors.append(error(JSONPointer.appending(path(), "commune"), .admin_unit, Messages.adminUnit))
        }
    }

    private func validateFile(_ value: JSONValue, _ field: FieldSpec, path: @autoclosure () -> String, into errors: inout [ValidationError]) {
        guard case .object(let members) = value else { return typeError(path(), .file, into: &errors) }
        for key in ["name", "media_type", "size"] where !members.contains(where: { $0.key == key }) {
            errors.append(error(JSONPointer.appending(path(), key), .required, Messages.required))
        }
        for member in members {
            func partPath() -> String { JSONPointer.appending(path(), member.key) }
            switch member.key {
            case "name":
                guard case .string(let name) = member.value else { typeError(partPath(), .text, into: &errors); continue }
                guard ValidationSupport.isWellFormed(name) else {
                    let length = name.unicodeScalars.count  // what the schema still sees
                    errors.append(ValidationError(
                        path: partPath(), rule: .encoding, message: Messages.encoding,
                        decidedBySchema: length < 1 || length > TypeLibrary.fileNameMaxLength))
                    continue
                }
                let length = name.unicodeScalars.count
                if length < 1 { errors.append(error(partPath(), .min_length, Messages.minLength(1))) }
                if length > TypeLibrary.fileNameMaxLength {
                    errors.append(error(partPath(), .max_length, Messages.maxLength(TypeLibrary.fileNameMaxLength)))
                }
            case "media_type":
                guard case .string(let type) = member.value else { typeError(partPath(), .text, into: &errors); continue }
                if !field.accept.contains(type) {
                    errors.append(error(partPath(), .option, Messages.mediaType))
                }
            case "size":
                guard let size = integerValue(member.value) else { typeError(partPath(), .integer, into: &errors); continue }
                if size < 0 { errors.append(error(partPath(), .minimum, Messages.minimum(0))) }
                if let max = field.maxSize?.value, size > max {
                    errors.append(error(partPath(), .maximum, Messages.fileSize(max)))
                }
            default:
                errors.append(error(partPath(), .unknown_field, Messages.unknownField))
            }
        }
    }

    // MARK: - Helpers

    /// A JSON number with no fractional part, as JSON Schema's `integer` type accepts.
    private func integerValue(_ value: JSONValue) -> Int64? {
        switch value {
        case .integer(let i): return i
        case .number(let d) where d.rounded() == d && abs(d) <= 9.2e18: return Int64(d)
        default: return nil
        }
    }

    private func typeError(_ path: String, _ expected: Messages.TypeName, into errors: inout [ValidationError]) {
        errors.append(error(path, .type, Messages.type(expected)))
    }

    private func error(_ path: String, _ rule: ValidationRule, _ message: LocalizedText) -> ValidationError {
        ValidationError(path: path, rule: rule, message: message)
    }
}
