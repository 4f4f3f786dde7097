/// A form's printable template (level 2): every field as a labelled blank sized to the field, boxes
/// for choices, one box per character for identifiers (CCCD, CMND, tax code, BHXH), on A4. The
/// inputs can also be typed into in a browser before printing.
struct TemplateEmitter {
    func emit(_ form: FormSpec) -> [UInt8] {
        var h = "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        h += "<title>\(HTML.escape(form.title.vi))</title>\n\(HTML.printStyle)\n</head>\n<body>\n<main>\n"
        h += "<p class=\"meta\"><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong><br>Độc lập - Tự do - Hạnh phúc</p>\n"
        h += "<h1>\(HTML.localized(form.title))</h1>\n"
        if let source = form.source { h += "<p class=\"meta\">(Mẫu theo \(HTML.escape(source)))</p>\n" }
        var ids = IDs()
        for section in form.sections {
            h += "<section>\n<h2>\(HTML.localized(section.label ?? LocalizedText(vi: section.name)))</h2>\n"
            h += fields(section, path: [section.name], ids: &ids, level: 3)
            h += "</section>\n"
        }
        h += "<p class=\"meta\">……, ngày …… tháng …… năm ……<br><strong>Người khai</strong><br>(Ký, ghi rõ họ tên)</p>\n"
        h += "</main>\n</body>\n</html>\n"
        return Array(h.utf8)
    }

    /// Element ids from field paths; unique within the page.
    struct IDs {
        var used: Set<String> = []
        mutating func make(_ path: [String]) -> String {
            let base = "f-" + path.joined(separator: "-")
            var id = base
            var n = 2
            while !used.insert(id).inserted { id = base + "-\(n)"; n += 1 }
            return id
        }
    }

    private func fields(_ group: FieldSpec, path: [String], ids: inout IDs, level: Int) -> String {
        // A repeating group prints as many blank items as its minimum, at least one, at most three.
        let copies = group.kind == .repeat ? min(max(group.minItems?.value ?? 1, 1), 3) : 1
        var h = ""
        for copy in 0..<copies {
            if group.kind == .repeat { h += "<p><em>Mục \(copy + 1)</em></p>\n" }
            for field in group.fields {
                let fieldPath = path + (group.kind == .repeat ? ["\(copy + 1)"] : []) + [field.name]
                h += self.field(field, path: fieldPath, ids: &ids, level: level)
            }
        }
        return h
    }

    private func field(_ field: FieldSpec, path: [String], ids: inout IDs, level: Int) -> String {
        let label = HTML.localized(field.label ?? LocalizedText(vi: field.name))
        let hint = field.hint.map { "<p class=\"hint\">\(HTML.localized($0))</p>" } ?? ""
        let mark = field.required ? " <abbr title=\"bắt buộc\">*</abbr>" : ""
        switch field.kind {
        case .group, .repeat:
            let heading = min(level, 6)
            return "<h\(heading)>\(label)</h\(heading)>\n" + fields(field, path: path, ids: &ids, level: level + 1)
        case .choice, .multi_choice, .boolean:
            let choices: [(String, LocalizedText)] = field.kind == .boolean
                ? [("co", LocalizedText(vi: "Có", en: "Yes")), ("khong", LocalizedText(vi: "Không", en: "No"))]
                : field.choices.map { ($0.value, $0.label) }
            var h = "<fieldset class=\"field choices\">\n<legend>\(label)\(mark)</legend>\n"
            for (value, text) in choices {
                let id = ids.make(path + [value])
                h += "<span><input type=\"checkbox\" id=\"\(id)\"> <label for=\"\(id)\">\(HTML.localized(text))</label></span>\n"
            }
            return h + hint + "</fieldset>\n"
        case .cccd, .cmnd, .tax_code, .bhxh:
            let count: Int =
                switch field.kind {
                case .cccd: 12
                case .cmnd: 12
                case .tax_code: 13
                default: 10
                }
            let id = ids.make(path)
            var h = "<div class=\"field\">\n<span class=\"label\" id=\"\(id)-label\">\(label)\(mark)</span>\n<span class=\"boxes\" role=\"group\" aria-labelledby=\"\(id)-label\">"
            for index in 1...count {
                h += "<input type=\"text\" maxlength=\"1\" inputmode=\"numeric\" aria-label=\"\(HTML.escape(field.label?.vi ?? field.name)), ký tự \(index)\">"
            }
            return h + "</span>\n" + hint + "</div>\n"
        case .address_vn:
            let id = ids.make(path)
            return """
                <div class="field"><label for="\(id)">\(label)\(mark)</label><input class="blank" type="text" id="\(id)" size="60"></div>
                <div class="field"><label for="\(id)-xa">Xã/phường/đặc khu</label><input class="blank" type="text" id="\(id)-xa" size="30"><label for="\(id)-tinh">Tỉnh/thành phố</label><input class="blank" type="text" id="\(id)-tinh" size="20"></div>
                \(hint)
                """
        default:
            let id = ids.make(path)
            let size: Int =
                switch field.kind {
                case .date: 12
                case .datetime: 20
                case .integer, .money_vnd: 12
                case .phone_vn: 14
                default: min(max(field.maxLength?.value ?? 40, 8), 70)
                }
            let placeholder = field.kind == .date ? " placeholder=\"…/…/……\"" : ""
            return "<div class=\"field\"><label for=\"\(id)\">\(label)\(mark)</label><input class=\"blank\" type=\"text\" id=\"\(id)\" size=\"\(size)\"\(placeholder)>\(hint)</div>\n"
        }
    }
}
