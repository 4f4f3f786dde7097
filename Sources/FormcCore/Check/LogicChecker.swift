/// Checks the expressions of a form: parses and type-checks `required_when`, `visible_when`,
/// `compute` and `rules`, reporting each problem at its token inside the YAML scalar, and finds
/// cycles among computed fields.
struct LogicChecker {
    let diagnostics: DiagnosticEngine

    func check(_ form: inout FormSpec) {
        let snapshot = form
        for index in form.sections.indices {
            checkField(&form.sections[index], form: snapshot, keyPath: [], enclosingRepeats: [])
        }
        for index in form.rules.indices {
            let rule = form.rules[index]
            form.rules[index].checked = diagnostics.check(rule.check, in: FormScope(form: snapshot), expecting: .bool)
            for path in rule.paths where !Self.pointerExists(path, in: snapshot.sections) {
                diagnostics.emit(.unresolvedReference, "rule '\(rule.id.value)' blames '\(path)', which is not a field of the form", at: rule.id.location)
            }
        }
        findComputeCycles(form)
    }

    private func checkField(_ field: inout FieldSpec, form: FormSpec, keyPath: [String], enclosingRepeats: Set<String>) {
        let path = keyPath + [field.name]
        let scope = FormScope(form: form, enclosingRepeats: enclosingRepeats)
        if let source = field.logic.requiredWhen {
            field.logic.checkedRequiredWhen = diagnostics.check(source, in: scope, expecting: .bool)
        }
        if let source = field.logic.visibleWhen {
            field.logic.checkedVisibleWhen = diagnostics.check(source, in: scope, expecting: .bool)
        }
        if let source = field.logic.compute {
            field.logic.checkedCompute = diagnostics.check(source, in: scope, expecting: FormScope.type(of: field))
        }
        // Written only when it changes: a write copies the field's storage, which the snapshot
        // still shares, and most fields have no checks.
        var checks: [FieldCheck] = []
        for (source, function, expected, rule, message) in [
            (field.logic.matchesBirthDate, "cccd_birth_matches", ValueType.date, ValidationRule.cccd_birth_date, Messages.cccdBirthDate),
            (field.logic.matchesSex, "cccd_sex_matches", ValueType.string, ValidationRule.cccd_sex, Messages.cccdSex),
        ] {
            guard let source, let other = diagnostics.check(source, in: scope, expecting: expected) else { continue }
            guard case .path = other.expression.kind else {
                diagnostics.emit(.expressionType, "matches: names a field, such as nguoi_yeu_cau.ngay_sinh", at: source.location)
                continue
            }
            if rule == .cccd_sex {
                var options: [String] = []
                if case .choice(let values) = other.type { options = values }
                guard options.contains("nam") && options.contains("nu") else {
                    diagnostics.emit(
                        .expressionType, "matches: sex must be a choice with the options nam and nu (the shared list gioi_tinh), found \(other.type)",
                        at: source.location)
                    continue
                }
            }
            // The check is the built-in function over this field and the other answer, type-checked in
            // the field's scope like the field's own expressions.
            let text = "\(function)(\(path.joined(separator: ".")), \(source.text))"
            do {
                let checked = try TypeChecker(scope: scope).check(text, expecting: .bool)
                checks.append(FieldCheck(rule: rule, checked: checked, message: message))
            } catch {
                diagnostics.emit(.expressionType, error.message, at: source.location)
            }
        }
        if !(checks.isEmpty && field.logic.checks.isEmpty) { field.logic.checks = checks }
        var inner = enclosingRepeats
        if field.kind == .repeat { inner.insert(path.joined(separator: ".")) }
        for index in field.fields.indices {
            checkField(&field.fields[index], form: form, keyPath: path, enclosingRepeats: inner)
        }
    }


    /// Whether a JSON Pointer names a field (array indices allowed inside repeating groups).
    static func pointerExists(_ pointer: String, in fields: [FieldSpec]) -> Bool {
        var level = fields
        let tokens = pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        var expectIndex = false
        for token in tokens {
            if expectIndex {
                expectIndex = false
                if Int(token) != nil { continue }
            }
            guard let field = level.first(where: { $0.name == token }) else { return false }
            level = field.fields
            expectIndex = field.kind == .repeat
        }
        return !tokens.isEmpty
    }

    /// Computed fields that depend, through other computed fields, on themselves.
    private func findComputeCycles(_ form: FormSpec) {
        var computed: [String: (FieldSpec, CheckedExpression)] = [:]
        func collect(_ fields: [FieldSpec], _ prefix: [String]) {
            for field in fields {
                let key = (prefix + [field.name]).joined(separator: ".")
                if let checked = field.checkedCompute { computed[key] = (field, checked) }
                collect(field.fields, prefix + [field.name])
            }
        }
        collect(form.sections, [])
        func dependencies(_ checked: CheckedExpression) -> [String] {
            checked.paths.values.map { path in
                path.steps.compactMap { step -> String? in
                    if case .member(let name) = step { return name }
                    return nil
                }.joined(separator: ".")
            }.filter { computed[$0] != nil }
        }
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        var reported = false
        func visit(_ key: String, _ trail: [String]) {
            if reported { return }
            if state[key] == 2 { return }
            if state[key] == 1 {
                let cycle = Array(trail.drop { $0 != key }) + [key]
                if let (field, _) = computed[key], let source = field.logic.compute {
                    diagnostics.emit(
                        .computeCycle, "computed fields depend on each other: \(cycle.joined(separator: " → "))", at: source.location)
                }
                reported = true
                return
            }
            state[key] = 1
            if let (_, checked) = computed[key] {
                for next in dependencies(checked).sorted() { visit(next, trail + [key]) }
            }
            state[key] = 2
        }
        for key in computed.keys.sorted() { visit(key, []) }
    }
}
