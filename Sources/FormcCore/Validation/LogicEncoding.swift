/// Which conditional logic a JSON Schema can state. The schema emitter and the validator both ask
/// here, so the validator knows which of its errors a schema validator must also give.
///
/// A condition is *simple* when it compares a sibling field (in the same object) with constants:
/// `quan_he == 'khac'`, `hinh_thuc in ['ky', 'diem_chi']`, or a boolean sibling on its own. A field's
/// logic is stated in the schema when it has exactly one simple condition:
///
/// - `required_when` (without `visible_when`): `if sibling ∈ values then required`;
/// - `visible_when` (without `required_when`): `if sibling ∈ values then (required, when the field
///   is required) else not present`.
///
/// Anything else is carried as `x-formc-*` annotations only.
public enum LogicEncoding {
    public struct SimpleCondition: Sendable, Equatable {
        public var sibling: String
        public var values: [JSONValue]
    }

    public enum Plan: Sendable, Equatable {
        /// No conditional logic: `required` is static.
        case none
        case requiredWhen(SimpleCondition)
        case visibleWhen(SimpleCondition, required: Bool)
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
        return .annotationOnly
    }

    static func simpleCondition(_ checked: CheckedExpression, objectSteps: [ResolvedPath.Step]) -> SimpleCondition? {
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
        switch checked.expression.kind {
        case .path:
            guard let name = sibling(checked.expression), checked.paths[checked.expression.offset]?.type == .bool else { return nil }
            return SimpleCondition(sibling: name, values: [.bool(true)])
        case .binary(.equal, let a, let b):
            if let name = sibling(a), let value = constant(b) { return SimpleCondition(sibling: name, values: [value]) }
            if let name = sibling(b), let value = constant(a) { return SimpleCondition(sibling: name, values: [value]) }
            return nil
        case .binary(.in, let a, let b):
            guard let name = sibling(a), case .list(let items) = b.kind, !items.isEmpty else { return nil }
            let values = items.compactMap(constant)
            return values.count == items.count ? SimpleCondition(sibling: name, values: values) : nil
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
