import FormcRuntime

/// Every form of this target by form id, with its generated validator and expression evaluator:
/// what a back end that serves several forms from one endpoint would keep. The parity tests and the
/// validator benchmark go through it.
public enum Forms {
    /// A submission, the date relative rules use, and the error limit (`ValidationLimits.defaultMaxErrors` by default).
    public typealias Validate = (JSON, CalendarDate, Int) -> ValidationResult
    public typealias Evaluate = (String, ValidationContext) -> JSON?

    public static var all: [String: (validate: Validate, evaluate: Evaluate)] {
        [
            Ct01ToKhaiThayDoiThongTinCuTru.form: (Ct01ToKhaiThayDoiThongTinCuTru.validate, Ct01ToKhaiThayDoiThongTinCuTru.evaluateExpression),
            DeNghiChungThucBanSao.form: (DeNghiChungThucBanSao.validate, DeNghiChungThucBanSao.evaluateExpression),
            DeNghiChungThucChuKy.form: (DeNghiChungThucChuKy.validate, DeNghiChungThucChuKy.evaluateExpression),
            ToKhaiCapBanSaoTrichLucHoTich.form: (ToKhaiCapBanSaoTrichLucHoTich.validate, ToKhaiCapBanSaoTrichLucHoTich.evaluateExpression),
            ToKhaiDangKyKetHon.form: (ToKhaiDangKyKetHon.validate, ToKhaiDangKyKetHon.evaluateExpression),
            SpecsFormsToKhaiDangKyKhaiSinh.form: (SpecsFormsToKhaiDangKyKhaiSinh.validate, SpecsFormsToKhaiDangKyKhaiSinh.evaluateExpression),
            ToKhaiDangKyKhaiTu.form: (ToKhaiDangKyKhaiTu.validate, ToKhaiDangKyKhaiTu.evaluateExpression),
            ToKhaiXacNhanTinhTrangHonNhan.form: (ToKhaiXacNhanTinhTrangHonNhan.validate, ToKhaiXacNhanTinhTrangHonNhan.evaluateExpression),
            SpecsThuNghiemToKhaiDangKyKhaiSinh.form: (SpecsThuNghiemToKhaiDangKyKhaiSinh.validate, SpecsThuNghiemToKhaiDangKyKhaiSinh.evaluateExpression),
            SpecsThuNghiemTenTrung.form: (SpecsThuNghiemTenTrung.validate, SpecsThuNghiemTenTrung.evaluateExpression),
            SpecsThuNghiemTenTrung2.form: (SpecsThuNghiemTenTrung2.validate, SpecsThuNghiemTenTrung2.evaluateExpression),
            LogicTorture.form: (LogicTorture.validate, LogicTorture.evaluateExpression),
            Case.form: (Case.validate, Case.evaluateExpression),
        ]
    }

    /// Every form's type, by form id: its identity, validator and field labels.
    public static var definitions: [any FormDefinition.Type] {
        [
            Ct01ToKhaiThayDoiThongTinCuTru.self, DeNghiChungThucBanSao.self, DeNghiChungThucChuKy.self,
            ToKhaiCapBanSaoTrichLucHoTich.self, ToKhaiDangKyKetHon.self, SpecsFormsToKhaiDangKyKhaiSinh.self,
            ToKhaiDangKyKhaiTu.self, ToKhaiXacNhanTinhTrangHonNhan.self, SpecsThuNghiemToKhaiDangKyKhaiSinh.self,
            SpecsThuNghiemTenTrung.self, SpecsThuNghiemTenTrung2.self, LogicTorture.self, Case.self,
        ]
    }
}
