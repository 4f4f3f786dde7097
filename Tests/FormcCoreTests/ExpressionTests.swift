import Foundation
import Testing

@testable import FormcCore

/// A form with fields of every kind expressions care about, including a repeating group.
private let logicForm = """
    formc: 1
    form: bieu-mau-logic
    version: 1.0.0
    title: { vi: Biểu mẫu, en: Form }
    sections:
      a:
        title: { vi: A }
        fields:
          ten: { type: text, label: { vi: Tên } }
          so: { type: integer, label: { vi: Số } }
          tien: { type: money_vnd, label: { vi: Tiền } }
          ngay: { type: date, label: { vi: Ngày } }
          co: { type: boolean, label: { vi: Có } }
          chon: { type: choice, label: { vi: Chọn }, options: { x: { vi: X }, y: { vi: Y } } }
          nhieu: { type: multi_choice, label: { vi: Nhiều }, options: { x: { vi: X }, y: { vi: Y } } }
      con:
        title: { vi: Con }
        repeat: { max: 5 }
        fields:
          ngay_sinh: { type: date, label: { vi: Ngày sinh } }
          so_ban: { type: integer, label: { vi: Số bản } }
    """

@Suite("Expressions")
struct ExpressionTests {
    func form() throws -> FormSpec {
        let result = compile(["f.yaml": logicForm])
        return try #require(result.checked?.forms.first)
    }

    func check(_ source: String, _ expected: ValueType? = nil, inside repeats: Set<String> = []) throws -> CheckedExpression {
        try TypeChecker(scope: FormScope(form: try form(), enclosingRepeats: repeats)).check(source, expecting: expected)
    }

    func evaluate(_ source: String, _ answers: String, items: [String: Int] = [:], inside repeats: Set<String> = []) throws -> Value {
        let checked = try check(source, inside: repeats)
        let json = try JSONCodec.decode(Array(answers.utf8))
        return Evaluator().evaluate(checked, in: EvaluationContext(answers: json, currentItems: items, today: testToday))
    }

    @Test("precedence: if < or < and < not < comparison < + - < * < unary minus")
    func precedence() throws {
        #expect(try evaluate("1 + 2 * 3 == 7 and not false or false", "{}") == .bool(true))
        #expect(try evaluate("if 1 < 2 then 10 - 2 - 3 else 0", "{}") == .int(5))
        #expect(try evaluate("-2 * 3", "{}") == .int(-6))
    }

    @Test("types: each operand is checked, and the error points at its token")
    func typeErrors() throws {
        let cases: [(String, Int, String)] = [
            ("a.so + a.ten", 7, "two values of one type"),
            ("a.tien * a.tien", 9, "money times money"),
            ("a.tien + a.so", 9, "money and integer"),
            ("a.chon == 'z'", 10, "not an option"),
            ("a.ngay < 5", 9, "date and integer"),
            ("a.tne == 'x'", 2, "did you mean 'ten'"),
            ("lenn(a.nhieu) > 1", 0, "did you mean 'len'"),
            ("len(a.ngay) > 1", 4, "characters of a text"),
            ("len(substr(a.ten, 1)) > 1", 4, "takes a field"),
            ("a.nhieu == a.nhieu", 0, "not compared"),
            ("a.so", 0, "expected a bool"),
            ("con.ngay_sinh < a.ngay", 16, "date"),
        ]
        for (source, offset, fragment) in cases {
            let scope = FormScope(form: try form())
            do {
                _ = try TypeChecker(scope: scope).check(source, expecting: .bool)
                Issue.record("\(source) type-checked")
            } catch {
                #expect(error.offset == offset, "\(source): \(error.message)")
                #expect(error.message.contains(fragment), "\(source): \(error.message)")
            }
        }
    }

    @Test("integer literals adapt to money; money keeps its type through arithmetic")
    func money() throws {
        #expect(try check("a.tien + 5000", .money).type == .money)
        #expect(try check("a.tien * a.so", .money).type == .money)
        #expect(try check("round_up(a.tien * 3, 1000)", .money).type == .money)
        #expect(try check("2000 * 3", .money).type == .money)
    }

    @Test("missing answers are null: comparisons are false, arithmetic is null, is_set tells")
    func missingValues() throws {
        #expect(try evaluate("a.so > 1", "{}") == .bool(false))
        #expect(try evaluate("a.so <= 1", "{}") == .bool(false))
        #expect(try evaluate("a.so + 1", "{}") == .null)
        #expect(try evaluate("is_set(a.so)", "{\"a\": {\"so\": 0}}") == .bool(true))
        #expect(try evaluate("a.ten != 'x'", "{}") == .bool(true))
        #expect(try evaluate("count(con.so_ban)", "{}") == .int(0))
    }

    @Test("paths through a repeating group: a list outside it, the current item inside it")
    func repeats() throws {
        let answers = #"{"con": [{"so_ban": 2, "ngay_sinh": "2020-01-01"}, {"so_ban": 3}]}"#
        #expect(try evaluate("sum(con.so_ban)", answers) == .int(5))
        #expect(try evaluate("count(con.ngay_sinh)", answers) == .int(1))
        #expect(try evaluate("max(con.so_ban)", answers) == .int(3))
        #expect(try evaluate("con.so_ban * 10", answers, items: ["con": 1], inside: ["con"]) == .int(30))
        #expect(try check("con.so_ban", inside: []).type == .list(.int))
    }

    @Test("functions: age, years_between, len, round_up, min, max, in")
    func functions() throws {
        let answers = #"{"a": {"ngay": "2000-02-29", "ten": "Việt", "chon": "y", "nhieu": ["x"]}}"#
        #expect(try evaluate("age(a.ngay)", answers) == .int(26))
        #expect(try evaluate("years_between(a.ngay, date('2001-02-28'))", answers) == .int(0))
        #expect(try evaluate("years_between(a.ngay, date('2001-03-01'))", answers) == .int(1))
        #expect(try evaluate("len(a.nhieu) + len([1, 2])", answers) == .int(3))
        #expect(try evaluate("round_up(2001, 1000)", answers) == .int(3000))
        #expect(try evaluate("round_up(2000, 1000)", answers) == .int(2000))
        #expect(try evaluate("min(3, 1, 2) + max(3, 1, 2)", answers) == .int(4))
        #expect(try evaluate("a.chon in ['x', 'y'] and 'x' in a.nhieu", answers) == .bool(true))
        #expect(try evaluate("today() == date('2026-11-25')", answers) == .bool(true))
    }

    @Test("results stay within ±(2^53 − 1): beyond it they are null")
    func overflow() throws {
        #expect(try evaluate("9007199254740991 + 1", "{}") == .null)
        #expect(try evaluate("9007199254740991 * 9007199254740991", "{}") == .null)
    }

    @Test("syntax errors point at the offending character", arguments: [
        ("a.so = 1", 5), ("a.so / 2", 5), ("if a.co then 1", 14), ("(a.so", 5), ("a.so > 1 > 0", 9), ("'abc", 0), ("a.so && a.co", 5),
    ] as [(String, Int)])
    func syntaxErrors(_ source: String, _ offset: Int) {
        do {
            _ = try ExpressionParser.parse(source)
            Issue.record("\(source) parsed")
        } catch {
            #expect(error.offset == offset, "\(source): \(error.message)")
        }
    }

    @Test("errors inside plain, quoted and block scalars land on the token's line and column")
    func positionsInScalars() throws {
        let spec = logicForm + "\n" + [
            "      ghi_chu:",
            "        type: text",
            "        label: { vi: Ghi chú }",
            "        required_when: >-",
            "          a.so > 1",
            "          and a.chon == 'z'",
            "      ghi_chu_2: { type: text, label: { vi: Ghi chú 2 }, visible_when: \"a.co and \\\"x\\\" == a.sai\" }",
        ].joined(separator: "\n")
        let result = compile(["f.yaml": spec])
        let errors = result.diagnostics.sorted.filter { $0.id == .expressionType }
        // Line 27: "          and a.chon == 'z'" — the 'z' is at column 25 of the block scalar's line.
        // Line 28: the unknown segment "sai", after the escaped quotes, at column 93.
        #expect(errors.map(\.location?.line) == [27, 28], "\(errors)")
        #expect(errors.map(\.location?.column) == [25, 93], "\(errors)")
    }
}

@Suite("Expressions across evaluators")
struct CrossEvaluatorTests {
    @Test("formc, the emitted fees.mjs evaluator and panzi-json-logic agree on the torture fixture")
    func tortureFixture() throws {
        let fixture = packageRoot.appendingPathComponent("Tests/FormcCoreTests/Fixtures/logic-torture.yaml").path
        let text = try String(contentsOfFile: fixture, encoding: .utf8)
        // Build the fixture together with one level-4 corpus procedure, whose fees.mjs carries the evaluator.
        let procedureFile = packageRoot.appendingPathComponent("forms/procedures/2.000635-cap-ban-sao-trich-luc-ho-tich.yaml").path
        let formFile = packageRoot.appendingPathComponent("forms/forms/to-khai-cap-ban-sao-trich-luc-ho-tich.yaml").path
        let optionsFile = packageRoot.appendingPathComponent("forms/options/su_kien_ho_tich.yaml").path
        let result = compile([
            "logic-torture.yaml": text,
            "p.yaml": try String(contentsOfFile: procedureFile, encoding: .utf8),
            "f.yaml": try String(contentsOfFile: formFile, encoding: .utf8),
            "o.yaml": try String(contentsOfFile: optionsFile, encoding: .utf8),
        ])
        try #require(!result.diagnostics.hasErrors, "\(DiagnosticRenderer.text(result.diagnostics.sorted, sources: result.sources, colour: false))")
        let artifacts = try #require(result.artifacts)
        let vectors = try #require(artifacts.first { $0.path == "forms/kiem-thu-logic/1.0.0/vectors.json" })
        let logic = try #require(try JSONCodec.decode(vectors.bytes)["logic"]?.arrayValue)
        #expect(logic.count == 29)
        let directory = try TemporaryDirectory()
        try OutputWriter.write(artifacts, to: directory.path("out"))
        try CorpusTests.runLogicJudges(directory.path("out"))
        try CorpusTests.runValidatorJudge(directory.path("out"))
    }
}

@Suite("Near misses judged by the sections they reach")
struct SectionReachTests {
    /// Every near miss of every form, judged twice: all of it, and only the sections its change
    /// reaches (what the vectors are made with). The bundled corpus and the torture fixture, whose
    /// sections read each other through visibility, requirement, computed values and checks.
    @Test("validating only the sections a near miss reaches gives exactly the errors of validating all of it")
    func reachAgreesWithWholeValidation() throws {
        let fixture = try String(contentsOfFile: packageRoot.appendingPathComponent("Tests/FormcCoreTests/Fixtures/logic-torture.yaml").path, encoding: .utf8)
        let torture = compile(["logic-torture.yaml": fixture])
        let results = [try CorpusTests.compileCorpus(), torture]
        var judged = 0, narrowed = 0
        for result in results {
            let checked = try #require(result.checked)
            for form in checked.forms {
                let outcomes = checked.exampleOutcomes[CheckedSpecs.key(form)] ?? []
                guard let base = zip(form.examples, outcomes).first(where: { $0.1.isEmpty })?.0 else { continue }
                let validator = SubmissionValidator(catalogue: checked.catalogue, today: base.today ?? testToday)
                let reach = SectionReach(form)
                for mutation in NearMisses(form: form).mutations(of: base.data) {
                    let sections = reach.sections(changedBy: mutation.section)
                    let whole = validator.validate(mutation.data, against: form)
                    #expect(validator.validate(mutation.data, against: form, onlySections: sections) == whole, "\(form.id.value): \(mutation.name)")
                    judged += 1
                    if sections.count < form.sections.count { narrowed += 1 }
                }
            }
        }
        // The comparison means something: many near misses, most of them judged on fewer sections.
        #expect(judged > 500)
        #expect(narrowed * 2 > judged)
    }

    @Test("a section whose expressions read another is validated again when that one changes")
    func readersAreReached() throws {
        let fixture = try String(contentsOfFile: packageRoot.appendingPathComponent("Tests/FormcCoreTests/Fixtures/logic-torture.yaml").path, encoding: .utf8)
        let form = try #require(compile(["logic-torture.yaml": fixture]).checked?.forms.first)
        let reach = SectionReach(form)
        // Some change in the fixture reaches a section other than its own.
        #expect(form.sections.contains { reach.sections(changedBy: $0.name).count > 1 })
    }
}

@Suite("Identifier cross-checks and text functions")
struct IdentifierCrossCheckTests {
    static func form(_ matches: String, extra: String = "") -> String {
        """
        formc: 1
        form: thu-nghiem
        version: 1.0.0
        title: { vi: Thử nghiệm, en: Test }
        sections:
          a:
            title: { vi: A }
            fields:
              ngay_sinh: { type: date, label: { vi: Ngày sinh } }
              gioi_tinh: { type: choice, label: { vi: Giới tính }, options: { nam: { vi: Nam }, nu: { vi: Nữ } } }
              loai: { type: choice, label: { vi: Loại }, options: { x: { vi: X } } }
              so: { type: cccd, label: { vi: Số định danh }, matches: \(matches) }\(extra)
        """
    }

    @Test("matches: names a date and a sex choice with nam and nu; other answers are located errors")
    func misuse() {
        for (matches, fragment) in [
            ("{ birth_date: a.ngay_sinhh }", "ngay_sinh"),
            ("{ birth_date: a.gioi_tinh }", "date"),
            ("{ sex: a.loai }", "nam and nu"),
            ("{ sex: a.ngay_sinh }", "string"),
            ("{ nam_sinh: a.ngay_sinh }", "nam_sinh"),
        ] {
            let result = compile(["a.yaml": Self.form(matches)])
            let errors = result.diagnostics.diagnostics.filter { $0.severity == .error }
            #expect(errors.count == 1 && errors[0].message.contains(fragment), "\(matches): \(errors.map(\.message))")
            #expect(errors.first?.location?.line == 12, "\(matches)")
        }
        #expect(!compile(["a.yaml": Self.form("{ birth_date: a.ngay_sinh, sex: a.gioi_tinh }")]).diagnostics.hasErrors)
    }

    @Test("a field may not be named length: JSON Logic reads a text's length as ….length")
    func reservedName() {
        let result = compile(["a.yaml": Self.form("{ sex: a.gioi_tinh }", extra: "\n      length: { type: integer, label: { vi: Độ dài } }")])
        #expect(result.diagnostics.diagnostics.contains { $0.id == .invalidIdentifier && $0.message.contains("'length' is reserved") })
    }

    @Test("the century, year and sex digits, checked only once the number passed its own rules")
    func crossCheck() throws {
        let result = compile(["a.yaml": Self.form("{ birth_date: a.ngay_sinh, sex: a.gioi_tinh }")])
        let form = try #require(result.checked?.forms.first)
        func rules(_ so: String, _ born: String?, _ sex: String?) throws -> [String] {
            var a = #"{"so": "\#(so)""#
            if let born { a += #", "ngay_sinh": "\#(born)""# }
            if let sex { a += #", "gioi_tinh": "\#(sex)""# }
            let data = try JSONCodec.decode(Array(#"{"a": \#(a)}}"#.utf8))
            return SubmissionValidator(catalogue: nil, today: testToday).validate(data, against: form).map(\.name)
        }
        #expect(try rules("031300001234", "2000-07-15", "nu") == [])
        #expect(try rules("031200001234", "2000-07-15", "nam") == [])
        #expect(try rules("031095001234", "1995-01-01", "nam") == [])
        #expect(try rules("031195001234", "1995-01-01", "nam") == ["cccd_sex"])
        #expect(try rules("031095001234", "2095-01-01", "nam") == ["cccd_birth_date"])
        #expect(try rules("031096001234", "1995-01-01", "nu") == ["cccd_birth_date", "cccd_sex"])
        #expect(try rules("031495001234", "2195-01-01", "nam") == [])
        #expect(try rules("031895001234", "2395-01-01", "nam") == [])
        // Nothing to compare with: no error from the cross-check.
        #expect(try rules("031095001234", nil, nil) == [])
        #expect(try rules("031095001234", "1995-02-30", "nu") == ["format", "cccd_sex"])
        // A number that fails its own rules is not cross-checked.
        #expect(try rules("0310950012", "2000-01-01", "nu") == ["pattern"])
        #expect(try rules("000095001234", "2000-01-01", "nu") == ["cccd_province"])
    }
}
