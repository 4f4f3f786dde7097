/// Lowers a checked expression to Swift for generated validators, as `JavaScriptLowering` lowers it
/// to JavaScript: the same typed reads, the same null semantics, one `FormcRuntime.ExpressionSupport`
/// call per operation (aliased `X` in generated code). Every value is an optional of its Swift type
/// (`Swift.Int?`, `Swift.String?`, `Swift.Bool?`, lists `[T?]?`), so nothing the type checker
/// accepts lowers to code the Swift compiler refuses, and concrete overloads keep type checking fast.
///
/// The generated code reads `c.root` (the submission), `c.today` (YYYY-MM-DD), `c.items` (the
/// current item of each enclosing repeating group, by key with `.` written `/`) and `v` (the object
/// being validated, a `JSONObject`).
enum SwiftLowering {
    static func lower(_ checked: CheckedExpression, currentItem: String? = nil) -> String {
        var lowerer = Lowerer(checked: checked, currentItem: currentItem, memberNames: [:])
        return lowerer.lower(checked.expression)
    }

    /// The member names the expression reads, so that a generator can make constants of them.
    static func memberNames(_ checked: CheckedExpression) -> [String] {
        var names: [String] = []
        for path in checked.paths.values {
            for case .member(let name) in path.steps where !names.contains(name) { names.append(name) }
        }
        return names.sorted()
    }

    /// The expression with every answer it reads more than once read once into a local constant
    /// (`let rN = …` statements in `prelude`), as `JavaScriptLowering.lowerWithTemporaries`.
    /// `memberNames`: constants (`JSONObject.MemberName`) to read members by, by name; members not in
    /// it are read by their text.
    static func lowerWithTemporaries(_ checked: CheckedExpression, currentItem: String? = nil, memberNames: [String: String] = [:], counter: inout Int) -> (prelude: String, expression: String) {
        var lowerer = Lowerer(checked: checked, currentItem: currentItem, memberNames: memberNames)
        lowerer.recordReads = true
        let expression = lowerer.lower(checked.expression)
        return SharedReads.hoist(lowerer.reads, in: expression, counter: &counter) { "let \($0) = \($1)" }
    }

    /// The Swift type of a value of `type`, without the optional.
    static func swiftType(_ type: ValueType) -> String {
        switch type {
        case .bool: "Swift.Bool"
        case .int, .money: "Swift.Int"
        case .string, .date, .choice: "Swift.String"
        case .list(let element): "[\(swiftType(element))?]"
        case .nothing: "Swift.String"
        }
    }

    private struct Lowerer {
        let checked: CheckedExpression
        let currentItem: String?
        let memberNames: [String: String]
        var recordReads = false
        var reads: Set<String> = []

        init(checked: CheckedExpression, currentItem: String?, memberNames: [String: String]) {
            self.checked = checked
            self.currentItem = currentItem
            self.memberNames = memberNames
        }

        mutating func lower(_ e: Expression) -> String {
            switch e.kind {
            case .integer(let v): return "(\(v) as Swift.Int?)"
            case .string(let s): return "(\(SwiftText.literal(s)) as Swift.String?)"
            case .boolean(let b): return "(\(b) as Swift.Bool?)"
            case .list(let items):
                var parts: [String] = []
                for item in items { parts.append(lower(item)) }
                return "[" + parts.joined(separator: ", ") + "]"
            case .path: return path(e)
            case .unary(.not, let inner): return "X.not(\(lower(inner)))"
            case .unary(.negate, let inner): return "X.negate(\(lower(inner)))"
            case .binary(let op, let a, let b):
                let x = lower(a), y = lower(b)
                switch op {
                case .and: return "X.and(\(x), \(y))"
                case .or: return "X.or(\(x), \(y))"
                case .equal: return "X.equal(\(x), \(y))"
                case .notEqual: return "X.notEqual(\(x), \(y))"
                case .less: return "X.less(\(x), \(y))"
                case .lessOrEqual: return "X.lessOrEqual(\(x), \(y))"
                case .greater: return "X.less(\(y), \(x))"
                case .greaterOrEqual: return "X.lessOrEqual(\(y), \(x))"
                case .in: return "X.isIn(\(x), \(y))"
                case .add: return "X.add(\(x), \(y))"
                case .subtract: return "X.subtract(\(x), \(y))"
                case .multiply: return "X.multiply(\(x), \(y))"
                }
            case .conditional(let c, let a, let b):
                return "(X.isTrue(\(lower(c))) ? \(lower(a)) : \(lower(b)))"
            case .call(let name, let args):
                var v: [String] = []
                for arg in args { v.append(lower(arg)) }
                switch name {
                case "today": return "(c.today as Swift.String?)"
                case "date":
                    if case .string(let text) = args[0].kind { return "(\(SwiftText.literal(text)) as Swift.String?)" }
                    return "(nil as Swift.String?)"
                case "age": return "X.years(\(v[0]), \(v.count > 1 ? v[1] : "c.today"))"
                case "years_between": return "X.years(\(v[0]), \(v[1]))"
                case "len", "count":
                    // A literal list (even `[]`, whose element type Swift could not infer) has a known length.
                    if case .list(let items) = args[0].kind { return "(\(items.count) as Swift.Int?)" }
                    if case .path = args[0].kind, let path = checked.paths[args[0].offset], !path.isList, !path.type.isList { return "X.length(\(v[0]))" }
                    return "X.count(\(v[0]))"
                case "substr": return "X.substr(\(v[0]), \(v[1]), \(v.count > 2 ? v[2] : "nil"), hasCount: \(v.count > 2))"
                case "cccd_birth_matches": return "X.cccdBirthMatches(\(v[0]), \(v[1]))"
                case "cccd_sex_matches": return "X.cccdSexMatches(\(v[0]), \(v[1]))"
                case "sum":
                    // The sum of a field over a list's items, in one loop without the list of values.
                    if case .path = args[0].kind, let resolved = checked.paths[args[0].offset], resolved.input == nil,
                        resolved.document == nil, case (let list, let item?) = parts(resolved)
                    {
                        return "X.sumOf(\(list)) { it in \(read(item, resolved.type)) }"
                    }
                    return "X.sum(\(v[0]))"
                case "min", "max":
                    let values = v.count == 1 ? v[0] : "[" + v.joined(separator: ", ") + "]"
                    return "X.best(\(values), smaller: \(name == "min"))"
                case "is_set": return "X.isSet(\(v[0]))"
                case "round_up":
                    if case .integer(let step) = args[1].kind { return "X.roundUp(\(v[0]), \(step))" }
                    return "(nil as Swift.Int?)"
                default: return "(nil as Swift.Bool?)"  // the type checker admits no other function
                }
            }
        }

        /// The typed read of a path: members through `X.get`, repeating groups as the current item
        /// or as the list of the values present.
        mutating func path(_ e: Expression) -> String {
            guard let resolved = checked.paths[e.offset] else { return "(nil as Swift.Bool?)" }
            if resolved.input != nil || resolved.document != nil {
                return "(nil as \(SwiftLowering.swiftType(resolved.type))?)"  // not in forms
            }
            let (base, inList) = parts(resolved)
            if let item = inList { return "X.list(\(base)) { it in \(read(item, resolved.type)) }" }
            let value = read(base, resolved.type)
            if recordReads { reads.insert(value) }
            return value
        }

        /// What a path reads up to the list it crosses, if any, and the read of one item of it.
        func parts(_ resolved: ResolvedPath) -> (base: String, inList: String?) {
            var base = "c.root"
            var inList: String?
            for step in resolved.steps {
                switch step {
                case .member(let name):
                    let key = memberNames[name] ?? SwiftText.literal(name)
                    if let item = inList {
                        inList = "X.get(\(item), \(key))"
                    } else if base == "v" {
                        base = "v[\(key)]"  // `v` is the object being validated
                    } else {
                        base = "X.get(\(base), \(key))"
                    }
                case .items(let key, let current):
                    if current && key == currentItem {
                        base = "v"
                    } else if current {
                        base = "c.items[\(SwiftText.literal(key.replacingDots))]"
                    } else {
                        inList = "it"
                    }
                }
            }
            if base == "v" { base = "FormcRuntime.JSON.object(v)" }
            return (base, inList)
        }

        func read(_ access: String, _ type: ValueType) -> String {
            switch type {
            case .int, .money: return "X.int(\(access))"
            case .bool: return "X.bool(\(access))"
            case .date: return "X.date(\(access))"
            case .list: return "X.texts(\(access))"
            default: return "X.text(\(access))"
            }
        }
    }
}
