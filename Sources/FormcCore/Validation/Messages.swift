/// The messages of validation errors, in Vietnamese and English: one catalogue used by formc's
/// validator at run time and by the JavaScript generator at compile time, so both give citizens the
/// same words.
public enum Messages {
    static func text(_ vi: String, _ en: String) -> LocalizedText { LocalizedText(vi: vi, en: en) }

    public static let object = text("Phải là một nhóm thông tin (đối tượng JSON)", "Must be an object")
    public static let notVisible = text("Thông tin này không áp dụng trong trường hợp của bạn", "This field does not apply here; leave it out")
    public static func computed(_ expected: String) -> LocalizedText {
        text("Giá trị phải bằng \(expected) (được tính tự động)", "Must be \(expected), which is computed from other answers")
    }
    public static let required = text("Thông tin bắt buộc", "This field is required")
    public static let cccdBirthDate = text(
        "Số định danh cá nhân không khớp với năm sinh đã khai", "The personal identification number does not match the year of birth given")
    public static let cccdSex = text(
        "Số định danh cá nhân không khớp với giới tính đã khai", "The personal identification number does not match the sex given")
    /// A locked prefilled answer that is not the value the source holds.
    public static func prefillLocked(_ heldBy: LocalizedText) -> LocalizedText {
        text("Không được sửa thông tin này: thông tin được lấy từ \(heldBy.vi)", "This cannot be changed: it comes from \(heldBy.en ?? heldBy.vi)")
    }
    public static let unknownField = text("Thông tin không có trong biểu mẫu", "This field is not part of the form")
    public static func minimum(_ low: Int64) -> LocalizedText { text("Không được nhỏ hơn \(low)", "Must be at least \(low)") }
    public static func maximum(_ high: Int64) -> LocalizedText { text("Không được lớn hơn \(high)", "Must be at most \(high)") }
    public static let uniqueItems = text("Các lựa chọn không được trùng nhau", "Choices must not repeat")
    public static func minLength(_ n: Int) -> LocalizedText { text("Cần ít nhất \(n) ký tự", "Must have at least \(n) characters") }
    public static func maxLength(_ n: Int) -> LocalizedText { text("Không quá \(n) ký tự", "Must have at most \(n) characters") }
    public static let date = text("Ngày không hợp lệ (định dạng YYYY-MM-DD)", "Not a valid date (YYYY-MM-DD)")
    public static let dateTime = text("Thời điểm không hợp lệ", "Not a valid date and time (RFC 3339)")
    public static let checkDigit = text("Mã số thuế sai chữ số kiểm tra", "The tax code's check digit is wrong")
    public static let cccdProvince = text("Ba chữ số đầu không phải mã tỉnh", "The first three digits are not a province code")
    public static let personName = text("Họ tên không hợp lệ (khoảng trắng thừa hoặc chưa chuẩn hoá Unicode)", "Not a well-formed name (stray spaces, or not Unicode NFC)")
    /// Date bounds: a fixed date as a Vietnamese reader writes it (01/07/2025), or "today" in words,
    /// so a message never carries the day it was produced (vectors stay the same on any day).
    public static func dateBefore(_ low: CalendarDate) -> LocalizedText {
        text("Ngày không được trước ngày \(vietnamese(low))", "The date must not be before \(low)")
    }
    public static func dateAfter(_ high: CalendarDate) -> LocalizedText {
        text("Ngày không được sau ngày \(vietnamese(high))", "The date must not be after \(high)")
    }
    public static let dateBeforeToday = text("Ngày không được trước ngày hôm nay", "The date must not be before today")
    public static let dateAfterToday = text("Ngày không được sau ngày hôm nay", "The date must not be after today")

    /// `2025-07-01` as `01/07/2025`.
    static func vietnamese(_ d: CalendarDate) -> String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        return "\(two(d.day))/\(two(d.month))/\(d.year)"
    }
    public static let option = text("Lựa chọn không có trong danh sách", "Not one of the options")
    public static func minItems(_ n: Int) -> LocalizedText { text("Cần ít nhất \(n) mục", "Needs at least \(n) items") }
    public static func maxItems(_ n: Int) -> LocalizedText { text("Không quá \(n) mục", "At most \(n) items") }
    public static let province = text("Mã tỉnh không có trong danh mục", "Not a province code of the catalogue")
    public static let commune = text("Mã xã gồm 5 chữ số", "A commune code has 5 digits")
    public static let adminUnit = text("Xã/phường không thuộc tỉnh/thành phố đã chọn", "The commune is not in the chosen province")
    public static let encoding = text("Có ký tự bị lỗi mã hoá; vui lòng nhập lại", "Contains a broken character; please type it again")
    public static let formVersion = text(
        "Tờ khai được lập theo một phiên bản khác của biểu mẫu; vui lòng khai lại theo mẫu hiện hành",
        "The answers were made for another version of this form; fill in the current version")
    public static func tooManyErrors(_ n: String) -> LocalizedText {
        text("Còn những lỗi khác; chỉ liệt kê \(n) lỗi đầu tiên", "There are more errors; only the first \(n) are listed")
    }
    public static let mediaType = text("Loại tệp không được chấp nhận", "This file type is not accepted")
    public static func fileSize(_ max: Int64) -> LocalizedText { text("Tệp quá lớn (tối đa \(max) byte)", "The file is too large (at most \(max) bytes)") }

    /// The wrong-type message for a value that should be `kind` (see `typeName`).
    public static func type(_ expected: TypeName) -> LocalizedText {
        switch expected {
        case .list: text("Phải là một danh sách", "Must be a list")
        case .integer: text("Phải là một số nguyên", "Must be a whole number")
        case .boolean: text("Phải là đúng hoặc sai", "Must be true or false")
        case .text: text("Phải là chuỗi ký tự", "Must be text")
        case .address: text("Phải là một địa chỉ", "Must be an address object")
        case .file: text("Phải là thông tin tệp", "Must be a file description")
        }
    }

    public enum TypeName: Sendable { case list, integer, boolean, text, address, file }

    /// The pattern message of a field kind.
    public static func pattern(_ kind: FieldKind) -> LocalizedText {
        switch kind {
        case .email: text("Địa chỉ thư điện tử không hợp lệ", "Not a valid email address")
        case .phone_vn: text("Số điện thoại không hợp lệ", "Not a valid Vietnamese phone number")
        case .cccd: text("Số định danh cá nhân gồm 12 chữ số", "A personal identification number has 12 digits")
        case .cmnd: text("Số CMND gồm 9 hoặc 12 chữ số", "An identity card number has 9 or 12 digits")
        case .tax_code: text("Mã số thuế gồm 10 chữ số, có thể kèm số đơn vị phụ thuộc -001 đến -999", "A tax code has 10 digits, optionally followed by a dependent unit's number, -001 to -999")
        case .bhxh: text("Mã số BHXH gồm 10 chữ số", "A social insurance number has 10 digits")
        case .person_name: text("Họ tên không được chứa chữ số hoặc ký hiệu", "A name must not contain digits or symbols")
        default: text("Không đúng định dạng", "Does not match the required format")
        }
    }
}
