/// What names an expression can use, and what they resolve to.
public protocol ExpressionScope {
    /// Resolves a dotted path, or throws a message (with "did you mean" where possible).
    func resolve(_ segments: [String]) throws(ScopeError) -> (ValueType, ResolvedPath)
}

public struct ScopeError: Error, Sendable {
    public var message: String
    /// The index of the segment that failed, to point at it.
    public var segment: Int
    public var hint: String? = nil
    /// The path to write instead, when there is exactly one candidate.
    public var replacement: String? = nil
    /// The name is a field whose declaration already has an error: not reported again.
    public var followsEarlierError = false
}

/// The fields of a form, seen from a place in it: inside a repeating group, paths through that group
/// mean the current item; paths through other repeating groups mean all their items.
public struct FormScope: ExpressionScope {
    let fields: [FieldSpec]
    let undecodedSections: Set<String>
    /// Keys (dotted paths) of the repeating groups the expression sits inside.
    let enclosingRepeats: Set<String>
    /// Prefix for repeat keys and messages when the form is reached through a document id.
    let prefix: [String]

    public init(form: FormSpec, enclosingRepeats: Set<String> = [], prefix: [String] = []) {
        fields = form.sections
        undecodedSections = form.undecodedSections
        self.enclosingRepeats = enclosingRepeats
        self.prefix = prefix
    }

    public func resolve(_ segments: [String]) throws(ScopeError) -> (ValueType, ResolvedPath) {
        try resolve(segments, offset: 0)
    }

    /// `offset` is how many leading segments belong to the caller (a document id).
    func resolve(_ segments: [String], offset: Int) throws(ScopeError) -> (ValueType, ResolvedPath) {
        var steps: [ResolvedPath.Step] = []
        var level = fields, undecoded = undecodedSections
        var isList = false
        var keyPath: [String] = []
        var index = 0
        while index < segments.count {
            let name = segments[index]
            guard let field = level.first(where: { $0.name == name }) else {
                if undecoded.contains(name) {
                    throw ScopeError(message: "'\(name)' has an error in its declaration", segment: offset + index, followsEarlierError: true)
                }
                let suggestion = Suggest.closest(to: name, among: level.map(\.name))
                let place = keyPath.isEmpty ? "the form" : "'\(keyPath.joined(separator: "."))'"
                var error = ScopeError(
                    message: "no field '\(name)' in \(place)" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                    segment: offset + index)
                // A field named without its section: paths start at the form's root.
                if keyPath.isEmpty && suggestion == nil {
                    let sections = fields.filter { $0.fields.contains { $0.name == name } }.map(\.name)
                    if !sections.isEmpty {
                        error.hint = "paths start at the form's root: write the section first, " + sections.map { "'\($0).\(name)'" }.joined(separator: " or ")
                        if sections.count == 1 { error.replacement = sections[0] + "." + name }
                    }
                }
                throw error
            }
            keyPath.append(name)
            steps.append(.member(name))
            let isLast = index == segments.count - 1
            switch field.kind {
            case .group, .repeat:
                if field.kind == .repeat {
                    let key = keyPath.joined(separator: ".")
                    let current = enclosingRepeats.contains(key)
                    if !current {
                        if isList {
                            throw ScopeError(message: "'\(key)' is a repeating group inside another one; refer to it from inside the outer group", segment: offset + index)
                        }
                        isList = true
                    }
                    steps.append(.items(repeatKey: key, current: current))
                }
                if isLast {
                    throw ScopeError(message: "'\(keyPath.joined(separator: "."))' is a group of fields; name one of its fields", segment: offset + index)
                }
                level = field.fields
                undecoded = field.undecodedFields
            case .address_vn, .file:
                let parts: [String: ValueType] = field.kind == .address_vn
                    ? ["province": .string, "commune": .string, "detail": .string]
                    : ["name": .string, "media_type": .string, "size": .int]
                guard index + 1 == segments.count - 1, let part = parts[segments[index + 1]] else {
                    throw ScopeError(
                        message: "'\(keyPath.joined(separator: "."))' is \(field.kind == .address_vn ? "an address" : "a file"); use one of its parts: \(parts.keys.sorted().joined(separator: ", "))",
                        segment: offset + min(index + 1, segments.count - 1))
                }
                steps.append(.member(segments[index + 1]))
                return (isList ? .list(part) : part, ResolvedPath(steps: steps, type: part))
            default:
                guard isLast else {
                    throw ScopeError(message: "'\(keyPath.joined(separator: "."))' is a \(field.kind.rawValue) field and has no parts", segment: offset + index + 1)
                }
                let type = Self.type(of: field)
                return (isList ? .list(type) : type, ResolvedPath(steps: steps, type: type))
            }
            index += 1
        }
        throw ScopeError(message: "empty path", segment: offset)
    }

    static func type(of field: FieldSpec) -> ValueType {
        switch field.kind {
        case .integer: .int
        case .money_vnd: .money
        case .boolean: .bool
        case .date: .date
        case .choice: .choice(field.choices.map(\.value))
        case .multi_choice: .list(.choice(field.choices.map(\.value)))
        default: .string
        }
    }
}

/// The static type checker. It assigns every node a type, resolves every path, checks literals
/// compared with option fields against their options, and reports the first problem at its token.
public struct TypeChecker {
    let scope: any ExpressionScope

    public init(scope: any ExpressionScope) {
        self.scope = scope
    }

    /// Parses and checks `source`, expecting a value of type `expected` (nil: any type).
    public func check(_ source: String, expecting expected: ValueType?) throws(ExpressionTypeError) -> CheckedExpression {
        let expression: Expression
        do {
            expression = try ExpressionParser.parse(source)
        } catch {
            throw ExpressionTypeError(message: error.message, offset: error.offset)
        }
        return try check(source, parsed: expression, expecting: expected)
    }

    /// Checks an expression already parsed from `source`.
    public func check(_ source: String, parsed expression: Expression, expecting expected: ValueType?) throws(ExpressionTypeError) -> CheckedExpression {
        var paths: [Int: ResolvedPath] = [:]
        var type = try infer(expression, &paths, expecting: expected)
        if let expected {
            if type == .int && expected == .money && isConstant(expression) { type = .money }
            guard compatible(type, expected) else {
                throw ExpressionTypeError(message: "expected \(article(expected)) \(expected) here, but this is \(article(type)) \(type)", offset: expression.offset)
            }
        }
        return CheckedExpression(source: source, expression: expression, type: type, paths: paths)
    }

    private func article(_ type: ValueType) -> String {
        switch type {
        case .int, .choice: "an"
        default: "a"
        }
    }

    private func compatible(_ actual: ValueType, _ expected: ValueType) -> Bool {
        switch (actual, expected) {
        case (.choice, .string), (.string, .choice): true
        case (.choice, .choice): true
        case (.list(let a), .list(let b)): a == .nothing || compatible(a, b)
        default: actual == expected
        }
    }

    /// An expression made of literals only (integer literals adapt to money).
    private func isConstant(_ e: Expression) -> Bool {
        switch e.kind {
        case .integer: true
        case .unary(.negate, let inner): isConstant(inner)
        case .binary(let op, let a, let b) where [.add, .subtract, .multiply].contains(op): isConstant(a) && isConstant(b)
        default: false
        }
    }

    /// The type of `e`. `expected` flows down where an integer literal may mean money: in an
    /// amount, `so_ban * 8000` is a count times a price, so the literal is money and so is the product.
    private func infer(_ e: Expression, _ paths: inout [Int: ResolvedPath], expecting expected: ValueType? = nil) throws(ExpressionTypeError) -> ValueType {
        func fail(_ message: String, _ at: Expression? = nil) -> ExpressionTypeError {
            ExpressionTypeError(message: message, offset: (at ?? e).offset)
        }
        let moneyExpected = expected == .money
        switch e.kind {
        case .integer: return moneyExpected ? .money : .int
        case .string: return .string
        case .boolean: return .bool
        case .list(let items):
            guard let first = items.first else { return .list(.nothing) }
            let element = try infer(first, &paths)
            for item in items.dropFirst() {
                let t = try infer(item, &paths)
                guard compatible(t, element) || compatible(element, t) else { throw fail("list items must share one type: this is \(t), the first is \(element)", item) }
            }
            if case .list = element { throw fail("lists of lists are not supported", first) }
            return .list(element)
        case .path(let segments):
            do {
                let (type, resolved) = try scope.resolve(segments)
                paths[e.offset] = resolved
                return type
            } catch {
                // Point at the failing segment: skip the names and dots before it.
                let offset = e.offset + segments.prefix(error.segment).reduce(0) { $0 + $1.unicodeScalars.count + 1 }
                let whole = segments.joined(separator: ".").unicodeScalars.count
                throw ExpressionTypeError(
                    message: error.message, offset: offset, hint: error.hint, followsEarlierError: error.followsEarlierError,
                    fix: error.replacement.map { (e.offset, e.offset + whole, segments.count == 1 ? $0 : $0 + "." + segments.dropFirst().joined(separator: ".")) })
            }
        case .unary(.not, let inner):
            let t = try infer(inner, &paths)
            guard t == .bool else { throw fail("'not' needs a bool, found \(t)", inner) }
            return .bool
        case .unary(.negate, let inner):
            let t = try infer(inner, &paths, expecting: expected)
            guard t == .int || t == .money else { throw fail("'-' needs a number, found \(t)", inner) }
            return t
        case .binary(.multiply, let a, let b) where moneyExpected:
            // A price times a count: the constant side is the money.
            let ta = try infer(a, &paths, expecting: isConstant(a) ? .money : nil)
            let tb = try infer(b, &paths, expecting: isConstant(b) && ta != .money ? .money : nil)
            switch (ta, tb) {
            case (.money, .int), (.int, .money): return .money
            case (.int, .int): return .int
            case (.money, .money): throw fail("money times money is not an amount; multiply money by a count", b)
            default: throw fail("'*' needs numbers, found \(ta) and \(tb)", ta == .int || ta == .money ? b : a)
            }
        case .binary(let op, let a, let b):
            let passDown = (op == .add || op == .subtract) ? expected : nil
            let ta = try infer(a, &paths, expecting: passDown), tb = try infer(b, &paths, expecting: passDown)
            switch op {
            case .and, .or:
                guard ta == .bool else { throw fail("'\(op.rawValue)' needs bools, found \(ta)", a) }
                guard tb == .bool else { throw fail("'\(op.rawValue)' needs bools, found \(tb)", b) }
                return .bool
            case .equal, .notEqual:
                let t = try unify(ta, a, tb, b, op: op.rawValue)
                if case .list = t { throw fail("lists are not compared with '\(op.rawValue)'; test their items with 'in' or count them", a) }
                try checkOptionLiteral(ta, b)
                try checkOptionLiteral(tb, a)
                return .bool
            case .less, .lessOrEqual, .greater, .greaterOrEqual:
                let t = try unify(ta, a, tb, b, op: op.rawValue)
                guard t == .int || t == .money || t == .date else { throw fail("'\(op.rawValue)' compares numbers, money or dates, not \(t)", a) }
                return .bool
            case .in:
                guard case .list(let element) = tb else { throw fail("'in' needs a list on its right, found \(tb)", b) }
                guard element == .nothing || compatible(ta, element) || compatible(element, ta) else {
                    throw fail("'in' looks for \(article(ta)) \(ta) in a list of \(element)", a)
                }
                if case .list(let items) = b.kind { for item in items { try checkOptionLiteral(ta, item) } }
                if case .choice = element { try checkOptionLiteral(element, a) }
                return .bool
            case .add, .subtract:
                let t = try unify(ta, a, tb, b, op: op.rawValue)
                guard t == .int || t == .money else { throw fail("'\(op.rawValue)' needs numbers or money, found \(t)", a) }
                return t
            case .multiply:
                switch (ta, tb) {
                case (.int, .int): return .int
                case (.money, .int), (.int, .money): return .money
                case (.money, .money): throw fail("money times money is not an amount; multiply money by a count", b)
                default: throw fail("'*' needs numbers, found \(ta) and \(tb)", ta == .int || ta == .money ? b : a)
                }
            }
        case .conditional(let condition, let then, let otherwise):
            let tc = try infer(condition, &paths)
            guard tc == .bool else { throw fail("'if' needs a bool condition, found \(tc)", condition) }
            let t1 = try infer(then, &paths, expecting: expected), t2 = try infer(otherwise, &paths, expecting: expected)
            return try unify(t1, then, t2, otherwise, op: "if … else")
        case .call(let name, let arguments):
            return try checkCall(name, arguments, e, &paths)
        }
    }

    /// The common type of two operands: equal types, option and string, or money and an integer literal.
    private func unify(_ ta: ValueType, _ a: Expression, _ tb: ValueType, _ b: Expression, op: String) throws(ExpressionTypeError) -> ValueType {
        if ta == tb { return ta }
        switch (ta, tb) {
        case (.choice, .string), (.choice, .choice): return ta
        case (.string, .choice): return tb
        case (.money, .int) where isConstant(b): return .money
        case (.int, .money) where isConstant(a): return .money
        case (.list(let x), .list(let y)) where x == .nothing || y == .nothing: return x == .nothing ? tb : ta
        default:
            var error = ExpressionTypeError(message: "'\(op)' needs two values of one type, found \(ta) and \(tb)", offset: b.offset)
            // A date against text: the literal is a date written as text.
            for (dateSide, textSide, other) in [(ta, tb, b), (tb, ta, a)] {
                if dateSide == .date, textSide == .string, case .string(let literal) = other.kind, CalendarDate(literal) != nil, !literal.contains("'") {
                    error.hint = "a date is written date('\(literal)')"
                    error.fix = (other.offset, other.offset + literal.unicodeScalars.count + 2, "date('\(literal)')")
                }
            }
            // A list (one value per item of a repeating group) against one value.
            if case .list = ta, !(tb.isList) {
                error.hint = "the left side has one value per item of a repeating group: compare min(…), max(…), sum(…) or count(…) of it"
            } else if case .list = tb, !(ta.isList) {
                error.hint = "the right side has one value per item of a repeating group: compare min(…), max(…), sum(…) or count(…) of it"
            }
            throw error
        }
    }

    /// `quan_he == 'me'`: the literal must be one of the field's options.
    private func checkOptionLiteral(_ type: ValueType, _ other: Expression) throws(ExpressionTypeError) {
        guard case .choice(let options) = type, case .string(let literal) = other.kind, !options.isEmpty else { return }
        guard options.contains(literal) else {
            let suggestion = Suggest.closest(to: literal, among: options)
            throw ExpressionTypeError(
                message: "'\(literal)' is not an option of this field (options: \(options.joined(separator: ", ")))" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                offset: other.offset)
        }
    }

    public static let functions = [
        "today", "date", "age", "years_between", "len", "count", "sum", "min", "max", "is_set", "round_up", "substr",
        "cccd_birth_matches", "cccd_sex_matches",
    ]

    private func checkCall(_ name: String, _ args: [Expression], _ e: Expression, _ paths: inout [Int: ResolvedPath]) throws(ExpressionTypeError) -> ValueType {
        func arity(_ allowed: ClosedRange<Int>) throws(ExpressionTypeError) {
            guard allowed.contains(args.count) else {
                let expected = allowed.lowerBound == allowed.upperBound ? "\(allowed.lowerBound)" : "\(allowed.lowerBound) to \(allowed.upperBound)"
                throw ExpressionTypeError(message: "\(name)() takes \(expected) argument\(allowed.upperBound == 1 ? "" : "s"), found \(args.count)", offset: e.offset)
            }
        }
        func argument(_ i: Int, _ expected: ValueType) throws(ExpressionTypeError) {
            let t = try infer(args[i], &paths)
            guard compatible(t, expected) else { throw ExpressionTypeError(message: "\(name)() needs \(article(expected)) \(expected) here, found \(t)", offset: args[i].offset) }
        }
        switch name {
        case "today":
            try arity(0...0)
            return .date
        case "date":
            try arity(1...1)
            guard case .string(let text) = args[0].kind, CalendarDate(text) != nil else {
                throw ExpressionTypeError(message: "date() takes a literal date such as '2025-07-01'", offset: args[0].offset)
            }
            return .date
        case "age":
            try arity(1...2)
            for i in args.indices { try argument(i, .date) }
            return .int
        case "years_between":
            try arity(2...2)
            try argument(0, .date)
            try argument(1, .date)
            return .int
        case "len":
            try arity(1...1)
            let t = try infer(args[0], &paths)
            if case .list = t { return .int }
            guard compatible(t, .string) else {
                throw ExpressionTypeError(message: "len() counts the items of a list or the characters of a text, found \(t)", offset: args[0].offset)
            }
            // Text lengths are read from the answer itself (JSON Logic's `var` of `….length`).
            guard case .path = args[0].kind else {
                throw ExpressionTypeError(message: "len() of a text takes a field, such as len(nguoi_yeu_cau.ho_ten)", offset: args[0].offset)
            }
            return .int
        case "substr":
            try arity(2...3)
            try argument(0, .string)
            for i in 1..<args.count { try argument(i, .int) }
            return .string
        case "cccd_birth_matches":
            try arity(2...2)
            try argument(0, .string)
            try argument(1, .date)
            return .bool
        case "cccd_sex_matches":
            try arity(2...2)
            try argument(0, .string)
            try argument(1, .string)
            return .bool
        case "count":
            try arity(1...1)
            guard case .list = try infer(args[0], &paths) else { throw ExpressionTypeError(message: "count() needs a list", offset: args[0].offset) }
            return .int
        case "sum":
            try arity(1...1)
            let t = try infer(args[0], &paths)
            guard case .list(let element) = t, element == .int || element == .money else {
                throw ExpressionTypeError(message: "sum() needs a list of numbers or money, found \(t)", offset: args[0].offset)
            }
            return element
        case "min", "max":
            guard !args.isEmpty else { throw ExpressionTypeError(message: "\(name)() needs arguments", offset: e.offset) }
            if args.count == 1 {
                let t = try infer(args[0], &paths)
                guard case .list(let element) = t, [.int, .money, .date].contains(element) else {
                    throw ExpressionTypeError(message: "\(name)() of one argument needs a list of numbers, money or dates, found \(t)", offset: args[0].offset)
                }
                return element
            }
            var t = try infer(args[0], &paths)
            for arg in args.dropFirst() { t = try unify(t, args[0], try infer(arg, &paths), arg, op: name) }
            guard [.int, .money, .date].contains(t) else { throw ExpressionTypeError(message: "\(name)() compares numbers, money or dates, not \(t)", offset: args[0].offset) }
            return t
        case "is_set":
            try arity(1...1)
            guard case .path = args[0].kind else { throw ExpressionTypeError(message: "is_set() takes a field, such as is_set(me.ngay_sinh)", offset: args[0].offset) }
            _ = try infer(args[0], &paths)
            return .bool
        case "round_up":
            try arity(2...2)
            let t = try infer(args[0], &paths)
            guard t == .int || t == .money else { throw ExpressionTypeError(message: "round_up() rounds a number or money, found \(t)", offset: args[0].offset) }
            guard case .integer(let step) = args[1].kind, step > 0 else {
                throw ExpressionTypeError(message: "round_up() takes a positive whole step such as 1000", offset: args[1].offset)
            }
            return t
        default:
            let suggestion = Suggest.closest(to: name, among: Self.functions)
            throw ExpressionTypeError(
                message: "unknown function '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "; functions: \(Self.functions.joined(separator: ", "))"),
                offset: e.offset)
        }
    }
}
