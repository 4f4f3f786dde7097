/// Emits `ui.json`: how to lay a form out, in JSON Forms' UI-schema vocabulary so that its users can
/// feed it in unchanged — a `VerticalLayout` of one `Group` per section, a `Control` per field whose
/// `scope` is a JSON Pointer into the form's `schema.json`, repeats as array controls with a `detail`
/// layout for their items, and `rule`s with `SHOW`/`HIDE` where the condition is a test JSON Schema
/// can state. Everything JSON Forms has no word for is in `options` under `x-formc-*` keys: the
/// widget, English labels, the WCAG 1.3.5 `autocomplete` purpose, bounds, and the pointer by which
/// `logic.mjs` gives the field's state (shown, required now, computed value).
struct UISchemaEmitter {
    func emit(_ form: FormSpec) -> JSONValue {
        var root = JSONObjectBuilder()
        root.set("type", "VerticalLayout")
        root.set("elements", JSONValue.array(form.sections.map { element(for: $0, schemaPath: "#", statePath: "", keyPath: [], steps: [], applicant: false) }))
        root.set("x-formc-form", form.id.value)
        root.set("x-formc-version", form.version.value.description)
        return root.value
    }

    /// A section or group as a `Group` of its fields; a repeating group or any other field as a
    /// `Control`.
    private func element(
        for field: FieldSpec, schemaPath: String, statePath: String, keyPath: [String], steps: [ResolvedPath.Step], applicant: Bool
    ) -> JSONValue {
        let scope = schemaPath + "/properties/" + field.name
        let state = JSONPointer.appending(statePath, field.name)
        let innerSteps = LogicEncoding.innerSteps(of: field, outer: steps, keyPath: keyPath)
        let innerKeyPath = keyPath + [field.name]
        let about = applicant || field.aboutApplicant
        var e = JSONObjectBuilder()
        var options = JSONObjectBuilder()
        switch field.kind {
        case .group:
            e.set("type", "Group")
            e.set("label", field.label?.vi ?? field.name)
            e.set("elements", JSONValue.array(field.fields.map {
                element(for: $0, schemaPath: scope, statePath: state, keyPath: innerKeyPath, steps: innerSteps, applicant: about)
            }))
        case .repeat:
            e.set("type", "Control")
            e.set("scope", scope)
            e.set("label", field.label?.vi ?? field.name)
            // Item controls are relative to the item's schema, as JSON Forms' array `detail` expects.
            options.set("detail", JSONValue.object([
                ("type", .string("VerticalLayout")),
                ("elements", .array(field.fields.map {
                    element(for: $0, schemaPath: "#", statePath: state + "/*", keyPath: innerKeyPath, steps: innerSteps, applicant: about)
                })),
            ]))
            options.set("x-formc-widget", "repeat")
            options.set("x-formc-min-items", field.minItems?.value)
            options.set("x-formc-max-items", field.maxItems?.value)
        default:
            e.set("type", "Control")
            e.set("scope", scope)
            e.set("label", field.label?.vi ?? field.name)
            let widget = Self.widget(field)
            options.set("x-formc-widget", widget)
            // JSON Forms' own options for the same widgets.
            if widget == "radio" { options.set("format", "radio") }
            if widget == "textarea" { options.set("multi", true) }
            if field.logic.compute != nil { options.set("readonly", true) }
            if let binding = field.prefill {
                // Where the value comes from; a locked one is read-only, as JSON Forms writes it.
                if binding.mode == .locked { options.set("readonly", true) }
                options.set("x-formc-prefill", Self.prefill(binding))
            }
            if let placeholder = Self.placeholder(field) { options.set("x-formc-placeholder", placeholder) }
            if let mode = Self.inputMode(field) { options.set("x-formc-inputmode", mode) }
            if about, let purpose = Self.autocomplete(field) { options.set("x-formc-autocomplete", purpose) }
            if about, field.kind == .address_vn {
                options.set("x-formc-autocomplete", JSONValue.object([
                    ("province", .string("address-level1")), ("commune", .string("address-level2")), ("detail", .string("street-address")),
                ]))
            }
        }
        if let en = field.label?.en { options.set("x-formc-label-en", en) }
        if let hint = field.hint { options.set("x-formc-hint", hint.json) }
        options.set("x-formc-state", state)
        if let rule = rule(field, steps: steps, schemaPath: schemaPath) { e.set("rule", rule) }
        e.set("options", options.value)
        return e.value
    }

    /// A field's prefill binding as the artifacts carry it: the source and attribute, the mode, and
    /// what a page says beside the value (who holds it, how to correct it).
    static func prefill(_ binding: PrefillBinding) -> JSONValue {
        var o = JSONObjectBuilder()
        o.set("source", binding.source.value)
        o.set("attribute", binding.attribute.value)
        o.set("mode", binding.mode.rawValue)
        o.set("held_by", binding.heldBy?.json)
        o.set("correction", binding.correction?.json)
        return o.value
    }

    /// JSON Forms' `rule` for a `visible_when` that is a test of a sibling's value; other conditions
    /// are left to `logic.mjs` (`x-formc-state`).
    private func rule(_ field: FieldSpec, steps: [ResolvedPath.Step], schemaPath: String) -> JSONValue? {
        guard field.logic.visibleWhen != nil else { return nil }
        let condition: LogicEncoding.SimpleCondition
        switch LogicEncoding.plan(for: field, objectSteps: steps) {
        case .visibleWhen(let c, _), .visibleAndRequiredWhen(let c, _): condition = c
        default: return nil
        }
        let tests: [JSONValue] = condition.clauses.map { clause in
            .object([("scope", .string(schemaPath + "/properties/" + clause.sibling)), ("schema", .object([("enum", .array(clause.values))]))])
        }
        // Several tests: JSON Forms' composed condition.
        let test: JSONValue = tests.count == 1 ? tests[0] : .object([("type", .string("AND")), ("conditions", .array(tests))])
        return .object([("effect", .string("SHOW")), ("condition", test)])
    }

    /// The control a field takes: radios for a few options, a select for many, checkboxes for a
    /// multiple choice, three inputs (day, month, year) for a date, a text area for long text.
    static func widget(_ field: FieldSpec) -> String {
        switch field.kind {
        case .choice: field.choices.count <= 5 ? "radio" : "select"
        case .multi_choice: "checkboxes"
        case .boolean: "checkbox"
        case .date: "date-parts"
        case .datetime: "datetime"
        case .integer: "number"
        case .money_vnd: "money"
        case .text: (field.maxLength?.value ?? Int.max) > 200 ? "textarea" : "text"
        case .address_vn: "address"
        case .file: "file"
        case .email: "email"
        case .phone_vn: "tel"
        case .cccd, .cmnd, .tax_code, .bhxh: "identifier"
        case .person_name: "text"
        case .group, .repeat: "group"
        }
    }

    /// WCAG 1.3.5 input purposes, for fields of a section about the applicant.
    static func autocomplete(_ field: FieldSpec) -> String? {
        switch field.kind {
        case .person_name: "name"
        case .email: "email"
        case .phone_vn: "tel"
        case .date where field.name == "ngay_sinh": "bday"
        default: nil
        }
    }

    static func inputMode(_ field: FieldSpec) -> String? {
        switch field.kind {
        case .cccd, .cmnd, .bhxh, .integer, .money_vnd: "numeric"
        case .phone_vn: "tel"
        case .email: "email"
        default: nil
        }
    }

    /// What the value looks like, for identifiers whose shape a citizen may not know.
    static func placeholder(_ field: FieldSpec) -> String? {
        switch field.kind {
        case .cccd: "12 chữ số"
        case .cmnd: "9 hoặc 12 chữ số"
        case .bhxh: "10 chữ số"
        case .tax_code: "10 chữ số, hoặc 10 chữ số - 3 chữ số"
        case .phone_vn: "0912 345 678"
        default: nil
        }
    }
}
