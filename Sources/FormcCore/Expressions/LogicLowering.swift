public import FormcRuntime

/// Lowers a checked expression to formc's JSON Logic profile (docs/formc-logic.md): only standard
/// JSON Logic operations, arranged so that any conforming evaluator gives exactly formc's result on
/// well-typed data.
///
/// The data an expression is evaluated against is the answers object, plus:
/// - `$today`: the date "today" means, as `YYYY-MM-DD`;
/// - `$items`: for an expression inside repeating groups, the current item of each, by its key with
///   `.` written `/` (`{"$items": {"giay_to": {…}}}`);
/// - `$input`: fee context inputs (`channel`, `submitted_on`, `categories`).
///
/// How the profile keeps formc's semantics:
/// - equality is strict (`===`, `!==`), and every operand of `<`, `<=`, `>`, `>=`, `in`, `+`, `-`,
///   `*`, `%` is first tested against null, so no evaluator's type coercion is ever reached;
/// - `and`, `or` are wrapped in `!!` so they yield bools, not their operands;
/// - dates are ISO strings, which compare correctly as strings; whole years between two dates come
///   from the year and the `MM-DD` part (`substr`), not from date arithmetic;
/// - lists from repeating groups are `map`ped and nulls `filter`ed out; `sum`, `count`, `min`, `max`
///   are `reduce`s.
public enum LogicLowering {
    /// An upper bound of the JSON values `lower` makes for a node of `kind`, from its children's
    /// weights: each operand counts as often as the lowering below writes it (a null guard writes
    /// an operand twice, `round_up` three times, `age` three times). Saturates instead of overflowing.
    /// Tests hold the real count under it.
    static func weight(of kind: ExpressionKind) -> Int {
        func w(_ e: Expression) -> Int { e.weight }
        func sum(_ terms: Int...) -> Int {
            terms.reduce(0) { total, term in
                let (next, overflow) = total.addingReportingOverflow(term)
                return overflow ? Int.max / 4 : min(next, Int.max / 4)
            }
        }
        func times(_ n: Int, _ x: Int) -> Int { x > Int.max / 4 / n ? Int.max / 4 : n * x }
        switch kind {
        case .integer, .string, .boolean: return 1
        case .path: return 16
        case .list(let items): return sum(1, items.reduce(0) { sum($0, w($1)) })
        case .unary(.not, let x): return sum(3, w(x))
        case .unary(.negate, let x): return sum(12, times(2, w(x)))
        case .binary(let op, let a, let b):
            switch op {
            case .and, .or: return sum(6, w(a), w(b))
            case .equal, .notEqual: return sum(3, w(a), w(b))
            case .in: return sum(12, times(2, w(a)), w(b))
            case .less, .lessOrEqual, .greater, .greaterOrEqual: return sum(16, times(2, w(a)), times(2, w(b)))
            case .subtract: return sum(16, times(2, w(a)), times(2, w(b)))
            case .add, .multiply:
                // A chain of one operator is one variadic operation (see `operands`): 8 for the
                // operation and its guard, then each operand twice and its null test.
                func part(_ x: Expression) -> Int {
                    if case .binary(op, _, _) = x.kind { return x.weight - 8 }
                    return sum(4, times(2, w(x)))
                }
                return sum(8, part(a), part(b))
            }
        case .conditional(let c, let a, let b): return sum(3, w(c), w(a), w(b))
        case .call(let name, let args):
            let all = args.reduce(0) { sum($0, w($1)) }
            switch name {
            case "age", "years_between": return sum(48, times(3, all))
            case "round_up": return sum(32, times(4, all))
            case "substr": return sum(24, times(2, all))
            // Each operand is written once per century and for its guard and the year digits.
            case "cccd_birth_matches", "cccd_sex_matches": return sum(160, times(9, all))
            default: return sum(24, all)
            }
        }
    }

    public static func lower(_ checked: CheckedExpression) -> JSONValue {
        Lowerer(checked: checked).lower(checked.expression)
    }

    /// The data object for evaluating a lowered expression, as `fees.json` and `vectors.json` give it.
    public static func data(answers: JSONValue, today: CalendarDate?, items: [String: JSONValue] = [:], inputs: [String: JSONValue] = [:]) -> JSONValue {
        var members = answers.objectValue ?? []
        if let today { members.append(("$today", .string(today.description))) }
        if !items.isEmpty {
            members.append(("$items", .object(items.sorted { $0.key < $1.key }.map { ($0.key.replacingDots, $0.value) })))
        }
        if !inputs.isEmpty { members.append(("$input", .object(inputs.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))) }
        return .object(members)
    }

    /// A value as messages show it: `3`, `2025-07-01`, `khac`, `true`.
    public static func display(_ value: Value) -> String {
        switch value {
        case .string(let s): s
        default: value.description
        }
    }

    /// A run-time value as JSON Logic gives it: dates as ISO strings.
    public static func json(_ value: Value) -> JSONValue {
        switch value {
        case .null: .null
        case .bool(let b): .bool(b)
        case .int(let i): .integer(i)
        case .string(let s): .string(s)
        case .date(let d): .string(d.description)
        case .list(let items): .array(items.map(json))
        }
    }

    private struct Lowerer {
        let checked: CheckedExpression

        func op(_ name: String, _ args: JSONValue...) -> JSONValue { .object([(name, .array(args))]) }
        func notNull(_ x: JSONValue) -> JSONValue { op("!==", x, .null) }
        func isNull(_ x: JSONValue) -> JSONValue { op("===", x, .null) }
        func bool(_ x: JSONValue) -> JSONValue { .object([("!!", .array([x]))]) }
        func variable(_ path: String) -> JSONValue { .object([("var", .string(path))]) }
        /// A read with a default (`{"var": [path, null]}`): the same value in every JSON Logic
        /// evaluator, marked as a presence test that fee engines do not count as reading the answer.
        func quietVariable(_ path: String) -> JSONValue { .object([("var", .array([.string(path), .null]))]) }
        /// `then` when every operand is present, null otherwise.
        func guarded(_ operands: [JSONValue], _ then: JSONValue) -> JSONValue {
            op("if", operands.count == 1 ? isNull(operands[0]) : .object([("or", .array(operands.map(isNull)))]), .null, then)
        }

        /// The operands of a chain of one associative operator (`a + b + c`, `(a * b) * c`): written
        /// as one variadic operation, each operand appears twice (its null test, its value) instead
        /// of doubling with every level of the chain.
        func operands(_ e: Expression, _ operation: BinaryOperator) -> [Expression] {
            if case .binary(operation, let a, let b) = e.kind { return operands(a, operation) + operands(b, operation) }
            return [e]
        }

        func lower(_ e: Expression) -> JSONValue {
            switch e.kind {
            case .integer(let v): return .integer(v)
            case .string(let s): return .string(s)
            case .boolean(let b): return .bool(b)
            case .list(let items): return .array(items.map(lower))
            case .path: return path(e)
            case .unary(.not, let inner): return op("!", lower(inner))
            case .unary(.negate, let inner):
                let x = lower(inner)
                return guarded([x], op("-", x))
            case .binary(let operation, _, _) where operation == .add || operation == .multiply:
                let values = operands(e, operation).map(lower)
                return guarded(values, .object([(operation.rawValue, .array(values))]))
            case .binary(let operation, let a, let b):
                let x = lower(a), y = lower(b)
                switch operation {
                case .and: return bool(op("and", x, y))
                case .or: return bool(op("or", x, y))
                case .equal: return op("===", x, y)
                case .notEqual: return op("!==", x, y)
                case .less: return bool(op("and", notNull(x), notNull(y), op("<", x, y)))
                case .lessOrEqual: return bool(op("and", notNull(x), notNull(y), op("<=", x, y)))
                case .greater: return bool(op("and", notNull(x), notNull(y), op(">", x, y)))
                case .greaterOrEqual: return bool(op("and", notNull(x), notNull(y), op(">=", x, y)))
                case .in: return bool(op("and", notNull(x), op("in", x, y)))
                case .subtract: return guarded([x, y], op("-", x, y))
                case .add, .multiply: return .null  // lowered above as one variadic operation
                }
            case .conditional(let c, let a, let b):
                return op("if", lower(c), lower(a), lower(b))
            case .call(let name, let args):
                return call(name, args)
            }
        }

        func path(_ e: Expression, quiet: Bool = false) -> JSONValue {
            guard let resolved = checked.paths[e.offset] else { return .null }
            if let input = resolved.input { return variable("$input.\(input)") }
            let variable = quiet ? quietVariable : variable
            var prefix: [String] = resolved.document.map { [$0] } ?? []
            var listRoot: [String]?
            var rest: [String] = []
            for step in resolved.steps {
                switch step {
                case .member(let name):
                    if listRoot != nil { rest.append(name) } else { prefix.append(name) }
                case .items(let key, let current):
                    if current {
                        // From here on, the current item: `$items.<key>`.
                        prefix = ["$items", key.replacingDots]
                    } else {
                        listRoot = prefix
                    }
                }
            }
            guard let listRoot else { return variable(prefix.joined(separator: ".")) }
            let mapped = op("map", variable(listRoot.joined(separator: ".")), variable(rest.joined(separator: ".")))
            return op("filter", mapped, notNull(variable("")))
        }

        func call(_ name: String, _ args: [Expression]) -> JSONValue {
            let values = args.map(lower)
            switch name {
            case "today": return variable("$today")
            case "date":
                if case .string(let text) = args[0].kind { return .string(text) }
                return .null
            case "age", "years_between":
                let from = values[0]
                let to = name == "age" ? (values.count > 1 ? values[1] : variable("$today")) : values[1]
                let years = op("-", op("substr", to, .integer(0), .integer(4)), op("substr", from, .integer(0), .integer(4)))
                let beforeBirthday = op("<", op("substr", to, .integer(5)), op("substr", from, .integer(5)))
                return guarded([from, to], op("-", years, op("if", beforeBirthday, .integer(1), .integer(0))))
            case "len", "count":
                // The characters of a text: JSON Logic's `var` reads `length` of a string.
                if case .path = args[0].kind, let path = checked.paths[args[0].offset], !path.isList, !path.type.isList,
                    case .object(let members) = values[0], case .string(let name)? = members.first(where: { $0.key == "var" })?.value
                {
                    return variable(name + ".length")
                }
                return op("reduce", values[0], op("+", variable("accumulator"), .integer(1)), .integer(0))
            case "substr":
                return guarded(values, op("substr", values[0], values[1], values.count > 2 ? values[2] : .null).droppingNullTail)
            case "cccd_birth_matches":
                let number = values[0], born = values[1]
                let digit = op("substr", number, .integer(3), .integer(1))
                let centuries = TextFunctions.centuryDigits.map { entry in
                    op("and", op("===", op("substr", born, .integer(0), .integer(2)), .string(entry.century)),
                       op("in", digit, .array(entry.digits.map(JSONValue.string))))
                }
                let year = op("===", op("substr", number, .integer(4), .integer(2)), op("substr", born, .integer(2), .integer(2)))
                return guarded([number, born], bool(op("and", year, .object([("or", .array(centuries))]))))
            case "cccd_sex_matches":
                let number = values[0], sex = values[1]
                let digit = op("substr", number, .integer(3), .integer(1))
                let male = op("and", op("===", sex, .string("nam")), op("in", digit, .array(["0", "2", "4", "6", "8"].map(JSONValue.string))))
                let female = op("and", op("===", sex, .string("nu")), op("in", digit, .array(["1", "3", "5", "7", "9"].map(JSONValue.string))))
                return guarded([number, sex], bool(op("or", male, female)))
            case "sum":
                return op("reduce", values[0], op("+", variable("accumulator"), variable("current")), .integer(0))
            case "min", "max":
                let list = values.count == 1 ? values[0] : op("filter", .array(values), notNull(variable("")))
                let better = op(name == "min" ? "<" : ">", variable("current"), variable("accumulator"))
                return op("reduce", list, op("if", op("or", isNull(variable("accumulator")), better), variable("current"), variable("accumulator")), .null)
            case "is_set":
                return notNull(path(args[0], quiet: true))
            case "round_up":
                guard case .integer(let step) = args[1].kind else { return .null }
                let x = values[0], s = JSONValue.integer(step)
                let remainder = op("%", op("+", op("%", x, s), s), s)
                return guarded([x], op("+", x, op("%", op("-", s, remainder), s)))
            default:
                return .null
            }
        }
    }
}

extension JSONValue {
    /// An operation without its last argument when that is null (`substr` without a count).
    fileprivate var droppingNullTail: JSONValue {
        guard case .object(let members) = self, members.count == 1, case .array(var args) = members[0].value, args.last == .null else { return self }
        args.removeLast()
        return .object([(members[0].key, .array(args))])
    }
}

extension String {
    /// Repeat keys as `$items` members: `.` would split a `var` path, so it is written `/`.
    var replacingDots: String { split(separator: ".").joined(separator: "/") }
}
