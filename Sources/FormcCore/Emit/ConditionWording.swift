/// Conditions and derivations in the words of a paper form or an information page: "chọn «Khác» ở
/// «Quan hệ với người được khai sinh»", "không khai «Số định danh cá nhân»", "«Số trang của bản
/// chính» × «Số bản sao cần chứng thực»". What it reads is named by the label of the field it reads,
/// never by a path. An expression it cannot put in words gives nil: the caller then says so (a spec
/// can give the words itself with `paper: { note: … }`). The result is plain text; callers escape it.
struct ConditionWording {
    /// The field a resolved path names (nil when it names none, e.g. a context input).
    let field: (ResolvedPath) -> FieldSpec?

    /// Where `condition` holds, as a clause to follow "nếu" or "khi người nộp".
    func condition(_ checked: CheckedExpression) -> String? {
        clause(checked.expression, checked)
    }

    /// How a computed value is derived from other answers.
    func derivation(_ checked: CheckedExpression) -> String? {
        term(checked.expression, checked)
    }

    // MARK: Conditions

    private func clause(_ e: Expression, _ c: CheckedExpression) -> String? {
        switch e.kind {
        case .binary(.and, _, _):
            return joined(conjuncts(e), " và ", c)
        case .binary(.or, let a, let b):
            guard let left = clause(a, c), let right = clause(b, c) else { return nil }
            return left + " hoặc " + right
        case .path:
            guard let label = label(e, c), c.paths[e.offset]?.type == .bool else { return nil }
            return "chọn «\(label)»"
        case .unary(.not, let inner):
            if case .path = inner.kind, let label = label(inner, c), c.paths[inner.offset]?.type == .bool { return "không chọn «\(label)»" }
            if case .call("is_set", let arguments) = inner.kind, arguments.count == 1, let label = label(arguments[0], c) { return "không khai «\(label)»" }
            return nil
        case .call("is_set", let arguments):
            guard arguments.count == 1, let label = label(arguments[0], c) else { return nil }
            return "có khai «\(label)»"
        case .binary(.equal, let a, let b), .binary(.notEqual, let a, let b):
            guard case .path = a.kind, let label = label(a, c) else { return nil }
            let negated = if case .binary(.notEqual, _, _) = e.kind { true } else { false }
            switch b.kind {
            case .boolean(let value):
                return (value != negated ? "chọn" : "không chọn") + " «\(label)»"
            case .string(let value):
                let option = optionLabel(a, value, c) ?? value
                return (negated ? "không chọn" : "chọn") + " «\(option)» ở «\(label)»"
            case .integer(let value):
                return "«\(label)» " + (negated ? "khác " : "là ") + String(value)
            default:
                return nil
            }
        case .binary(.in, let a, let b):
            guard case .path = a.kind, let label = label(a, c), case .list(let items) = b.kind else { return nil }
            var options: [String] = []
            for item in items {
                guard case .string(let value) = item.kind else { return nil }
                options.append("«" + (optionLabel(a, value, c) ?? value) + "»")
            }
            return "chọn " + options.joined(separator: " hoặc ") + " ở «\(label)»"
        default:
            return nil
        }
    }

    /// The parts of a conjunction, without the presence guards a part that reads the same answer
    /// already implies (`is_set(x) and x` says "x").
    private func conjuncts(_ e: Expression) -> [Expression] {
        var parts: [Expression] = []
        func collect(_ e: Expression) {
            if case .binary(.and, let a, let b) = e.kind {
                collect(a)
                collect(b)
            } else {
                parts.append(e)
            }
        }
        collect(e)
        func guarded(_ e: Expression) -> [String]? {
            if case .call("is_set", let arguments) = e.kind, arguments.count == 1, case .path(let names) = arguments[0].kind { return names }
            return nil
        }
        return parts.filter { part in
            guard let names = guarded(part) else { return true }
            return !parts.contains { other in guarded(other) == nil && other.mentions(names) }
        }
    }

    private func joined(_ parts: [Expression], _ separator: String, _ c: CheckedExpression) -> String? {
        var words: [String] = []
        for part in parts {
            guard let clause = clause(part, c) else { return nil }
            words.append(clause)
        }
        return words.joined(separator: separator)
    }

    // MARK: Derivations

    private func term(_ e: Expression, _ c: CheckedExpression) -> String? {
        switch e.kind {
        case .integer(let value):
            return String(value)
        case .path:
            return label(e, c).map { "«\($0)»" }
        case .binary(let op, let a, let b):
            let symbol: String
            switch op {
            case .multiply: symbol = " × "
            case .add: symbol = " + "
            case .subtract: symbol = " − "
            default: return nil
            }
            guard let left = term(a, c), let right = term(b, c) else { return nil }
            return left + symbol + right
        case .call("sum", let arguments) where arguments.count == 1:
            return label(arguments[0], c).map { "tổng «\($0)» của các mục" }
        case .call("count", let arguments) where arguments.count == 1:
            return label(arguments[0], c).map { "số mục «\($0)»" }
        default:
            return nil
        }
    }

    // MARK: Labels

    private func label(_ e: Expression, _ c: CheckedExpression) -> String? {
        guard case .path = e.kind, let path = c.paths[e.offset], let field = field(path) else { return nil }
        return (field.label ?? LocalizedText(vi: field.name)).vi
    }

    private func optionLabel(_ e: Expression, _ value: String, _ c: CheckedExpression) -> String? {
        guard let path = c.paths[e.offset], let field = field(path) else { return nil }
        return field.choices.first { $0.value == value }?.label.vi
    }

    /// The field a path names in a form, walking its members from the form's root.
    static func field(in sections: [FieldSpec], _ path: ResolvedPath) -> FieldSpec? {
        var level = sections, found: FieldSpec?
        for case .member(let name) in path.steps {
            found = level.first { $0.name == name }
            guard found != nil else { return nil }
            level = found?.fields ?? []
        }
        return found
    }
}

extension Expression {
    /// Whether the expression reads the path `names` anywhere.
    func mentions(_ names: [String]) -> Bool {
        if case .path(let own) = kind, own == names { return true }
        return kind.children.contains { $0.mentions(names) }
    }
}
