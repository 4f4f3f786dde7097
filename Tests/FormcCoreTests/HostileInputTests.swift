import Foundation
import Testing

@testable import FormcCore

/// Regression tests for what hostile testing and fuzzing found (issue 11): every one of these used to
/// crash, trap or hang. Each now gets a located diagnostic or an "unknown" result.
@Suite("Hostile input")
struct HostileInputTests {
    /// A form with an integer `a.so` and `field` beside it, then `tail` (top-level keys).
    func form(field: String, tail: String = "") -> String {
        """
        formc: 1
        form: bieu-mau
        version: 1.0.0
        title: { vi: Biểu mẫu }
        sections:
          a:
            title: { vi: A }
            fields:
              so: { type: integer, label: { vi: Số } }
              \(field)
        """ + tail
    }

    /// A form whose only expression is `expression`, on a field `a.ket_qua` (line 10).
    func form(visibleWhen expression: String) -> String {
        form(field: "ket_qua: { type: text, label: { vi: Kết quả }, visible_when: '\(expression)' }")
    }

    func syntaxErrors(_ expression: String) -> [Diagnostic] {
        compile(["f.yaml": form(visibleWhen: expression)]).diagnostics.sorted.filter { $0.id == DiagnosticID.expressionSyntax }
    }

    @Test("deep nesting is a located syntax error, not a stack overflow: parentheses, not, minus, long chains")
    func deepExpressions() throws {
        let limit = ExpressionLimits.maxDepth
        // 9,000 parentheses (the fuzzer's crash) are longer than the length limit; 1,500 are not.
        let parens = String(repeating: "(", count: 1_500) + "a.so == 1" + String(repeating: ")", count: 1_500)
        #expect(syntaxErrors(String(repeating: "(", count: 9_000) + "a.so == 1" + String(repeating: ")", count: 9_000)).count == 1)
        let nots = String(repeating: "not ", count: 1_000) + "a.so == 1"
        let minus = "a.so == " + String(repeating: "-", count: 1_000) + "a.so"
        let chain = "a.so == " + Array(repeating: "1", count: 500).joined(separator: " + ")
        for text in [parens, nots, minus, chain] {
            let errors = syntaxErrors(text)
            #expect(errors.count == 1)
            #expect(errors.first?.message.contains("nested more than \(limit) levels") == true, "\(errors.first?.message ?? "")")
            // Located inside the scalar, on the field's line.
            #expect(errors.first?.location?.line == 10)
        }
        // Just inside the limit still compiles.
        let deepest = String(repeating: "(", count: limit - 2) + "a.so == 1" + String(repeating: ")", count: limit - 2)
        #expect(syntaxErrors(deepest).isEmpty)
    }

    @Test("an expression longer than the limit is refused before it is parsed")
    func longExpressions() throws {
        let text = String(repeating: "not ", count: 400_000) + "true"
        let errors = syntaxErrors(text)
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("more than the limit of \(ExpressionLimits.maxLength)") == true)
        #expect(throws: ExpressionSyntaxError.self) { try ExpressionParser.parse(String(repeating: "1", count: ExpressionLimits.maxLength + 1)) }
    }

    func evaluate(_ source: String, _ answers: String) throws -> Value {
        let form = try #require(compile(["f.yaml": form(visibleWhen: "true")]).checked?.forms.first)
        let checked = try TypeChecker(scope: FormScope(form: form, enclosingRepeats: [])).check(source, expecting: nil)
        return Evaluator().evaluate(checked, in: EvaluationContext(answers: try JSONCodec.decode(Array(answers.utf8)), today: testToday))
    }

    @Test("integers outside ±(2^53 − 1) are unknown to the evaluator, and no arithmetic traps")
    func integerOverflow() throws {
        let min = #"{"a": {"so": -9223372036854775808}}"#, max = #"{"a": {"so": 9223372036854775807}}"#
        let nearMax = #"{"a": {"so": 9007199254740991}}"#
        #expect(try evaluate("-a.so", min) == .null)
        #expect(try evaluate("a.so + 1", max) == .null)
        #expect(try evaluate("round_up(a.so, 1000)", max) == .null)
        #expect(try evaluate("round_up(a.so, 1000)", nearMax) == .null)
        #expect(try evaluate("a.so * a.so", nearMax) == .null)
        #expect(try evaluate("-a.so", nearMax) == .int(-9_007_199_254_740_991))
        #expect(try evaluate("a.so - 1 - 1", #"{"a": {"so": -9007199254740991}}"#) == .null)
        #expect(try evaluate("a.so == 1", min) == .bool(false))
    }

    @Test("a spec example with −2^63 under a computed field is checked, not trapped")
    func exampleAtInt64Min() throws {
        let spec = form(field: #"am: { type: integer, label: { vi: Âm }, compute: "-a.so" }"#, tail: """

            examples:
              - name: cực biên
                data: { a: { so: -9223372036854775808, am: 1 } }
            """)
        let result = compile(["f.yaml": spec])
        // The answer is outside the field's range: reported, never a crash.
        #expect(result.diagnostics.hasErrors)
    }

    @Test("tier fees on JSON-safe but enormous answers are unknown or capped, never a trap")
    func feeOverflow() throws {
        let checked = try #require(try CorpusTests.compileCorpus().checked)
        let procedure = try #require(checked.procedures.first { $0.code.value == "2.000815" })
        let huge = 9_007_199_254_740_991
        let answers = try JSONCodec.decode(Array(#"{"de_nghi": {"giay_to": [{"so_trang_ban_chinh": \#(huge), "so_ban_sao": \#(huge)}, {"so_trang_ban_chinh": \#(huge), "so_ban_sao": \#(huge)}]}}"#.utf8))
        let breakdown = FeeCalculator(procedure: procedure).breakdown(
            FeeContext(caseID: nil, channel: .truc_tiep, on: testToday, categories: [], answers: answers))
        #expect(breakdown.total == nil)
        // One copy of an enormous document is the cap: the price is too large to count, but capped.
        let one = try JSONCodec.decode(Array(#"{"de_nghi": {"giay_to": [{"so_trang_ban_chinh": \#(huge), "so_ban_sao": 1}]}}"#.utf8))
        let capped = FeeCalculator(procedure: procedure).breakdown(
            FeeContext(caseID: nil, channel: .truc_tiep, on: testToday, categories: [], answers: one))
        #expect(capped.total == 200_000)
        // 2^53 + 1 pages is not a number JavaScript holds exactly: unknown, as fees.mjs says, not the cap.
        let unsafe = try JSONCodec.decode(Array(#"{"de_nghi": {"giay_to": [{"so_trang_ban_chinh": 9007199254740993, "so_ban_sao": 1}]}}"#.utf8))
        #expect(FeeCalculator(procedure: procedure).breakdown(
            FeeContext(caseID: nil, channel: .truc_tiep, on: testToday, categories: [], answers: unsafe)).total == nil)
        guard case .tiers(let tiers)? = procedure.fees.first?.amount else { Issue.record("no tiers"); return }
        #expect(FeeCalculator.price(units: Int64.max, rates: tiers.rates) == nil)

        let directory = try TemporaryDirectory()
        try directory.write("answers.json", #"{"de_nghi": {"giay_to": [{"so_trang_ban_chinh": \#(huge), "so_ban_sao": \#(huge)}, {"so_trang_ban_chinh": \#(huge), "so_ban_sao": \#(huge)}]}}"#)
        let fee = try run(formcExecutable, ["fee", "2.000815", "--input", directory.path("answers.json"), "--on", "2026-03-02", "--format", "json"], in: packageRoot)
        // Exit 1: the total is unknown (a trap would end the process with a signal).
        #expect(fee.status == 1, "\(fee.stdout) \(fee.stderr)")
        #expect(try JSONCodec.decode(Array(fee.stdout.utf8))["total"] == .null)
    }

    @Test("an unreadable unit catalogue is one error at the project file, not one per address field")
    func catalogueCascade() throws {
        let project = "formc: 1\nproject: thu\nadministrative_units: missing.json\n"
        var fields = ""
        for i in 0..<40 { fields += "      dia_chi_\(i): { type: address_vn, label: { vi: Địa chỉ } }\n" }
        let form = minimalForm + "\n" + fields
        for catalogue in [nil, Array("{ not json".utf8)] {
            let result = compile(["formc.yaml": project, "a.yaml": form], extraFiles: catalogue.map { ["missing.json": $0] } ?? [:])
            let problems = result.diagnostics.sorted.filter { $0.id == DiagnosticID.catalogueProblem }
            #expect(problems.count == 1, "\(problems.map(\.message))")
            #expect(problems.first?.location?.file == "formc.yaml")
            #expect(problems.first?.location?.line == 3)
        }
        // A project that names no catalogue still gets the error at each address field.
        let unnamed = compile(["formc.yaml": "formc: 1\nproject: thu\n", "a.yaml": minimalForm + "\n" + fields])
        #expect(unnamed.diagnostics.sorted.filter { $0.id == DiagnosticID.catalogueProblem }.count == 40)
    }

    @Test("a spec pattern that backtracks exponentially is a located E0306 error, and nothing is emitted")
    func redosPattern() throws {
        let result = compile(["f.yaml": form(field: #"ma: { type: text, label: { vi: Mã }, max_length: 100, pattern: "(a+)+b" }"#)])
        let problems = result.diagnostics.sorted.filter { $0.id == DiagnosticID.nonPortablePattern }
        #expect(problems.count == 1)
        #expect(problems.first?.message.contains("exponential time") == true)
        #expect(problems.first?.location?.line == 10)
        #expect(result.artifacts == nil)
    }

    static let listForm = """
        formc: 1
        form: danh-sach
        version: 1.0.0
        title: { vi: Danh sách, en: Lists }
        sections:
          a:
            title: { vi: A, en: A }
            fields:
              ghi_chu: { type: text, label: { vi: Ghi chú, en: Note } }
              ngay: { type: date, label: { vi: Ngày, en: Date } }
              con:
                type: repeat
                label: { vi: Con, en: Children }
                repeat: { max: 5 }
                fields:
                  ten: { type: text, label: { vi: Tên, en: Name }, required: true }
              ds:
                type: repeat
                label: { vi: Danh sách, en: List }
                fields:
                  ten: { type: text, label: { vi: Tên, en: Name }, required: true }
        """

    @Test("validate.mjs is bounded: an error limit, no look into lists past max_items, broken text refused; formc agrees")
    func boundedJavaScriptValidator() throws {
        let node = try #require(which("node") ?? which("nodejs"), "node is needed; scripts/test.sh installs it")
        let directory = try TemporaryDirectory()
        try directory.write("specs/danh-sach.yaml", Self.listForm)
        let build = try run(formcExecutable, ["build", directory.path("specs"), "--out", directory.path("out")])
        try #require(build.status == 0, "\(build.stderr)")
        let module = URL(fileURLWithPath: directory.path("out/forms/danh-sach/1.0.0/validate.mjs")).absoluteString
        let script = """
            import { validate } from \(JavaScript.string(module));
            const summary = (r) => r.errors.map((e) => e.path + ' ' + e.rule);
            const million = { a: { ds: Array.from({ length: 1000000 }, () => ({})) } };
            const keys = { a: {} };
            for (let i = 0; i < 1000000; i++) keys.a['k' + i] = i;
            const refused = [];
            for (const maxErrors of [0, -1, 1.5, '10', Infinity]) {
              try { validate({}, { maxErrors }); refused.push(false); } catch (e) { refused.push(e instanceof RangeError); }
            }
            console.log(JSON.stringify({
              million: summary(validate(million)),
              millionMessage: validate(million).errors.at(-1).message,
              three: summary(validate(million, { maxErrors: 3 })),
              keys: summary(validate(keys)).length,
              over: summary(validate({ a: { con: Array.from({ length: 6 }, () => ({ bad: 1 })) } })),
              small: summary(validate({ a: { ds: Array.from({ length: 150 }, () => ({})) } })),
              text: summary(validate(JSON.parse('{"a": {"ghi_chu": "Nguy\\ud800n", "a\\udc00": 1, "ngay": "0000-01-01"}}'))),
              fffd: summary(validate({ a: { ghi_chu: 'Nguy\\ufffdn' } })),
              refused,
            }));
            """
        let result = try run(node, ["--input-type=module", "-e", script])
        try #require(result.status == 0, "\(result.stderr)")
        let output = try JSONCodec.decode(Array(result.stdout.utf8))
        func list(_ key: String) -> [String] { output[key]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        let million = list("million")
        #expect(million.count == 101)
        #expect(million.first == "/a/ds/0/ten required")
        #expect(million.last == " too_many_errors")
        #expect(output["millionMessage"]?["en"]?.stringValue == "There are more errors; only the first 100 are listed")
        #expect(list("three") == ["/a/ds/0/ten required", "/a/ds/1/ten required", "/a/ds/2/ten required", " too_many_errors"])
        #expect(output["keys"] == .integer(101))
        // Six items where five are allowed: one error, none for the items.
        #expect(list("over") == ["/a/con max_items"])
        #expect(list("text") == ["/a/ghi_chu encoding", "/a/ngay format", "/a/a\u{FFFD} unknown_field"])
        #expect(list("fffd") == ["/a/ghi_chu encoding"])
        #expect(output["refused"]?.arrayValue == Array(repeating: .bool(true), count: 5))

        // formc's own validator gives the same errors on what jansson can read.
        let form = try #require(compile(["f.yaml": Self.listForm]).checked?.forms.first)
        func formc(_ json: String) throws -> [String] {
            SubmissionValidator(catalogue: nil, today: testToday).validate(try JSONCodec.decode(Array(json.utf8)), against: form).map { "\($0.path) \($0.name)" }
        }
        let items = Array(repeating: "{}", count: 150).joined(separator: ",")
        #expect(try formc(#"{"a": {"ds": [\#(items)]}}"#) == list("small"))
        #expect(try formc(#"{"a": {"con": [{"bad": 1}, {"bad": 1}, {"bad": 1}, {"bad": 1}, {"bad": 1}, {"bad": 1}]}}"#) == list("over"))
        #expect(try formc(#"{"a": {"ghi_chu": "Nguy\#u{FFFD}n"}}"#) == list("fffd"))
    }

    /// The number of JSON values in a JSON document.
    static func count(_ value: JSONValue) -> Int {
        switch value {
        case .array(let items): 1 + items.reduce(0) { $0 + count($1) }
        case .object(let members): 1 + members.reduce(0) { $0 + count($1.value) }
        default: 1
        }
    }

    @Test("an expression whose JSON Logic form would double with each level is refused (the fuzzer's out-of-memory)")
    func loweredSize() throws {
        // 58 minus signs before a product: 2^58 JSON values once every null guard repeats its operand.
        let found = try String(contentsOf: packageRoot.appendingPathComponent("Tests/Fuzz/regressions/expression/negations-of-a-product-double-the-json-logic.txt"), encoding: .utf8)
        let errors = syntaxErrors("a.so == " + found)
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("too large once written as JSON Logic") == true, "\(errors.first?.message ?? "")")
        // The weight bounds the real size: every expression of the corpus, and some heavy ones.
        let corpus = try #require(try CorpusTests.compileCorpus().checked)
        var checkedExpressions = corpus.forms.flatMap { LogicVectors(form: $0, today: testToday).entries().map(\.checked) }
        #expect(checkedExpressions.count > 10)
        // The corpus is far from the limit.
        #expect(checkedExpressions.allSatisfy { $0.expression.weight < ExpressionLimits.maxLoweredWeight / 10 })
        let form = try #require(compile(["f.yaml": form(visibleWhen: "true")]).checked?.forms.first)
        for text in ["- - - - - - a.so * a.so", "round_up(-a.so + 1, 7) >= a.so", "a.so + a.so + (a.so + 1) * 2 * a.so - a.so - 3",
                     Array(repeating: "a.so", count: 60).joined(separator: " + "), "age(date('2000-01-01'), today()) in [1, 2, -a.so]",
                     "if not (a.so < 3 or a.so > 2) then min(a.so, -a.so) else max([a.so, a.so * 2])"] {
            checkedExpressions.append(try TypeChecker(scope: FormScope(form: form)).check(text, expecting: nil))
        }
        for checked in checkedExpressions {
            let size = Self.count(LogicLowering.lower(checked))
            #expect(size <= checked.expression.weight, "\(checked.source): \(size) JSON values, weight \(checked.expression.weight)")
        }
    }

    @Test("a spec pattern that cannot match a line feed: python jsonschema, jsonschema-rs and ajv refuse a trailing newline as formc does")
    func trailingNewlineInSpecPatterns() throws {
        let python = try #require(ProcessInfo.processInfo.environment["FORMC_PYTHON"] ?? which("python3"), "python3 is needed")
        let node = try #require(which("node") ?? which("nodejs"), "node is needed; scripts/test.sh installs it")
        let directory = try TemporaryDirectory()
        try directory.write("specs/ho-chieu.yaml", """
            formc: 1
            form: ho-chieu
            version: 1.0.0
            title: { vi: Hộ chiếu, en: Passport }
            sections:
              a:
                title: { vi: A, en: A }
                fields:
                  so_ho_chieu: { type: text, label: { vi: Số hộ chiếu, en: Passport number }, pattern: '[A-Z][0-9]{7}', required: true }
                  ghi_chu: { type: text, label: { vi: Ghi chú, en: Note }, pattern: '[^<>]*' }
            examples:
              - name: hợp lệ
                data: { a: { so_ho_chieu: C1234567, ghi_chu: "Dòng một" } }
            """)
        let build = try run(formcExecutable, ["build", directory.path("specs"), "--out", directory.path("out")])
        try #require(build.status == 0, "\(build.stderr)")
        let schema = try JSONCodec.decode([UInt8](try Data(contentsOf: URL(fileURLWithPath: directory.path("out/forms/ho-chieu/1.0.0/schema.json")))))
        let fields = schema["properties"]?["a"]?["properties"]
        #expect(fields?["so_ho_chieu"]?["not"]?["pattern"] == .string("\n"))
        #expect(fields?["ghi_chu"]?["not"] == nil, "[^<>]* can match a line feed, so it is not refused outright")
        let vectors = try String(contentsOfFile: directory.path("out/forms/ho-chieu/1.0.0/vectors.json"), encoding: .utf8)
        #expect(vectors.contains("C1234567\\n"), "a near miss ends in a newline")
        let judge = try run(python, [packageRoot.appendingPathComponent("Tests/Judges/judge_schemas.py").path, directory.path("out")])
        #expect(judge.status == 0 && judge.stdout.contains(" 0 disagreements"), "\(judge.stdout)\(judge.stderr)")
        var environment = ProcessInfo.processInfo.environment
        environment["NODE_PATH"] = ["/usr/share/nodejs", environment["NODE_PATH"]].compactMap { $0 }.joined(separator: ":")
        let ajv = try run(node, [packageRoot.appendingPathComponent("Tests/Judges/judge_draft07.js").path, directory.path("out")], environment: environment)
        #expect(ajv.status == 0 && ajv.stdout.contains(" 0 disagreements"), "\(ajv.stdout)\(ajv.stderr)")
    }
}
