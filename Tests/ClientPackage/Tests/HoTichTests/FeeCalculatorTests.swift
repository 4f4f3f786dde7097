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
    ]

    /// The corpus's forms, whose validators the calculators run on the answers.
    static let forms: [any FormDefinition.Type] = [
        Ct01ToKhaiThayDoiThongTinCuTru.self, DeNghiChungThucBanSao.self, DeNghiChungThucChuKy.self,
        ToKhaiCapBanSaoTrichLucHoTich.self, ToKhaiDangKyKetHon.self, SpecsFormsToKhaiDangKyKhaiSinh.self,
        ToKhaiDangKyKhaiTu.self, ToKhaiXacNhanTinhTrangHonNhan.self,
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

    /// The typed calls give what the string calls give, on every fee vector of the two procedures
    /// with categories and tiers; what is not the procedure's does not compile, and so cannot be sent.
    @Test func typedCallsGiveTheSameBreakdowns() throws {
        typealias ThuongTru = Procedure1004222DangKyThuongTru
        typealias BanSao = Procedure2000815ChungThucBanSao
        var checked = 0
        for vector in ThuongTru.feeRules.vectors {
            let typed = try ThuongTru.fees(
                case: try #require(ThuongTru.Case(rawValue: vector["case"]?.string ?? "")),
                channel: try #require(ThuongTru.Channel(rawValue: vector["channel"]?.string ?? "")),
                on: try #require(CalendarDate(vector["on"]?.string ?? "")),
                categories: Set(try (vector["categories"]?.array ?? []).map { try #require(ThuongTru.Category(rawValue: $0.string ?? "")) }),
                answers: vector["answers"] ?? [:], forms: Self.forms)
            let plain = try ThuongTru.fees(
                caseID: vector["case"]?.string, channel: vector["channel"]?.string ?? "", on: vector["on"]?.string ?? "",
                categories: (vector["categories"]?.array ?? []).compactMap(\.string), answers: vector["answers"] ?? [:], forms: Self.forms)
            #expect(typed == plain)
            checked += 1
        }
        for vector in BanSao.feeRules.vectors {
            let typed = try BanSao.fees(
                channel: try #require(BanSao.Channel(rawValue: vector["channel"]?.string ?? "")), on: try #require(CalendarDate(vector["on"]?.string ?? "")),
                answers: vector["answers"] ?? [:], forms: Self.forms)
            #expect(typed.total == vector["total"]?.safeInteger && typed.status.rawValue == vector["status"]?.string)
            checked += 1
        }
        #expect(checked >= 15)
        #expect(ThuongTru.Category.allCases.count == 8 && ThuongTru.Channel.allCases.map(\.rawValue) == ["truc_tiep", "truc_tuyen"])
        // A category that holds by the answers and one the applicant declares: both exempt.
        let elderly = try ThuongTru.fees(channel: .trucTiep, on: CalendarDate("2026-03-02")!, categories: [.hoNgheo],
                                         answers: ["to_khai": ["nguoi_de_nghi": ["ngay_sinh": "1990-05-01"]]], forms: Self.forms)
        #expect(elderly.total == 0 && elderly.items.first?.exemptedBy == "ho_ngheo")
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
            let entry = try #require(javascript.first { $0["form"]?.string == form.form })
            #expect(form.hash.hasPrefix("sha256:") && entry["hash"]?.string == form.hash, "\(form.form)")
        }
        let today = try #require(CalendarDate("2026-11-25"))
        let stale = SpecsFormsToKhaiDangKyKhaiSinh.validate(["tre": [:]], today: today, version: "0.9.0")
        #expect(stale.errors.map(\.rule) == ["form_version"] && stale.errors.first?.path == "")
        let current = SpecsFormsToKhaiDangKyKhaiSinh.validate(["tre": [:]], today: today, version: SpecsFormsToKhaiDangKyKhaiSinh.version)
        #expect(current.errors == SpecsFormsToKhaiDangKyKhaiSinh.validate(["tre": [:]], today: today).errors)
    }
}
