import Foundation
import FormcRuntime
import HoTich
import Testing

/// The generated fee calculators, run on every fee vector formc computed from the specs' examples:
/// each gives formc's breakdown, and where the procedure has a fees.mjs (procedures paid online,
/// level 4) exactly what that module gave under node (`js-results.json`, see ValidatorParityTests).
struct FeeCalculatorTests {
    static let procedures: [(code: String, rules: FeeRules)] = [
        (Procedure1000656DangKyKhaiTu.code, Procedure1000656DangKyKhaiTu.feeRules),
        (Procedure1000894DangKyKetHon.code, Procedure1000894DangKyKetHon.feeRules),
        (Procedure1001193DangKyKhaiSinh.code, Procedure1001193DangKyKhaiSinh.feeRules),
        (Procedure1004194DangKyTamTru.code, Procedure1004194DangKyTamTru.feeRules),
        (Procedure1004222DangKyThuongTru.code, Procedure1004222DangKyThuongTru.feeRules),
        (Procedure1004873XacNhanTinhTrangHonNhan.code, Procedure1004873XacNhanTinhTrangHonNhan.feeRules),
        (Procedure2000635CapBanSaoTrichLucHoTich.code, Procedure2000635CapBanSaoTrichLucHoTich.feeRules),
        (Procedure2000815ChungThucBanSao.code, Procedure2000815ChungThucBanSao.feeRules),
        (Procedure2000884ChungThucChuKy.code, Procedure2000884ChungThucChuKy.feeRules),
        (Procedure1010038TachHo.code, Procedure1010038TachHo.feeRules),
        (Procedure9000001ThuNghiemTenTrung.code, Procedure9000001ThuNghiemTenTrung.feeRules),
        (Procedure9000003ThuNghiemGhim.code, Procedure9000003ThuNghiemGhim.feeRules),
    ]

    /// The corpus's forms, whose validators the calculators run on the answers.
    static let forms: [any FormDefinition.Type] = [
        Ct01ToKhaiThayDoiThongTinCuTru.self, DeNghiChungThucBanSao.self, DeNghiChungThucChuKy.self,
        ToKhaiCapBanSaoTrichLucHoTich.self, ToKhaiDangKyKetHon.self, SpecsFormsToKhaiDangKyKhaiSinh.self,
        ToKhaiDangKyKhaiTu.self, ToKhaiXacNhanTinhTrangHonNhan.self, Case.self, GhimV1.self, GhimV2.self,
    ]

    @Test func everyFeeVectorGivesTheExpectedBreakdown() throws {
        var checked = 0
        for (code, rules) in Self.procedures {
            #expect(rules.procedure == code)
            for vector in rules.vectors {
                let breakdown = try rules.compute(
                    caseID: vector["case"]?.string, channel: vector["channel"]?.string ?? "", on: vector["on"]?.string ?? "",
                    categories: (vector["categories"]?.array ?? []).compactMap(\.string), answers: vector["answers"] ?? [:], forms: Self.forms)
                let got = try JSONDecoder().decode(JSON.self, from: JSONEncoder().encode(breakdown))
                var expected = JSONObject()
                for key in ["status", "total", "missing", "errors", "items"] { expected[key] = vector[key] ?? .null }
                #expect(got == .object(expected), "\(code) '\(vector["name"]?.string ?? "?")'")
                checked += 1
            }
        }
        #expect(checked >= 10, "only \(checked) fee vectors")
    }

    /// A complete submission of each form: its first conformance vector validate.mjs accepted.
    static func completeSubmissions() throws -> [String: JSON] {
        var found: [String: JSON] = [:]
        for form in try #require(ValidatorParityTests.javascriptResults()["forms"]?.array) {
            let id = try #require(form["form"]?.string)
            for vector in form["vectors"]?.array ?? [] where found[id] == nil && vector["javascript"]?["valid"] == .bool(true) {
                found[id] = vector["data"]
            }
        }
        return found
    }

    /// `over` laid on `base`, member by member, a list's items each on the base's item at that place
    /// (or its last): a fee vector's answers on a complete submission.
    static func overlay(_ over: JSON, on base: JSON) -> JSON {
        switch (over, base) {
        case (.object(let members), .object(var merged)):
            for (key, value) in members { merged[key] = overlay(value, on: merged[key] ?? .null) }
            return .object(merged)
        case (.array(let items), .array(let bases)) where !bases.isEmpty:
            return .array(items.enumerated().map { overlay($1, on: bases[min($0, bases.count - 1)]) })
        default:
            return over
        }
    }

    /// Each fee vector's answers made complete (laid on a valid submission of every document's form),
    /// then decoded into the procedure's typed `Answers`: the typed call must give exactly what the
    /// JSON call gives on the same answers — which agrees with fees.mjs (everyFeeVectorAgreesWithFeesMjs).
    /// Answers no typed value can hold (an impossible date, a missing required field) are counted apart.
    func typedAgreesWithJSON<Answers: Decodable>(
        _ rules: FeeRules, _ type: Answers.Type, typed: (JSON, Answers) throws -> FeeBreakdown
    ) throws -> (compared: Int, untypable: Int) {
        let complete = try Self.completeSubmissions()
        var compared = 0, untypable = 0
        for vector in rules.vectors {
            var answers = JSONObject()
            for document in rules.rules["inputs"]?["documents"]?.array ?? [] {
                let id = try #require(document["id"]?.string), form = try #require(document["form"]?.string)
                answers[id] = Self.overlay(vector["answers"]?[id] ?? [:], on: try #require(complete[form], "no valid example of \(form)"))
            }
            guard let decoded = try? JSON.object(answers).decode(Answers.self) else {
                untypable += 1
                continue
            }
            let plain = try rules.compute(
                caseID: vector["case"]?.string, channel: vector["channel"]?.string ?? "", on: vector["on"]?.string ?? "",
                categories: (vector["categories"]?.array ?? []).compactMap(\.string), answers: .object(answers), forms: Self.forms)
            #expect(try typed(vector, decoded) == plain, "\(rules.procedure) '\(vector["name"]?.string ?? "?")'")
            compared += 1
        }
        return (compared, untypable)
    }

    /// The typed calls — the procedure's own cases, channels, categories, a `CalendarDate`, and the
    /// answers as the forms' generated submissions — give what the JSON calls give; what is not the
    /// procedure's does not compile, and so cannot be sent.
    @Test func typedCallsGiveTheSameBreakdowns() throws {
        typealias ThuongTru = Procedure1004222DangKyThuongTru
        typealias BanSao = Procedure2000815ChungThucBanSao
        typealias KhaiSinh = Procedure1001193DangKyKhaiSinh
        func date(_ vector: JSON) throws -> CalendarDate { try #require(CalendarDate(vector["on"]?.string ?? "")) }
        let thuongTru = try typedAgreesWithJSON(ThuongTru.feeRules, ThuongTru.Answers.self) { vector, answers in
            try ThuongTru.fees(
                case: try #require(ThuongTru.Case(rawValue: vector["case"]?.string ?? "")),
                channel: try #require(ThuongTru.Channel(rawValue: vector["channel"]?.string ?? "")), on: try date(vector),
                categories: Set(try (vector["categories"]?.array ?? []).map { try #require(ThuongTru.Category(rawValue: $0.string ?? "")) }),
                answers: answers)
        }
        let banSao = try typedAgreesWithJSON(BanSao.feeRules, BanSao.Answers.self) { vector, answers in
            try BanSao.fees(channel: try #require(BanSao.Channel(rawValue: vector["channel"]?.string ?? "")), on: try date(vector), answers: answers)
        }
        let khaiSinh = try typedAgreesWithJSON(KhaiSinh.feeRules, KhaiSinh.Answers.self) { vector, answers in
            try KhaiSinh.fees(channel: try #require(KhaiSinh.Channel(rawValue: vector["channel"]?.string ?? "")), on: try date(vector), answers: answers)
        }
        let compared = thuongTru.compared + banSao.compared + khaiSinh.compared
        #expect(compared >= 20, "only \(compared) fee vectors typed (\(thuongTru), \(banSao), \(khaiSinh) compared, untypable)")
        #expect(ThuongTru.Category.allCases.count == 8 && ThuongTru.Channel.allCases.map(\.rawValue) == ["truc_tiep", "truc_tuyen"])

        // A category that holds by the answers and one the applicant declares: both exempt.
        var declaration = try JSON.object(["to_khai": try #require(Self.completeSubmissions()["ct01-to-khai-thay-doi-thong-tin-cu-tru"])])
            .decode(ThuongTru.Answers.self)
        // The declarant is a woman; her identity number carries her century, sex and birth year.
        func born(_ date: String, identity: String) {
            declaration.toKhai?.nguoiDeNghi.ngaySinh = CalendarDate(date)!
            declaration.toKhai?.nguoiDeNghi.soDinhDanh = identity
        }
        born("1990-05-01", identity: "031190001234")
        let poor = try ThuongTru.fees(channel: .trucTiep, on: CalendarDate("2026-03-02")!, categories: [.hoNgheo], answers: declaration)
        #expect(poor.total == 0 && poor.items.first?.exemptedBy == "ho_ngheo")
        let paying = try ThuongTru.fees(channel: .trucTiep, on: CalendarDate("2026-03-02")!, answers: declaration)
        #expect(paying.total == 20000 && paying.status == .known, "\(paying)")
        born("1966-03-02", identity: "031166001234")
        let elderly = try ThuongTru.fees(channel: .trucTiep, on: CalendarDate("2026-03-02")!, answers: declaration)
        #expect(elderly.total == 0 && elderly.items.first?.exemptedBy == "nguoi_cao_tuoi")
        // No answers: unknown, never 0.
        let unanswered = try ThuongTru.fees(channel: .trucTiep, on: CalendarDate("2026-03-02")!)
        #expect(unanswered.status == .unknown && unanswered.total == nil)
    }

    /// A form whose namespace is `Case` (case.yaml), the name of the procedure's own cases enum: the
    /// calculator reaches it through the file-level alias, and prices its typed answers.
    @Test func aFormNamedLikeAProcedureMember() throws {
        typealias Copies = Procedure9000001ThuNghiemTenTrung
        let on = try #require(CalendarDate("2026-03-02"))
        let two = try Copies.fees(channel: .trucTuyen, on: on, answers: .init(yeuCau: Case.Submission(yeuCau: .init(soBan: 2))))
        #expect(two.total == 6000 && two.status == .known)
        let tooMany = try Copies.fees(channel: .trucTuyen, on: on, answers: .init(yeuCau: Case.Submission(yeuCau: .init(soBan: 51))))
        #expect(tooMany.status == .invalid && tooMany.total == nil && tooMany.errors.map(\.path) == ["/yeu_cau/yeu_cau/so_ban"])
        #expect(Procedure9000001ThuNghiemTenTrung_Case.form == "thu-nghiem-so-ban" && Copies.Case.allCases == [.macDinh])
    }

    /// Two documents pinned to two majors of one form (ghim-v1.yaml, ghim-v2.yaml): each document's
    /// answers are typed with its own version's namespace and judged by its own version's validator,
    /// in the typed call and in the JSON call alike. 8 copies are valid under 1.0.0 (max 10) only.
    @Test func twoPinnedMajorsOfOneForm() throws {
        typealias Pinned = Procedure9000003ThuNghiemGhim
        let on = try #require(CalendarDate("2026-03-02"))
        #expect(GhimV1.form == GhimV2.form && GhimV1.version == "1.0.0" && GhimV2.version == "2.0.0")
        let both = try Pinned.fees(channel: .trucTuyen, on: on, answers: .init(
            banCu: GhimV1.Submission(yeuCau: .init(soBan: 8)), banMoi: GhimV2.Submission(yeuCau: .init(soBan: 2))))
        #expect(both.total == 12000 && both.status == .known, "\(both)")
        let tooManyOnTheNewForm = try Pinned.fees(channel: .trucTuyen, on: on, answers: .init(
            banCu: GhimV1.Submission(yeuCau: .init(soBan: 8)), banMoi: GhimV2.Submission(yeuCau: .init(soBan: 8))))
        #expect(tooManyOnTheNewForm.status == .invalid && tooManyOnTheNewForm.errors.map(\.path) == ["/ban_moi/yeu_cau/so_ban"])
        // The JSON call picks each document's validator by version, never the other major's.
        let answers: JSON = ["ban_cu": ["yeu_cau": ["so_ban": 8]], "ban_moi": ["yeu_cau": ["so_ban": 2]]]
        let json = try Pinned.feeRules.compute(caseID: nil, channel: "truc_tuyen", on: "2026-03-02", categories: [], answers: answers, forms: Self.forms)
        #expect(json.total == 12000)
        // Without the pinned version's type, the call says which version it needs.
        #expect(throws: FeeInputError.self) {
            try Pinned.feeRules.compute(caseID: nil, channel: "truc_tuyen", on: "2026-03-02", categories: [], answers: answers, forms: [GhimV2.self])
        }
    }

    @Test func everyFeeVectorAgreesWithFeesMjs() throws {
        let results = try ValidatorParityTests.javascriptResults()
        let procedures = try #require(results["procedures"]?.array)
        var checked = 0
        for procedure in procedures {
            let code = try #require(procedure["procedure"]?.string)
            let rules = try #require(Self.procedures.first { $0.code == code }?.rules, "no fee calculator for \(code)")
            for vector in procedure["vectors"]?.array ?? [] {
                let breakdown = try rules.compute(
                    caseID: vector["caseId"]?.string, channel: vector["channel"]?.string ?? "", on: vector["on"]?.string ?? "",
                    categories: (vector["categories"]?.array ?? []).compactMap(\.string), answers: vector["answers"] ?? [:], forms: Self.forms)
                let swift = try JSONDecoder().decode(JSON.self, from: JSONEncoder().encode(breakdown))
                #expect(swift == vector["javascript"], "\(code) '\(vector["name"]?.string ?? "?")': Swift \(swift), fees.mjs \(vector["javascript"] ?? .null)")
                #expect(swift == vector["formc"], "\(code) '\(vector["name"]?.string ?? "?")': Swift and formc differ")
                checked += 1
            }
        }
        #expect(checked >= 8, "only \(checked) fee vectors")
    }

    @Test func onlineReductionExemptionAndDates() throws {
        let fees = Procedure1004222DangKyThuongTru.self
        let forms: [any FormDefinition.Type] = [Ct01ToKhaiThayDoiThongTinCuTru.self]
        func declarant(born: String) -> JSON { ["to_khai": ["nguoi_de_nghi": ["ngay_sinh": .string(born)]]] }
        let online = try fees.fees(channel: "truc_tuyen", on: "2025-09-01", answers: declarant(born: "1990-05-01"), forms: forms)
        #expect(online.total == 5000 && online.status == .known)
        #expect(online.items.first?.reductionPercent == 50 && online.items.first?.base == 10000)
        #expect(try fees.fees(channel: "truc_tuyen", on: "2027-01-15", answers: declarant(born: "1990-05-01"), forms: forms).total == 10000)
        let exempt = try fees.fees(channel: "truc_tiep", on: "2026-03-02", categories: ["ho_ngheo"])
        #expect(exempt.total == 0 && exempt.items.first?.exemptedBy == "ho_ngheo")
        // Elderly by the declared birth date; unknown without it; invalid with an impossible one.
        let elderly = try fees.fees(channel: "truc_tiep", on: "2026-03-02", answers: declarant(born: "1966-03-02"), forms: forms)
        #expect(elderly.total == 0 && elderly.items.first?.exemptedBy == "nguoi_cao_tuoi")
        let unknown = try fees.fees(channel: "truc_tiep", on: "2026-03-02")
        #expect(unknown.status == .unknown && unknown.total == nil && unknown.missing == ["/to_khai/nguoi_de_nghi/ngay_sinh"])
        let invalid = try fees.fees(channel: "truc_tiep", on: "2026-03-02", answers: declarant(born: "1966-02-30"), forms: forms)
        #expect(invalid.status == .invalid && invalid.errors.map(\.path) == ["/to_khai/nguoi_de_nghi/ngay_sinh"])
        // Answers without their form's validator are refused, not priced unvalidated.
        #expect(throws: FeeInputError.self) { try fees.fees(channel: "truc_tiep", on: "2026-03-02", answers: declarant(born: "1990-05-01")) }
    }

    @Test func logicProfileMatchesJavaScript() throws {
        let data: JSON = ["a": ["b": 3], "list": [1, 2, 3], "d": "2026-01-02"]
        #expect(try FormcLogic.evaluate(["var": "a.b"], data) == .number(3))
        #expect(try FormcLogic.evaluate(["var": "a.x"], data) == .null)
        #expect(try FormcLogic.evaluate(["+": [["var": "a.b"], 4]], data) == .number(7))
        #expect(try FormcLogic.evaluate(["<": [["var": "d"], "2026-01-10"]], data) == .bool(true))
        #expect(try FormcLogic.evaluate(["reduce": [["var": "list"], ["+": [["var": "current"], ["var": "accumulator"]]], 0]], data) == .number(6))
        #expect(try FormcLogic.evaluate(["if": [false, 1, ["in": [2, ["var": "list"]]], "yes", "no"]], data) == "yes")
        #expect(try FormcLogic.evaluate(["substr": ["Việt Nam", -3]], data) == "Nam")
        #expect(throws: FormcLogic.UnknownOperation.self) { try FormcLogic.evaluate(["log": [1]], data) }
    }

    /// Answers far beyond any real fee: the capped price stays the cap, an uncapped one is unknown
    /// (nil, as fees.mjs gives null), and nothing traps.
    @Test func hugeAnswersNeverTrap() throws {
        func rules(cap: JSON?) -> FeeRules {
            var tiers: JSONObject = [
                "per": "de_nghi.giay_to", "units_logic": ["var": "$items.giay_to.trang"],
                "rates": [["from": 1, "amount": 2000], ["from": 3, "amount": 1000]],
                "multiplier_logic": ["var": "$items.giay_to.ban"],
            ]
            tiers["cap"] = cap
            return FeeRules(rules: ["procedure": "x", "inputs": ["cases": [], "channels": ["truc_tiep"], "categories": []], "fees": [[
                "id": "phi", "kind": "phi", "name": ["vi": "Phí"], "legal_basis": [], "tiers": .object(tiers),
            ]]])
        }
        let huge: JSON = ["de_nghi": ["giay_to": [["trang": .number(9_007_199_254_740_991), "ban": .number(9_007_199_254_740_991)]]]]
        #expect(try rules(cap: nil).compute(channel: "truc_tiep", on: "2026-01-01", answers: huge).total == nil)
        let capped = try rules(cap: 200000).compute(channel: "truc_tiep", on: "2026-01-01", answers: ["de_nghi": ["giay_to": [["trang": .number(9_007_199_254_740_991), "ban": 1]]]])
        #expect(capped.total == 200000)
        let small = try rules(cap: 200000).compute(channel: "truc_tiep", on: "2026-01-01", answers: ["de_nghi": ["giay_to": [["trang": 4, "ban": 2]]]])
        #expect(small.total == 12000)  // (2 × 2000 + 2 × 1000) × 2 copies
        #expect(try FormcLogic.evaluate(["substr": ["abc", ["var": "missing.text"], .number(.infinity)]], [:]) == "abc")
        #expect(try FormcLogic.evaluate(["substr": ["abc", .number(1e300)]], [:]) == "")
    }

    /// Calls fees.mjs refuses (js_results.mjs's misuses): the Swift calculator refuses each with the
    /// same `FeeInputError` code, and prices the right call as fees.mjs does.
    @Test func refusesWhatFeesMjsRefuses() throws {
        let results = try ValidatorParityTests.javascriptResults()
        var refused = 0, modules = 0
        for procedure in try #require(results["procedures"]?.array) {
            modules += 1
            let code = try #require(procedure["procedure"]?.string)
            let rules = try #require(Self.procedures.first { $0.code == code }?.rules)
            for call in procedure["misuses"]?.array ?? [] {
                let swift: JSON
                do {
                    let breakdown = try rules.compute(
                        caseID: call["caseId"]?.string, channel: call["channel"]?.string ?? "", on: call["on"]?.string ?? "",
                        categories: (call["categories"]?.array ?? []).compactMap(\.string), answers: call["answers"] ?? [:])
                    swift = ["total": breakdown.total.map { .number(Double($0)) } ?? .null]
                } catch let error as FeeInputError {
                    swift = ["error": .string(error.code.rawValue)]
                    refused += 1
                }
                #expect(swift == call["javascript"], "\(code): \(call): Swift \(swift), fees.mjs \(call["javascript"] ?? .null)")
            }
        }
        // Six refusals per fees.mjs, the right call priced.
        #expect(modules >= 1 && refused == 6 * modules, "\(refused) refusals from \(modules) fee modules")
    }

    /// The identifier checks the compiler's validator uses, available to back ends as they are.
    @Test func identifierChecks() {
        #expect(IdentifierChecks.taxCodeCheckDigitIsValid("0100109106"))
        #expect(!IdentifierChecks.taxCodeCheckDigitIsValid("0100109107"))
        #expect(IdentifierChecks.cccdProvinceIsValid("031195001234"))
        #expect(!IdentifierChecks.cccdProvinceIsValid("003195001234"))
    }

    /// Identity: each generated form has the hash validate.mjs has, and refuses answers made for
    /// another version with a single form_version error, as validate.mjs does.
    @Test func formIdentity() throws {
        let results = try ValidatorParityTests.javascriptResults()
        let javascript = try #require(results["forms"]?.array)
        for form in Self.forms {
            let entry = try #require(javascript.first { $0["form"]?.string == form.form && $0["version"]?.string == form.version })
            #expect(form.hash.hasPrefix("sha256:") && entry["hash"]?.string == form.hash, "\(form.form)")
        }
        let today = try #require(CalendarDate("2026-11-25"))
        let stale = SpecsFormsToKhaiDangKyKhaiSinh.validate(["tre": [:]], today: today, version: "0.9.0")
        #expect(stale.errors.map(\.rule) == ["form_version"] && stale.errors.first?.path == "")
        let current = SpecsFormsToKhaiDangKyKhaiSinh.validate(["tre": [:]], today: today, version: SpecsFormsToKhaiDangKyKhaiSinh.version)
        #expect(current.errors == SpecsFormsToKhaiDangKyKhaiSinh.validate(["tre": [:]], today: today).errors)
    }
}
