/// formc's reference for what `logic.mjs` computes: for each field of a form, for some answers, whether
/// it is shown, whether it is required now, and its computed value. `vectors.json` carries these
/// states for the examples, and the suite holds `logic.mjs` to them.
struct FieldStates {
    let form: FormSpec
    let today: CalendarDate

    struct State {
        var pointer: String
        var visible: Bool
        var required: Bool
        /// For a computed field, its value (`.null` while an input is missing).
        var value: Value?
    }

    func states(of answers: JSONValue) -> [State] {
        var out: [State] = []
        walk(form.sections, answers, pointer: "", keyPath: [], items: [:], shown: true, present: true, root: answers, into: &out)
        return out
    }

    private func walk(
        _ fields: [FieldSpec], _ object: JSONValue?, pointer: String, keyPath: [String], items: [String: Int], shown: Bool, present: Bool,
        root: JSONValue, into out: inout [State]
    ) {
        func holds(_ checked: CheckedExpression) -> Bool {
            Evaluator().evaluate(checked, in: EvaluationContext(answers: root, currentItems: items, today: today)).isTruthy
        }
        for field in fields {
            let value = object?[field.name]
            let at = JSONPointer.appending(pointer, field.name)
            let visible = shown && (field.checkedVisibleWhen.map(holds) ?? true)
            let required = visible && present && (field.checkedRequiredWhen.map(holds) ?? field.required)
            let computed = field.checkedCompute.map { Evaluator().evaluate($0, in: EvaluationContext(answers: root, currentItems: items, today: today)) }
            out.append(State(pointer: at, visible: visible, required: required, value: computed))
            let inner = keyPath + [field.name]
            switch field.kind {
            case .group:
                walk(field.fields, value, pointer: at, keyPath: inner, items: items, shown: visible, present: value != nil || field.required, root: root, into: &out)
            case .repeat:
                for (index, item) in (value?.arrayValue ?? []).enumerated() {
                    var itemIndices = items
                    itemIndices[inner.joined(separator: ".")] = index
                    walk(field.fields, item, pointer: at + "/" + String(index), keyPath: inner, items: itemIndices, shown: visible, present: true, root: root, into: &out)
                }
            default:
                break
            }
        }
    }
}
