/// The information page of a procedure (level 1): everything a citizen needs to know, Vietnamese
/// first, accessible (landmarks, headings in order, table headers) and printable on A4.
struct InformationPageEmitter {
    /// Template paths by form version (`id@version`), relative to the page, when templates are part of the build.
    let templates: [String: String]
    let forms: [String: FormSpec]
    /// What changed in each form version since the one before, by `id@version` (`PluginContext.formChanges`).
    var formChanges: [String: Changelog.Entry] = [:]
    /// The data sources, by id, for the documents data replaces.
    var sources: [String: DataSource] = [:]
    /// The combined procedures this one is part of, with their pages (relative to this one).
    var bundles: [(name: LocalizedText, path: String)] = []
    /// Form page paths by document id, relative to the page, when online submission is in the build.
    var formPages: [String: String] = [:]

    func emit(_ p: ProcedureSpec) -> [UInt8] {
        var h = "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        h += "<title>\(HTML.escape(p.name.vi)) — \(HTML.escape(p.code.value))</title>\n\(HTML.printStyle)\n</head>\n<body>\n<main>\n"
        h += "<h1>\(HTML.localized(p.name))</h1>\n"
        h += "<p class=\"meta\">Mã thủ tục: <strong>\(HTML.escape(p.code.value))</strong> · Lĩnh vực: \(HTML.localized(p.domain))"
        h += " · Cơ quan thực hiện: \(HTML.localized(p.authority.agency))</p>\n"
        h += section("Trình tự thực hiện", "Steps") {
            "<ol>\n" + p.steps.map { step in
                "<li>\(HTML.localized(step.title))" + (step.description.map { "<br>\(HTML.localized($0))" } ?? "") + "</li>\n"
            }.joined() + "</ol>\n"
        }
        h += section("Cách thức thực hiện", "Channels") {
            var t = "<table>\n<thead><tr><th scope=\"col\">Cách thức</th><th scope=\"col\">Thời hạn giải quyết</th><th scope=\"col\">Ghi chú</th></tr></thead>\n<tbody>\n"
            for channel in p.channels {
                t += "<tr><td>\(Self.channelName(channel.kind))</td><td>\(Self.time(channel.processingTime))</td><td>"
                t += [channel.processingTime.note, channel.note].compactMap { $0 }.map(HTML.localized).joined(separator: "<br>") + "</td></tr>\n"
            }
            return t + "</tbody>\n</table>\n"
        }
        h += section("Thành phần hồ sơ", "Documents") {
            p.cases.map { c in
                var t = "<h3>\(HTML.localized(c.title))</h3>\n<table>\n<thead><tr><th scope=\"col\">Giấy tờ</th><th scope=\"col\">Bản chính</th>"
                t += "<th scope=\"col\">Bản sao</th><th scope=\"col\">Nộp hay xuất trình</th><th scope=\"col\">Mẫu</th></tr></thead>\n<tbody>\n"
                for d in c.documents {
                    let form = d.form.flatMap { forms[$0.value] }
                    let name = d.name ?? form?.title ?? LocalizedText(vi: d.id.value)
                    t += "<tr><td>\(HTML.localized(name))"
                    if !d.required, let condition = d.condition { t += "<br><em>Khi: \(HTML.localized(condition))</em>" } else if let condition = d.condition { t += "<br><em>\(HTML.localized(condition))</em>" }
                    if let source = d.replacedBy.flatMap({ sources[$0.value] }) { t += "<br><em>\(HTML.localized(source.replacementNote))</em>" }
                    t += "</td><td>\(d.originals)</td><td>\(d.copies)</td><td>\(d.submission == .present_only ? "Xuất trình" : "Nộp")</td><td>"
                    if let form, let path = templates[TemplatesPlugin.key(form)] {
                        t += "<a href=\"\(HTML.escape(path))\">\(HTML.escape(form.title.vi))</a>"
                    }
                    if let path = formPages[d.id.value] {
                        t += (form != nil && templates[TemplatesPlugin.key(form!)] != nil ? "<br>" : "") + "<a href=\"\(HTML.escape(path))\">Khai trực tuyến</a>"
                    }
                    // What changed in this version of the form, as its changelog says it to citizens.
                    if let form, let change = formChanges[TemplatesPlugin.key(form)], let note = change.note {
                        let when = change.date.map { String(format: " ngày %02d/%02d/%04d", $0.day, $0.month, $0.year) } ?? ""
                        t += "<p class=\"form-change\">Mẫu đã thay đổi\(when): \(HTML.localized(note))</p>"
                    }
                    t += "</td></tr>\n"
                }
                return t + "</tbody>\n</table>\n"
            }.joined()
        }
        if !bundles.isEmpty {
            h += section("Thực hiện liên thông", "Combined procedures") {
                "<p>Có thể khai một lần cho cả các thủ tục sau:</p>\n<ul>\n" + bundles.map { "<li><a href=\"\(HTML.escape($0.path))\">\(HTML.localized($0.name))</a></li>\n" }.joined() + "</ul>\n"
            }
        }
        h += section("Đối tượng thực hiện", "Applicants") { "<ul>\n" + p.applicants.map { "<li>\(HTML.localized($0))</li>\n" }.joined() + "</ul>\n" }
        h += section("Kết quả thực hiện", "Results") {
            "<ul>\n" + p.results.map { r in
                "<li>\(HTML.localized(r.name))" + (r.code.map { " (\(HTML.escape($0)))" } ?? "") + (r.validity.map { ". \(HTML.localized($0))" } ?? "") + "</li>\n"
            }.joined() + "</ul>\n"
        }
        h += section("Phí, lệ phí", "Fees") {
            guard !p.fees.isEmpty else { return "<p>Không thu phí, lệ phí.</p>\n" }
            var t = "<table>\n<thead><tr><th scope=\"col\">Khoản thu</th><th scope=\"col\">Mức thu</th><th scope=\"col\">Căn cứ</th></tr></thead>\n<tbody>\n"
            let wording = FeeWording(procedure: p, forms: forms)
            for fee in p.fees {
                t += "<tr><td>\(HTML.localized(fee.name))</td><td>\(wording.describe(fee))"
                if let note = fee.note { t += "<br>\(HTML.localized(note))" }
                t += "</td><td>\(fee.legalBasis.map { HTML.escape($0.value) }.joined(separator: "; "))</td></tr>\n"
            }
            return t + "</tbody>\n</table>\n"
        }
        if !p.conditions.isEmpty {
            h += section("Yêu cầu, điều kiện", "Conditions") { "<ul>\n" + p.conditions.map { "<li>\(HTML.localized($0))</li>\n" }.joined() + "</ul>\n" }
        }
        h += section("Căn cứ pháp lý", "Legal basis") {
            "<ul>\n" + p.legalBasis.map { "<li>\(HTML.escape($0.id.value)): \(HTML.localized($0.title))</li>\n" }.joined() + "</ul>\n"
        }
        h += "</main>\n</body>\n</html>\n"
        return Array(h.utf8)
    }

    private func section(_ vi: String, _ en: String, _ content: () -> String) -> String {
        "<section>\n<h2>\(vi) <span class=\"en\" lang=\"en\">/ \(en)</span></h2>\n" + content() + "</section>\n"
    }

    static func channelName(_ kind: ChannelKind) -> String {
        switch kind {
        case .truc_tiep: "Trực tiếp"
        case .truc_tuyen: "Trực tuyến"
        case .buu_chinh: "Qua dịch vụ bưu chính"
        }
    }

    static func time(_ t: ProcessingTime) -> String {
        var parts: [String] = []
        if let d = t.workingDays { parts.append(d == 0 ? "Trong ngày" : "\(d) ngày làm việc") }
        if let d = t.days { parts.append("\(d) ngày") }
        if let h = t.hours { parts.append("\(h) giờ") }
        return parts.joined(separator: ", ")
    }
}
