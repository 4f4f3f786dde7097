/// Emits a form's conformance vectors: its examples with the verdict and errors formc gives, and
/// what a JSON Schema validator must say (rules the schema cannot decide are not its business).
struct VectorEmitter {
    /// What the checker's validator said of each example (see `CheckedSpecs.exampleOutcomes`).
    let outcomes: [[ValidationError]]
    /// The date "today" means for examples without their own.
    let today: CalendarDate
    /// For the near-miss vectors' verdicts.
    let catalogue: AdministrativeUnitCatalogue?

    func emit(_ form: FormSpec) -> JSONValue {
        var vectors = zip(form.examples, outcomes).map { example, errors in
            vector(name: example.name, source: "example", today: example.today, data: example.data, base: nil, patch: nil, errors: errors)
        }
        // Near misses of the fullest valid example, each as one JSON Patch operation on it.
        let valid = zip(form.examples, outcomes).enumerated().filter { $0.element.1.isEmpty }.map { ($0.offset, $0.element.0) }
        if let (baseIndex, base) = valid.max(by: { Self.size($0.1.data) < Self.size($1.1.data) }) {
            let validator = SubmissionValidator(catalogue: catalogue, today: base.today ?? today)
            // Each near miss changes one section of a valid example: only what that change can
            // reach is validated again (the rest of the example had no errors, and still has none).
            let reach = SectionReach(form)
            for mutation in NearMisses(form: form).mutations(of: base.data) {
                let errors = validator.validate(mutation.data, against: form, onlySections: reach.sections(changedBy: mutation.section))
                vectors.append(vector(
                    name: mutation.name, source: "near-miss", today: base.today, data: nil, base: baseIndex, patch: mutation.patch, errors: errors))
            }
            // The same answers judged with what the data sources hold: each locked answer as the source
            // holds it, then each one the source holds otherwise (or holds while the answer is missing).
            for (name, prefill) in Self.prefillCases(form, answers: base.data) {
                validator.prefill = prefill
                let errors = validator.validate(base.data, against: form)
                vectors.append(vector(
                    name: name, source: "prefill", today: base.today, data: nil, base: baseIndex, patch: .array([]), errors: errors, prefill: prefill))
            }
        }
        return .object([
            ("form", .string(form.id.value)), ("version", .string(form.version.value.description)),
            ("schema", .string(SchemaEmitter.schemaID(form))), ("vectors", .array(vectors)),
            ("logic", .array(LogicVectors(form: form, today: today).emit())),
            ("states", .array(states(form))),
        ])
    }

    private func vector(
        name: String, source: String, today: CalendarDate?, data: JSONValue?, base: Int?, patch: JSONValue?, errors: [ValidationError],
        prefill: JSONValue? = nil
    ) -> JSONValue {
        var v = JSONObjectBuilder()
        v.set("name", name)
        v.set("source", source)
        v.set("today", today?.description)
        v.set("data", data)
        v.set("base", base)
        v.set("patch", patch)
        v.set("prefill", prefill)
        v.set("valid", errors.isEmpty)
        v.set("schema_valid", !errors.contains { $0.decidedBySchema })
        v.set("errors", JSONValue.array(errors.map { error in
            .object([("path", .string(error.path)), ("rule", .string(error.name)), ("message", error.message.json)])
        }))
        return v.value
    }

    /// The sources' data for the prefill vectors of a form with locked answers: all as the answers
    /// have them (valid), then for each locked answer a source holding another value (refused).
    static func prefillCases(_ form: FormSpec, answers: JSONValue) -> [(String, JSONValue)] {
        var locked: [(keys: [String], binding: PrefillBinding)] = []
        func walk(_ field: FieldSpec, _ keys: [String]) {
            let keys = keys + [field.name]
            if let binding = field.prefill, binding.mode == .locked { locked.append((keys, binding)) }
            if field.kind == .group { field.fields.forEach { walk($0, keys) } }
        }
        form.sections.forEach { walk($0, []) }
        guard !locked.isEmpty else { return [] }
        func answer(_ keys: [String]) -> JSONValue? { keys.reduce(Optional(answers)) { $0?[$1] } }
        // `{ source: { attribute: value } }`, an attribute that is a path (another form's field) nested.
        func sources(_ values: [(PrefillBinding, JSONValue)]) -> JSONValue {
            var data = JSONValue.object([])
            for (binding, value) in values {
                let keys = [binding.source.value] + binding.attribute.value.split(separator: ".").map(String.init)
                data = data.setting(value, at: keys[...])
            }
            return data
        }
        let held = locked.compactMap { entry in answer(entry.keys).map { (entry.binding, $0) } }
        var cases: [(String, JSONValue)] = [("điền sẵn: khớp với dữ liệu nguồn", sources(held))]
        for entry in locked {
            let path = entry.keys.joined(separator: ".")
            let other: JSONValue
            switch answer(entry.keys) {
            case .string(let text)?: other = .string(text == "1" ? "2" : "1")
            case .integer(let n)?: other = .integer(n == 1 ? 2 : 1)
            case .number(let n)?: other = .number(n == 1 ? 2 : 1)
            case .bool(let b)?: other = .bool(!b)
            case nil: other = .string("1")
            default: continue
            }
            let name = answer(entry.keys) == nil ? "điền sẵn: nguồn có '\(path)' mà bài khai bỏ trống" : "điền sẵn: '\(path)' khác dữ liệu nguồn"
            cases.append((name, sources(held.filter { $0.0 != entry.binding } + [(entry.binding, other)])))
        }
        return cases
    }

    /// What `logic.mjs` must give for each example: every field's `visible`, `required` and computed
    /// `value`. Examples that leave `today` to the build date are left out when some condition or
    /// computation reads it, so the file does not change with the day it is built.
    private func states(_ form: FormSpec) -> [JSONValue] {
        var readsToday = false
        func scan(_ fields: [FieldSpec]) {
            for field in fields {
                for checked in [field.checkedVisibleWhen, field.checkedRequiredWhen, field.checkedCompute].compactMap({ $0 })
                where checked.expression.readsToday {
                    readsToday = true
                }
                scan(field.fields)
            }
        }
        scan(form.sections)
        return form.examples.enumerated().compactMap { index, example in
            guard !readsToday || example.today != nil else { return nil }
            let states = FieldStates(form: form, today: example.today ?? today).states(of: example.data)
            return .object([
                ("vector", .integer(Int64(index))),
                ("fields", .object(states.map { state in
                    var s: [(key: String, value: JSONValue)] = [("visible", .bool(state.visible)), ("required", .bool(state.required))]
                    if let value = state.value { s.append(("value", LogicLowering.json(value))) }
                    return (state.pointer, .object(s))
                })),
            ])
        }
    }

    /// How many values a JSON document holds: the "fullest" example is the best base for mutations.
    static func size(_ value: JSONValue) -> Int {
        switch value {
        case .object(let members): 1 + members.reduce(0) { $0 + size($1.value) }
        case .array(let items): 1 + items.reduce(0) { $0 + size($1) }
        default: 1
        }
    }
}

/// Conformance vectors for a form's expressions: every expression (conditions, computed values,
/// rules) evaluated by formc on the data of every example — for an expression inside a repeating
/// group, once per item — with its JSON Logic form, so that any evaluator of the profile can prove it
/// gives the same values.
struct LogicVectors {
    let form: FormSpec
    let today: CalendarDate

    struct Entry {
        var id: String
        var source: String
        var checked: CheckedExpression
        /// The key of the repeating group the expression is inside, if any.
        var repeatKey: String?
        /// JSON Pointer tokens to that group from the root.
        var repeatPath: [String]
    }

    func entries() -> [Entry] {
        var result: [Entry] = []
        func walk(_ fields: [FieldSpec], _ keyPath: [String], _ repeatKey: String?, _ repeatPath: [String], _ depth: Int) {
            for field in fields {
                let pointer = "/" + (keyPath + [field.name]).joined(separator: "/")
                let logic = field.logic
                for (kind, source, checked) in [
                    ("required_when", logic.requiredWhen, logic.checkedRequiredWhen), ("visible_when", logic.visibleWhen, logic.checkedVisibleWhen),
                    ("compute", logic.compute, logic.checkedCompute),
                ] {
                    if let source, let checked, depth <= 1 {
                        result.append(Entry(id: "\(pointer)#\(kind)", source: source.text, checked: checked, repeatKey: repeatKey, repeatPath: repeatPath))
                    }
                }
                for check in logic.checks where depth <= 1 {
                    result.append(Entry(id: "\(pointer)#\(check.rule.rawValue)", source: check.checked.source, checked: check.checked, repeatKey: repeatKey, repeatPath: repeatPath))
                }
                if field.kind == .repeat {
                    let key = (keyPath + [field.name]).joined(separator: ".")
                    walk(field.fields, keyPath + [field.name], key, keyPath + [field.name], depth + 1)
                } else {
                    walk(field.fields, keyPath + [field.name], repeatKey, repeatPath, depth)
                }
            }
        }
        walk(form.sections, [], nil, [], 0)
        for rule in form.rules {
            if let checked = rule.checked { result.append(Entry(id: "rule:\(rule.id.value)", source: rule.check.text, checked: checked, repeatKey: nil, repeatPath: [])) }
        }
        return result
    }

    func emit() -> [JSONValue] {
        entries().map { entry in
            var cases: [JSONValue] = []
            // Build-date independence: an expression that reads today's date gets cases only from
            // examples that fix their own `today`.
            let readsToday = entry.checked.expression.readsToday
            for (index, example) in form.examples.enumerated() where !readsToday || example.today != nil {
                let date = example.today ?? today
                var contexts: [(items: [String: Int], itemJSON: [String: JSONValue])] = [([:], [:])]
                if let key = entry.repeatKey {
                    var node = example.data
                    for token in entry.repeatPath { node = node[token] ?? .null }
                    contexts = (node.arrayValue ?? []).enumerated().map { ([key: $0.offset], [key: $0.element]) }
                }
                for context in contexts {
                    // The profile gives formc's values on well-typed data: an answer of the wrong type
                    // (a date that is no date) is null to formc but its raw text to JSON Logic.
                    let reads = AnswerReads()
                    let value = Evaluator().evaluate(
                        entry.checked, in: EvaluationContext(answers: example.data, currentItems: context.items, today: date, reads: reads))
                    guard reads.illTyped.isEmpty else { continue }
                    // The data is the vector's `data`, with `$today` from the vector's `today` and these
                    // `$items`: referring to the vector keeps the file small.
                    var c = JSONObjectBuilder()
                    c.set("vector", index)
                    if !context.itemJSON.isEmpty {
                        c.set("items", JSONValue.object(context.itemJSON.sorted { $0.key < $1.key }.map { ($0.key.replacingDots, $0.value) }))
                    }
                    c.set("expected", LogicLowering.json(value))
                    cases.append(c.value)
                }
            }
            return .object([
                ("id", .string(entry.id)), ("expression", .string(entry.source)),
                ("logic", LogicLowering.lower(entry.checked)), ("cases", .array(cases)),
            ])
        }
    }
}
