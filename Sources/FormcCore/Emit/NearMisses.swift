/// Near-miss submissions for a form's conformance vectors: each a valid example with one targeted
/// mutation — a digit too many, a wrong check digit, an impossible date, a missing field, an option
/// outside the list, a repeat over its bound, a stray property… Their verdicts come from formc's
/// validator, so any other implementation can prove it agrees on the cases most likely to differ.
struct NearMisses {
    let form: FormSpec
    /// Vectors per form at most, so artifacts stay small for large catalogues.
    static let limit = 80

    struct Mutation {
        var name: String
        /// The mutated submission, for formc's verdict.
        var data: JSONValue
        /// The same change as one JSON Patch (RFC 6902) operation on the base, which is what the
        /// vectors carry: a few bytes instead of a copy of the whole submission.
        var patch: JSONValue
        /// The top-level member the change is in (a section, or a member no section names).
        var section: String
    }

    func mutations(of base: JSONValue) -> [Mutation] {
        var result: [Mutation] = []
        var seen = Set<String>()
        func add(_ name: String, _ edit: Edit) {
            guard result.count < Self.limit, seen.insert(name).inserted else { return }
            result.append(Mutation(name: "near miss: " + name, data: edit.apply(to: base), patch: edit.patch, section: edit.path.first ?? ""))
        }
        walk(form.sections, base, path: [], root: base, add: add, isFull: { result.count >= Self.limit })
        return result
    }

    /// One change to a submission: add or replace a value, or remove one.
    struct Edit {
        var path: [String]
        /// nil: remove.
        var value: JSONValue?
        var adds: Bool

        func apply(to base: JSONValue) -> JSONValue {
            value.map { NearMisses.set(base, path, $0) } ?? NearMisses.remove(base, path)
        }

        var patch: JSONValue {
            let pointer = path.map { JSONPointer.appending("", $0) }.joined()
            var operation: [(key: String, value: JSONValue)] = [("op", .string(value == nil ? "remove" : adds ? "add" : "replace")), ("path", .string(pointer))]
            if let value { operation.append(("value", value)) }
            return .array([.object(operation)])
        }
    }

    /// Visits the fields of one object (`value`, at `path` tokens inside `root`).
    /// Stops once `isFull`: the fields past the limit would only make variants nobody keeps.
    private func walk(_ fields: [FieldSpec], _ value: JSONValue, path: [String], root: JSONValue, add: (String, Edit) -> Void, isFull: () -> Bool) {
        guard case .object(let members) = value, !isFull() else { return }
        let pointer = "/" + path.joined(separator: "/")
        add("\(pointer == "/" ? "" : pointer)/truong_la thêm vào", Edit(path: path + ["truong_la"], value: .string("x"), adds: true))
        for field in fields where !isFull() {
            let fieldPath = path + [field.name]
            let at = "/" + fieldPath.joined(separator: "/")
            guard let current = members.first(where: { $0.key == field.name })?.value else { continue }
            add("\(at) bỏ trống", Edit(path: fieldPath, value: nil, adds: false))
            for (label, replacement) in variants(field, current) {
                add("\(at) \(label)", Edit(path: fieldPath, value: replacement, adds: false))
            }
            switch field.kind {
            case .group:
                walk(field.fields, current, path: fieldPath, root: root, add: add, isFull: isFull)
            case .repeat:
                if case .array(let items) = current, let first = items.first {
                    walk(field.fields, first, path: fieldPath + ["0"], root: root, add: add, isFull: isFull)
                }
            default:
                break
            }
        }
    }

    /// Values of `field` that break exactly one of its rules (or none, to probe the boundary).
    private func variants(_ field: FieldSpec, _ current: JSONValue) -> [(String, JSONValue)] {
        var out: [(String, JSONValue)] = []
        switch current {
        case .string: out.append(("sai kiểu (số)", .integer(12345)))
        case .integer, .number: out.append(("sai kiểu (chuỗi)", .string("12")))
        case .bool: out.append(("sai kiểu (chuỗi)", .string("true")))
        case .array: out.append(("sai kiểu (đối tượng)", .object([])))
        case .object: out.append(("sai kiểu (chuỗi)", .string("x")))
        case .null: break
        }
        let text = current.stringValue
        switch field.kind {
        case .cccd, .cmnd, .bhxh:
            if let text {
                out.append(("thừa một chữ số", .string(text + "0")))
                // Python's `$` matches before a final newline; the schema's lengths refuse it there.
                out.append(("xuống dòng ở cuối", .string(text + "\n")))
                out.append(("có chữ số Ả Rập", .string(String(text.dropLast()) + "٣")))
                if field.kind == .cccd { out.append(("mã tỉnh không tồn tại", .string("003" + text.dropFirst(3)))) }
            }
        case .tax_code:
            if let text, let last = text.last?.wholeNumberValue {
                out.append(("sai chữ số kiểm tra", .string(String(text.dropLast()) + String((last + 1) % 10))))
                if text.count == 10 {
                    out.append(("đơn vị phụ thuộc -000", .string(text + "-000")))
                    out.append(("đơn vị phụ thuộc -001", .string(text + "-001")))
                }
            }
        case .phone_vn:
            if let text {
                out.append(("dạng +84", .string("+84" + text.dropFirst())))
                out.append(("xuống dòng ở cuối", .string(text + "\n")))
            }
        case .email:
            if let text {
                out.append(("thiếu @", .string(text.replacingOccurrences(of: "@", with: ""))))
                out.append(("xuống dòng ở cuối", .string(text + "\n")))
            }
        case .person_name:
            if let text {
                out.append(("có chữ số", .string(text + " 2")))
                out.append(("xuống dòng ở cuối", .string(text + "\n")))
                out.append(("khoảng trắng đầu", .string(" " + text)))
                out.append(("khoảng trắng cuối", .string(text + " ")))
                out.append(("hai khoảng trắng liền", .string(text.replacingOccurrences(of: " ", with: "  "))))
                out.append(("chỉ có dấu gạch", .string("\u{2010}\u{2010}")))
                out.append(("dạng Unicode NFD", .string(text.decomposedStringWithCanonicalMapping)))
                // 40 characters as NFC, 120 code points as sent: counted as NFC, a name error only.
                out.append(("dạng NFD dài", .string(Self.longDecomposedName)))
                out.append(("ký tự lỗi mã hoá", .string(text + "\u{FFFD}")))
            }
        case .date:
            out.append(("ngày không có thật", .string("2023-02-30")))
            out.append(("dạng dd/mm/yyyy", .string("01/02/2020")))
            // Year 0000 does not exist for Python's datetime; every engine refuses it.
            out.append(("năm 0000", .string("0000-01-01")))
            if field.maximum != nil { out.append(("sau ngày tối đa", .string("2999-01-01"))) }
            if field.minimum != nil { out.append(("trước ngày tối thiểu", .string("1800-01-01"))) }
        case .datetime:
            out.append(("giờ 25", .string("2026-03-02T25:00:00Z")))
            out.append(("giây nhuận", .string("2016-12-31T23:59:60Z")))
            out.append(("lệch múi giờ +24:00", .string("2026-03-02T10:00:00+24:00")))
        case .integer, .money_vnd:
            let (low, high) = TypeLibrary.integerBounds(field)
            if high < JSONLimits.maxSafeInteger { out.append(("vượt tối đa", .integer(high + 1))) }
            if low > -JSONLimits.maxSafeInteger { out.append(("dưới tối thiểu", .integer(low - 1))) }
            out.append(("số thập phân", .number(1.5)))
        case .choice:
            out.append(("ngoài danh sách", .string("khong_co_trong_danh_sach")))
        case .multi_choice:
            if case .array(let items) = current, let first = items.first { out.append(("lặp lựa chọn", .array(items + [first]))) }
        case .text:
            if let high = field.maxLength?.value { out.append(("quá dài", .string(String(repeating: "ạ", count: high + 1)))) }
            if let low = field.minLength?.value, low > 0 { out.append(("quá ngắn", .string(String(repeating: "a", count: low - 1)))) }
            if let text { out.append(("ký tự lỗi mã hoá", .string(text + "\u{FFFD}"))) }
            if let text, field.pattern != nil { out.append(("xuống dòng ở cuối", .string(text + "\n"))) }
        case .address_vn:
            if case .object(let members) = current {
                out.append(("xã không thuộc tỉnh", .object(members.filter { $0.key != "commune" } + [("commune", .string("99999"))])))
                out.append(("tỉnh không tồn tại", .object(members.filter { $0.key != "province" } + [("province", .string("99"))])))
            }
        case .file:
            if case .object(let members) = current {
                if let max = field.maxSize?.value {
                    out.append(("tệp quá lớn", .object(members.filter { $0.key != "size" } + [("size", .integer(max + 1))])))
                }
                out.append(("loại tệp không nhận", .object(members.filter { $0.key != "media_type" } + [("media_type", .string("application/x-msdownload"))])))
            }
        case .repeat:
            if case .array(let items) = current, let first = items.first {
                if let high = field.maxItems?.value { out.append(("vượt số mục tối đa", .array(Array(repeating: first, count: high + 1)))) }
                if let low = field.minItems?.value, low > 0 { out.append(("ít hơn số mục tối thiểu", .array(Array(items.prefix(low - 1))))) }
            }
        default:
            break
        }
        return out
    }

    private static let longDecomposedName = String(repeating: "ễ", count: 40).decomposedStringWithCanonicalMapping

    // MARK: JSON edits

    static func set(_ value: JSONValue, _ path: [String], _ replacement: JSONValue) -> JSONValue {
        guard let head = path.first else { return replacement }
        let rest = Array(path.dropFirst())
        switch value {
        case .object(var members):
            if let index = members.firstIndex(where: { $0.key == head }) {
                members[index].value = set(members[index].value, rest, replacement)
            } else if rest.isEmpty {
                members.append((head, replacement))
            }
            return .object(members)
        case .array(var items):
            guard let index = Int(head), items.indices.contains(index) else { return value }
            items[index] = set(items[index], rest, replacement)
            return .array(items)
        default:
            return value
        }
    }

    static func remove(_ value: JSONValue, _ path: [String]) -> JSONValue {
        guard let head = path.first else { return value }
        let rest = Array(path.dropFirst())
        switch value {
        case .object(let members):
            if rest.isEmpty { return .object(members.filter { $0.key != head }) }
            return .object(members.map { $0.key == head ? ($0.key, remove($0.value, rest)) : $0 })
        case .array(var items):
            guard let index = Int(head), items.indices.contains(index) else { return value }
            items[index] = remove(items[index], rest)
            return .array(items)
        default:
            return value
        }
    }
}
