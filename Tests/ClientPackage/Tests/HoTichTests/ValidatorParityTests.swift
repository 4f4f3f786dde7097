import Foundation
import FormcRuntime
import HoTich
import Testing

/// The generated Swift validators held to the generated JavaScript: every conformance vector of every
/// form in the target, validated by the Swift validator, gives exactly the errors `validate.mjs` gave
/// under node — same paths, rule ids, messages, same order — and exactly formc's own; every logic
/// vector gives the value of the JavaScript expression.
///
/// `scripts/test-client-package.sh` prepares `Artifacts/`: the command plugin writes the target's
/// artifacts there, and `Tests/Judges/js_results.mjs` runs their validate.mjs on every vector
/// (`js-results.json`, with the exact data JavaScript validated).
struct ValidatorParityTests {
    /// Every form version of the target, by `id@version`.
    static var forms: [String: (validate: Forms.Validate, evaluate: Forms.Evaluate)] { Forms.all }

    /// What JavaScript answered, read with FormcRuntime's own parser (members in order), once for
    /// every test that compares with it.
    static func javascriptResults() throws -> JSONObject { try parsedResults.get() }

    private static let parsedResults = Result<JSONObject, any Error> {
        let file = URL(fileURLWithPath: #filePath).appendingPathComponent("../../../Artifacts/js-results.json").standardizedFileURL
        guard let bytes = FileManager.default.contents(atPath: file.path) else {
            throw Missing(what: "\(file.path): run scripts/test-client-package.sh, which writes it")
        }
        guard case .object(let results) = try JSON(parsing: bytes) else { throw Missing(what: "a JSON object in js-results.json") }
        return results
    }

    struct Missing: Error { var what: String }

    /// The form's validator given the submission as JSON text, which it reads into a tape.
    static func tapeValidate(_ id: String, _ data: JSON, _ today: CalendarDate) throws -> ValidationResult {
        let form = try #require(Forms.definitions.first { Forms.key($0) == id })
        return form.validate(try JSONTape(parsing: data.description), today: today, maxErrors: ValidationLimits.defaultMaxErrors)
    }

    /// The errors as validate.mjs writes them, for comparing with its output.
    static func json(_ result: ValidationResult) -> JSON {
        .object([
            "valid": .bool(result.valid),
            "errors": .array(result.errors.map { error in
                var message: JSONObject = ["vi": .string(error.message.vi)]
                if let en = error.message.en { message["en"] = .string(en) }
                return .object(["path": .string(error.path), "rule": .string(error.rule), "message": .object(message)])
            }),
        ])
    }

    /// Exact equality: same members in the same order, strings by code points.
    static func identical(_ a: JSON, _ b: JSON) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            x.keys.count == y.keys.count && zip(x, y).allSatisfy { $0.key.utf8.elementsEqual($1.key.utf8) && identical($0.value, $1.value) }
        case (.array(let x), .array(let y)): x.count == y.count && zip(x, y).allSatisfy { identical($0, $1) }
        case (.string(let x), .string(let y)): x.utf8.elementsEqual(y.utf8)
        default: a == b
        }
    }

    @Test func swiftAndJavaScriptValidatorsAgreeOnEveryVector() throws {
        let results = try Self.javascriptResults()
        let forms = try #require(results["forms"]?.array)
        var vectors = 0, errors = 0, bodies = 0
        var seen: Set<String> = []
        for form in forms {
            let id = try #require(form["form"]?.string) + "@" + (try #require(form["version"]?.string))
            let validator = try #require(Self.forms[id], "no generated validator for form \(id)")
            seen.insert(id)
            for vector in form["vectors"]?.array ?? [] {
                let name = vector["name"]?.string ?? "?"
                let today = try #require(CalendarDate(vector["today"]?.string ?? ""))
                // Prefill vectors carry what the data sources hold; the others have null.
                let swift = Self.json(validator.validate(vector["data"] ?? .null, today, vector["prefill"] ?? .null, ValidationLimits.defaultMaxErrors))
                let javascript = try #require(vector["javascript"])
                #expect(Self.identical(swift, javascript), "\(id): '\(name)': Swift \(swift) but validate.mjs \(javascript)")
                // The same answers read from the body's text in place (`validate(json:)`'s tape).
                if vector["prefill"] ?? .null == .null {
                    let tape = Self.json(try Self.tapeValidate(id, vector["data"] ?? .null, today))
                    #expect(Self.identical(tape, javascript), "\(id): '\(name)': Swift from the body \(tape) but validate.mjs \(javascript)")
                    bodies += 1
                }
                // formc's own errors too (vectors.json), in the same order.
                #expect(Self.identical(swift["errors"] ?? .null, vector["formc"] ?? .null), "\(id): '\(name)': Swift and formc differ")
                vectors += 1
                errors += swift["errors"]?.array?.count ?? 0
            }
        }
        // Every form of the target was compared (the combined declaration too: its 81 vectors, 80
        // errors), and the corpus's 564 vectors are among these.
        #expect(seen == Set(Self.forms.keys))
        #expect(vectors >= 773, "only \(vectors) vectors")
        #expect(bodies >= 761, "only \(bodies) vectors read from their text")
        #expect(errors >= 743, "only \(errors) errors expected across the vectors")
    }

    @Test func swiftAndJavaScriptValidatorsAgreeOnRandomNearMisses() throws {
        // js_results.mjs changes one place of a vector at random (seeded): a value swapped for an
        // awkward one, a member removed, or a member such as __proto__, "10" or a decomposed é added.
        let results = try Self.javascriptResults()
        var cases = 0, invalid = 0
        for form in try #require(results["forms"]?.array) {
            let id = try #require(form["form"]?.string) + "@" + (try #require(form["version"]?.string))
            let validator = try #require(Self.forms[id])
            for (index, vector) in (form["fuzz"]?.array ?? []).enumerated() {
                let today = try #require(CalendarDate(vector["today"]?.string ?? ""))
                let swift = Self.json(validator.validate(vector["data"] ?? .null, today, .null, ValidationLimits.defaultMaxErrors))
                let javascript = try #require(vector["javascript"])
                #expect(Self.identical(swift, javascript), "\(id): random case \(index): Swift \(swift) but validate.mjs \(javascript)")
                let tape = Self.json(try Self.tapeValidate(id, vector["data"] ?? .null, today))
                #expect(Self.identical(tape, javascript), "\(id): random case \(index): Swift from the body \(tape) but validate.mjs \(javascript)")
                cases += 1
                if swift["valid"] == false { invalid += 1 }
            }
        }
        #expect(cases >= 1200, "only \(cases) random cases")
        #expect(invalid >= cases / 2, "the random cases should mostly be near misses")
    }

    /// A validator given what the identity source holds refuses a locked answer changed from it, and
    /// accepts it as the source has it; without the source's data the lock is not checked.
    @Test func lockedPrefilledAnswers() throws {
        let today = try #require(CalendarDate("2026-11-25"))
        let answers: JSON = ["nguoi_yeu_cau": ["ho_ten": "Hoàng Thị Thu", "so_dinh_danh": "079185006789"],
                             "giay_to": [["ten_giay_to": "Giấy khai sinh", "so_trang_ban_chinh": 1, "so_ban_sao": 1]]]
        #expect(DeNghiChungThucBanSao.validate(answers, today: today).valid)
        let same: JSON = ["identity": ["ho_ten": "Hoàng Thị Thu", "so_dinh_danh": "079185006789"]]
        #expect(DeNghiChungThucBanSao.validate(answers, today: today, prefill: same).valid)
        let other: JSON = ["identity": ["ho_ten": "Hoàng Thị Thu Hà", "so_dinh_danh": "079185006789"]]
        let refused = DeNghiChungThucBanSao.validate(answers, today: today, prefill: other)
        #expect(refused.errors.map(\.path) == ["/nguoi_yeu_cau/ho_ten"] && refused.errors.map(\.rule) == ["prefill_locked"])
        #expect(refused.errors.first?.message.vi.contains("Cơ sở dữ liệu quốc gia về dân cư") == true)
    }

    @Test func swiftAndJavaScriptExpressionsAgreeOnEveryLogicVector() throws {
        let results = try Self.javascriptResults()
        var cases = 0
        for form in try #require(results["forms"]?.array) {
            let id = try #require(form["form"]?.string) + "@" + (try #require(form["version"]?.string))
            let validator = try #require(Self.forms[id])
            for vector in form["logic"]?.array ?? [] {
                let expression = try #require(vector["id"]?.string)
                var context = ValidationContext(root: vector["root"] ?? .null, today: try #require(CalendarDate(vector["today"]?.string ?? "")))
                if case .object(let items)? = vector["items"] { for (key, item) in items { context.items[key] = item } }
                let value = try #require(validator.evaluate(expression, context), "\(id): no expression \(expression)")
                #expect(value == vector["javascript"], "\(id): \(expression): Swift \(value), JavaScript \(vector["javascript"] ?? .null)")
                #expect(value == vector["formc"], "\(id): \(expression): Swift \(value), formc \(vector["formc"] ?? .null)")
                cases += 1
            }
        }
        #expect(cases >= 165, "only \(cases) logic vectors")
    }

    @Test func validatesJSONTextAsJavaScriptReadsIt() throws {
        let today = try #require(CalendarDate("2026-11-25"))
        // Unknown members are reported in JavaScript's order: integer-like keys first, ascending.
        let text = #"{"tre": {}, "zeta": 1, "10": 2, "2": 3, "nguoi_yeu_cau": {"ho_ten": "Nguye\u0302\u0303n Văn A"}}"#
        let result = try SpecsFormsToKhaiDangKyKhaiSinh.validate(json: Array(text.utf8), today: today)
        let unknown = result.errors.filter { $0.rule == "unknown_field" }.map(\.path)
        #expect(unknown == ["/2", "/10", "/zeta"])
        // A decomposed name is not NFC: the person-name rule catches it, as in JavaScript.
        #expect(result.errors.contains { $0.path == "/nguoi_yeu_cau/ho_ten" && $0.rule == "person_name" })
        #expect(throws: JSON.ParseError.self) { try SpecsFormsToKhaiDangKyKhaiSinh.validate(json: Array("{\"tre\": }".utf8), today: today) }
        // A repeated member keeps its first place and its last value, as JSON.parse has it: the tape
        // flags the body and the validator reads it as JSON.
        for text in [#"{"tre": {}, "nguoi_yeu_cau": 1, "tre": 5}"#, #"{"tre": {"ho_ten": "A", "ho_ten": 7, "x": 1, "x": 2}}"#] {
            let fromText = try SpecsFormsToKhaiDangKyKhaiSinh.validate(json: Array(text.utf8), today: today)
            #expect(fromText == SpecsFormsToKhaiDangKyKhaiSinh.validate(try JSON(parsing: text), today: today))
            #expect(fromText.errors.contains { $0.path == "/tre" && $0.rule == "type" } || fromText.errors.contains { $0.path == "/tre/ho_ten" && $0.rule == "type" })
        }
    }

    @Test func specTextReachesTheValidatorUnchanged() throws {
        let today = try #require(CalendarDate("2026-11-25"))
        func answers(self value: Int, soho: String) -> JSON {
            ["string": ["init": "x", "le_phi": 0, "ma": "01", "self": .number(Double(value)), "soho": .string(soho)], "thanh_vien": []]
        }
        // The rule's message holds quotes, backslashes, \( , """, #, U+2028, */ and ${ — all kept as written.
        let result = SpecsThuNghiemToKhaiDangKyKhaiSinh.validate(answers(self: 13, soho: #"a\".x"#), today: today)
        #expect(result.errors.map(\.rule) == ["quy_tac_la"])
        #expect(result.errors.first?.path == "/string/self")
        #expect(result.errors.first?.message == LocalizedText(
            vi: "Th\u{f4}ng b\u{e1}o \"l\u{1ea1}\" \\(x) \"\"\" #\\ \u{2028} */ ${y}",
            en: "Odd \"message\" \\(x) \"\"\" #\\ \u{2028} */ ${y}"))
        // The pattern [a-z\\"]+\.x, with its backslash and quote, means what it says.
        let mismatch = SpecsThuNghiemToKhaiDangKyKhaiSinh.validate(answers(self: 1, soho: "A.x"), today: today)
        #expect(mismatch.errors.map { "\($0.path) \($0.rule)" } == ["/string/soho pattern"])
    }

    @Test func validatesFromManyTasksAtOnce() async throws {
        // The generated constants (messages, option sets, patterns, the catalogue) are shared by every
        // task; results must not depend on who else is validating.
        let results = try Self.javascriptResults()
        let form = try #require(results["forms"]?.array?.first { $0["form"] == "to-khai-dang-ky-khai-sinh" })
        let vectors = form["vectors"]?.array ?? []
        let today = try #require(CalendarDate("2026-11-25"))
        let serial = vectors.map { SpecsFormsToKhaiDangKyKhaiSinh.validate($0["data"] ?? .null, today: today) }
        let concurrent = await withTaskGroup(of: [ValidationResult].self) { group in
            for _ in 0..<8 {
                group.addTask { vectors.map { SpecsFormsToKhaiDangKyKhaiSinh.validate($0["data"] ?? .null, today: today) } }
            }
            var all: [[ValidationResult]] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(concurrent.count == 8)
        #expect(concurrent.allSatisfy { $0 == serial })
    }

    @Test func longListsAreCheckedInOnePass() throws {
        // 50,000 answers to a multiple choice, none of them an option, the first repeated at the end:
        // every item reported, the repetition found (in one pass: pairwise this took minutes).
        let today = try #require(CalendarDate("2026-11-25"))
        let items = (0..<50_000).map { JSON.string("v\($0)") } + [.string("v0")]
        let result = LogicTorture.validate(["a": ["nhieu": .array(items)]], today: today, maxErrors: 60_000)
        #expect(result.errors.count == 50_002)
        #expect(result.errors.filter { $0.rule == "option" }.count == 50_001)
        #expect(result.errors.last.map { "\($0.path) \($0.rule)" } == "/a/nhieu unique_items")
        // Under the default limit: the first 100, then one entry saying there are more.
        let capped = LogicTorture.validate(["a": ["nhieu": .array(items)]], today: today)
        #expect(capped.errors.count == ValidationLimits.defaultMaxErrors + 1)
        #expect(capped.errors.last?.rule == "too_many_errors")
        #expect(capped.errors.dropLast() == result.errors.prefix(ValidationLimits.defaultMaxErrors))
    }

    @Test func hostileBodiesGiveJavaScriptsBoundedResults() throws {
        // js_results.mjs's hostile bodies (hundreds of unknown members; every list replaced by
        // hundreds of wrong items), under the default error limit and under 7.
        let results = try Self.javascriptResults()
        var cases = 0, capped = 0
        for form in try #require(results["forms"]?.array) {
            let id = try #require(form["form"]?.string) + "@" + (try #require(form["version"]?.string))
            let validator = try #require(Self.forms[id])
            for (index, body) in (form["hostile"]?.array ?? []).enumerated() {
                let today = try #require(CalendarDate(body["today"]?.string ?? ""))
                let limit = body["maxErrors"]?.safeInteger ?? ValidationLimits.defaultMaxErrors
                let swift = Self.json(validator.validate(body["data"] ?? .null, today, .null, limit))
                let javascript = try #require(body["javascript"])
                #expect(Self.identical(swift, javascript), "\(id): hostile body \(index): Swift \(swift) but validate.mjs \(javascript)")
                let errors = swift["errors"]?.array ?? []
                #expect(errors.count <= limit + 1)
                if errors.last?["rule"] == "too_many_errors" { capped += 1 }
                cases += 1
            }
        }
        #expect(cases >= 40, "only \(cases) hostile bodies")
        #expect(capped >= cases / 2, "most hostile bodies should pass the error limit")
    }

    @Test func unpairedSurrogatesAreBrokenText() throws {
        // JSON text with an unpaired surrogate in a name and in a member name: U+FFFD for Swift, an
        // `encoding` error and a U+FFFD path token, as validate.mjs gives them.
        let today = try #require(CalendarDate("2026-11-25"))
        let text = #"{"nguoi_yeu_cau": {"ho_ten": "Nguy\ud800n V\u0103n A", "a\udc00": 1}}"#
        let result = try SpecsFormsToKhaiDangKyKhaiSinh.validate(json: Array(text.utf8), today: today)
        #expect(result.errors.contains { $0.path == "/nguoi_yeu_cau/ho_ten" && $0.rule == "encoding" })
        #expect(result.errors.contains { $0.path == "/nguoi_yeu_cau/a\u{FFFD}" && $0.rule == "unknown_field" })
    }
}
