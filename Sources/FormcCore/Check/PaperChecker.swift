/// The Check stage for a form's paper layout: every footnote a field refers to exists, a repeat
/// prints a number of blank items it allows, and every condition and computed value can be put in
/// words on paper (else the designer gives the words with `paper: { note: … }`).
struct PaperChecker {
    let diagnostics: DiagnosticEngine

    func check(_ form: FormSpec) {
        let wording = ConditionWording { ConditionWording.field(in: form.sections, $0) }
        func visit(_ field: FieldSpec) {
            if let footnote = field.paper.footnote, footnote.value > form.paper.footnotes.count {
                let has = form.paper.footnotes.isEmpty ? "has no footnotes (paper: { footnotes: [...] })" : "has \(form.paper.footnotes.count)"
                diagnostics.emit(.paperReference, "'\(field.name)' refers to footnote \(footnote.value), but form '\(form.id.value)' \(has)", at: footnote.location)
            }
            if let items = field.paper.items {
                let minimum = field.minItems?.value ?? 0, maximum = field.maxItems?.value ?? Int.max
                if items.value < minimum || items.value > maximum {
                    diagnostics.emit(
                        .paperReference, "'\(field.name)' prints \(items.value) blank items, outside its repeat bounds \(minimum)…\(maximum == Int.max ? "" : String(maximum))",
                        at: items.location)
                }
            }
            if field.paper.note == nil {
                let parts: [(ExpressionSource?, CheckedExpression?, String)] = [
                    (field.logic.visibleWhen, field.checkedVisibleWhen, "condition"),
                    (field.logic.requiredWhen, field.checkedRequiredWhen, "condition"),
                ]
                for (source, checked, what) in parts {
                    if let source, let checked, wording.condition(checked) == nil {
                        unworded(field, what, at: source.location)
                    }
                }
                if let source = field.logic.compute, let checked = field.checkedCompute, wording.derivation(checked) == nil {
                    unworded(field, "computation", at: source.location)
                }
            }
            field.fields.forEach(visit)
        }
        form.sections.forEach(visit)
    }

    private func unworded(_ field: FieldSpec, _ what: String, at location: SourceLocation) {
        diagnostics.emit(
            .conditionWithoutWords, "the \(what) of '\(field.name)' cannot be put in words on the paper form",
            at: location,
            notes: [.init("say it for the reader of the printed form with paper: { note: { vi: \"…\" } }")])
    }
}
