internal import FormcRuntime

/// Emits a form's validator in Swift: `validate(_:today:)` on the form's namespace enum, giving
/// exactly `validate.mjs`'s result — the same errors, in the same order, with the same JSON
/// Pointers, rule ids and messages. It is `ValidatorEmitter`'s field walk written out in Swift, check
/// for check: the two are kept side by side, and the client package holds them to the same
/// conformance vectors.
///
/// The walk is generic over `JSONView`, so the Swift compiler specialises it for each reading of a
/// submission: a `JSON` value the caller holds, and a request body read in place (`JSONTape`, what
/// `validate(json:)` and `intake(_:)` use). One text of the checks serves both; the client package
/// runs every vector through each.
///
/// Spec text reaches the code only as escaped string literals; spec ids never become identifiers.
/// Catalogues are one compact string literal per form (`AdministrativeUnits(compact:)`), which the
/// compiler reads in constant time however many communes there are.
public struct SwiftValidatorEmitter {
    let catalogue: AdministrativeUnitCatalogue?
    let typeName: String

    /// `typeName`: the form's namespace enum, which `SwiftTypesEmitter` declares in the same file.
    public init(catalogue: AdministrativeUnitCatalogue?, typeName: String) {
        self.catalogue = catalogue
        self.typeName = typeName
    }

    /// An extension of the namespace enum, to append to `SwiftTypesEmitter`'s output.
    public func emit(_ form: FormSpec) -> String {
        var g = Generator(catalogue: catalogue)
        let root = g.objectFunction(form.sections, keyPath: [], steps: [], pointer: "")
        var rules = ""
        for rule in form.rules {
            guard let checked = rule.checked else { continue }
            let message = g.message(rule.message)
            let paths = rule.paths.isEmpty ? [""] : rule.paths
            let members = g.memberNames(checked)
            let (prelude, condition) = SwiftLowering.lowerWithTemporaries(checked, memberNames: members, counter: &g.temporaries)
            rules += "                do {\n" + prelude.split(separator: "\n").map { "                    " + $0 + "\n" }.joined()
            // A rule fails when it is false; null (a missing answer it reads) does not fail it.
            rules += "                    if \(condition) == false {\n"
            for path in paths {
                rules += "                        e.append(.init(path: \(SwiftText.literal(path)), rule: \(SwiftText.literal(rule.id.value)), message: \(message)))\n"
            }
            rules += "                    }\n                }\n"
        }
        func indented(_ text: String, _ prefix: String) -> String {
            text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : prefix + $0 }.joined(separator: "\n")
        }
        // Every expression of the form, by the id its logic vectors use, for conformance testing
        // (validate.mjs's `expressions`).
        let entries = LogicVectors(form: form, today: CalendarDate("2000-01-01")!).entries()
        var expressions = ""
        for entry in entries {
            expressions += "            if H.isText(id, \(SwiftText.literal(entry.id))) { return X.json(\(SwiftLowering.lower(entry.checked))) }\n"
        }
        var out = "\n// MARK: Validation — the rules of validate.mjs, with the same results.\n\n"
        out += "extension \(typeName): FormcRuntime.FormDefinition {\n"
        out += """
                /// Validates a submission (parsed JSON) against every rule of the form, as `validate.mjs`
                /// does: all errors, in its order. `today` is the date relative rules use (a date in
                /// Vietnam, Asia/Ho_Chi_Minh, for submissions made there). Past `maxErrors` errors (at
                /// least 1) the result holds the first `maxErrors` and a final `too_many_errors` entry.
                public static func validate(_ data: FormcRuntime.JSON, today: FormcRuntime.CalendarDate, maxErrors: Swift.Int = FormcRuntime.ValidationLimits.defaultMaxErrors) -> FormcRuntime.ValidationResult {
                    FormcValidator.run(data, today: today, maxErrors: maxErrors)
                }

                /// As `validate(_:today:maxErrors:)`, with what the data sources hold for this citizen
                /// (`["identity": ["ho_ten": …]]`): a locked prefilled answer must then be exactly the
                /// source's value, as `validate.mjs` checks it with `options.prefill`.
                public static func validate(_ data: FormcRuntime.JSON, today: FormcRuntime.CalendarDate, prefill: FormcRuntime.JSON, maxErrors: Swift.Int = FormcRuntime.ValidationLimits.defaultMaxErrors) -> FormcRuntime.ValidationResult {
                    FormcValidator.run(data, today: today, maxErrors: maxErrors, prefill: prefill)
                }

                /// As `validate(_:today:maxErrors:)`, for answers made for form version `version`: another
                /// version than this one gives a single `form_version` error, as `validate.mjs` does.
                public static func validate(_ data: FormcRuntime.JSON, today: FormcRuntime.CalendarDate, version: Swift.String, maxErrors: Swift.Int = FormcRuntime.ValidationLimits.defaultMaxErrors) -> FormcRuntime.ValidationResult {
                    guard version == Self.version else {
                        return FormcRuntime.ValidationResult(errors: [.init(path: "", rule: "form_version", message: \u{1}FORMVERSION\u{1})])
                    }
                    return FormcValidator.run(data, today: today, maxErrors: maxErrors)
                }

                /// SHA-256 of the form's schema.json, which carries every rule (the same as validate.mjs's `hash`).
                public static let hash: Swift.String = \u{1}HASH\u{1}

                /// Validates a submission given as JSON text (UTF-8), read as JavaScript's `JSON.parse` reads it.
                /// Cap the body's size before calling this (docs/swiftpm.md).
                public static func validate(json: some Swift.Collection<Swift.UInt8>, today: FormcRuntime.CalendarDate, maxErrors: Swift.Int = FormcRuntime.ValidationLimits.defaultMaxErrors) throws(FormcRuntime.JSON.ParseError) -> FormcRuntime.ValidationResult {
                    FormcValidator.run(try FormcRuntime.JSONTape(parsing: json), today: today, maxErrors: maxErrors)
                }

                /// As `validate(json:today:maxErrors:)`, for a body already read (`JSONTape(parsing:)`):
                /// the checks read the tape in place, without making a `JSON` value.
                public static func validate(_ tape: FormcRuntime.JSONTape, today: FormcRuntime.CalendarDate, maxErrors: Swift.Int = FormcRuntime.ValidationLimits.defaultMaxErrors) -> FormcRuntime.ValidationResult {
                    FormcValidator.run(tape, today: today, maxErrors: maxErrors)
                }

                /// The one call for a request body: reads it as JavaScript's `JSON.parse` does, validates it
                /// against every rule with `today` (today in Vietnam unless given), and decodes it into
                /// `Submission`; or throws a `SubmissionRejection` with every validation error, as
                /// `validate.mjs` gives them. Cap the body's size before calling this (docs/swiftpm.md).
                public static func intake(_ body: some Swift.Collection<Swift.UInt8>, today: FormcRuntime.CalendarDate = .todayInVietnam(), maxErrors: Swift.Int = FormcRuntime.ValidationLimits.defaultMaxErrors) throws(FormcRuntime.SubmissionRejection) -> Submission {
                    let tape: FormcRuntime.JSONTape
                    do { tape = try FormcRuntime.JSONTape(parsing: body) } catch { throw .notJSON(error) }
                    let result = FormcValidator.run(tape, today: today, maxErrors: maxErrors)
                    guard result.valid else { throw .invalid(result.errors) }
                    return try submission(tape.json)
                }

                /// As `intake(_:today:maxErrors:)`, for JSON already parsed.
                public static func intake(_ data: FormcRuntime.JSON, today: FormcRuntime.CalendarDate = .todayInVietnam(), maxErrors: Swift.Int = FormcRuntime.ValidationLimits.defaultMaxErrors) throws(FormcRuntime.SubmissionRejection) -> Submission {
                    let result = FormcValidator.run(data, today: today, maxErrors: maxErrors)
                    guard result.valid else { throw .invalid(result.errors) }
                    return try submission(data)
                }

                /// A valid submission as `Submission`.
                private static func submission(_ data: FormcRuntime.JSON) throws(FormcRuntime.SubmissionRejection) -> Submission {
                    do {
                        return try data.decode(Submission.self)
                    } catch {
                        // The types accept everything the validator accepts (the suite holds them to it).
                        throw .invalid([.init(path: "", rule: "type", message: FormcRuntime.LocalizedText(vi: \u{1}UNREADABLE\u{1} + Swift.String(describing: error), en: "The answers cannot be read: " + Swift.String(describing: error)))])
                    }
                }

                /// The label of every field by JSON Pointer (`*` for an item's index): `labels.describe(error)`
                /// names an error's field as the form page does, "Ngày sinh (Người yêu cầu): …".
                public static let labels = FormcRuntime.FieldLabels(\u{1}LABELS\u{1})

                /// The value of one of the form's expressions (by the id its logic vectors in
                /// `vectors.json` use, such as `/tre/ngay_sinh#required_when` or `rule:<id>`) in a
                /// context, as JSON; nil for an unknown id. For conformance tests.
                public static func evaluateExpression(_ id: Swift.String, in context: FormcRuntime.ValidationContext<FormcRuntime.JSON>) -> FormcRuntime.JSON? {
                    FormcValidator.expression(id, context)
                }

                /// The generated checks: one function per object of the form, constants for messages,
                /// options and patterns.
                private enum FormcValidator {
                    typealias H = FormcRuntime.ValidationSupport
                    typealias X = FormcRuntime.ExpressionSupport
                    typealias Errors = [FormcRuntime.ValidationError]
                    typealias Context = FormcRuntime.ValidationContext<FormcRuntime.JSON>

                    /// A parsed body is read in place; one with a repeated member name, as `JSON`, whose
                    /// objects keep the last value as `JSON.parse` does.
                    static func run(_ tape: FormcRuntime.JSONTape, today: FormcRuntime.CalendarDate, maxErrors: Swift.Int) -> FormcRuntime.ValidationResult {
                        if tape.hasRepeatedKeys { return run(tape.json, today: today, maxErrors: maxErrors) }
                        return tape.withRoot { run($0, today: today, maxErrors: maxErrors) }
                    }

                    /// A value in hand is read in place too (`JSONReference`): no member read copies it.
                    static func run(_ data: FormcRuntime.JSON, today: FormcRuntime.CalendarDate, maxErrors: Swift.Int, prefill: FormcRuntime.JSON = .null) -> FormcRuntime.ValidationResult {
                        data.withReference { run($0, today: today, maxErrors: maxErrors, prefill: prefill) }
                    }

                    static func run<V: FormcRuntime.JSONView>(_ data: V, today: FormcRuntime.CalendarDate, maxErrors: Swift.Int, prefill: FormcRuntime.JSON = .null) -> FormcRuntime.ValidationResult {
                        var e: Errors = []
                        var c = FormcRuntime.ValidationContext(root: data, today: today, maxErrors: maxErrors)
                        c.prefill = prefill\u{1}TODAY\u{1}
                        \(root)(data, { "" }, &e, &c)
                        if data.object != nil, e.count <= c.maxErrors {

            """
        out += rules
        out += "            }\n"
        // The walk stops once it has more than maxErrors errors (the first maxErrors are then fixed).
        out += "            if e.count > c.maxErrors {\n"
        out += "                e.removeLast(e.count - c.maxErrors)\n"
        out += "                \(g.push("\"\"", .too_many_errors, Messages.tooManyErrors, filling: "Swift.String(c.maxErrors)"))\n"
        out += "            }\n"
        out += "            return FormcRuntime.ValidationResult(errors: e)\n        }\n\n"
        out += "        static func expression(_ id: Swift.String, _ c: Context) -> FormcRuntime.JSON? {\n"
        out += expressions
        out += "            return nil\n        }\n\n"
        out += indented(g.constants.joined(separator: "\n"), "        ") + "\n\n"
        out += indented(g.functions.joined(separator: "\n\n"), "        ") + "\n"
        out += "    }\n}\n"
        let formVersion = Messages.formVersion
        // Forms whose rules read today's date as text write it once per submission.
        let readsToday = out.containsBytes("c.today")
        return out
            .replacingOccurrences(of: "\u{1}TODAY\u{1}", with: readsToday ? "\n            c.writeToday()" : "")
            .replacingOccurrences(of: "\u{1}LABELS\u{1}", with: Self.labels(form))
            .replacingOccurrences(of: "\u{1}UNREADABLE\u{1}", with: SwiftText.literal("Không đọc được tờ khai: "))
            .replacingOccurrences(of: "\u{1}HASH\u{1}", with: SwiftText.literal(FormIdentity.hash(form, catalogue: catalogue)))
            .replacingOccurrences(
                of: "\u{1}FORMVERSION\u{1}",
                with: "FormcRuntime.LocalizedText(vi: \(SwiftText.literal(formVersion.vi)), en: \(formVersion.en.map(SwiftText.literal) ?? "nil"))")
    }

    /// The field labels by pointer pattern, as a dictionary literal (`[:]` for none).
    static func labels(_ form: FormSpec) -> String {
        var entries: [String] = []
        func visit(_ field: FieldSpec, _ pointer: String) {
            let path = pointer + "/" + field.name
            let label = field.label ?? LocalizedText(vi: field.name)
            entries.append("        \(SwiftText.literal(path)): FormcRuntime.LocalizedText(vi: \(SwiftText.literal(label.vi)), en: \(label.en.map(SwiftText.literal) ?? "nil")),  // \(SwiftText.comment(label.vi))")
            let inner = field.kind == .repeat ? path + "/*" : path
            for child in field.fields { visit(child, inner) }
        }
        for section in form.sections { visit(section, "") }
        return entries.isEmpty ? "[:]" : "[\n" + entries.joined(separator: "\n") + "\n    ]"
    }

    /// Generates the functions and constants of one validator.
    struct Generator {
        let catalogue: AdministrativeUnitCatalogue?
        var constants: [String] = []
        var functions: [String] = []
        var constantIndex: [String: String] = [:]
        /// Names of shared reads in generated expressions (`r0`, `r1`…), unique per validator.
        var temporaries = 0
        /// The JSON Pointer of the object whose checks are being generated, when it is the same in
        /// every submission (no list above it): its errors' paths are then literals, where a path
        /// made by appending each level's name was a tenth of a validation of a small form.
        var objectPointer: String?

        /// A static constant of type `type` holding `expression`, shared when the same text recurs.
        /// `computed` ones are written as computed properties, for values that are free to make
        /// (literals): a `static let` is read through a lazy-initialisation check at every use.
        mutating func constant(_ type: String, _ expression: String, computed: Bool = false) -> String {
            let key = type + "=" + expression
            if let name = constantIndex[key] { return name }
            let name = "k\(constants.count)"
            constants.append(computed ? "static var \(name): \(type) { \(expression) }" : "static let \(name): \(type) = \(expression)")
            constantIndex[key] = name
            return name
        }

        mutating func message(_ text: LocalizedText) -> String {
            constant("FormcRuntime.LocalizedText", Self.literal(text))
        }

        /// `text` as a `LocalizedText` expression, ASCII (escapes), then a comment that shows the
        /// Vietnamese as it reads (so the expression ends its line).
        static func literal(_ text: LocalizedText, in wrap: (String) -> String = { $0 }) -> String {
            wrap("FormcRuntime.LocalizedText(vi: \(SwiftText.literal(text.vi)), en: \(text.en.map(SwiftText.literal) ?? "nil"))") + "  // \(SwiftText.comment(text.vi))"
        }

        /// A member name with its fingerprint (`JSONObject.MemberName`), computed here so that the
        /// generated constant is two literals.
        mutating func member(_ name: String) -> String {
            let literal = "0x" + String(JSONObject.MemberName(name).fingerprint, radix: 16)
            return constant("FormcRuntime.JSONObject.MemberName", "FormcRuntime.JSONObject.MemberName(\(SwiftText.literal(name)), fingerprint: \(literal))", computed: true)
        }

        /// Constants for the members an expression reads.
        mutating func memberNames(_ checked: CheckedExpression) -> [String: String] {
            var names: [String: String] = [:]
            for name in SwiftLowering.memberNames(checked) { names[name] = member(name) }
            return names
        }

        mutating func textSet(_ values: [String]) -> String {
            constant("FormcRuntime.TextSet", "FormcRuntime.TextSet([" + values.map(SwiftText.literal).joined(separator: ", ") + "])")
        }

        mutating func pattern(_ source: String) -> String {
            // A pattern the checker accepted always parses; `(?!)` keeps the impossible case failing.
            let icu = (try? PortablePattern(source))?.icuWholeMatch ?? "(?!)"
            return constant("FormcRuntime.TextPattern", "FormcRuntime.TextPattern(\(SwiftText.literal(icu)))")
        }

        /// A test of the text `s` against a built-in pattern: a scanner for the simple digit shapes,
        /// else the pattern (as `ValidatorEmitter.Generator.test`).
        mutating func test(_ source: String, _ s: String) -> String {
            switch PatternScanner(source) {
            case .digits(let n): return "H.isDigits(\(s), \(n))"
            case .digits9or12: return "(H.isDigits(\(s), 9) || H.isDigits(\(s), 12))"
            case .taxCode: return "H.isTaxCodeShape(\(s))"
            case .personName: return "H.isNameText(\(s))"
            case .email: return "H.isEmailShape(\(s))"
            case .phoneVN: return "H.isPhoneVN(\(s))"
            case .dateTime: return "H.isDateTimeShape(\(s))"
            case .regex: return "\(pattern(source)).matches(\(s))"
            }
        }

        /// Appends an error at the Swift path expression `path`.
        mutating func push(_ path: String, _ rule: ValidationRule, _ message: LocalizedText) -> String {
            "e.append(.init(path: \(path), rule: \(SwiftText.literal(rule.rawValue)), message: \(self.message(message))))"
        }

        /// An error whose message quotes a value known only at run time (`value`, a Swift string
        /// expression): the catalogue's text with `MessageTemplate.placeholder` where the value
        /// goes, a constant, filled in when the message is read (making the text at once was a
        /// sixth of a validation with such errors).
        mutating func push(_ path: String, _ rule: ValidationRule, _ make: (String) -> LocalizedText, filling value: String) -> String {
            let text = make(String(MessageTemplate.placeholder))
            let template = constant("FormcRuntime.MessageTemplate", Self.literal(text) { "FormcRuntime.MessageTemplate(\($0))" })
            return "e.append(.init(path: \(path), rule: \(SwiftText.literal(rule.rawValue)), template: \(template), filling: \(value)))"
        }

        /// The function validating an object made of `fields`; returns its name.
        mutating func objectFunction(_ fields: [FieldSpec], keyPath: [String], steps: [ResolvedPath.Step], pointer: String?) -> String {
            let outer = objectPointer
            objectPointer = pointer
            defer { objectPointer = outer }
            let name = "o\(functions.count)"
            functions.append("")  // reserve the slot; nested functions are appended after
            let slot = functions.count - 1
            // The object's path comes as a function (non-escaping: no allocation) and is made only
            // when an error is reported: most values report none, and making the text of every
            // section's and item's path was a tenth of a validation.
            var body = "static func \(name)<V: FormcRuntime.JSONView>(_ value: V, _ p: () -> Swift.String, _ e: inout Errors, _ c: inout FormcRuntime.ValidationContext<V>) {\n"
            body += "    if e.count > c.maxErrors { return }\n"
            body += "    guard let v = value.object else { \(push(pointer.map(SwiftText.literal) ?? "p()", .type, Messages.object)); return }\n"
            // Members of the form counted as they are read: when they are all the object has (the
            // usual case), there is no unknown member to look for.
            // `at` is where the next field is looked for: fields are usually written in the form's order.
            if !fields.isEmpty { body += "    var present = 0, at = 0\n" }
            for field in fields {
                body += fieldCheck(field, keyPath: keyPath, steps: steps).indentingLines(by: "    ") + "\n"
            }
            let known = textSet(fields.map(\.name))
            body += "    if v.count > \(fields.isEmpty ? "0" : "present") {\n"
            body += "        for k in v.keysInJavaScriptOrder where !\(known).contains(k) {\n"
            body += "            \(push((pointer.map { SwiftText.literal($0 + "/") } ?? "p() + \"/\"") + " + H.token(k)", .unknown_field, Messages.unknownField))\n"
            body += "            if e.count > c.maxErrors { return }\n"
            body += "        }\n    }\n}"
            functions[slot] = body
            return name
        }

        /// Statements checking one field of the object `v` at path `p()`; `@Q@` in them is the
        /// field's path as text, `@QF@` (a group's or list's) as the function nested checks take.
        mutating func fieldCheck(_ field: FieldSpec, keyPath: [String], steps: [ResolvedPath.Step]) -> String {
            var item: String?
            if case .items(let key, true)? = steps.last { item = key }
            var prelude = ""
            var counter = temporaries
            var members: [String: String] = [:]
            for checked in field.checkedExpressions {
                members.merge(memberNames(checked)) { a, _ in a }
            }
            func swift(_ checked: CheckedExpression) -> String {
                let lowered = SwiftLowering.lowerWithTemporaries(checked, currentItem: item, memberNames: members, counter: &counter)
                prelude += lowered.prelude
                return lowered.expression
            }
            defer { temporaries = counter }
            let pointer = SwiftText.literal(JSONPointer.appending("", field.name))
            // The field's path: a literal where the object's is fixed, else made from the object's.
            let fixedPath = objectPointer.map { SwiftText.literal(JSONPointer.appending($0, field.name)) }
            var s = "do {\n    let x = v.member(\(member(field.name)), from: &at)  // \(SwiftText.comment(field.name))\n    if x != nil { present += 1 }\n"
            if field.kind.hasFields { s += "    func q() -> Swift.String { \(fixedPath ?? "p() + " + pointer) }\n" }
            var close = "}"
            if let visible = field.checkedVisibleWhen {
                s += "    if !X.isTrue(\(swift(visible))) {\n"
                s += "        if x != nil { \(push("@Q@", .not_visible, Messages.notVisible)) }\n"
                s += "    } else {\n"
                close = "    }\n}"
            }
            let locked = field.prefill.flatMap { $0.mode == .locked ? $0 : nil }
            let prefilled = locked.map { "c.prefilled(\(SwiftText.literal($0.source.value)), \(SwiftText.literal($0.attribute.value)))" }
            let lockedPush = locked.map { push("@Q@", .prefill_locked, $0.lockedMessage) } ?? ""
            let checksClean = !field.checks.isEmpty || locked != nil
            s += "    if let x {\n"
            if checksClean { s += "        let before = e.count\n" }
            s += value(field, keyPath: keyPath, steps: steps).indentingLines(by: "        ") + "\n"
            // Checks against other answers, once the value passed its own rules.
            if checksClean { s += "        let clean = e.count == before\n" }
            for check in field.checks {
                s += "        if clean, \(swift(check.checked)) == false { \(push("@Q@", check.rule, check.message)) }\n"
            }
            if let compute = field.checkedCompute {
                s += "        if let want = \(swift(compute)), !H.same(x.json, want) {\n"
                s += "            \(push("@Q@", .computed, Messages.computed, filling: "H.display(want)"))\n"
                s += "        }\n"
            }
            // A locked prefilled answer is the source's value, when the caller gave the sources' data.
            if let prefilled {
                s += "        if clean, let held = \(prefilled), !H.sameScalar(x.json, held) { \(lockedPush) }\n"
            }
            if let condition = field.checkedRequiredWhen {
                s += "    } else if X.isTrue(\(swift(condition))) {\n"
                s += "        \(push("@Q@", .required, Messages.required))\n"
            } else if field.required {
                s += "    } else {\n"
                s += "        \(push("@Q@", .required, Messages.required))\n"
            }
            // Left out although its source holds it (and not reported as required).
            if let prefilled, !field.required || field.checkedRequiredWhen != nil {
                s += "    } else if \(prefilled) != nil {\n"
                s += "        \(lockedPush)\n"
            }
            s += "    }\n" + close
            // Answers the field's expressions read more than once are read once, at the top.
            if !prelude.isEmpty {
                s = "do {\n" + prelude.split(separator: "\n").map { "    " + $0 + "\n" }.joined() + s.dropFirst(5)
            }
            return s.replacingBytes("@QF@", with: "q").replacingBytes("@Q@", with: fixedPath ?? (field.kind.hasFields ? "q()" : "(p() + \(pointer))"))
        }

        /// Statements checking the present value `x` (a `JSONView`) of `field` at path `@Q@`.
        mutating func value(_ field: FieldSpec, keyPath: [String], steps: [ResolvedPath.Step]) -> String {
            let innerKeyPath = keyPath + [field.name]
            let innerSteps = LogicEncoding.innerSteps(of: field, outer: steps, keyPath: keyPath)
            switch field.kind {
            case .group:
                let function = objectFunction(field.fields, keyPath: innerKeyPath, steps: innerSteps, pointer: objectPointer.map { JSONPointer.appending($0, field.name) })
                return "\(function)(x, @QF@, &e, &c)"
            case .repeat:
                let first = functions.count
                // An item's path holds its index: made at run time, from the list's.
                let function = objectFunction(field.fields, keyPath: innerKeyPath, steps: innerSteps, pointer: nil)
                let key = SwiftText.literal(innerKeyPath.joined(separator: "/"))
                // The current item goes into c.items only when an expression in the group reads it
                // from there (expressions on the item's own fields read it as `v`).
                let readsItems = functions[first...].contains { $0.containsBytes("c.items[\(key)]") }
                var s = "if let list = x.array {\n"
                s += itemCount(field, "list")
                // Items are not looked into once there are too many of them, nor once the error limit is passed.
                s += "    \(itemsGuard(field, "list")){\n"
                if readsItems {
                    s += "        let saved = c.items[\(key)]\n"
                    s += "        for (i, item) in list.enumerated() {\n"
                    s += "            if e.count > c.maxErrors { break }\n"
                    s += "            c.items[\(key)] = item\n"
                    s += "            \(function)(item, { @QF@() + \"/\" + Swift.String(i) }, &e, &c)\n"
                    s += "        }\n"
                    s += "        c.items[\(key)] = saved\n"
                } else {
                    s += "        for (i, item) in list.enumerated() {\n"
                    s += "            if e.count > c.maxErrors { break }\n"
                    s += "            \(function)(item, { @QF@() + \"/\" + Swift.String(i) }, &e, &c)\n"
                    s += "        }\n"
                }
                return s + "    }\n} else {\n    \(push("@Q@", .type, Messages.type(.list)))\n}"
            case .integer, .money_vnd:
                let (low, high) = TypeLibrary.integerBounds(field)
                return """
                    if let n = H.wholeNumber(x.number) {
                        if n < Swift.Double(\(low)) { \(push("@Q@", .minimum, Messages.minimum(low))) }
                        if n > Swift.Double(\(high)) { \(push("@Q@", .maximum, Messages.maximum(high))) }
                    } else {
                        \(push("@Q@", .type, Messages.type(.integer)))
                    }
                    """
            case .boolean:
                return "if x.bool == nil { \(push("@Q@", .type, Messages.type(.boolean))) }"
            case .choice:
                let options = textSet(field.choices.map(\.value))
                return """
                    if let s = x.string {
                        if !\(options).contains(s) { \(push("@Q@", .option, Messages.option)) }
                    } else {
                        \(push("@Q@", .type, Messages.type(.text)))
                    }
                    """
            case .multi_choice:
                let options = textSet(field.choices.map(\.value))
                return """
                    if let list = x.array {
                    \(itemCount(field, "list"))    \(itemsGuard(field, "list")){
                            var duplicate = false
                            var seen = FormcRuntime.SeenValues()
                            for (i, y) in list.enumerated() {
                                if e.count > c.maxErrors { break }
                                if let s = y.string {
                                    if !\(options).contains(s) { \(push("@Q@ + \"/\" + Swift.String(i)", .option, Messages.option)) }
                                } else {
                                    \(push("@Q@ + \"/\" + Swift.String(i)", .type, Messages.type(.text)))
                                }
                                if !seen.insert(y.json) { duplicate = true }
                            }
                            if duplicate { \(push("@Q@", .unique_items, Messages.uniqueItems)) }
                        }
                    } else {
                        \(push("@Q@", .type, Messages.type(.list)))
                    }
                    """
            case .address_vn:
                return address()
            case .file:
                return file(field)
            case .text, .email, .phone_vn, .cccd, .cmnd, .tax_code, .bhxh, .person_name, .date, .datetime:
                return string(field)
            }
        }

        /// The condition under which a list's items are checked: not when it has more than `max_items`
        /// (`ValidatorEmitter.Generator.itemsGuard`).
        func itemsGuard(_ field: FieldSpec, _ list: String) -> String {
            field.maxItems.map { "if \(list).count <= \($0.value) " } ?? "do "
        }

        mutating func itemCount(_ field: FieldSpec, _ list: String) -> String {
            var s = ""
            if let low = field.minItems?.value { s += "    if \(list).count < \(low) { \(push("@Q@", .min_items, Messages.minItems(low))) }\n" }
            if let high = field.maxItems?.value { s += "    if \(list).count > \(high) { \(push("@Q@", .max_items, Messages.maxItems(high))) }\n" }
            return s
        }

        mutating func string(_ field: FieldSpec) -> String {
            // As validate.mjs (TextCheckPlan): the shape first, a name in one pass.
            guard let plan = TextCheckPlan(field) else { return "" }
            let type = plan.type, namePass = plan.isNamePass
            let shape = plan.shape.map { shape in
                switch shape {
                case .date: "H.isDate(s)"
                case .pattern(let source): test(source, "s")
                }
            }
            // The text is bound as `s` only when some check reads it (no unused-value warnings).
            let header = "if let s = x.string {\n"
            let minLength = plan.minLength, maxLength = plan.maxLength
            let typePush = push("@Q@", .type, Messages.type(.text))
            // Every check of the text runs only when it is well formed (validate.mjs's `wellFormed`).
            let encodingPush = push("@Q@", .encoding, Messages.encoding)
            var typeError: String { "    }\n} else {\n    \(typePush)\n}" }
            let opening: String
            if namePass {
                opening = header + "    let ns = H.nameState(s)\n    if ns >= 8 && !H.isWellFormed(s) {\n        \(encodingPush)\n    } else {\n"
            } else if let shape {
                opening = header + "    let ok = \(shape)\n    if !ok && !H.isWellFormed(s) {\n        \(encodingPush)\n    } else {\n"
            } else {
                opening = header + "    if !H.isWellFormed(s) {\n        \(encodingPush)\n    } else {\n"
            }
            func nested(_ body: String) -> String {
                body.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "    " + $0 }.joined(separator: "\n")
            }
            var s = ""
            // A name is counted as NFC, the form it is stored in (validate.mjs's `nfc`).
            var t = "s"
            if plan.countsNFC {
                s += namePass ? "    let sn = ns >= 8 ? H.nfc(s) : s\n" : "    let sn = H.nfc(s)\n"
                t = "sn"
            }
            if let minLength { s += "    if H.isShorter(\(t), than: \(minLength)) { \(push("@Q@", .min_length, Messages.minLength(minLength))) }\n" }
            if let maxLength { s += "    if H.isLonger(\(t), than: \(maxLength)) { \(push("@Q@", .max_length, Messages.maxLength(maxLength))) }\n" }
            switch field.kind {
            case .date:
                s += "    if !ok {\n        \(push("@Q@", .format, Messages.date))\n    } else {\n"
                switch field.minimum?.value {
                case .date(let low): s += "        if H.isBefore(s, \(SwiftText.literal(low.description))) { \(push("@Q@", .date_range, Messages.dateBefore(low))) }\n"
                case .today: s += "        if H.isBefore(s, c.date) { \(push("@Q@", .date_range, Messages.dateBeforeToday)) }\n"
                default: break
                }
                switch field.maximum?.value {
                case .date(let high): s += "        if H.isBefore(\(SwiftText.literal(high.description)), s) { \(push("@Q@", .date_range, Messages.dateAfter(high))) }\n"
                case .today: s += "        if H.isBefore(c.date, s) { \(push("@Q@", .date_range, Messages.dateAfterToday)) }\n"
                default: break
                }
                return opening + nested(s + "    }\n") + typeError
            case .datetime:
                s += "    if !\(shape == nil ? test(type.pattern ?? "", "s") : "ok") || !H.isDateTime(s) { \(push("@Q@", .format, Messages.dateTime)) }\n"
                return opening + nested(s) + typeError
            default:
                break
            }
            if namePass {
                s += "    switch H.nameVerdict(s, ns, sn) {\n"
                s += "    case 1: \(push("@Q@", .pattern, Messages.pattern(.person_name)))\n"
                s += "    case 2: \(push("@Q@", .person_name, Messages.personName))\n"
                s += "    default: break\n    }\n"
                return opening + nested(s) + typeError
            }
            var tail = ""
            var inner = "    "
            if let builtIn = type.pattern {
                s += "    if !\(shape == nil ? test(builtIn, "s") : "ok") {\n        \(push("@Q@", .pattern, Messages.pattern(field.kind)))\n    } else {\n"
                tail = "    }\n"
                inner = "        "
            }
            if let own = field.pattern?.value {
                s += "\(inner)if !\(pattern(own)).matches(s) { \(push("@Q@", .pattern, Messages.pattern(.text))) }\n"
            }
            for rule in type.extensions {
                switch rule {
                case .check_digit: s += "\(inner)if !H.taxCheckDigitOK(s) { \(push("@Q@", .check_digit, Messages.checkDigit)) }\n"
                case .cccd_province: s += "\(inner)if !H.cccdProvinceOK(s) { \(push("@Q@", .cccd_province, Messages.cccdProvince)) }\n"
                case .person_name: s += "\(inner)if !H.nameOK(s) { \(push("@Q@", .person_name, Messages.personName)) }\n"
                default: break
                }
            }
            return opening + nested(s + tail) + typeError
        }

        mutating func address() -> String {
            var units = "nil"
            if let catalogue {
                let compact = catalogue.provinces.map { $0.code + ":" + $0.units.map(\.code).joined(separator: ",") }.joined(separator: ";")
                units = constant("FormcRuntime.AdministrativeUnits?", "FormcRuntime.AdministrativeUnits(compact: \(SwiftText.literal(compact)))")
            }
            let u = units == "nil" ? "(nil as FormcRuntime.AdministrativeUnits?)" : units
            return """
                if let a = x.object {
                    var province: Swift.String?, commune: Swift.String?
                    if let pv = a[\(member("province"))] {
                        if let s = pv.string {
                            if let units = \(u), !units.hasProvince(s) { \(push("@Q@ + \"/province\"", .option, Messages.province)) } else { province = s }
                        } else {
                            \(push("@Q@ + \"/province\"", .type, Messages.type(.text)))
                        }
                    } else {
                        \(push("@Q@ + \"/province\"", .required, Messages.required))
                    }
                    if let cv = a[\(member("commune"))] {
                        if let s = cv.string {
                            if !H.isDigits(s, 5) { \(push("@Q@ + \"/commune\"", .pattern, Messages.commune)) } else { commune = s }
                        } else {
                            \(push("@Q@ + \"/commune\"", .type, Messages.type(.text)))
                        }
                    } else {
                        \(push("@Q@ + \"/commune\"", .required, Messages.required))
                    }
                    if let dv = a[\(member("detail"))] {
                        if let s = dv.string {
                            if !H.isWellFormed(s) { \(push("@Q@ + \"/detail\"", .encoding, Messages.encoding)) } else if H.isLonger(s, than: \(TypeLibrary.addressDetailMaxLength)) { \(push("@Q@ + \"/detail\"", .max_length, Messages.maxLength(TypeLibrary.addressDetailMaxLength))) }
                        } else {
                            \(push("@Q@ + \"/detail\"", .type, Messages.type(.text)))
                        }
                    }
                    for k in a.keysInJavaScriptOrder where !\(textSet(["province", "commune", "detail"])).contains(k) {
                        \(push("@Q@ + \"/\" + H.token(k)", .unknown_field, Messages.unknownField))
                        if e.count > c.maxErrors { return }
                    }
                    if let units = \(u), let province, let commune, !units.has(commune: commune, inProvince: province) {
                        \(push("@Q@ + \"/commune\"", .admin_unit, Messages.adminUnit))
                    }
                } else {
                    \(push("@Q@", .type, Messages.type(.address)))
                }
                """
        }

        mutating func file(_ field: FieldSpec) -> String {
            let accept = textSet(field.accept)
            let part = "@Q@ + \"/\" + H.token(k)"
            let maxSize = field.maxSize.map { "if n > \($0.value) { \(push(part, .maximum, Messages.fileSize($0.value))) }" } ?? ""
            return """
                if let f = x.object {
                    if !f.has(\(member("name"))) { \(push("@Q@ + \"/name\"", .required, Messages.required)) }
                    if !f.has(\(member("media_type"))) { \(push("@Q@ + \"/media_type\"", .required, Messages.required)) }
                    if !f.has(\(member("size"))) { \(push("@Q@ + \"/size\"", .required, Messages.required)) }
                    for (k, y) in f.membersInJavaScriptOrder {
                        if H.isText(k, "name") {
                            if let s = y.string {
                                if !H.isWellFormed(s) {
                                    \(push(part, .encoding, Messages.encoding))
                                } else {
                                    if s.isEmpty { \(push(part, .min_length, Messages.minLength(1))) }
                                    if H.isLonger(s, than: \(TypeLibrary.fileNameMaxLength)) { \(push(part, .max_length, Messages.maxLength(TypeLibrary.fileNameMaxLength))) }
                                }
                            } else {
                                \(push(part, .type, Messages.type(.text)))
                            }
                        } else if H.isText(k, "media_type") {
                            if let s = y.string {
                                if !\(accept).contains(s) { \(push(part, .option, Messages.mediaType)) }
                            } else {
                                \(push(part, .type, Messages.type(.text)))
                            }
                        } else if H.isText(k, "size") {
                            if let n = H.wholeNumber(y.number) {
                                if n < 0 { \(push(part, .minimum, Messages.minimum(0))) }
                                \(maxSize)
                            } else {
                                \(push(part, .type, Messages.type(.integer)))
                            }
                        } else {
                            \(push(part, .unknown_field, Messages.unknownField))
                            if e.count > c.maxErrors { return }
                        }
                    }
                } else {
                    \(push("@Q@", .type, Messages.type(.file)))
                }
                """
        }
    }
}
