/// Emits a form's JSON Schema. Objects are closed (`additionalProperties: false`), titles and
/// descriptions are Vietnamese, and every rule a schema cannot state is kept as an `x-formc-*`
/// annotation rather than dropped.
struct SchemaEmitter {
    /// The JSON Schema dialect: the emitted keywords are the same in both; only `$schema` differs,
    /// because formc uses nothing that changed between draft-07 and 2020-12.
    enum Dialect {
        case draft2020_12, draft07

        var uri: String {
            switch self {
            case .draft2020_12: "https://json-schema.org/draft/2020-12/schema"
            case .draft07: "http://json-schema.org/draft-07/schema#"
            }
        }
    }

    let dialect: Dialect
    let catalogue: AdministrativeUnitCatalogue?

    /// `urn:formc:form:<id>:<version>` — a stable URI that needs no host.
    static func schemaID(_ form: FormSpec) -> String { "urn:formc:form:\(form.id.value):\(form.version.value)" }

    func emit(_ form: FormSpec) -> JSONValue {
        var root = JSONObjectBuilder()
        root.set("$schema", dialect.uri)
        root.set("$id", Self.schemaID(form) + (dialect == .draft07 ? ":draft-07" : ""))
        root.set("title", form.title.vi)
        root.set("description", form.description?.vi)
        root.set("x-formc-form", form.id.value)
        root.set("x-formc-version", form.version.value.description)
        root.set("x-formc-title", form.title.json)
        if let description = form.description { root.set("x-formc-description", description.json) }
        root.set("x-formc-source", form.source)
        for (key, value) in objectKeywords(form.sections, keyPath: [], steps: []) { root.set(key, value) }
        if !form.rules.isEmpty {
            root.set("x-formc-rules", JSONValue.array(form.rules.map { rule in
                var r = JSONObjectBuilder()
                r.set("id", rule.id.value)
                r.set("check", rule.check.text)
                r.set("logic", rule.checked.map(LogicLowering.lower))
                r.set("message", rule.message.json)
                r.set("paths", JSONValue.array(rule.paths.map(JSONValue.string)))
                return r.value
            }))
        }
        return root.value
    }

    /// `type: object` with properties, required names, the conditional logic a schema can state
    /// (`allOf` of `if`/`then`/`else`), and no other properties.
    private func objectKeywords(_ fields: [FieldSpec], keyPath: [String], steps: [ResolvedPath.Step]) -> [(String, JSONValue)] {
        var keywords: [(String, JSONValue)] = [("type", .string("object"))]
        keywords.append(("properties", .object(fields.map { ($0.name, schema(for: $0, keyPath: keyPath, steps: steps)) })))
        var required: [JSONValue] = []
        var conditions: [JSONValue] = []
        for field in fields {
            switch LogicEncoding.plan(for: field, objectSteps: steps) {
            case .none:
                if field.required { required.append(.string(field.name)) }
            case .requiredWhen(let condition):
                conditions.append(.object([("if", Self.condition(condition)), ("then", .object([("required", .array([.string(field.name)]))]))]))
            case .visibleWhen(let condition, let isRequired):
                var branch: [(key: String, value: JSONValue)] = [("if", Self.condition(condition))]
                if isRequired { branch.append(("then", .object([("required", .array([.string(field.name)]))]))) }
                branch.append(("else", .object([("not", .object([("required", .array([.string(field.name)]))]))])))
                conditions.append(.object(branch))
            case .visibleAndRequiredWhen(let visible, let requiredWhen):
                conditions.append(.object([
                    ("if", Self.condition(visible)),
                    ("then", .object([("if", Self.condition(requiredWhen)), ("then", .object([("required", .array([.string(field.name)]))]))])),
                    ("else", .object([("not", .object([("required", .array([.string(field.name)]))]))])),
                ]))
            case .annotationOnly:
                break
            }
        }
        if !required.isEmpty { keywords.append(("required", .array(required))) }
        if !conditions.isEmpty { keywords.append(("allOf", .array(conditions))) }
        keywords.append(("additionalProperties", .bool(false)))
        return keywords
    }

    /// `{properties: {sibling: {enum: […]}, …}, required: [sibling, …]}`: every sibling is present and
    /// has one of its values (an absent sibling makes the condition false, as in formc's evaluator).
    private static func condition(_ c: LogicEncoding.SimpleCondition) -> JSONValue {
        .object([
            ("properties", .object(c.clauses.map { ($0.sibling, .object([("enum", .array($0.values))])) })),
            ("required", .array(c.clauses.map { .string($0.sibling) })),
        ])
    }

    func schema(for field: FieldSpec, keyPath: [String] = [], steps: [ResolvedPath.Step] = []) -> JSONValue {
        let innerSteps = LogicEncoding.innerSteps(of: field, outer: steps, keyPath: keyPath)
        let innerKeyPath = keyPath + [field.name]
        var s = JSONObjectBuilder()
        s.set("title", field.label?.vi)
        s.set("description", field.hint?.vi)
        switch field.kind {
        case .group:
            for (key, value) in objectKeywords(field.fields, keyPath: innerKeyPath, steps: innerSteps) { s.set(key, value) }
        case .repeat:
            s.set("type", "array")
            var item = JSONObjectBuilder()
            for (key, value) in objectKeywords(field.fields, keyPath: innerKeyPath, steps: innerSteps) { item.set(key, value) }
            s.set("items", item.value)
            s.set("minItems", field.minItems?.value)
            s.set("maxItems", field.maxItems?.value)
        case .integer, .money_vnd:
            let (low, high) = TypeLibrary.integerBounds(field)
            s.set("type", "integer")
            s.set("minimum", JSONValue.integer(low))
            s.set("maximum", JSONValue.integer(high))
            if field.kind == .money_vnd { s.set("x-formc-unit", "VND") }
        case .boolean:
            s.set("type", "boolean")
        case .choice:
            s.set("type", "string")
            s.set("oneOf", Self.titledChoices(field.choices))
        case .multi_choice:
            s.set("type", "array")
            s.set("items", JSONValue.object([("type", .string("string")), ("oneOf", Self.titledChoices(field.choices))]))
            s.set("uniqueItems", true)
            s.set("minItems", field.minItems?.value)
            s.set("maxItems", field.maxItems?.value)
        case .address_vn:
            addressKeywords(into: &s)
        case .file:
            fileKeywords(field, into: &s)
        case .text, .email, .phone_vn, .cccd, .cmnd, .tax_code, .bhxh, .person_name, .date, .datetime:
            stringKeywords(field, into: &s)
        }
        // Annotations: the field's kind, its labels in both languages, and its options' labels.
        s.set("x-formc-type", field.kind.rawValue)
        if let label = field.label { s.set("x-formc-label", label.json) }
        if let hint = field.hint { s.set("x-formc-hint", hint.json) }
        if !field.choices.isEmpty {
            s.set("x-formc-options", JSONValue.array(field.choices.map { .object([("value", .string($0.value)), ("label", $0.label.json)]) }))
        }
        if let value = field.defaultValue?.value { s.set("default", value) }
        // A computed answer is filled in, not typed: renderers show it read-only.
        if field.logic.compute != nil { s.set("readOnly", true) }
        // Required whenever it is shown, under a condition the schema cannot state: say so here, so
        // a renderer still marks it (validate.mjs and x-formc-logic decide when it is shown).
        if field.required, LogicEncoding.plan(for: field, objectSteps: steps) == .annotationOnly { s.set("x-formc-required", true) }
        // Logic, as written: the schema states the simple cases itself (in the parent object).
        s.set("x-formc-required-when", field.logic.requiredWhen?.text)
        s.set("x-formc-visible-when", field.logic.visibleWhen?.text)
        s.set("x-formc-compute", field.logic.compute?.text)
        // Where the value comes from when the state holds it; a locked one is read-only on the page,
        // and validators given the sources' data refuse another value (docs/data-reuse.md).
        if let binding = field.prefill {
            s.set("x-formc-prefill", UISchemaEmitter.prefill(binding))
            if binding.mode == .locked { s.set("readOnly", true) }
        }
        var logic = JSONObjectBuilder()
        logic.set("required_when", field.checkedRequiredWhen.map(LogicLowering.lower))
        logic.set("visible_when", field.checkedVisibleWhen.map(LogicLowering.lower))
        logic.set("compute", field.checkedCompute.map(LogicLowering.lower))
        // Checks against other answers (`matches:`), by rule: false means the rule's error.
        for check in field.checks { logic.set(check.rule.rawValue, LogicLowering.lower(check.checked)) }
        if !logic.members.isEmpty { s.set("x-formc-logic", logic.value) }
        return s.value
    }

    private func stringKeywords(_ field: FieldSpec, into s: inout JSONObjectBuilder) {
        guard let type = TypeLibrary.stringType(field.kind) else { return }
        s.set("type", "string")
        s.set("minLength", field.minLength?.value ?? type.minLength ?? type.shapeLengths?.lowerBound)
        s.set("maxLength", field.maxLength?.value ?? type.maxLength ?? type.shapeLengths?.upperBound)
        // A built-in pattern and the spec's own both apply; `allOf` keeps both when there are two.
        let patterns = [type.schemaPattern ?? type.pattern, field.pattern?.value].compactMap { $0 }.map(PortablePattern.schemaPattern)
        if patterns.count == 1 {
            s.set("pattern", patterns[0])
        } else if patterns.count > 1 {
            s.set("allOf", JSONValue.array(patterns.map { .object([("pattern", .string($0))]) }))
        }
        s.set("format", type.format)
        // Python's `$` also matches before a final newline: where no value may hold a line feed, say so.
        if [type.pattern, field.pattern?.value].contains(where: { $0.map { !TypeLibrary.admitsNewline($0) } ?? false }) {
            s.set("not", JSONValue.object([("pattern", .string("\n"))]))
        }
        var checks = type.extensions.map { JSONValue.string($0.rawValue) }
        if field.kind == .date, field.minimum != nil || field.maximum != nil {
            checks.append(.string(ValidationRule.date_range.rawValue))
            func bound(_ b: Bound?) -> String? {
                switch b {
                case .date(let d): d.description
                case .today: "today"
                default: nil
                }
            }
            s.set("x-formc-date-min", bound(field.minimum?.value))
            s.set("x-formc-date-max", bound(field.maximum?.value))
        }
        if !checks.isEmpty { s.set("x-formc-checks", JSONValue.array(checks)) }
    }

    /// Choices as renderers (JSON Forms, RJSF, SurveyJS imports) read them: each value with its
    /// Vietnamese label as `title`, and the English one beside it where the spec gives it.
    static func titledChoices(_ choices: [OptionChoice]) -> JSONValue {
        .array(choices.map { choice in
            var c = JSONObjectBuilder()
            c.set("const", choice.value)
            c.set("title", choice.label.vi)
            c.set("x-formc-title-en", choice.label.en)
            return c.value
        })
    }

    private func addressKeywords(into s: inout JSONObjectBuilder) {
        s.set("type", "object")
        var province = JSONObjectBuilder()
        province.set("title", "Tỉnh/thành phố")
        province.set("type", "string")
        if let catalogue {
            // Each province with its name as title, so a picker shows "Thành phố Hải Phòng", not "31";
            // the communes of each are in administrative-units.json.
            province.set("oneOf", JSONValue.array(catalogue.provinces.map { .object([("const", .string($0.code)), ("title", .string($0.name))]) }))
        }
        var commune = JSONObjectBuilder()
        commune.set("title", "Xã/phường/đặc khu")
        commune.set("type", "string")
        commune.set("pattern", PortablePattern.schemaPattern(TypeLibrary.communePattern))
        var detail = JSONObjectBuilder()
        detail.set("title", "Số nhà, đường, thôn/xóm")
        detail.set("type", "string")
        detail.set("maxLength", TypeLibrary.addressDetailMaxLength)
        s.set("properties", JSONValue.object([("province", province.value), ("commune", commune.value), ("detail", detail.value)]))
        s.set("required", JSONValue.array([.string("province"), .string("commune")]))
        s.set("additionalProperties", false)
        s.set("x-formc-checks", JSONValue.array([.string(ValidationRule.admin_unit.rawValue)]))
        if let catalogue { s.set("x-formc-catalogue", JSONValue.object([("administrative_units", .string(catalogue.asOf))])) }
    }

    private func fileKeywords(_ field: FieldSpec, into s: inout JSONObjectBuilder) {
        s.set("type", "object")
        var name = JSONObjectBuilder()
        name.set("type", "string")
        name.set("minLength", 1)
        name.set("maxLength", TypeLibrary.fileNameMaxLength)
        var mediaType = JSONObjectBuilder()
        mediaType.set("type", "string")
        mediaType.set("enum", JSONValue.array(field.accept.map(JSONValue.string)))
        var size = JSONObjectBuilder()
        size.set("type", "integer")
        size.set("minimum", 0)
        size.set("maximum", field.maxSize.map { JSONValue.integer($0.value) })
        s.set("properties", JSONValue.object([("name", name.value), ("media_type", mediaType.value), ("size", size.value)]))
        s.set("required", JSONValue.array([.string("name"), .string("media_type"), .string("size")]))
        s.set("additionalProperties", false)
    }
}
