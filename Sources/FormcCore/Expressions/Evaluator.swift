public import FormcRuntime

/// A run-time value. Money is an integer of đồng at run time; dates are calendar dates.
public indirect enum Value: Sendable, Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int64)
    case string(String)
    case date(CalendarDate)
    case list([Value])

    public var description: String {
        switch self {
        case .null: "null"
        case .bool(let b): String(b)
        case .int(let i): String(i)
        case .string(let s): "'\(s)'"
        case .date(let d): d.description
        case .list(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
        }
    }

    var isTruthy: Bool { self == .bool(true) }
}

/// What an expression is evaluated against: the answers (a JSON document), the current item of each
/// enclosing repeating group, the date "today" means, and context inputs (channel, date, categories).
public struct EvaluationContext {
    public var answers: JSONValue
    /// Answers by document id, for fee expressions that start with a document.
    public var documents: [String: JSONValue]
    /// The current item index of each enclosing repeating group, by its key.
    public var currentItems: [String: Int]
    public var today: CalendarDate
    public var inputs: [String: Value]
    /// Where to record the answers the evaluation reads (fees need every one of them); nil: not recorded.
    public var reads: AnswerReads?

    public init(
        answers: JSONValue, documents: [String: JSONValue] = [:], currentItems: [String: Int] = [:], today: CalendarDate,
        inputs: [String: Value] = [:], reads: AnswerReads? = nil
    ) {
        self.answers = answers
        self.documents = documents
        self.currentItems = currentItems
        self.today = today
        self.inputs = inputs
        self.reads = reads
    }
}

/// The answers an evaluation read, each as a JSON Pointer into what was evaluated (`/to_khai/ban_sao/so_luong`
/// for a fee, whose answers are keyed by document id), split into those that were there and those
/// that were missing (absent or null). A fee is known only when nothing it read was missing, and valid
/// only when the form's validator reports nothing at what it read (docs/fees.md).
///
/// Which answers count as read is fixed by the evaluation order every fee engine shares: `and`, `or`
/// and `if` evaluate only what decides them, an operation stops at its first missing operand (the
/// JSON Logic null guard tests operands left to right), and `is_set(…)` tests presence without
/// reading.
public final class AnswerReads {
    public private(set) var present: Set<String> = []
    public private(set) var missing: Set<String> = []
    /// Present answers of another type than their field's (a date that is no date): the evaluator
    /// reads them as null, while JSON Logic sees the raw value.
    public private(set) var illTyped: Set<String> = []

    public init() {}

    func record(_ pointer: String, _ value: JSONValue?, as type: ValueType? = nil) {
        if value == nil || value == .null {
            missing.insert(pointer)
        } else {
            present.insert(pointer)
            if let type, let value, Evaluator.value(value, as: type) == .null { illTyped.insert(pointer) }
        }
    }

    /// Every pointer read, present or missing.
    public var all: Set<String> { present.union(missing) }

    public func merge(_ other: AnswerReads) {
        present.formUnion(other.present)
        missing.formUnion(other.missing)
    }
}

/// formc's own evaluator: the reference semantics that the emitted JSON Logic and JavaScript must
/// reproduce (see docs/expressions.md).
///
/// Missing answers are `null`. `==` and `!=` treat null as a value; ordering comparisons with null
/// are false; arithmetic with null gives null; `and`, `or`, `not` and `if` treat null as false;
/// `count`, `len` and `sum` treat null as empty. A result outside ±(2^53 − 1) is null. An operation
/// whose left operand is null gives null (or false) without evaluating the right one, as the JSON
/// Logic null guards do, so every engine reads the same answers (`AnswerReads`).
public struct Evaluator {
    public init() {}

    public func evaluate(_ checked: CheckedExpression, in context: EvaluationContext) -> Value {
        eval(checked.expression, checked, context)
    }

    private func eval(_ e: Expression, _ checked: CheckedExpression, _ context: EvaluationContext) -> Value {
        switch e.kind {
        case .integer(let v): return .int(v)
        case .string(let s): return .string(s)
        case .boolean(let b): return .bool(b)
        case .list(let items): return .list(items.map { eval($0, checked, context) })
        case .path:
            guard let path = checked.paths[e.offset] else { return .null }
            return resolve(path, context, recording: context.reads)
        case .unary(.not, let inner):
            return .bool(!eval(inner, checked, context).isTruthy)
        case .unary(.negate, let inner):
            guard case .int(let v) = eval(inner, checked, context) else { return .null }
            return Self.bounded(0 - v)
        case .binary(let op, let a, let b):
            switch op {
            case .and: return .bool(eval(a, checked, context).isTruthy && eval(b, checked, context).isTruthy)
            case .or: return .bool(eval(a, checked, context).isTruthy || eval(b, checked, context).isTruthy)
            default: break
            }
            let x = eval(a, checked, context)
            // As the lowered null guards: a missing left operand decides without the right one.
            if x == .null, op != .equal, op != .notEqual {
                switch op {
                case .add, .subtract, .multiply: return .null
                default: return .bool(false)
                }
            }
            let y = eval(b, checked, context)
            switch op {
            case .equal: return .bool(x == y)
            case .notEqual: return .bool(x != y)
            case .less, .lessOrEqual, .greater, .greaterOrEqual:
                guard let order = compare(x, y) else { return .bool(false) }
                switch op {
                case .less: return .bool(order < 0)
                case .lessOrEqual: return .bool(order <= 0)
                case .greater: return .bool(order > 0)
                default: return .bool(order >= 0)
                }
            case .in:
                guard case .list(let items) = y, x != .null else { return .bool(false) }
                return .bool(items.contains(x))
            case .add, .subtract, .multiply:
                guard case .int(let l) = x, case .int(let r) = y else { return .null }
                let (value, overflow): (Int64, Bool) =
                    switch op {
                    case .add: l.addingReportingOverflow(r)
                    case .subtract: l.subtractingReportingOverflow(r)
                    default: l.multipliedReportingOverflow(by: r)
                    }
                return overflow ? .null : Self.bounded(value)
            default:
                return .null
            }
        case .conditional(let condition, let then, let otherwise):
            return eval(condition, checked, context).isTruthy ? eval(then, checked, context) : eval(otherwise, checked, context)
        case .call(let name, let args):
            return call(name, args, checked, context)
        }
    }

    /// `v` when it is a safe integer (±(2^53 − 1), what JavaScript computes exactly), else null.
    /// Every integer entering the evaluator and every result passes through here, so arithmetic on
    /// two of them never overflows Int64 except in `*`, which is checked.
    static func bounded(_ v: Int64) -> Value {
        v >= -JSONLimits.maxSafeInteger && v <= JSONLimits.maxSafeInteger ? .int(v) : .null
    }

    /// Ordering of two non-null values of one type; nil when either is null or they differ in type.
    private func compare(_ x: Value, _ y: Value) -> Int? {
        switch (x, y) {
        case let (.int(a), .int(b)): a < b ? -1 : (a == b ? 0 : 1)
        case let (.date(a), .date(b)): a < b ? -1 : (a == b ? 0 : 1)
        default: nil
        }
    }

    private func call(_ name: String, _ args: [Expression], _ checked: CheckedExpression, _ context: EvaluationContext) -> Value {
        let values = { args.map { eval($0, checked, context) } }
        switch name {
        case "today": return .date(context.today)
        case "date":
            guard case .string(let text) = args.first?.kind, let date = CalendarDate(text) else { return .null }
            return .date(date)
        case "age", "years_between":
            // The second date is not evaluated when the first is missing, as the null guard does.
            guard case .date(let from) = eval(args[0], checked, context) else { return .null }
            let on: Value = args.count > 1 ? eval(args[1], checked, context) : .date(context.today)
            guard case .date(let to) = on else { return .null }
            return .int(Int64(Self.completeYears(from: from, to: to)))
        case "len", "count":
            switch values()[0] {
            case .list(let items): return .int(Int64(items.count))
            case .string(let text): return .int(Int64(text.unicodeScalars.count))
            default:
                // A missing list counts 0 items; a missing text has no length.
                if case .path = args[0].kind, let path = checked.paths[args[0].offset], !path.isList, !path.type.isList { return .null }
                return .int(0)
            }
        case "substr":
            guard case .string(let text) = eval(args[0], checked, context), case .int(let start) = eval(args[1], checked, context) else { return .null }
            guard args.count > 2 else { return .string(TextFunctions.substr(text, start, nil)) }
            guard case .int(let count) = eval(args[2], checked, context) else { return .null }
            return .string(TextFunctions.substr(text, start, count))
        case "cccd_birth_matches":
            guard case .string(let number) = eval(args[0], checked, context), case .date(let born) = eval(args[1], checked, context) else { return .null }
            return .bool(TextFunctions.cccdBirthMatches(number, born.description))
        case "cccd_sex_matches":
            guard case .string(let number) = eval(args[0], checked, context), case .string(let sex) = eval(args[1], checked, context) else { return .null }
            return .bool(TextFunctions.cccdSexMatches(number, sex))
        case "sum":
            guard case .list(let items) = values()[0] else { return .int(0) }
            var total: Int64 = 0
            for case .int(let v) in items {
                let (next, overflow) = total.addingReportingOverflow(v)
                if overflow { return .null }
                total = next
            }
            return Self.bounded(total)
        case "min", "max":
            var v = values()
            if v.count == 1, case .list(let items) = v[0] { v = items }
            let present = v.filter { $0 != .null }
            guard var best = present.first else { return .null }
            for item in present.dropFirst() {
                guard let order = compare(item, best) else { return .null }
                if (name == "min" && order < 0) || (name == "max" && order > 0) { best = item }
            }
            return best
        case "is_set":
            // A test of presence, not a read: its argument is a path, resolved without recording.
            guard case .path = args[0].kind, let path = checked.paths[args[0].offset] else { return .bool(false) }
            return .bool(resolve(path, context, recording: nil) != .null)
        case "round_up":
            guard case .int(let x) = values()[0], case .integer(let step) = args[1].kind, step > 0 else { return .null }
            // x and step are safe integers, so none of these steps can overflow.
            let remainder = ((x % step) + step) % step
            return remainder == 0 ? .int(x) : Self.bounded(x + (step - remainder))
        default:
            return .null
        }
    }

    /// Whole years from `from` to `to` (an age): one less when the anniversary has not come yet.
    /// Someone born on 29 February has their birthday on 1 March in common years.
    public static func completeYears(from: CalendarDate, to: CalendarDate) -> Int {
        var years = to.year - from.year
        if (to.month, to.day) < (from.month, from.day) { years -= 1 }
        return years
    }

    // MARK: Paths

    func resolve(_ path: ResolvedPath, _ context: EvaluationContext, recording reads: AnswerReads?) -> Value {
        if let input = path.input { return context.inputs[input] ?? .null }
        // Pointers are made only for recording what was read (fees); validation evaluates an
        // expression for every field with logic and records nothing.
        let recording = reads != nil
        typealias Node = (value: JSONValue?, pointer: String)
        var node: Node = path.document.map { (context.documents[$0], recording ? "/" + $0 : "") } ?? (context.answers, "")
        func item(_ node: Node, _ index: Int) -> Node {
            let items = node.value?.arrayValue
            return (items.flatMap { $0.indices.contains(index) ? $0[index] : nil }, recording ? node.pointer + "/" + String(index) : "")
        }
        /// A member or current-item step from `node`; nil for a step that reads a whole list.
        func follow(_ node: Node, _ step: ResolvedPath.Step) -> Node? {
            switch step {
            case .member(let name):
                return (node.value?[name], recording ? node.pointer + "/" + name : "")
            case .items(let key, true):
                guard let index = context.currentItems[key] else { return (nil, recording ? node.pointer + "/-" : "") }
                return item(node, index)
            case .items(_, false):
                return nil
            }
        }
        // Up to the first step that reads a whole list, the path reaches at most one value.
        let steps = path.steps
        var next = 0
        while next < steps.count, let followed = follow(node, steps[next]) {
            node = followed
            next += 1
        }
        if next == steps.count {
            reads?.record(node.pointer, node.value, as: path.type)
            return node.value.map { Self.value($0, as: path.type) } ?? .null
        }
        // From there on, each value reached so far (nil where nothing is) and its pointer.
        var current = [node]
        for step in steps[next...] {
            if case .items(_, false) = step {
                // The list itself is read (JSON Logic's `map` reads it), then each of its items.
                current = current.flatMap { node -> [Node] in
                    reads?.record(node.pointer, node.value)
                    guard let items = node.value?.arrayValue else { return [] }
                    return items.indices.map { item(node, $0) }
                }
            } else {
                current = current.compactMap { follow($0, step) }
            }
        }
        for node in current { reads?.record(node.pointer, node.value, as: path.type) }
        return .list(current.compactMap { node in node.value.map { Self.value($0, as: path.type) } }.filter { $0 != .null })
    }

    /// A JSON answer as a run-time value of the type the checker gave its path. An answer of the
    /// wrong shape (which validation reports separately) is null.
    static func value(_ json: JSONValue, as type: ValueType) -> Value {
        switch (type, json) {
        case (.bool, .bool(let b)): return .bool(b)
        case (.int, .integer(let i)), (.money, .integer(let i)): return bounded(i)
        case (.int, .number(let d)), (.money, .number(let d)):
            return d.rounded() == d && abs(d) <= Double(JSONLimits.maxSafeInteger) ? .int(Int64(d)) : .null
        case (.date, .string(let s)): return CalendarDate(s).map(Value.date) ?? .null
        case (.string, .string(let s)), (.choice, .string(let s)): return .string(s)
        case (.list(let element), .array(let items)): return .list(items.map { value($0, as: element) })
        default: return .null
        }
    }
}
