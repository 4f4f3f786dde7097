import Foundation
import FormcRuntime
import HoTich
import Testing

/// The generated types, used as a back end uses them: real submissions (the corpus's conformance
/// vectors) decode into them and encode back to the same JSON.
struct GeneratedTypesTests {
    /// The conformance vectors formc writes for a form, from the main package's golden files; a near
    /// miss is its base example with its JSON Patch applied.
    static func vectors(_ form: String) throws -> [(name: String, valid: Bool, data: Data)] {
        let root = URL(fileURLWithPath: #filePath).appendingPathComponent("../../../../../Tests/FormcCoreTests/Golden/forms").standardizedFileURL
        let file = root.appendingPathComponent("\(form)/1.0.0/vectors.json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        let vectors = try #require(object["vectors"] as? [[String: Any]])
        return try vectors.map { vector in
            var data = vector["data"]
            if data == nil, let base = vector["base"] as? Int, let patch = vector["patch"] as? [[String: Any]] {
                data = try patch.reduce(vectors[base]["data"] as Any) { document, operation in try apply(operation, to: document) }
            }
            return (vector["name"] as? String ?? "?", vector["valid"] as? Bool ?? false,
                    try JSONSerialization.data(withJSONObject: data ?? NSNull(), options: [.fragmentsAllowed]))
        }
    }

    /// One JSON Patch operation (add, remove, replace: what near misses use) on parsed JSON.
    static func apply(_ operation: [String: Any], to document: Any) throws -> Any {
        let op = try #require(operation["op"] as? String)
        let tokens = try #require(operation["path"] as? String).split(separator: "/", omittingEmptySubsequences: false).dropFirst()
            .map { $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~") }
        func edit(_ node: Any, _ tokens: ArraySlice<String>) throws -> Any? {
            guard let token = tokens.first else { return op == "remove" ? nil : operation["value"] }
            if var object = node as? [String: Any] {
                object[token] = try edit(object[token] as Any, tokens.dropFirst())
                return object
            }
            var array = try #require(node as? [Any])
            let index = token == "-" ? array.count : try #require(Int(token))
            if tokens.count == 1 {
                if op == "add" { array.insert(operation["value"] as Any, at: index) }
                else if op == "remove" { array.remove(at: index) }
                else { array[index] = operation["value"] as Any }
            } else {
                array[index] = try #require(try edit(array[index], tokens.dropFirst()))
            }
            return array
        }
        return try #require(try edit(document, tokens[...]))
    }

    /// Decodes every valid vector into `type`, encodes it again, and compares the two as JSON values.
    func roundTrip<Submission: Codable>(_ form: String, as type: Submission.Type) throws -> Int {
        let valid = try Self.vectors(form).filter(\.valid)
        #expect(!valid.isEmpty, "no valid vectors for \(form)")
        for vector in valid {
            let submission = try Submissions.decode(type, from: vector.data)
            let again = try Submissions.encode(submission)
            // Decoding the value FormcRuntime parsed (what a back end has after validating) gives the same.
            let parsedOnce = try JSON(parsing: Array(vector.data)).decode(type)
            #expect(try Submissions.encode(parsedOnce) == again, "\(form): '\(vector.name)' decodes differently from JSON(parsing:)")
            let original = try JSONDecoder().decode(JSON.self, from: vector.data).withoutNulls
            let reencoded = try JSONDecoder().decode(JSON.self, from: again)
            #expect(original == reencoded, "\(form): '\(vector.name)' changed in a round trip")
        }
        return valid.count
    }

    /// Rule ids as types: every error of every marriage-form vector names a built-in rule or one of
    /// the form's own (`ToKhaiDangKyKetHon.Rule`); a form without rules has an empty `Rule`.
    @Test func ruleIDsAreEnums() throws {
        #expect(ToKhaiDangKyKetHon.Rule.allCases == [.tuoiKetHonNu, .tuoiKetHonNam])
        #expect(Ct01ToKhaiThayDoiThongTinCuTru.Rule.allCases.isEmpty && Ct01ToKhaiThayDoiThongTinCuTru.Rule(rawValue: "required") == nil)
        let results = try ValidatorParityTests.javascriptResults()
        let form = try #require(results["forms"]?.array?.first { $0["form"]?.string == ToKhaiDangKyKetHon.form })
        var own = 0, builtIn = 0
        for vector in form["vectors"]?.array ?? [] {
            let today = try #require(CalendarDate(vector["today"]?.string ?? ""))
            for error in ToKhaiDangKyKetHon.validate(vector["data"] ?? .null, today: today).errors {
                if let rule = ToKhaiDangKyKetHon.rule(of: error) {
                    #expect(error.builtInRule == nil && [.tuoiKetHonNu, .tuoiKetHonNam].contains(rule))
                    own += 1
                } else {
                    #expect(error.builtInRule != nil, "\(error.rule) is neither built in nor the form's")
                    builtIn += 1
                }
            }
        }
        #expect(own >= 2 && builtIn >= 20, "\(own) own, \(builtIn) built-in")
        // A body that is not JSON: the built-in json rule.
        #expect(throws: SubmissionRejection.self) { try ToKhaiDangKyKetHon.intake(Array("{".utf8)) }
        do { _ = try ToKhaiDangKyKetHon.intake(Array("{".utf8)) } catch { #expect(error.errors.first?.builtInRule == .json) }
    }

    @Test func khaiSinhSubmissionsRoundTrip() throws {
        #expect(try roundTrip("to-khai-dang-ky-khai-sinh", as: SpecsFormsToKhaiDangKyKhaiSinh.Submission.self) > 0)
    }

    @Test func ketHonSubmissionsRoundTrip() throws {
        #expect(try roundTrip("to-khai-dang-ky-ket-hon", as: ToKhaiDangKyKetHon.Submission.self) > 0)
    }

    @Test func tinhTrangHonNhanSubmissionsRoundTrip() throws {
        #expect(try roundTrip("to-khai-xac-nhan-tinh-trang-hon-nhan", as: ToKhaiXacNhanTinhTrangHonNhan.Submission.self) > 0)
    }

    @Test func khaiTuSubmissionsRoundTrip() throws {
        #expect(try roundTrip("to-khai-dang-ky-khai-tu", as: ToKhaiDangKyKhaiTu.Submission.self) > 0)
    }

    @Test func banSaoTrichLucSubmissionsRoundTrip() throws {
        #expect(try roundTrip("to-khai-cap-ban-sao-trich-luc-ho-tich", as: ToKhaiCapBanSaoTrichLucHoTich.Submission.self) > 0)
    }

    @Test func chungThucBanSaoSubmissionsRoundTrip() throws {
        #expect(try roundTrip("de-nghi-chung-thuc-ban-sao", as: DeNghiChungThucBanSao.Submission.self) > 0)
    }

    @Test func chungThucChuKySubmissionsRoundTrip() throws {
        #expect(try roundTrip("de-nghi-chung-thuc-chu-ky", as: DeNghiChungThucChuKy.Submission.self) > 0)
    }

    @Test func ct01SubmissionsRoundTrip() throws {
        #expect(try roundTrip("ct01-to-khai-thay-doi-thong-tin-cu-tru", as: Ct01ToKhaiThayDoiThongTinCuTru.Submission.self) > 0)
    }

    @Test func typedAccessToAKhaiSinhSubmission() throws {
        let vector = try #require(try Self.vectors("to-khai-dang-ky-khai-sinh").first(where: \.valid))
        let submission = try Submissions.decode(SpecsFormsToKhaiDangKyKhaiSinh.Submission.self, from: vector.data)
        #expect(submission.tre.gioiTinh == .nam)
        #expect(submission.nguoiYeuCau.quanHe == .me)
        #expect(SpecsFormsToKhaiDangKyKhaiSinh.GioiTinh.allCases.map(\.rawValue) == ["nam", "nu"])
        #expect(SpecsFormsToKhaiDangKyKhaiSinh.form == "to-khai-dang-ky-khai-sinh")
    }

    /// A shared option list is one type, whichever section uses it: the applicant's sex and a
    /// household member's are assignable to each other (this would not compile otherwise).
    @Test func aSharedOptionListIsOneType() throws {
        typealias CT01 = Ct01ToKhaiThayDoiThongTinCuTru
        let vector = try #require(try Self.vectors("ct01-to-khai-thay-doi-thong-tin-cu-tru").first(where: \.valid))
        let submission = try Submissions.decode(CT01.Submission.self, from: vector.data)
        var member = try #require(submission.thanhVien?.first)
        member.gioiTinh = submission.nguoiDeNghi.gioiTinh
        let relationship: CT01.QuanHeVoiChuHo = submission.chuHo.quanHeVoiChuHo
        member.quanHeVoiChuHo = relationship
        #expect(type(of: member.gioiTinh) == CT01.GioiTinh.self)
        #expect(CT01.GioiTinh.allCases.map(\.rawValue) == ["nam", "nu"])
    }

    @Test func aChoiceOutsideTheListDoesNotDecode() throws {
        let vector = try #require(try Self.vectors("to-khai-dang-ky-khai-sinh").first(where: \.valid))
        var object = try #require(try JSONSerialization.jsonObject(with: vector.data) as? [String: Any])
        var tre = try #require(object["tre"] as? [String: Any])
        tre["gioi_tinh"] = "khong_ro"
        object["tre"] = tre
        let data = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: DecodingError.self) { try Submissions.decode(SpecsFormsToKhaiDangKyKhaiSinh.Submission.self, from: data) }
    }

    @Test func decodingAParsedValueReportsWhereItFails() throws {
        let json = try JSON(parsing: #"{"nguoi_yeu_cau": {"ho_ten": 7}, "tre": {}}"#)
        do {
            _ = try json.decode(SpecsFormsToKhaiDangKyKhaiSinh.Submission.self)
            Issue.record("a number decoded as a name")
        } catch DecodingError.typeMismatch(_, let context) {
            #expect(context.codingPath.map(\.stringValue) == ["nguoi_yeu_cau", "ho_ten"])
        }
        #expect(throws: DecodingError.self) { try JSON(parsing: "1.5").decode(Int.self) }
        #expect(try JSON(parsing: "[1, 2.0, null]").decode([Int?].self) == [1, 2, nil])
    }

    @Test func datesAreCalendarDates() throws {
        let vector = try #require(try Self.vectors("to-khai-dang-ky-khai-sinh").first(where: \.valid))
        let submission = try Submissions.decode(SpecsFormsToKhaiDangKyKhaiSinh.Submission.self, from: vector.data)
        #expect(submission.tre.ngaySinh == CalendarDate(year: 2025, month: 9, day: 12))
        #expect(submission.tre.ngaySinh < CalendarDate("2026-01-01")!)
        // Dates validate.mjs refuses with the rule `format` do not decode.
        for bad in ["2023-02-30", "01/02/2020", "2025-9-12"] {
            var object = try #require(try JSONSerialization.jsonObject(with: vector.data) as? [String: Any])
            var tre = try #require(object["tre"] as? [String: Any])
            tre["ngay_sinh"] = bad
            object["tre"] = tre
            let data = try JSONSerialization.data(withJSONObject: object)
            #expect(throws: DecodingError.self, "\(bad)") { try Submissions.decode(SpecsFormsToKhaiDangKyKhaiSinh.Submission.self, from: data) }
        }
    }

    /// ten-trung.yaml and ten_trung.yaml camel-case alike; each keeps a namespace of its own.
    @Test func clashingFileNamesGetDistinctNamespaces() throws {
        #expect(SpecsThuNghiemTenTrung.form == "thu-nghiem-ten-trung-gach-noi")
        #expect(SpecsThuNghiemTenTrung2.form == "thu-nghiem-ten-trung-gach-duoi")
        let submission = try Submissions.decode(SpecsThuNghiemTenTrung2.Submission.self, from: Data(#"{"chung": {"ghi_chu": "x"}}"#.utf8))
        #expect(submission.chung.ghiChu == "x")
    }

    /// Two specs named to-khai-dang-ky-khai-sinh.yaml get two namespaces; ids that clash with Swift
    /// names (String, init, CodingKeys, FileReference, leading digits) still make working types.
    @Test func awkwardNamesDecode() throws {
        typealias Odd = SpecsThuNghiemToKhaiDangKyKhaiSinh
        #expect(Odd.form == "thu-nghiem-ten-dac-biet")
        #expect(Odd.Submission.String.Ma.allCases.map(\.rawValue) == ["01", "0.1", "init", "raw_value"])
        let json = """
            {"string": {"init": "x", "self": 3, "so_ho": "a", "soho": "b", "a_1": "c", "a1": "d", "le_phi": 9000000000, "ma": "0.1"},
             "swift": {"formc_runtime": {"ngay": "2026-01-02", "dia_chi": {"province": "01", "commune": "00004"}}},
             "coding_keys": {"file_reference": {"submission": true}, "tep": {"name": "a.pdf", "media_type": "application/pdf", "size": 10}},
             "thanh_vien": [{"ho_ten": "Lê Văn Bình", "dia_chi": {"province": "31", "commune": "10792"}}]}
            """
        let odd = try Submissions.decode(Odd.Submission.self, from: Data(json.utf8))
        #expect(odd.string.init_2 == "x" && odd.string.self_2 == 3)
        #expect(odd.string.soHo == "a" && odd.string.soho == "b" && odd.string.a1 == "c" && odd.string.a1_2 == "d")
        #expect(odd.string.lePhi == 9_000_000_000)
        #expect(odd.string.ma == ._01_2)
        #expect(odd.codingKeys?.fileReference?.submission == true)
        #expect(odd.swift?.formcRuntime?.ngay == CalendarDate("2026-01-02"))
        #expect(odd.swift?.formcRuntime?.diaChi == AddressVN(province: "01", commune: "00004"))
        #expect(odd.codingKeys?.tep?.mediaType == "application/pdf")
        #expect(odd.thanhVien.first?.diaChi?.commune == "10792")
        let again = try JSONDecoder().decode(JSON.self, from: Submissions.encode(odd))
        #expect(again == (try JSONDecoder().decode(JSON.self, from: Data(json.utf8))))
    }
}

extension JSON {
    /// Optional members left out and members set to null mean the same to the generated types.
    var withoutNulls: JSON {
        switch self {
        case .array(let items): .array(items.map(\.withoutNulls))
        case .object(let members): .object(members.filterMembers { $0.value != .null }.mapValues(\.withoutNulls))
        default: self
        }
    }
}
