internal import FormcRuntime

/// What the fuzzers run on each input (docs/testing.md, Fuzzing): the spec front end and the
/// expression pipeline, from bytes to every output they make. Nothing here may crash, hang or grow
/// without bound on any input; a crash libFuzzer finds is kept as a file in `Tests/Fuzz/regressions/`
/// and replayed by the test suite through the same entry points.
public enum FuzzTargets {
    public enum Target: String, CaseIterable, Sendable {
        /// Bytes as one spec file → `Compiler.compile` (Source, Decode, Check and, when clean, Emit),
        /// then every diagnostic rendered.
        case spec
        /// Bytes as expression text → parse, type-check against a form with every kind of field,
        /// lower to JavaScript, Swift and JSON Logic, and evaluate with formc's evaluator and
        /// FormcRuntime's JSON Logic evaluator on answers from ordinary to extreme.
        case expression
        /// Bytes as a request body → FormcRuntime's `JSON(parsing:)` and `JSONTape(parsing:)` (what
        /// back ends run on every submission), which must read it alike, then the parsed value through formc's own validator against a form with a
        /// field of every kind, and through the JSON Logic evaluator as data.
        case json
        /// Bytes as a pattern and a text to match (split at the first line feed) → formc's
        /// portable-pattern check; a pattern it accepts must match the text alike in the Swift
        /// validators' automaton, the standard library's `Regex` and formc's own ICU matcher.
        case pattern
    }

    public static func run(_ target: Target, _ bytes: [UInt8]) {
        switch target {
        case .spec: spec(bytes)
        case .expression: expression(bytes)
        case .json: json(bytes)
        case .pattern: pattern(bytes)
        }
    }

    public static func spec(_ bytes: [UInt8]) {
        let source = SourceFile(path: "fuzz.yaml", bytes: bytes)
        let result = Compiler.compile(sources: [source], options: CompileOptions(today: CalendarDate(year: 2026, month: 3, day: 2)!)) { _ in nil }
        _ = DiagnosticRenderer.text(result.diagnostics.sorted, sources: result.sources, colour: false)
    }

    public static func expression(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let form = Self.form,
            let checked = try? TypeChecker(scope: FormScope(form: form)).check(text, expecting: nil)
        else { return }
        _ = JavaScriptLowering.lower(checked)
        _ = SwiftLowering.lower(checked)
        let logic = LogicLowering.lower(checked)
        guard let logicJSON = try? JSON(parsing: JSONCodec.encode(logic, indent: 0)) else { return }
        for answers in Self.answers {
            let context = EvaluationContext(answers: answers, today: CalendarDate(year: 2026, month: 3, day: 2)!)
            let value = Evaluator().evaluate(checked, in: context)
            let data = LogicLowering.data(answers: answers, today: context.today)
            // formc's evaluator and the JSON Logic it lowers the expression to (what fees.mjs and
            // back ends run) must give the same value.
            guard let dataJSON = try? JSON(parsing: JSONCodec.encode(data, indent: 0)),
                let expected = try? JSON(parsing: JSONCodec.encode(LogicLowering.json(value), indent: 0))
            else { continue }
            let logic = try? FormcLogic.evaluate(logicJSON, dataJSON)
            if logic?.description == expected.description { continue }
            // A difference is allowed only outside the profile (docs/formc-logic.md): answers beyond
            // ±(2^53 − 1), where formc gives null and JavaScript's doubles lose precision, and
            // results that overflow it (found by evaluating every operation: only when they differ).
            precondition(!Self.withinProfile(dataJSON) || Self.leavesProfile(logicJSON, dataJSON), "formc gives \(expected) and its JSON Logic \(logic.map(\.description) ?? "an error") for \(text.debugDescription) on \(dataJSON)")
        }
    }

    public static func json(_ bytes: [UInt8]) {
        // The tape the generated validators read bodies into: the same value, or the same refusal.
        let tape = Result<JSONTape, JSON.ParseError> { () throws(JSON.ParseError) in try JSONTape(parsing: bytes) }
        guard let value = try? JSON(parsing: bytes) else {
            if case .success = tape { preconditionFailure("JSONTape read a body JSON(parsing:) refuses") }
            return
        }
        guard case .success(let read) = tape, read.json.description == value.description,
            read.hasRepeatedKeys || read.withRoot({ sameShape($0, value) })
        else {
            preconditionFailure("JSONTape and JSON(parsing:) read a body differently")
        }
        _ = try? FormcLogic.evaluate(["var": "a.so"], value)
        // The same text as jansson reads it (stricter: it refuses what JSON.parse forgives), validated
        // as formc validates examples.
        guard let form = Self.form, let answers = try? JSONCodec.decode(bytes) else { return }
        _ = SubmissionValidator(catalogue: nil, today: CalendarDate(year: 2026, month: 3, day: 2)!).validate(answers, against: form, maxErrors: 50)
    }

    public static func pattern(_ bytes: [UInt8]) {
        let input = String(decoding: bytes, as: UTF8.self)
        let parts = input.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        // Short patterns and texts: the engines compared are not the subject of the length limits.
        let source = String(parts[0]), text = parts.count > 1 ? String(parts[1].unicodeScalars.prefix(64)) : ""
        guard source.unicodeScalars.count <= 120, let portable = try? PortablePattern(source) else { return }
        let compiled = TextPattern(portable.icuWholeMatch)
        let expected = TextPattern.matchedByRegex(portable.icuWholeMatch, text)
        precondition(compiled.matches(text) == expected, "the automaton and Regex disagree on \(source.debugDescription) and \(text.debugDescription)")
        precondition(SubmissionValidator.regexMatch(source, text) == expected, "formc and Regex disagree on \(source.debugDescription) and \(text.debugDescription)")
    }

    /// Whether every object and array of the tape has the members or items `json` has (what
    /// validators read from a tape without a repeated name).
    static func sameShape(_ tape: JSONTape.Value, _ json: JSON) -> Bool {
        switch json {
        case .object(let members):
            guard let object = tape.object, object.count == members.count else { return false }
            return members.allSatisfy { member in object[member.key].map { sameShape($0, member.value) } ?? false }
        case .array(let items):
            guard let list = tape.array, list.count == items.count else { return false }
            return zip(list, items).allSatisfy { sameShape($0, $1) }
        default: return true
        }
    }

    /// A form with a field of every kind an expression can read, inside a section and a repeat.
    static let scopeForm = """
        formc: 1
        form: mo-hinh
        version: 1.0.0
        title: { vi: Mô hình, en: Model }
        sections:
          a:
            title: { vi: A, en: A }
            fields:
              ten: { type: text, label: { vi: Tên, en: Name } }
              so: { type: integer, label: { vi: Số, en: Number } }
              tien: { type: money_vnd, label: { vi: Tiền, en: Money } }
              ngay: { type: date, label: { vi: Ngày, en: Date } }
              co: { type: boolean, label: { vi: Có, en: Yes } }
              chon: { type: choice, label: { vi: Chọn, en: Choice }, options: { x: { vi: X, en: X }, y: { vi: Y, en: Y } } }
              nhieu: { type: multi_choice, label: { vi: Nhiều, en: Many }, options: { x: { vi: X, en: X }, y: { vi: Y, en: Y } } }
              ho_ten: { type: person_name, label: { vi: Họ tên, en: Name }, visible_when: "a.co" }
              cccd: { type: cccd, label: { vi: CCCD, en: ID }, required_when: "a.so > 2" }
              mst: { type: tax_code, label: { vi: MST, en: Tax code } }
              dt: { type: phone_vn, label: { vi: Điện thoại, en: Phone } }
              luc: { type: datetime, label: { vi: Lúc, en: At } }
              ma: { type: text, label: { vi: Mã, en: Code }, pattern: "[A-Z]{2}-[0-9]{3,4}" }
              tep: { type: file, label: { vi: Tệp, en: File }, accept: [application/pdf], max_size: 1000 }
          con:
            title: { vi: Con, en: Children }
            repeat: { max: 5 }
            fields:
              ngay_sinh: { type: date, label: { vi: Ngày sinh, en: Born } }
              so_ban: { type: integer, label: { vi: Số bản, en: Copies } }
        """

    static let form: FormSpec? = {
        let result = Compiler.check(sources: [SourceFile(path: "mo-hinh.yaml", bytes: Array(scopeForm.utf8))], options: CompileOptions(today: CalendarDate(year: 2026, month: 3, day: 2)!)) { _ in nil }
        return result.checked?.forms.first
    }()

    /// Whether every number in `value` is within ±(2^53 − 1), where formc's expression profile
    /// reads numbers alike in every engine.
    static func withinProfile(_ value: JSON) -> Bool {
        switch value {
        case .number(let n): abs(n) <= Double(ExpressionSupport.maximumSafeInteger)
        case .array(let items): items.allSatisfy(withinProfile)
        case .object(let members): members.values.allSatisfy(withinProfile)
        default: true
        }
    }

    /// Whether some operation of the JSON Logic, evaluated on `data`, gives a number past
    /// ±(2^53 − 1): formc's evaluator gives null there, JavaScript's doubles go on. Operations
    /// inside `map`, `filter` and `reduce` are evaluated on the whole data, where their variables
    /// are null; the `reduce` itself is evaluated whole, so a sum that overflows is found.
    static func leavesProfile(_ logic: JSON, _ data: JSON, budget: inout Int) -> Bool {
        budget -= 1
        if budget < 0 { return true }  // too large to scan: not compared
        switch logic {
        case .array(let items):
            return items.contains { leavesProfile($0, data, budget: &budget) }
        case .object(let members):
            if let result = try? FormcLogic.evaluate(logic, data), !withinProfile(result) { return true }
            // An n-ary + or * carries a running total, which formc's evaluator checks step by step:
            // a step past the profile is outside it even when the result comes back inside
            // (`9 * 7199 * … * 0`: formc gives null, doubles go on to 0).
            if members.count == 1, let op = members.keys.first, op == "+" || op == "*", case .array(let operands)? = members[op], operands.count > 2 {
                for end in 2..<operands.count {
                    budget -= 1
                    if budget < 0 { return true }
                    let step = JSON.object(JSONObject([(op, JSON.array(Array(operands[..<end])))]))
                    if let partial = try? FormcLogic.evaluate(step, data), !withinProfile(partial) { return true }
                }
            }
            return members.values.contains { leavesProfile($0, data, budget: &budget) }
        default:
            return false
        }
    }

    static func leavesProfile(_ logic: JSON, _ data: JSON) -> Bool {
        var budget = 2_000
        return leavesProfile(logic, data, budget: &budget)
    }

    /// Answers from empty to extreme: the integers at both ends of Int64 and of the safe range.
    static let answers: [JSONValue] = [
        #"{}"#,
        #"{"a": {"ten": "Nguyễn Văn A", "so": 3, "tien": 20000, "ngay": "2020-02-29", "co": true, "chon": "x", "nhieu": ["x", "y"]}, "con": [{"ngay_sinh": "2019-05-01", "so_ban": 2}, {"so_ban": 9007199254740991}]}"#,
        #"{"a": {"so": -9223372036854775808, "tien": 9223372036854775807, "ngay": "0000-01-01"}, "con": [{"so_ban": -9007199254740991}]}"#,
        #"{"a": {"so": 1.5e300, "ten": 7, "nhieu": "x"}, "con": {"so_ban": 1}}"#,
    ].compactMap { try? JSONCodec.decode(Array($0.utf8)) }
}
