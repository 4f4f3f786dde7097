/// formc's JSON Logic profile (docs/formc-logic.md), evaluated the way the generated JavaScript
/// (`fees.mjs`) evaluates it, operation for operation, so Swift and JavaScript agree on every rule.
public enum FormcLogic {
    public struct UnknownOperation: Error, CustomStringConvertible {
        public var operation: String
        public var description: String { "formc-logic: operation '\(operation)' is not in the profile" }
    }

    /// JavaScript truthiness, with an empty list false (JSON Logic's rule).
    public static func truthy(_ value: JSON) -> Bool {
        switch value {
        case .null: false
        case .bool(let b): b
        case .number(let n): n != 0 && !n.isNaN
        case .string(let s): !s.isEmpty
        case .array(let items): !items.isEmpty
        case .object: true
        }
    }

    /// The answers an evaluation reads, as JSON Pointers into the answers (`/document/field`), split
    /// into those present and those missing (absent or null): what `fees.mjs`'s trace records.
    public final class Reads {
        public private(set) var present: Set<String> = []
        public private(set) var missing: Set<String> = []

        public init() {}

        func record(_ pointer: String, _ value: JSON) {
            if value == .null { missing.insert(pointer) } else { present.insert(pointer) }
        }
    }

    /// Where an evaluation stands in the answers: the pointer of the data (`""` for the answers by
    /// document id, nil where the data is no answer, as in a `reduce`), the pointer of each current
    /// repeat item (by its `$items` key), and where reads are recorded.
    public struct Trace {
        var at: String?
        var items: [String: String]
        let reads: Reads

        public init(reads: Reads, items: [String: String] = [:]) {
            at = ""
            self.items = items
            self.reads = reads
        }

        /// The pointer a `var` path reads, or nil when it reads no answer.
        func pointer(_ path: String) -> String? {
            guard let at else { return nil }
            if !at.isEmpty { return path.isEmpty ? at : at + "/" + path.split(separator: ".", omittingEmptySubsequences: false).joined(separator: "/") }
            if path.isEmpty { return nil }
            let parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            if parts[0] == "$today" || parts[0] == "$input" { return nil }
            if parts[0] == "$items" {
                guard parts.count > 1, let item = items[parts[1]] else { return nil }
                return ([item] + parts.dropFirst(2)).joined(separator: "/")
            }
            return "/" + parts.joined(separator: "/")
        }

        /// The trace for item `index` of a list that `listLogic` gave: placed when it was a `var`.
        func item(_ index: Int, of listLogic: JSON) -> Trace {
            var inner = self
            if case .object(let members) = listLogic, members.count == 1, case .string(let path)? = members["var"], let base = pointer(path) {
                inner.at = base + "/" + String(index)
            } else {
                inner.at = nil
            }
            return inner
        }
    }

    /// Evaluates `logic` against `data`; with a trace, records the answers it reads as `fees.mjs` does
    /// (a `var` with a default tests presence and is not recorded).
    public static func evaluate(_ logic: JSON, _ data: JSON, trace: Trace? = nil) throws -> JSON {
        switch logic {
        case .array(let items): return .array(try items.map { try evaluate($0, data, trace: trace) })
        case .object(let members) where members.count == 1:
            let (op, operand) = members.first!
            let args = operand.array ?? [operand]
            return try operation(op, args, data, trace)
        case .object: throw UnknownOperation(operation: "(an object with \(logic.objectCount) keys)")
        default: return logic
        }
    }

    private static func operation(_ op: String, _ args: [JSON], _ data: JSON, _ trace: Trace?) throws -> JSON {
        func evaluate(_ logic: JSON, _ data: JSON) throws -> JSON { try FormcLogic.evaluate(logic, data, trace: trace) }
        switch op {
        case "var":
            var path = args.first.flatMap { $0 == .null ? nil : text($0) } ?? ""
            var value = data
            let keys = path.isEmpty ? [] : path.split(separator: ".", omittingEmptySubsequences: false)
            // `….length` is a text's length in code points (no field is named length): the answer read
            // is the text.
            if keys.last == "length" { path = keys.dropLast().joined(separator: ".") }
            walk: for (index, key) in keys.enumerated() {
                if key == "length", index == keys.count - 1 {
                    if case .string(let s) = value {
                        value = .number(Double(s.unicodeScalars.count))
                        break walk
                    }
                    if case .array(let items) = value {
                        value = .number(Double(items.count))
                        break walk
                    }
                }
                switch value {
                case .object(let members):
                    value = members[String(key)] ?? .null
                case .array(let items):
                    guard let index = Int(key), String(index) == key, items.indices.contains(index) else {
                        value = .null
                        break walk
                    }
                    value = items[index]
                default:
                    value = .null
                    break walk
                }
            }
            if args.count < 2, let trace, let pointer = trace.pointer(path) { trace.reads.record(pointer, value) }
            return value
        case "if":
            var i = 0
            while i + 1 < args.count {
                if truthy(try evaluate(args[i], data)) { return try evaluate(args[i + 1], data) }
                i += 2
            }
            return i < args.count ? try evaluate(args[i], data) : .null
        case "and", "or":
            var value = JSON.null
            for arg in args {
                value = try evaluate(arg, data)
                if truthy(value) != (op == "and") { return value }
            }
            return value
        case "map", "filter":
            guard let list = try evaluate(args[0], data).array else { return .array([]) }
            func each(_ index: Int) throws -> JSON { try FormcLogic.evaluate(args[1], list[index], trace: trace?.item(index, of: args[0])) }
            if op == "map" { return .array(try list.indices.map(each)) }
            return .array(try list.indices.filter { truthy(try each($0)) }.map { list[$0] })
        case "reduce":
            let list = try evaluate(args[0], data)
            var accumulator = try evaluate(args[2], data)
            guard let items = list.array else { return accumulator }
            var inner = trace
            inner?.at = nil
            for current in items { accumulator = try FormcLogic.evaluate(args[1], ["current": current, "accumulator": accumulator], trace: inner) }
            return accumulator
        default:
            break
        }
        let v = try args.map { try evaluate($0, data) }
        switch op {
        case "===": return .bool(v[0] == v[1])
        case "!==": return .bool(v[0] != v[1])
        case "!": return .bool(!truthy(v[0]))
        case "!!": return .bool(truthy(v[0]))
        case "<", "<=", ">", ">=": return .bool(compare(op, v[0], v[1]))
        case "in": return .bool(v[1].array?.contains(v[0]) ?? false)
        case "+": return .number(v.reduce(0) { $0 + number($1) })
        case "-": return .number(v.count == 1 ? -number(v[0]) : number(v[0]) - number(v[1]))
        case "*": return .number(v.reduce(1) { $0 * number($1) })
        case "%": return .number(number(v[0]).truncatingRemainder(dividingBy: number(v[1])))
        case "substr":
            // JSON Logic's substr (a negative count stops that many before the end), over code points.
            let scalars = Array(text(v[0]).unicodeScalars)
            let n = scalars.count
            let from = clampedInteger(number(v[1]), limit: n)
            let start = from < 0 ? max(n + from, 0) : from
            var end = n
            if v.count > 2 {
                let count = clampedInteger(number(v[2]), limit: n)
                end = count < 0 ? max(n + count, start) : min(start + count, n)
            }
            var out = String.UnicodeScalarView()
            out.append(contentsOf: scalars[start..<end])
            return .string(String(out))
        default:
            throw UnknownOperation(operation: op)
        }
    }

    /// JavaScript's relational comparison for the values the profile compares: two strings by code
    /// units (ISO dates), anything else as numbers.
    private static func compare(_ op: String, _ a: JSON, _ b: JSON) -> Bool {
        if case .string(let x) = a, case .string(let y) = b {
            let l = Array(x.utf16), r = Array(y.utf16)
            switch op {
            case "<": return l.lexicographicallyPrecedes(r)
            case "<=": return !r.lexicographicallyPrecedes(l)
            case ">": return r.lexicographicallyPrecedes(l)
            default: return !l.lexicographicallyPrecedes(r)
            }
        }
        let x = number(a), y = number(b)
        switch op {
        case "<": return x < y
        case "<=": return x <= y
        case ">": return x > y
        default: return x >= y
        }
    }

    /// JavaScript's `Number(value)` for JSON values.
    static func number(_ value: JSON) -> Double {
        switch value {
        case .null: 0
        case .bool(let b): b ? 1 : 0
        case .number(let n): n
        case .string(let s): s.trimmingSpaces.isEmpty ? 0 : Double(s.trimmingSpaces) ?? .nan
        case .array(let items): items.isEmpty ? 0 : items.count == 1 ? number(items[0]) : .nan
        case .object: .nan
        }
    }

    /// JavaScript's ToIntegerOrInfinity, clamped to ±limit (what a substring position can use):
    /// NaN is 0, and no value can trap a conversion.
    private static func clampedInteger(_ value: Double, limit: Int) -> Int {
        if value.isNaN { return 0 }
        let bound = Double(limit)
        return Int(min(max(value.rounded(.towardZero), -bound), bound))
    }

    /// JavaScript's `String(value)` for the values a path or a substring is taken of.
    static func text(_ value: JSON) -> String {
        switch value {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        // Whole numbers print without a fraction, as JavaScript prints them (within Int's range).
        case .number(let n): n.rounded(.towardZero) == n && abs(n) < 9e18 ? String(Int(n)) : String(n)
        case .string(let s): s
        case .array(let items): items.map { $0 == .null ? "" : text($0) }.joined(separator: ",")
        case .object: "[object Object]"
        }
    }
}

extension JSON {
    fileprivate var objectCount: Int {
        if case .object(let members) = self { return members.count }
        return 0
    }
}

extension String {
    fileprivate var trimmingSpaces: Substring {
        var s = Substring(self)
        while let first = s.first, first.isWhitespace { s.removeFirst() }
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return s
    }
}
