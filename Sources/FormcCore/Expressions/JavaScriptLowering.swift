/// Answers an expression reads more than once, read once into a local constant: the one mechanism
/// both lowerings (JavaScript, Swift) use, so generated validators read the same way in both.
enum SharedReads {
    /// `prelude` declares the temporaries (`declare(name, read)` per line), `expression` uses them;
    /// `counter` keeps names (`r0`, `r1`…) unique within the generated function. Longest reads go
    /// first, so an outer read is shared before the reads inside it; ties in text order, so the
    /// output is deterministic.
    static func hoist(_ reads: Set<String>, in expression: String, counter: inout Int, declare: (String, String) -> String) -> (prelude: String, expression: String) {
        var expression = expression
        var prelude = ""
        for read in reads.sorted(by: { $0.count > $1.count || ($0.count == $1.count && $0 < $1) }) {
            let occurrences = expression.occurrences(ofBytes: read)
            guard occurrences >= 2 else { continue }
            let name = "r\(counter)"
            counter += 1
            prelude += declare(name, read) + "\n"
            expression = expression.replacingBytes(read, with: name)
        }
        return (prelude, expression)
    }
}

/// Lowers a checked expression to a JavaScript expression for generated validators, with the same
/// semantics as formc's `Evaluator` (and as the JSON Logic profile): answers are read with their
/// field's type (a value of the wrong type is null), null-guarded operators, bools compared with
/// `=== true`, integer results outside ±(2^53 − 1) null.
///
/// The generated code reads `c.root` (the submission), `c.today` (YYYY-MM-DD) and `c.items` (the
/// current item of each enclosing repeating group, by key with `.` written `/`), and calls the
/// helpers of `runtime`.
enum JavaScriptLowering {
    /// `currentItem`: the repeating group (key) whose current item is the object the generated code
    /// is validating, available as the plain object `v` — read directly instead of through `c.items`.
    static func lower(_ checked: CheckedExpression, currentItem: String? = nil) -> String {
        var lowerer = Lowerer(checked: checked, currentItem: currentItem)
        return lowerer.lower(checked.expression)
    }

    /// The expression with every answer it reads more than once read once into a local constant:
    /// `prelude` declares them (statements), `expression` uses them. `counter` keeps names unique
    /// within the generated function.
    static func lowerWithTemporaries(_ checked: CheckedExpression, currentItem: String? = nil, counter: inout Int) -> (prelude: String, expression: String) {
        var lowerer = Lowerer(checked: checked, currentItem: currentItem)
        lowerer.recordReads = true
        let expression = lowerer.lower(checked.expression)
        return SharedReads.hoist(lowerer.reads, in: expression, counter: &counter) { "const \($0) = \($1);" }
    }

    /// Helpers the lowered expressions call.
    static let runtime = #"""
        function xget(o, k) {
          return o !== null && typeof o === 'object' && !Array.isArray(o) && Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;
        }
        /** The value when it is a plain object, else undefined: `xobj(o)?.["k"]` reads a member whose
         * name Object.prototype does not have (on parsed JSON a plain read finds only the object's own
         * members), and each such read keeps its own inline cache, which a shared helper taking the
         * name would not. */
        function xobj(o) {
          return o !== null && typeof o === 'object' && !Array.isArray(o) ? o : undefined;
        }
        function xint(v) { return Number.isSafeInteger(v) ? v : null; }
        function xstr(v) { return typeof v === 'string' ? v : null; }
        function xbool(v) { return typeof v === 'boolean' ? v : null; }
        function xdate(v) { return typeof v === 'string' && isDate(v) ? v : null; }
        function xstrs(v) { return Array.isArray(v) ? v.map(xstr) : null; }
        function xlist(list, read) {
          const out = [];
          if (!Array.isArray(list)) return out;
          for (const item of list) { const v = read(item); if (v !== null) out.push(v); }
          return out;
        }
        function xsafe(v) { return Number.isSafeInteger(v) ? v : null; }
        function xadd(a, b) { return a === null || b === null ? null : xsafe(a + b); }
        function xsub(a, b) { return a === null || b === null ? null : xsafe(a - b); }
        function xmul(a, b) { return a === null || b === null ? null : xsafe(a * b); }
        function xneg(a) { return a === null ? null : -a; }
        function xlt(a, b) { return a !== null && b !== null && a < b; }
        function xle(a, b) { return a !== null && b !== null && a <= b; }
        function xin(a, list) { return a !== null && Array.isArray(list) && list.includes(a); }
        function xyears(a, b) {
          if (a === null || b === null) return null;
          const years = digitsAt(b, 0, 4) - digitsAt(a, 0, 4);
          // Both are valid YYYY-MM-DD: the anniversary is reached when b's MM-DD is not before a's.
          for (let i = 5; i < 10; i++) {
            const d = b.charCodeAt(i) - a.charCodeAt(i);
            if (d !== 0) return d < 0 ? years - 1 : years;
          }
          return years;
        }
        function xcount(list) { return Array.isArray(list) ? list.length : 0; }
        /** Text with a UTF-16 surrogate: only there do code points and UTF-16 units differ. */
        const SURROGATE = /[\uD800-\uDFFF]/;
        /** Code points, as formc counts them. */
        function xlength(text) { return text === null ? null : SURROGATE.test(text) ? [...text].length : text.length; }
        /** JSON Logic's substr, over code points: a negative start or count counts from the end. */
        function xsubstr(text, start, count) {
          if (text === null || start === null || count === null) return null;
          // Without surrogates each code point is one unit, and the text is cut where it is.
          const chars = SURROGATE.test(text) ? [...text] : null;
          const n = chars === null ? text.length : chars.length;
          const from = start < 0 ? Math.max(n + start, 0) : Math.min(start, n);
          const end = count === undefined ? n : count < 0 ? Math.max(n + count, from) : Math.min(from + count, n);
          return chars === null ? text.slice(from, end) : chars.slice(from, end).join('');
        }
        const CENTURIES = {"19": "01", "20": "23", "21": "45", "22": "67", "23": "89"};
        /** The 4th digit (century) and 5th–6th (year) of a personal identification number against a birth date. */
        function xcccdbirth(number, born) {
          if (number === null || born === null) return null;
          const digit = xsubstr(number, 3, 1);
          const century = Object.prototype.hasOwnProperty.call(CENTURIES, xsubstr(born, 0, 2)) ? CENTURIES[xsubstr(born, 0, 2)] : '';
          return xsubstr(number, 4, 2) === xsubstr(born, 2, 2) && digit.length === 1 && century.includes(digit);
        }
        /** The 4th digit of a personal identification number: even for nam, odd for nu. */
        function xcccdsex(number, sex) {
          if (number === null || sex === null) return null;
          const digit = xsubstr(number, 3, 1);
          return (sex === 'nam' && digit.length === 1 && '02468'.includes(digit)) || (sex === 'nu' && digit.length === 1 && '13579'.includes(digit));
        }
        /** xsum(xlist(list, read)) without making the list. */
        function xsumof(list, read) {
          let total = 0;
          if (!Array.isArray(list)) return 0;
          for (let i = 0; i < list.length; i++) { const v = read(list[i]); if (v !== null) total += v; }
          return xsafe(total);
        }
        function xsum(list) {
          let total = 0;
          if (!Array.isArray(list)) return 0;
          for (const v of list) if (typeof v === 'number') total += v;
          return xsafe(total);
        }
        function xbest(values, smaller) {
          let best = null;
          for (const v of values) if (v !== null && (best === null || (smaller ? v < best : v > best))) best = v;
          return best;
        }
        function xroundup(x, step) {
          if (x === null) return null;
          const r = ((x % step) + step) % step;
          return r === 0 ? x : xsafe(x + (step - r));
        }

        """#

    private struct Lowerer {
        let checked: CheckedExpression
        let currentItem: String?
        /// Whether to remember every typed read of an answer (for `lowerWithTemporaries`).
        var recordReads = false
        var reads: Set<String> = []

        init(checked: CheckedExpression, currentItem: String?) {
            self.checked = checked
            self.currentItem = currentItem
        }

        mutating func lower(_ e: Expression) -> String {
            switch e.kind {
            case .integer(let v): return String(v)
            case .string(let s): return JavaScript.string(s)
            case .boolean(let b): return b ? "true" : "false"
            case .list(let items):
                var parts: [String] = []
                for item in items { parts.append(lower(item)) }
                return "[" + parts.joined(separator: ", ") + "]"
            case .path: return path(e)
            case .unary(.not, let inner): return "(\(lower(inner)) !== true)"
            case .unary(.negate, let inner): return "xneg(\(lower(inner)))"
            case .binary(let op, let a, let b):
                let x = lower(a), y = lower(b)
                switch op {
                case .and: return "(\(x) === true && \(y) === true)"
                case .or: return "(\(x) === true || \(y) === true)"
                case .equal: return "(\(x) === \(y))"
                case .notEqual: return "(\(x) !== \(y))"
                case .less: return "xlt(\(x), \(y))"
                case .lessOrEqual: return "xle(\(x), \(y))"
                case .greater: return "xlt(\(y), \(x))"
                case .greaterOrEqual: return "xle(\(y), \(x))"
                case .in: return "xin(\(x), \(y))"
                case .add: return "xadd(\(x), \(y))"
                case .subtract: return "xsub(\(x), \(y))"
                case .multiply: return "xmul(\(x), \(y))"
                }
            case .conditional(let c, let a, let b):
                return "(\(lower(c)) === true ? \(lower(a)) : \(lower(b)))"
            case .call(let name, let args):
                var v: [String] = []
                for arg in args { v.append(lower(arg)) }
                switch name {
                case "today": return "c.today"
                case "date":
                    if case .string(let text) = args[0].kind { return JavaScript.string(text) }
                    return "null"
                case "age": return "xyears(\(v[0]), \(v.count > 1 ? v[1] : "c.today"))"
                case "years_between": return "xyears(\(v[0]), \(v[1]))"
                case "len", "count":
                    if case .path = args[0].kind, let path = checked.paths[args[0].offset], !path.isList, !path.type.isList { return "xlength(\(v[0]))" }
                    return "xcount(\(v[0]))"
                case "substr": return "xsubstr(\(v[0]), \(v[1]), \(v.count > 2 ? v[2] : "undefined"))"
                case "cccd_birth_matches": return "xcccdbirth(\(v[0]), \(v[1]))"
                case "cccd_sex_matches": return "xcccdsex(\(v[0]), \(v[1]))"
                case "sum":
                    // The sum of a field over a list's items, in one loop without the list of values.
                    if case .path = args[0].kind, let resolved = checked.paths[args[0].offset], resolved.input == nil,
                        resolved.document == nil, let (list, item) = listRead(resolved)
                    {
                        return "xsumof(\(list), (it) => \(item))"
                    }
                    return "xsum(\(v[0]))"
                case "min", "max":
                    let values = v.count == 1 ? v[0] : "[" + v.joined(separator: ", ") + "]"
                    return "xbest(\(values), \(name == "min"))"
                case "is_set": return "(\(v[0]) !== null)"
                case "round_up":
                    if case .integer(let step) = args[1].kind { return "xroundup(\(v[0]), \(step))" }
                    return "null"
                default: return "null"
                }
            }
        }

        /// The typed read of a path: members through `xget`, repeating groups as the current item or
        /// as a list of the values present.
        mutating func path(_ e: Expression) -> String {
            guard let resolved = checked.paths[e.offset] else { return "null" }
            if resolved.input != nil || resolved.document != nil { return "null" }  // not in forms
            if let (list, item) = listRead(resolved) { return "xlist(\(list), (it) => \(item))" }
            let value = read(base(resolved).base, resolved.type)
            if recordReads { reads.insert(value) }
            return value
        }

        /// A path crossing a list as the list and the read of one item (`it`), or nil for a path
        /// that does not cross one.
        func listRead(_ resolved: ResolvedPath) -> (list: String, item: String)? {
            let (base, item) = base(resolved)
            guard let item else { return nil }
            return (base, read(item, resolved.type))
        }

        /// What the path reads up to the list it crosses, if any, and the read of one item of it.
        func base(_ resolved: ResolvedPath) -> (base: String, inList: String?) {
            var base = "c.root"
            var inList: String?  // the expression reading one item, when the path crosses a list
            for step in resolved.steps {
                switch step {
                case .member(let name):
                    let plain = !ValidatorEmitter.Generator.prototypeNames.contains(name)
                    func get(_ object: String) -> String {
                        plain ? "xobj(\(object))?.[\(JavaScript.string(name))]" : "xget(\(object), \(JavaScript.string(name)))"
                    }
                    if let item = inList {
                        inList = get(item)
                    } else if base == "v" && plain {
                        base = "v[\(JavaScript.string(name))]"  // `v` is known to be a plain object
                    } else {
                        base = get(base)
                    }
                case .items(let key, let current):
                    if current && key == currentItem {
                        base = "v"
                    } else if current {
                        base = "c.items[\(JavaScript.string(key.replacingDots))]"
                    } else {
                        inList = "it"
                    }
                }
            }
            return (base, inList)
        }

        func read(_ access: String, _ type: ValueType) -> String {
            switch type {
            case .int, .money: return "xint(\(access))"
            case .bool: return "xbool(\(access))"
            case .date: return "xdate(\(access))"
            case .list: return "xstrs(\(access))"
            default: return "xstr(\(access))"
            }
        }
    }
}
