/// Why a request body is not a submission of a form, from the generated `intake` functions: the
/// body is not JSON, or the form does not accept it (every validation error, as `validate.mjs`
/// gives them).
public enum SubmissionRejection: Error, Sendable, Equatable, CustomStringConvertible {
    case notJSON(JSON.ParseError)
    case invalid([ValidationError])

    /// The validation errors, or one `json` error at the root for a body that is not JSON: what a
    /// receiver answers with (docs/service-levels.md, the 422 body).
    public var errors: [ValidationError] {
        switch self {
        case .notJSON(let error):
            [ValidationError(path: "", rule: "json", message: LocalizedText(vi: "Dữ liệu gửi lên không phải JSON hợp lệ (\(error))", en: "The body is not valid JSON (\(error))"))]
        case .invalid(let errors):
            errors
        }
    }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// A form's field labels by JSON Pointer, so a back end can name the field of any error, as the
/// form page does: "Ngày sinh (Người yêu cầu): Ngày không hợp lệ". Item indexes in a pointer are
/// matched by `*` in the table (`/giay_to/*/so_trang_ban_chinh`).
public struct FieldLabels: Sendable {
    private let labels: [String: LocalizedText]

    public init(_ labels: [String: LocalizedText]) {
        self.labels = labels
    }

    /// The label of the field `pointer` names, or of the nearest field around it
    /// (`/noi_cu_tru/commune` → the address field); nil at the root.
    public func label(at pointer: String) -> LocalizedText? {
        var key = Self.pattern(pointer)
        while !key.isEmpty {
            if let label = labels[key] { return label }
            guard let slash = key.lastIndex(of: "/") else { break }
            key = String(key[..<slash])
        }
        return nil
    }

    /// The field, then the section and the item it is in: "Số trang của bản chính (Giấy tờ cần
    /// chứng thực, mục 2)".
    public func name(at pointer: String) -> LocalizedText? {
        guard let field = label(at: pointer) else { return nil }
        let steps = pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        var context: [LocalizedText] = []
        if let first = steps.first, "/" + first != Self.pattern(pointer), let section = labels["/" + first] {
            context.append(section)
        }
        let items = steps.compactMap { Int($0) }.map { $0 + 1 }
        if !items.isEmpty {
            let numbers = items.map(String.init).joined(separator: ".")
            context.append(LocalizedText(vi: "mục " + numbers, en: "item " + numbers))
        }
        guard !context.isEmpty else { return field }
        return LocalizedText(
            vi: field.vi + " (" + context.map(\.vi).joined(separator: ", ") + ")",
            en: field.en.map { en in en + " (" + context.map { $0.en ?? $0.vi }.joined(separator: ", ") + ")" })
    }

    /// An error as a sentence that names its field: "Ngày sinh (Người yêu cầu): Ngày không hợp lệ".
    public func describe(_ error: ValidationError) -> LocalizedText {
        guard let name = name(at: error.path) else { return error.message }
        return LocalizedText(
            vi: name.vi + ": " + error.message.vi,
            en: error.message.en.map { (name.en ?? name.vi) + ": " + $0 })
    }

    /// `/giay_to/1/so_trang` → `/giay_to/*/so_trang`.
    static func pattern(_ pointer: String) -> String {
        pointer.split(separator: "/", omittingEmptySubsequences: false).map { step in
            !step.isEmpty && step.allSatisfy(\.isASCII) && step.allSatisfy(\.isNumber) ? "*" : String(step)
        }.joined(separator: "/")
    }
}
