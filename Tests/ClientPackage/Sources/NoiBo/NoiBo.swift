import FormcRuntime

/// A module that keeps the generated form types internal and exposes only its own API: whether a
/// signature-certification request is acceptable, and its errors as sentences naming their fields.
public enum NoiBo {
    public static func problems(in body: [UInt8], today: CalendarDate) -> [String] {
        do {
            _ = try DeNghiChungThucChuKy.intake(body, today: today)
            return []
        } catch {
            return error.errors.map { DeNghiChungThucChuKy.labels.describe($0).vi }
        }
    }
}
