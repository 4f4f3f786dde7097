/// Which conditional logic a JSON Schema can state. The schema emitter and the validator both ask
/// here, so the validator knows which of its errors a schema validator must also give.
///
/// A condition is *simple* when it compares sibling fields (in the same object) with constants:
/// `quan_he == 'khac'`, `hinh_thuc in ['ky', 'diem_chi']`, a boolean sibling on its own, or several
/// of these joined by `and` (`co_con and so_con == 2`, each sibling once). A field's logic is stated
/// in the schema when its conditions are simple:
///
/// - `required_when` alone: `if condition then required`;
/// - `visible_when` alone: `if condition then (required, when the field is required) else not present`;
/// - both: `if visible then (if required-condition then required) else not present`.
///
/// Anything else is carried as `x-formc-*` annotations only.
public enum LogicEncoding {
    /// A conjunction of sibling tests, each `sibling ∈ values`; false when a sibling is missing, as in
    /// formc's evaluator.
    public struct SimpleCondition: Sendable, Equatable {
        public struct Clause: Sendable, Equatable {
            public var sibling: String
            public var values: [JSONValue]
        }

        public var clauses: [Clause]
    }

    public enum Plan: Sendable, Equatable {
        /// No conditional logic: `required` is static.
        case none
        case requiredWhen(SimpleCondition)
        case visibleWhen(SimpleCondition, required: Bool)
        case visibleAndRequiredWhen(visible: SimpleCondition, required: SimpleCondition)
        /// Conditional logic the schema does not state.
        case annotationOnly
    }

    /// The plan for `field`, whose containing object is reached by `objectSteps`.
    public static func plan(for field: FieldSpec, objectSteps: [ResolvedPath.Step]) -> Plan {
        let logic = field.logic
        if logic.requiredWhen == nil && logic.visibleWhen == nil { return .none }
        if let required = logic.checkedRequiredWhen, logic.visibleWhen == nil,
            let condition = simpleCondition(required, objectSteps: objectSteps)
        {
            return .requiredWhen(condition)
        }
        if let visible = logic.checkedVisibleWhen, logic.requiredWhen == nil,
            let condition = simpleCondition(visible, objectSteps: objectSteps)
        {
            return .visibleWhen(condition, required: field.required)
        }
        if let visible = logic.checkedVisibleWhen, let required = logic.checkedRequiredWhen,
            let shown = simpleCondition(visible, objectSteps: objectSteps), let when = simpleCondition(required, objectSteps: objectSteps)
        {
            return .visibleAndRequiredWhen(visible: shown, required: when)
        }
        return .annotationOnly
    }

    static func simpleCondition(_ checked: CheckedExpression, objectSteps: [ResolvedPath.Step]) -> SimpleCondition? {
        guard let clauses = clauses(checked.expression, checked, objectSteps: objectSteps) else { return nil }
        // Each sibling once: a schema's `properties` names it once.
        guard Set(clauses.map(\.sibling)).count == clauses.count else { return nil }
        return SimpleCondition(clauses: clauses)
    }

    private static func clauses(_ e: Expression, _ checked: CheckedExpression, objectSteps: [ResolvedPath.Step]) -> [SimpleCondition.Clause]? {
        func sibling(_ e: Expression) -> String? {
            guard case .path = e.kind, let path = checked.paths[e.offset], path.input == nil, path.document == nil,
                path.steps.count == objectSteps.count + 1, Array(path.steps.dropLast()) == objectSteps,
                case .member(let name)? = path.steps.last
            else { return nil }
            switch path.type {
            case .bool, .int, .money, .string, .choice: return name
            default: return nil
            }
        }
        func constant(_ e: Expression) -> JSONValue? {
            switch e.kind {
            case .integer(let v): .integer(v)
            case .string(let s): .string(s)
            case .boolean(let b): .bool(b)
            default: nil
            }
        }
        switch e.kind {
        case .path:
            guard let name = sibling(e), checked.paths[e.offset]?.type == .bool else { return nil }
            return [.init(sibling: name, values: [.bool(true)])]
        case .binary(.equal, let a, let b):
            if let name = sibling(a), let value = constant(b) { return [.init(sibling: name, values: [value])] }
            if let name = sibling(b), let value = constant(a) { return [.init(sibling: name, values: [value])] }
            return nil
        case .binary(.in, let a, let b):
            guard let name = sibling(a), case .list(let items) = b.kind, !items.isEmpty else { return nil }
            let values = items.compactMap(constant)
            return values.count == items.count ? [.init(sibling: name, values: values)] : nil
        case .binary(.and, let a, let b):
            guard let left = clauses(a, checked, objectSteps: objectSteps), let right = clauses(b, checked, objectSteps: objectSteps) else { return nil }
            return left + right
        default:
            return nil
        }
    }

    /// The steps from the form's root to the object holding the fields of `field` (a group or a
    /// repeating group item), given the steps to the object holding `field` itself.
    public static func innerSteps(of field: FieldSpec, outer: [ResolvedPath.Step], keyPath: [String]) -> [ResolvedPath.Step] {
        var steps = outer + [.member(field.name)]
        if field.kind == .repeat { steps.append(.items(repeatKey: (keyPath + [field.name]).joined(separator: "."), current: true)) }
        return steps
    }
}
