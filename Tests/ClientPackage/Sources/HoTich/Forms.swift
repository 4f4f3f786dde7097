import FormcRuntime

/// Every form version of this target by `id@version`, with its generated validator and expression
/// evaluator: what a back end that serves several forms (and several majors of one) from one endpoint
/// would keep. The parity tests and the
/// validator benchmark go through it.
public enum Forms {
    /// A submission, the date relative rules use, and the error limit (`ValidationLimits.defaultMaxErrors` by default).
    public typealias Validate = (JSON, CalendarDate, Int) -> ValidationResult
    public typealias Evaluate = (String, ValidationContext) -> JSON?

    public static var all: [String: (validate: Validate, evaluate: Evaluate)] {
        [
            key(Ct01ToKhaiThayDoiThongTinCuTru.self): (Ct01ToKhaiThayDoiThongTinCuTru.validate, Ct01ToKhaiThayDoiThongTinCuTru.evaluateExpression),
            key(DeNghiChungThucBanSao.self): (DeNghiChungThucBanSao.validate, DeNghiChungThucBanSao.evaluateExpression),
            key(DeNghiChungThucChuKy.self): (DeNghiChungThucChuKy.validate, DeNghiChungThucChuKy.evaluateExpression),
            key(ToKhaiCapBanSaoTrichLucHoTich.self): (ToKhaiCapBanSaoTrichLucHoTich.validate, ToKhaiCapBanSaoTrichLucHoTich.evaluateExpression),
            key(ToKhaiDangKyKetHon.self): (ToKhaiDangKyKetHon.validate, ToKhaiDangKyKetHon.evaluateExpression),
            key(SpecsFormsToKhaiDangKyKhaiSinh.self): (SpecsFormsToKhaiDangKyKhaiSinh.validate, SpecsFormsToKhaiDangKyKhaiSinh.evaluateExpression),
            key(ToKhaiDangKyKhaiTu.self): (ToKhaiDangKyKhaiTu.validate, ToKhaiDangKyKhaiTu.evaluateExpression),
            key(ToKhaiXacNhanTinhTrangHonNhan.self): (ToKhaiXacNhanTinhTrangHonNhan.validate, ToKhaiXacNhanTinhTrangHonNhan.evaluateExpression),
            key(SpecsThuNghiemToKhaiDangKyKhaiSinh.self): (SpecsThuNghiemToKhaiDangKyKhaiSinh.validate, SpecsThuNghiemToKhaiDangKyKhaiSinh.evaluateExpression),
            key(SpecsThuNghiemTenTrung.self): (SpecsThuNghiemTenTrung.validate, SpecsThuNghiemTenTrung.evaluateExpression),
            key(SpecsThuNghiemTenTrung2.self): (SpecsThuNghiemTenTrung2.validate, SpecsThuNghiemTenTrung2.evaluateExpression),
            key(LogicTorture.self): (LogicTorture.validate, LogicTorture.evaluateExpression),
            key(Case.self): (Case.validate, Case.evaluateExpression),
            key(GhimV1.self): (GhimV1.validate, GhimV1.evaluateExpression),
            key(GhimV2.self): (GhimV2.validate, GhimV2.evaluateExpression),
        ]
    }

    /// A form version's key in `all`: `thu-nghiem-ghim@1.0.0`.
    public static func key(_ form: any FormDefinition.Type) -> String { "\(form.form)@\(form.version)" }

    /// Every form version's type: its identity, validator and field labels.
    public static var definitions: [any FormDefinition.Type] {
        [
            Ct01ToKhaiThayDoiThongTinCuTru.self, DeNghiChungThucBanSao.self, DeNghiChungThucChuKy.self,
            ToKhaiCapBanSaoTrichLucHoTich.self, ToKhaiDangKyKetHon.self, SpecsFormsToKhaiDangKyKhaiSinh.self,
            ToKhaiDangKyKhaiTu.self, ToKhaiXacNhanTinhTrangHonNhan.self, SpecsThuNghiemToKhaiDangKyKhaiSinh.self,
            SpecsThuNghiemTenTrung.self, SpecsThuNghiemTenTrung2.self, LogicTorture.self, Case.self, GhimV1.self, GhimV2.self,
        ]
    }
}
