import ChungThuc
import Foundation
import FormcRuntime
import HoTich
import NoiBo
import Testing

/// What a back end does with a request body, in one call: `intake` parses, validates and decodes, or
/// throws every error; `labels` names each error's field; `todayInVietnam` gives the date the rules use.
struct IntakeTests {
    /// The Foundation-free target's type (HoTich has the same form too).
    typealias ChuKy = ChungThuc.DeNghiChungThucChuKy

    /// Every vector of the signature-certification request, through the Foundation-free target's
    /// `intake`: a valid one becomes the typed request (the same as decoding it), an invalid one is
    /// rejected with exactly the validator's errors.
    @Test func intakeAgreesWithTheValidator() throws {
        let vectors = try GeneratedTypesTests.vectors("de-nghi-chung-thuc-chu-ky")
        let today = CalendarDate("2026-11-25")!
        var accepted = 0, rejected = 0
        for vector in vectors {
            let bytes = Array(vector.data)
            let expected = ChuKy.validate(try JSON(parsing: bytes), today: today)
            switch Result(catching: { () throws(SubmissionRejection) in try ChuKy.intake(bytes, today: today) }) {
            case .success(let request):
                #expect(vector.valid && expected.valid, "'\(vector.name)' was accepted")
                #expect(request == (try JSON(parsing: bytes).decode(ChuKy.Submission.self)))
                accepted += 1
            case .failure(let rejection):
                #expect(!vector.valid, "'\(vector.name)' was rejected: \(rejection)")
                #expect(rejection == .invalid(expected.errors))
                rejected += 1
            }
        }
        #expect(accepted >= 2 && rejected >= 5, "\(accepted) accepted, \(rejected) rejected")
        // Not JSON: one `json` error at the root.
        #expect(throws: SubmissionRejection.self) { try ChuKy.intake(Array("{\"nguoi_yeu_cau\":".utf8), today: today) }
        if case .failure(let rejection) = Result(catching: { () throws(SubmissionRejection) in try ChuKy.intake(Array("[1,".utf8), today: today) }) {
            #expect(rejection.errors.map(\.rule) == ["json"] && rejection.errors[0].path == "")
        } else {
            Issue.record("a body that is not JSON was accepted")
        }
    }

    /// Every error of every vector of every form names its field: the label, then the section and the
    /// item it is in.
    @Test func everyErrorNamesItsField() throws {
        var named = 0
        // The corpus's forms (the test forms have no vectors in the main package's golden files).
        for form in Forms.definitions {
            guard let vectors = try? GeneratedTypesTests.vectors(form.form) else { continue }
            for vector in vectors where !vector.valid {
                guard let data = try? JSON(parsing: Array(vector.data)) else { continue }
                for error in form.validate(data, today: CalendarDate("2026-11-25")!, maxErrors: 100).errors where !error.path.isEmpty && error.rule != "too_many_errors" {
                    // A member the form does not have, at the top: no field to name; the message says it.
                    if error.rule == "unknown_field" && error.path.split(separator: "/").count == 1 {
                        #expect(form.labels.name(at: error.path) == nil && form.labels.describe(error) == error.message)
                        continue
                    }
                    let name = try #require(form.labels.name(at: error.path), "\(form.form): no label for \(error.path)")
                    #expect(form.labels.describe(error).vi == name.vi + ": " + error.message.vi)
                    named += 1
                }
            }
        }
        #expect(named > 100, "\(named) errors named")
        let labels = DeNghiChungThucBanSao.labels
        #expect(labels.name(at: "/giay_to/1/so_trang_ban_chinh")?.vi == "Số trang của bản chính (Giấy tờ cần chứng thực, mục 2)")
        #expect(labels.name(at: "/nguoi_yeu_cau/ho_ten")?.vi == "Họ, chữ đệm, tên (Người yêu cầu chứng thực)")
        #expect(labels.name(at: "/nguoi_yeu_cau")?.vi == "Người yêu cầu chứng thực")
        #expect(labels.name(at: "") == nil)
    }

    /// A module whose generated types are internal still uses them (`swift: { access: internal }`).
    @Test func internalGeneratedTypesServeTheirModule() {
        let today = CalendarDate("2026-11-25")!
        let valid = Array(#"{"nguoi_yeu_cau":{"ho_ten":"Mai Văn Sơn","so_dinh_danh":"031080001122"},"van_ban":{"ten_van_ban":"Giấy ủy quyền","so_chu_ky":1,"hinh_thuc":"ky"}}"#.utf8)
        #expect(NoiBo.problems(in: valid, today: today).isEmpty)
        let invalid = Array(#"{"nguoi_yeu_cau":{"ho_ten":"Mai Văn Sơn"},"van_ban":{"ten_van_ban":"Giấy ủy quyền","so_chu_ky":1,"hinh_thuc":"ky"}}"#.utf8)
        #expect(NoiBo.problems(in: invalid, today: today) == ["Số định danh cá nhân (Người yêu cầu chứng thực): Thông tin bắt buộc"])
    }

    /// The civil date from a count of seconds, and today in Vietnam from the system clock.
    @Test func todayInVietnam() {
        #expect(CalendarDate.fromUnixSeconds(0).description == "1970-01-01")
        #expect(CalendarDate.fromUnixSeconds(951_782_400).description == "2000-02-29")
        #expect(CalendarDate.fromUnixSeconds(-1).description == "1969-12-31")
        #expect(CalendarDate.fromUnixSeconds(4_102_444_800).description == "2100-01-01")
        // 2026-03-01 23:30 UTC is already 2 March in Vietnam.
        #expect(CalendarDate.fromUnixSeconds(1_772_407_800 + 7 * 3600).description == "2026-03-02")
        let seconds = Int64(Date().timeIntervalSince1970) + 7 * 3600
        let today = CalendarDate.todayInVietnam()
        #expect(today == CalendarDate.fromUnixSeconds(seconds) || today == CalendarDate.fromUnixSeconds(seconds + 1))
    }
}
