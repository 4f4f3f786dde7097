/// Emits the form page of one document of a procedure submitted online: `form.html` (every control
/// rendered on the server side, so the page reads and prints before any script runs), `form.css` and
/// `form.js`. The script is a classic script, not a module, so the page also works opened from the
/// file system; it bundles the form's generated validator and logic and the procedure's fee module —
/// the same code as `validate.mjs`, `logic.mjs` and `fees.mjs`, each in its own scope — with the page's
/// behaviour: show and hide, computed values, repeats, the error summary, the check-answers step and
/// the submission. No inline script or style, no `eval`: it runs under
/// `Content-Security-Policy: default-src 'self'`.
struct FormPageEmitter {
    let procedure: ProcedureSpec
    let documentID: String
    let form: FormSpec
    let catalogue: AdministrativeUnitCatalogue?
    /// The id of the combined procedure when the page is a combined declaration's (docs/data-reuse.md).
    var bundle: String? = nil
    /// Whether the page names the procedure's code: not a bundle's id, which is not a code.
    var showsCode = true
    /// The printout script of the form (its path from the page), when the build has the procedure's
    /// templates: the check-answers step then prints what the citizen is sending.
    var printout: String? = nil

    // MARK: HTML

    func html() -> [UInt8] {
        var h = "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        h += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; connect-src 'self' http://127.0.0.1:*\">\n"
        // Where the submission goes: set at build time, replaceable at deploy time.
        h += "<meta name=\"formc-endpoint\" content=\"/submissions\">\n"
        h += "<title>\(HTML.escape(form.title.vi)) — \(HTML.escape(procedure.name.vi))</title>\n"
        h += "<link rel=\"stylesheet\" href=\"form.css\">\n<script src=\"form.js\" defer></script>\n</head>\n<body>\n"
        h += "<a class=\"skip\" href=\"#noi-dung\">Bỏ qua, đến nội dung chính</a>\n"
        h += "<main id=\"noi-dung\">\n"
        // The procedure's code (mã thủ tục) is what citizens quote; a bundle without one shows its name only.
        h += "<p class=\"procedure\">\(HTML.localized(procedure.name))\(showsCode ? " · " + HTML.escape(procedure.code.value) : "")</p>\n"
        h += "<h1>\(HTML.localized(form.title))</h1>\n"
        // English glosses are hidden until asked for, when the spec has them.
        if form.title.en != nil {
            h += "<p class=\"language\"><button type=\"button\" class=\"secondary\" id=\"ngon-ngu\" aria-pressed=\"false\" lang=\"en\">Show English</button></p>\n"
        }
        h += "<div class=\"error-summary\" id=\"tom-tat-loi\" role=\"alert\" tabindex=\"-1\" hidden>\n<h2>Có lỗi cần sửa</h2>\n<ul></ul>\n</div>\n"
        h += "<noscript><p>Trang này cần JavaScript để kiểm tra và gửi tờ khai; bạn vẫn có thể in trang để khai trên giấy.</p></noscript>\n"
        h += "<form id=\"to-khai\" novalidate>\n"
        for section in form.sections { h += field(section, pointer: "", depth: 0, applicant: false, repeats: 0) }
        h += feeQuestions()
        h += "<div class=\"actions\"><button type=\"submit\" class=\"primary\">Tiếp tục</button></div>\n</form>\n"
        h += "<section id=\"kiem-tra\" hidden tabindex=\"-1\" aria-labelledby=\"kiem-tra-tieu-de\">\n"
        h += "<h2 id=\"kiem-tra-tieu-de\">Kiểm tra lại thông tin</h2>\n<div class=\"answers\"></div>\n"
        h += "<div class=\"fee\" hidden><h3>Phí, lệ phí phải nộp</h3><table><tbody></tbody></table><p class=\"fee-total\"></p></div>\n"
        h += "<div class=\"actions\"><button type=\"button\" class=\"primary\" id=\"gui\">Gửi \(HTML.escape(form.title.vi.lowercasedFirst))</button>"
        h += " <button type=\"button\" class=\"secondary\" id=\"sua\">Quay lại sửa</button>"
        if printout != nil { h += " <button type=\"button\" class=\"secondary\" id=\"in\">In bản khai</button>" }
        h += "</div>\n<p class=\"result\" role=\"status\"></p>\n</section>\n</main>\n"
        // Filled from the form's printout module when the citizen prints: only it is printed then.
        if printout != nil { h += "<div id=\"ban-in\" class=\"paper\"></div>\n" }
        h += "</body>\n</html>\n"
        return Array(h.utf8)
    }

    /// The cases this document is part of: when there are several, the citizen says which is theirs
    /// (the fee and the submission depend on it).
    var cases: [ProcedureCase] { procedure.cases.filter { $0.documents.contains { $0.id.value == documentID } } }

    /// The categories of applicants a fee exempts that the answers cannot establish (no `when:`): the
    /// citizen says whether they belong to one, or the page would price an exempt citizen in full.
    var declaredCategories: [ApplicantCategory] {
        let exempting = Set(procedure.fees.flatMap { $0.exemptions.map(\.category.value) })
        return procedure.applicantCategories.filter { $0.when == nil && exempting.contains($0.value) }
    }

    /// The questions the fee depends on besides the answers (the case, declared categories) and the
    /// fee as the answers stand, kept up to date while the citizen fills the form.
    private func feeQuestions() -> String {
        guard !procedure.fees.isEmpty else { return "" }
        var h = "<fieldset class=\"group fee-context\" id=\"phi\">\n<legend><h2>Phí, lệ phí</h2></legend>\n"
        if cases.count > 1 {
            h += "<fieldset class=\"field choices\" id=\"w-truong-hop\">\n<legend>Trường hợp của bạn</legend>\n"
            h += "<p class=\"error-message\" id=\"truong-hop-error\" hidden><span class=\"visually-hidden\">Lỗi: </span><span class=\"text\"></span></p>\n"
            for (index, item) in cases.enumerated() {
                let id = index == 0 ? "truong-hop" : "truong-hop-\(index)"
                h += "<div class=\"choice\"><input type=\"radio\" id=\"\(id)\" name=\"truong-hop\" value=\"\(HTML.escape(item.id.value))\">"
                h += "<label for=\"\(id)\">\(HTML.localized(item.title))</label></div>\n"
            }
            h += "</fieldset>\n"
        }
        let categories = declaredCategories
        if !categories.isEmpty {
            h += "<fieldset class=\"field choices\" id=\"w-doi-tuong\" aria-describedby=\"doi-tuong-hint\">\n"
            h += "<legend>Đối tượng được miễn phí, lệ phí <span class=\"optional\">(nếu có)</span></legend>\n"
            h += "<div class=\"hint\" id=\"doi-tuong-hint\">Chọn nếu người nộp hồ sơ thuộc đối tượng dưới đây; có thể phải xuất trình giấy tờ chứng minh.</div>\n"
            for (index, category) in categories.enumerated() {
                let id = index == 0 ? "doi-tuong" : "doi-tuong-\(index)"
                h += "<div class=\"choice\"><input type=\"checkbox\" id=\"\(id)\" name=\"doi-tuong\" value=\"\(HTML.escape(category.value))\">"
                h += "<label for=\"\(id)\">\(HTML.localized(category.label))</label></div>\n"
            }
            h += "</fieldset>\n"
        }
        h += "<p class=\"fee-estimate\" id=\"phi-du-kien\" aria-live=\"polite\"></p>\n</fieldset>\n"
        return h
    }

    /// The element id of the control at a JSON Pointer: `/tre/ho_ten` → `f-tre-ho_ten` (names are
    /// snake_case, so `-` cannot be part of one). Error summaries link to these ids.
    static func id(_ pointer: String) -> String { "f" + pointer.replacingOccurrences(of: "/", with: "-") }

    /// A field's controls. `repeats` counts the repeats around it: an item template writes its index as
    /// `__i<repeats>__` (and its number as `__n<repeats>__`), so a repeat inside a repeat keeps its own
    /// placeholders when the outer item is added.
    private func field(_ field: FieldSpec, pointer parent: String, depth: Int, applicant: Bool, repeats: Int) -> String {
        let pointer = parent + "/" + field.name
        let about = applicant || field.aboutApplicant
        let id = Self.id(pointer)
        let label = field.label ?? LocalizedText(vi: field.name)
        let optional = !field.required && field.logic.requiredWhen == nil ? " <span class=\"optional\">(không bắt buộc)</span>" : ""
        let hint = field.hint.map { "<div class=\"hint\" id=\"\(id)-hint\">\(HTML.localized($0))</div>\n" } ?? ""
        let error = "<p class=\"error-message\" id=\"\(id)-error\" hidden><span class=\"visually-hidden\">Lỗi: </span><span class=\"text\"></span></p>\n"
        let described = field.hint != nil ? " aria-describedby=\"\(id)-hint\"" : ""
        let wrapper = "data-pointer=\"\(HTML.escape(pointer))\" id=\"w-\(id)\""
        switch field.kind {
        case .group:
            let heading = depth == 0 ? "<h2>\(HTML.localized(label))\(optional)</h2>" : HTML.localized(label) + optional
            var h = "<fieldset class=\"group\" \(wrapper)>\n<legend>\(heading)</legend>\n\(hint)"
            // An optional section is left out until the citizen says to include it: its fields are
            // then shown (and read), and the section is sent.
            let includable = depth == 0 && !field.required && field.logic.requiredWhen == nil && field.logic.visibleWhen == nil
            if includable {
                h += "<div class=\"choice\"><input type=\"checkbox\" class=\"include\" id=\"\(id)-khai\" aria-controls=\"\(id)-noi-dung\">"
                h += "<label for=\"\(id)-khai\">Khai mục này</label></div>\n<div class=\"included\" id=\"\(id)-noi-dung\" hidden>\n"
            }
            for child in field.fields { h += self.field(child, pointer: pointer, depth: depth + 1, applicant: about, repeats: repeats) }
            if includable { h += "</div>\n" }
            return h + "</fieldset>\n"
        case .repeat:
            let heading = depth == 0 ? "<h2>\(HTML.localized(label))\(optional)</h2>" : HTML.localized(label) + optional
            let (index, number) = ("__i\(repeats)__", "__n\(repeats)__")
            var h = "<fieldset class=\"repeat\" \(wrapper) data-min=\"\(field.minItems?.value ?? 0)\" data-max=\"\(field.maxItems?.value ?? 1000)\" data-level=\"\(repeats)\">\n"
            h += "<legend>\(heading)</legend>\n\(hint)\(error)<div class=\"items\"></div>\n"
            h += "<button type=\"button\" class=\"secondary add\" id=\"\(id)\">Thêm một mục</button>\n"
            // One item, its ids and pointers written with this level's placeholders.
            var item = "<fieldset class=\"item\" data-item=\"\(index)\">\n<legend>\(HTML.escape(label.vi)) – mục \(number)</legend>\n"
            for child in field.fields { item += self.field(child, pointer: pointer + "/" + index, depth: depth + 1, applicant: about, repeats: repeats + 1) }
            item += "<button type=\"button\" class=\"secondary remove\">Xóa mục \(number)<span class=\"visually-hidden\"> – \(HTML.escape(label.vi))</span></button>\n</fieldset>\n"
            return h + "<template>\n\(item)</template>\n</fieldset>\n"
        default:
            break
        }
        let widget = UISchemaEmitter.widget(field)
        let autocomplete = about ? UISchemaEmitter.autocomplete(field) : nil
        var attributes = " id=\"\(id)\" name=\"\(id)\"\(described)"
        if let mode = UISchemaEmitter.inputMode(field) { attributes += " inputmode=\"\(mode)\"" }
        if let autocomplete { attributes += " autocomplete=\"\(autocomplete)\"" }
        if field.logic.compute != nil { attributes += " readonly" }
        let labelText = HTML.localized(label) + optional
        switch widget {
        case "radio", "checkboxes", "checkbox":
            // A question with options: a fieldset whose legend is the question, one input per option.
            let options: [(value: String, label: LocalizedText)] = field.kind == .boolean
                ? [("true", LocalizedText(vi: "Có", en: "Yes")), ("false", LocalizedText(vi: "Không", en: "No"))]
                : field.choices.map { ($0.value, $0.label) }
            let type = widget == "checkboxes" ? "checkbox" : "radio"
            var h = "<fieldset class=\"field choices\" \(wrapper)\(described)>\n<legend>\(labelText)</legend>\n\(hint)\(error)"
            for (index, option) in options.enumerated() {
                let optionID = index == 0 ? id : "\(id)-\(index)"
                h += "<div class=\"choice\"><input type=\"\(type)\" id=\"\(optionID)\" name=\"\(id)\" value=\"\(HTML.escape(option.value))\"\(field.logic.compute != nil ? " disabled" : "")>"
                h += "<label for=\"\(optionID)\">\(HTML.localized(option.label))</label></div>\n"
            }
            return h + "</fieldset>\n"
        case "select":
            var h = "<div class=\"field\" \(wrapper)>\n<label for=\"\(id)\">\(labelText)</label>\n\(hint)\(error)<select\(attributes)>\n<option value=\"\">Chọn…</option>\n"
            for choice in field.choices { h += "<option value=\"\(HTML.escape(choice.value))\">\(HTML.escape(choice.label.vi))</option>\n" }
            return h + "</select>\n</div>\n"
        case "date-parts":
            var h = "<fieldset class=\"field date\" \(wrapper)\(described)>\n<legend>\(labelText)</legend>\n"
            h += hint.isEmpty ? "<div class=\"hint\" id=\"\(id)-hint\">Ví dụ: 12 9 2025</div>\n" : hint
            h += error
            h += "<div class=\"date-parts\"><div><label for=\"\(id)\">Ngày</label><input type=\"text\" class=\"w2\" inputmode=\"numeric\" id=\"\(id)\" name=\"\(id)\"\(autocomplete == "bday" ? " autocomplete=\"bday-day\"" : "")></div>"
            h += "<div><label for=\"\(id)-thang\">Tháng</label><input type=\"text\" class=\"w2\" inputmode=\"numeric\" id=\"\(id)-thang\"\(autocomplete == "bday" ? " autocomplete=\"bday-month\"" : "")></div>"
            h += "<div><label for=\"\(id)-nam\">Năm</label><input type=\"text\" class=\"w4\" inputmode=\"numeric\" id=\"\(id)-nam\"\(autocomplete == "bday" ? " autocomplete=\"bday-year\"" : "")></div></div>\n"
            return h + "</fieldset>\n"
        case "address":
            let purposes = about
            var h = "<fieldset class=\"field address\" \(wrapper)>\n<legend>\(labelText)</legend>\n\(hint)\(error)"
            h += "<label for=\"\(id)-province\">Tỉnh/thành phố</label><select id=\"\(id)-province\" class=\"province\"\(purposes ? " autocomplete=\"address-level1\"" : "")><option value=\"\">Chọn…</option>"
            for province in catalogue?.provinces ?? [] { h += "<option value=\"\(HTML.escape(province.code))\">\(HTML.escape(province.name))</option>" }
            h += "</select>\n<p class=\"error-message\" id=\"\(id)-province-error\" hidden><span class=\"text\"></span></p>\n"
            h += "<label for=\"\(id)-commune\">Xã/phường/đặc khu</label><select id=\"\(id)-commune\" class=\"commune\"\(purposes ? " autocomplete=\"address-level2\"" : "")><option value=\"\">Chọn tỉnh trước</option></select>\n"
            h += "<p class=\"error-message\" id=\"\(id)-commune-error\" hidden><span class=\"text\"></span></p>\n"
            h += "<label for=\"\(id)-detail\">Số nhà, đường, thôn/xóm <span class=\"optional\">(không bắt buộc)</span></label><input type=\"text\" id=\"\(id)-detail\"\(purposes ? " autocomplete=\"street-address\"" : "")>\n"
            return h + "</fieldset>\n"
        case "file":
            let accept = field.accept.joined(separator: ",")
            let limit = field.maxSize.map { " Tối đa \(Self.megabytes($0.value))." } ?? ""
            return "<div class=\"field\" \(wrapper)>\n<label for=\"\(id)\">\(labelText)</label>\n<div class=\"hint\" id=\"\(id)-hint\">Định dạng: \(HTML.escape(field.accept.map(Self.formatName).joined(separator: ", "))).\(limit)</div>\n\(error)<input type=\"file\" id=\"\(id)\" name=\"\(id)\" accept=\"\(HTML.escape(accept))\" aria-describedby=\"\(id)-hint\" data-max-size=\"\(field.maxSize?.value ?? 0)\">\n</div>\n"
        case "textarea":
            return "<div class=\"field\" \(wrapper)>\n<label for=\"\(id)\">\(labelText)</label>\n\(hint)\(error)<textarea rows=\"4\"\(attributes)></textarea>\n</div>\n"
        default:
            let width = field.kind == .cccd ? " class=\"w12\"" : (field.kind == .integer || field.kind == .money_vnd ? " class=\"w6\"" : "")
            return "<div class=\"field\" \(wrapper)>\n<label for=\"\(id)\">\(labelText)</label>\n\(hint)\(error)<input type=\"text\"\(width)\(attributes)>\n</div>\n"
        }
    }

    static func megabytes(_ bytes: Int64) -> String {
        bytes % 1_048_576 == 0 ? "\(bytes / 1_048_576) MB" : "\(bytes / 1024) KB"
    }

    static func formatName(_ mediaType: String) -> String {
        switch mediaType {
        case "application/pdf": "PDF"
        case "image/jpeg": "JPEG"
        case "image/png": "PNG"
        default: mediaType
        }
    }

    // MARK: Script

    /// Declarations of the modules a page does not use, by their first line's start and their last line.
    static let leftOut: [(start: String, end: String)] = [
        ("export const expressions = {", "};"), ("export const prefill = [", "];"), ("export function applyPrefill(", "}"),
    ]
    static let leftOutBytes = leftOut.map { (start: Array($0.start.utf8), end: Array($0.end.utf8)) }
    static let importBytes = Array("import ".utf8), exportBytes = Array("export ".utf8)

    /// Lines of generated JavaScript without what only a reader needs: comment lines, block comments
    /// that start a line, and indentation (about an eighth of a page's script). Safe because formc's
    /// generated JavaScript never continues a string or a template literal onto another line, so a
    /// line that starts with `//` or `/*` is a comment and leading spaces are never inside a string
    /// (the page judge runs every compacted page in Chromium; a unit test holds the rules).
    static func compacted<Line: StringProtocol>(_ lines: [Line]) -> [String] {
        compacted(lines.map { ArraySlice($0.utf8) }).map { String(decoding: $0, as: UTF8.self) }
    }

    /// `compacted` over lines of UTF-8, as pages are assembled (the characters it looks for are
    /// ASCII, so bytes say what characters would, several times faster).
    static func compacted(_ lines: [ArraySlice<UInt8>]) -> [ArraySlice<UInt8>] {
        var compactor = LineCompactor()
        return lines.compactMap { compactor.keep($0) }
    }

    /// `compacted`, one line at a time (pages stream their modules through it).
    struct LineCompactor {
        private var inBlockComment = false

        /// What is kept of the next line (its code, without indentation), or nil.
        mutating func keep<Line: Collection<UInt8>>(_ line: Line) -> Line.SubSequence? where Line.Index == Int {
            let space: UInt8 = 0x20, tab: UInt8 = 0x09, slash: UInt8 = 0x2F, star: UInt8 = 0x2A
            let code = line.drop { $0 == space || $0 == tab }
            if !inBlockComment {
                if code.isEmpty || code.starts(with: [slash, slash]) { return nil }
                if !code.starts(with: [slash, star]) { return code }
                inBlockComment = true
            }
            // Inside a block comment: what follows its end, if it ends on this line, is code.
            guard let end = code.indices.first(where: { $0 + 1 < code.endIndex && code[$0] == star && code[$0 + 1] == slash }) else { return nil }
            inBlockComment = false
            let rest = code[(end + 2)...].drop { $0 == space }
            return rest.isEmpty ? nil : rest
        }
    }

    /// `form.js`: the modules, each in its own function scope with its exports returned, the page's
    /// data, and the page's behaviour.
    /// `feeDependencies`: modules the fee module imports (a bundle's: the split module and each member's
    /// fee module), each scoped before it under its constant, and what the fee module's imports name.
    func script(
        validator: [UInt8], logic: [UInt8], fees: [UInt8]?,
        feeDependencies: [(constant: String, module: [UInt8], exports: [String])] = [], feeImports: [String: String] = [:]
    ) -> [UInt8] {
        // Assembled as bytes: the modules are bytes already, and a page is some 100 KB.
        var out: [UInt8] = []
        out.reserveCapacity(validator.count + logic.count + (fees?.count ?? 0) + 64 * 1_024)
        func add(_ text: String) { out += text.utf8 }
        // Appends the module in its own function scope, its exports returned: its lines streamed
        // from its bytes into the page's (no line copied out on the way).
        func scoped(_ module: [UInt8], exports: [String], imports: [String: String] = [:]) {
            add("(function () {\n")
            var compactor = LineCompactor()
            func keep<Line: Collection<UInt8>>(_ line: Line) where Line.Index == Int {
                guard let code = compactor.keep(line) else { return }
                out += code
                out.append(0x0A)
            }
            module.withUnsafeBufferPointer { bytes in
                // What is looked for is ASCII at a line's start or end.
                var skippingUntil: [UInt8]?
                var start = 0
                while start <= bytes.count {
                    let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
                    let line = bytes[start..<end]
                    start = end + 1
                    // What serves other consumers, not pages, is left out of the bundle: the expressions
                    // table (conformance tests) and logic.mjs's prefill helpers (the page has its own).
                    if skippingUntil == nil, let end = Self.leftOutBytes.first(where: { line.starts(with: $0.start) })?.end {
                        if line.reversed().starts(with: end.reversed()) { continue }  // all on one line
                        skippingUntil = end
                    }
                    if let end = skippingUntil {
                        if line.elementsEqual(end) { skippingUntil = nil }
                        continue
                    }
                    if line.starts(with: Self.importBytes) {
                        // `import { validate as validateForm0 } from '…'`: this page's form, or none.
                        let words = line.split(separator: 0x20)
                        if let index = words.firstIndex(where: { $0.elementsEqual("as".utf8) }), index + 1 < words.count {
                            let name = String(decoding: words[index + 1], as: UTF8.self)
                            keep(Array("const \(name) = \(imports[name] ?? "() => ({ errors: [] })");".utf8))
                        }
                        continue
                    }
                    if line.starts(with: Self.exportBytes) { keep(line.dropFirst(Self.exportBytes.count)) } else { keep(line) }
                }
            }
            add("return { \(exports.joined(separator: ", ")) };\n})()")
        }
        add("// Generated by formc \(FormcVersion.current) from form \(form.id.value) \(form.version.value) of procedure \(procedure.code.value). Do not edit.\n")
        add("(function () {\n'use strict';\n")
        add("const VALIDATE = ")
        scoped(validator, exports: ["validate", "form", "version", "hash"])
        add(";\nconst LOGIC = ")
        scoped(logic, exports: ["evaluate"])
        add(";\n")
        if let fees {
            // The fee module validates this page's document with this page's validator.
            let rules = procedure.cases.flatMap(\.documents).compactMap { $0.form == nil ? nil : $0 }
            var imports = feeImports
            for (index, document) in rules.enumerated() where document.id.value == documentID && feeDependencies.isEmpty { imports["validateForm\(index)"] = "VALIDATE.validate" }
            for dependency in feeDependencies {
                add("const \(dependency.constant) = ")
                scoped(dependency.module, exports: dependency.exports)
                add(";\n")
            }
            add("const FEES = ")
            scoped(fees, exports: ["computeFees"], imports: imports)
            add(";\n")
        } else {
            add("const FEES = null;\n")
        }
        add("const PAGE = ")
        // The page's data, its last two members the catalogue's tables: written once per build and
        // joined to the rest (the data is an object with members before them, so it ends in "}").
        var data = JavaScript.literal(pageData())
        data.removeLast()
        add(data)
        add(Self.catalogueMembers(catalogue))
        add("};\n")
        let features: Set<RuntimeFeature> = form.containsField { $0.prefill != nil } ? [.prefill] : []
        add(Self.runtimes[features]!)
        add("})();\n")
        return out
    }

    /// The page data's last two members, the catalogue's tables: the units for the address pickers
    /// (`"units": { province: [[code, name], …] }`) and the provinces' names. The same on every page
    /// of a build, so written once per catalogue.
    static func catalogueMembers(_ catalogue: AdministrativeUnitCatalogue?) -> String {
        guard let catalogue else { return ",\"units\":{},\"provinces\":{}" }
        return catalogue.scriptTables.text("page data") {
            let units = JSONValue.object(catalogue.provinces.map { province in
                (province.code, .array(province.units.map { .array([.string($0.code), .string($0.name)]) }))
            })
            let provinces = JSONValue.object(catalogue.provinces.map { ($0.code, .string($0.name)) })
            return ",\"units\":" + JavaScript.literal(units) + ",\"provinces\":" + JavaScript.literal(provinces)
        }
    }

    /// What the behaviour needs to know about the form: each field's kind and labels (for reading
    /// the controls and for the check-answers step); `catalogueMembers` follows it in the page.
    private func pageData() -> JSONValue {
        func describe(_ field: FieldSpec) -> JSONValue {
            var o = JSONObjectBuilder()
            o.set("name", field.name)
            o.set("kind", field.kind.rawValue)
            o.set("widget", UISchemaEmitter.widget(field))
            o.set("label", (field.label ?? LocalizedText(vi: field.name)).vi)
            o.set("required", field.required)
            if !field.choices.isEmpty {
                o.set("options", JSONValue.object(field.choices.map { ($0.value, .string($0.label.vi)) }))
            }
            if !field.fields.isEmpty { o.set("fields", JSONValue.array(field.fields.map(describe))) }
            if let binding = field.prefill { o.set("prefill", UISchemaEmitter.prefill(binding)) }
            return o.value
        }
        var o = JSONObjectBuilder()
        o.set("form", form.id.value)
        o.set("document", documentID)
        o.set("channel", procedure.channels.contains { $0.kind == .truc_tuyen } ? "truc_tuyen" : procedure.channels.first?.kind.rawValue)
        o.set("procedure", procedure.code.value)
        // The case: this document's only one, or the one the citizen picks (then `cases` names them).
        o.set("case", cases.count == 1 ? cases[0].id.value : nil)
        if cases.count > 1 { o.set("cases", JSONValue.object(cases.map { ($0.id.value, .string($0.title.vi)) })) }
        o.set("categories", JSONValue.object(declaredCategories.map { ($0.value, .string($0.label.vi)) }))
        o.set("title", form.title.vi)
        o.set("printout", printout)
        // A combined declaration: the fee module takes the combined answers themselves.
        if let bundle { o.set("bundle", bundle) }
        o.set("fields", JSONValue.array(form.sections.map(describe)))
        // Then "units" and "provinces", the catalogue's tables, which script() adds.
        return o.value
    }

    /// The page's style, and the paper form's style scoped to the printout area.
    static let stylesheet: [UInt8] = Array((css + PaperEmitter.scopedStyle(under: "#ban-in")).utf8)

    static let css = """
        /* Generated by formc. WCAG 2.2 AA: contrast at least 4.5:1, targets at least 24 px, visible focus. */
        * { box-sizing: border-box; }
        body { margin: 0; font-family: system-ui, "Segoe UI", "Noto Sans", Arial, sans-serif; font-size: 1.1875rem; line-height: 1.5; color: #0b0c0c; background: #fff; }
        main { max-width: 46rem; margin: 0 auto; padding: 1rem; }
        h1 { font-size: 2rem; line-height: 1.2; margin: .5rem 0 1.5rem; }
        h2 { font-size: 1.5rem; margin: 0; }
        .procedure { color: #505a5f; margin: 1rem 0 0; }
        .en { color: #505a5f; font-size: .875em; }
        body:not(.show-en) .en { display: none; }
        .skip { position: absolute; left: -9999px; }
        .skip:focus { left: 1rem; top: 1rem; background: #fd0; color: #0b0c0c; padding: .5rem; }
        fieldset { border: 0; margin: 0 0 1.5rem; padding: 0; min-width: 0; }
        fieldset.group, fieldset.repeat { border-top: 2px solid #b1b4b6; padding-top: 1rem; }
        fieldset.item { border-left: 4px solid #b1b4b6; padding-left: 1rem; }
        legend { font-weight: 700; margin-bottom: .5rem; padding: 0; }
        .field { margin-bottom: 1.25rem; }
        label { display: block; font-weight: 600; margin-bottom: .25rem; }
        .choice label, .date-parts label { font-weight: 400; }
        .hint { color: #505a5f; margin-bottom: .25rem; }
        [data-prefill="locked"] input[readonly], [data-prefill="locked"] select { background: #f3f2f1; }
        .needs-review { border-left: 5px solid #1d70b8; padding-left: .75rem; }
        .optional { font-weight: 400; color: #505a5f; }
        input[type=text], select, textarea { font: inherit; min-height: 2.5rem; padding: .25rem .5rem; border: 2px solid #0b0c0c; border-radius: 0; width: 100%; max-width: 30rem; background: #fff; color: #0b0c0c; }
        input.w2 { width: 3.5rem; } input.w4 { width: 5rem; } input.w6 { width: 10rem; } input.w12 { width: 16rem; }
        input[readonly] { background: #f3f2f1; }
        .choice { display: flex; align-items: center; gap: .5rem; min-height: 2.5rem; }
        .choice input { width: 1.5rem; height: 1.5rem; margin: 0; }
        .date-parts { display: flex; gap: 1rem; }
        :focus { outline: 3px solid #fd0; outline-offset: 0; box-shadow: 0 0 0 5px #0b0c0c; }
        .error-summary { border: 4px solid #d4351c; padding: 1rem; margin-bottom: 1.5rem; }
        .error-summary a, .error-message { color: #d4351c; font-weight: 700; }
        .error-message { margin: .25rem 0; }
        .invalid input, .invalid select, .invalid textarea, [aria-invalid=true] { border-color: #d4351c; }
        button { font: inherit; min-height: 2.75rem; min-width: 2.75rem; padding: .5rem 1rem; border: 2px solid transparent; cursor: pointer; }
        button.primary { background: #00703c; color: #fff; font-weight: 600; }
        button.secondary { background: #f3f2f1; color: #0b0c0c; border-color: #0b0c0c; }
        .actions { margin: 2rem 0; }
        .answers dl { display: grid; grid-template-columns: 1fr 1fr auto; gap: .5rem 1rem; }
        .answers dt { font-weight: 600; } .answers dd { margin: 0; }
        .answers h3 { font-size: 1.25rem; margin: 1.5rem 0 .5rem; }
        .visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        [hidden] { display: none !important; }
        @media print { .actions, .error-summary, .skip { display: none; } }
        #ban-in { display: none; }
        @media print { body.printing > * { display: none !important; } body.printing > #ban-in { display: block !important; } }

        """
}

extension String {
    var lowercasedFirst: String {
        guard let first else { return self }
        return first.lowercased() + dropFirst()
    }
}
