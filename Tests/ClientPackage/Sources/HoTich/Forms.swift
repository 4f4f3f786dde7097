import FormcRuntime

/// Every form version of this target by `id@version`, with its generated validator and expression
/// evaluator: what a back end that serves several forms (and several majors of one) from one endpoint
/// would keep. The parity tests and the
/// validator benchmark go through it.
public enum Forms {
    /// A submission, the date relative rules use, what the data sources hold for the citizen (`.null`
    /// when none: docs/data-reuse.md), and the error limit (`ValidationLimits.defaultMaxErrors` by default).
    public typealias Validate = (JSON, CalendarDate, JSON, Int) -> ValidationResult
    public typealias Evaluate = (String, ValidationContext<JSON>) -> JSON?

    public static var all: [String: (validate: Validate, evaluate: Evaluate)] {
        [
            key(Ct01ToKhaiThayDoiThongTinCuTru.self): (Ct01ToKhaiThayDoiThongTinCuTru.validate(_:today:prefill:maxErrors:), Ct01ToKhaiThayDoiThongTinCuTru.evaluateExpression),
            key(DeNghiChungThucBanSao.self): (DeNghiChungThucBanSao.validate(_:today:prefill:maxErrors:), DeNghiChungThucBanSao.evaluateExpression),
            key(DeNghiChungThucChuKy.self): (DeNghiChungThucChuKy.validate(_:today:prefill:maxErrors:), DeNghiChungThucChuKy.evaluateExpression),
            key(ToKhaiCapBanSaoTrichLucHoTich.self): (ToKhaiCapBanSaoTrichLucHoTich.validate(_:today:prefill:maxErrors:), ToKhaiCapBanSaoTrichLucHoTich.evaluateExpression),
            key(ToKhaiDangKyKetHon.self): (ToKhaiDangKyKetHon.validate(_:today:prefill:maxErrors:), ToKhaiDangKyKetHon.evaluateExpression),
            key(SpecsFormsToKhaiDangKyKhaiSinh.self): (SpecsFormsToKhaiDangKyKhaiSinh.validate(_:today:prefill:maxErrors:), SpecsFormsToKhaiDangKyKhaiSinh.evaluateExpression),
            key(ToKhaiDangKyKhaiTu.self): (ToKhaiDangKyKhaiTu.validate(_:today:prefill:maxErrors:), ToKhaiDangKyKhaiTu.evaluateExpression),
            key(ToKhaiXacNhanTinhTrangHonNhan.self): (ToKhaiXacNhanTinhTrangHonNhan.validate(_:today:prefill:maxErrors:), ToKhaiXacNhanTinhTrangHonNhan.evaluateExpression),
            key(SpecsThuNghiemToKhaiDangKyKhaiSinh.self): (SpecsThuNghiemToKhaiDangKyKhaiSinh.validate(_:today:prefill:maxErrors:), SpecsThuNghiemToKhaiDangKyKhaiSinh.evaluateExpression),
            key(SpecsThuNghiemTenTrung.self): (SpecsThuNghiemTenTrung.validate(_:today:prefill:maxErrors:), SpecsThuNghiemTenTrung.evaluateExpression),
            key(SpecsThuNghiemTenTrung2.self): (SpecsThuNghiemTenTrung2.validate(_:today:prefill:maxErrors:), SpecsThuNghiemTenTrung2.evaluateExpression),
            key(LogicTorture.self): (LogicTorture.validate(_:today:prefill:maxErrors:), LogicTorture.evaluateExpression),
            key(Case.self): (Case.validate(_:today:prefill:maxErrors:), Case.evaluateExpression),
            key(GhimV1.self): (GhimV1.validate(_:today:prefill:maxErrors:), GhimV1.evaluateExpression),
            key(GhimV2.self): (GhimV2.validate(_:today:prefill:maxErrors:), GhimV2.evaluateExpression),
            // A combined procedure's declaration (specs/bundles/): a form of the build like the others.
            key(LienThongKhaiSinhThuongTru.self): (LienThongKhaiSinhThuongTru.validate(_:today:prefill:maxErrors:), LienThongKhaiSinhThuongTru.evaluateExpression),
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
            LienThongKhaiSinhThuongTru.self,
        ]
    }
}
