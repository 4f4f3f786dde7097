/// Fees in the words a commune officer would write them for citizens: amounts in đồng with their
/// unit ("8.000 đồng/bản"), tier tables with their cap, who is exempt and which reductions apply, in
/// sentences. Never an expression, a path or an id: what a rule reads is named by the label of the
/// field it reads. The information page uses it; the output is HTML.
struct FeeWording {
    let procedure: ProcedureSpec
    /// The form each document id is filled with.
    let documentForms: [String: FormSpec]

    init(procedure: ProcedureSpec, forms: [String: FormSpec]) {
        self.procedure = procedure
        var documentForms: [String: FormSpec] = [:]
        for document in procedure.cases.flatMap(\.documents) {
            if let id = document.form?.value, let form = forms[id] { documentForms[document.id.value] = form }
        }
        self.documentForms = documentForms
    }

    /// The amount cell: the rate and, below it, when and to whom it applies.
    func describe(_ fee: FeeItem) -> String {
        var html = amount(fee)
        var sentences: [String] = []
        if let condition = fee.checkedAppliesWhen { sentences.append(appliesWhen(condition)) }
        let offered = Set(procedure.channels.map(\.kind))
        let channels = fee.channels.map(\.value)
        if !channels.isEmpty, Set(channels) != offered {
            sentences.append("Áp dụng khi nộp " + channels.map { Self.channelPhrase($0) }.joined(separator: " hoặc ") + ".")
        }
        if fee.effectiveFrom != nil || fee.effectiveTo != nil {
            sentences.append("Áp dụng" + Self.period(fee.effectiveFrom?.value, fee.effectiveTo?.value) + ".")
        }
        if !fee.exemptions.isEmpty {
            let groups = fee.exemptions.map { exemption -> String in
                let category = procedure.applicantCategories.first { $0.value == exemption.category.value }
                var text = HTML.escape(category?.label.vi ?? exemption.category.value)
                if category?.when != nil { text += " (xác định theo thông tin trên tờ khai)" }
                return text
            }
            sentences.append("Miễn cho: " + groups.joined(separator: "; ") + ".")
        }
        for reduction in fee.reductions {
            var text = "Giảm \(reduction.percent)% khi nộp \(Self.channelPhrase(reduction.channel.value))"
            text += Self.period(reduction.from?.value, reduction.to?.value)
            if !reduction.legalBasis.isEmpty { text += " (" + reduction.legalBasis.map { HTML.escape($0.value) }.joined(separator: "; ") + ")" }
            sentences.append(text + ".")
        }
        if !sentences.isEmpty { html += "<br>" + sentences.joined(separator: " ") }
        return html
    }

    /// The rate: a flat amount per unit, a price per unit counted on the declaration, or a tier table.
    func amount(_ fee: FeeItem) -> String {
        let unit = fee.unit.map(Self.unitName)
        switch fee.amount {
        case .flat(let amount):
            if amount == 0 { return fee.kind == .le_phi ? "Miễn lệ phí" : "Miễn phí" }
            return Self.money(amount) + (unit.map { "/" + $0 } ?? "")
        case .expression(_, let checked?):
            // `count * price` (or `price * count`): a price per unit of what the declaration counts.
            if case .binary(.multiply, let a, let b) = checked.expression.kind {
                for (count, price) in [(a, b), (b, a)] {
                    guard case .integer(let rate) = price.kind, case .path = count.kind else { continue }
                    if let unit { return Self.money(rate) + "/" + unit }
                    return Self.money(rate) + " × " + quoted(label(of: count, in: checked))
                }
            }
            return "Tính theo thông tin kê khai trên tờ khai"
        case .expression(_, nil):
            return "Tính theo thông tin kê khai trên tờ khai"
        case .tiers(let tiers):
            return tierTable(tiers, unit: unit ?? "đơn vị")
        case nil:
            return "Theo mức do cơ quan có thẩm quyền quy định"
        }
    }

    /// A small table of the rates, then the cap, the items priced one by one, and the multiplier.
    private func tierTable(_ tiers: FeeTiers, unit: String) -> String {
        let counted = tiers.checkedUnits.flatMap { checked -> String? in
            guard case .path = checked.expression.kind else { return nil }
            return label(of: checked.expression, in: checked)
        } ?? "Số \(unit)"
        var html = "<table class=\"fee-tiers\">\n<thead><tr><th scope=\"col\">\(HTML.escape(counted))</th><th scope=\"col\">Mức thu</th></tr></thead>\n<tbody>\n"
        for (index, rate) in tiers.rates.enumerated() {
            let range: String
            if index + 1 < tiers.rates.count {
                let last = tiers.rates[index + 1].from - 1
                range = last == rate.from ? "Thứ \(rate.from)" : "Từ thứ \(rate.from) đến thứ \(last)"
            } else {
                range = "Từ thứ \(rate.from) trở đi"
            }
            html += "<tr><td>\(range)</td><td>\(Self.money(rate.amount))/\(HTML.escape(unit))</td></tr>\n"
        }
        html += "</tbody>\n</table>\n"
        var sentences: [String] = []
        if let per = tiers.per?.value, let group = groupLabel(per) { sentences.append("Tính riêng cho từng \(quoted(group)).") }
        if let cap = tiers.cap { sentences.append("Tối đa \(Self.money(cap))\(tiers.per == nil ? "" : " cho mỗi mục").") }
        if let multiplier = tiers.checkedMultiplier, case .path = multiplier.expression.kind {
            sentences.append("Nhân với \(quoted(label(of: multiplier.expression, in: multiplier))).")
        }
        return html + sentences.joined(separator: " ")
    }

    /// When a fee applies, from its condition in words ("Chỉ thu khi người nộp chọn «…»"), or a
    /// plain sentence when the condition is not a question the declaration asks.
    private func appliesWhen(_ condition: CheckedExpression) -> String {
        let wording = ConditionWording(field: field)
        guard let words = wording.condition(condition) else { return "Chỉ thu trong những trường hợp theo quy định." }
        return "Chỉ thu khi người nộp " + HTML.escape(words) + "."
    }

    /// The field a fee expression's path names, in the form of the document it starts from.
    private func field(_ path: ResolvedPath) -> FieldSpec? {
        guard let document = path.document, let form = documentForms[document] else { return nil }
        return ConditionWording.field(in: form.sections, path)
    }

    /// The label of the field a path names, as the form shows it.
    private func label(of e: Expression, in checked: CheckedExpression) -> String {
        checked.paths[e.offset].flatMap(field)?.label?.vi ?? "thông tin kê khai"
    }

    /// The title of the repeating group a tier table prices item by item (`de_nghi.giay_to`).
    private func groupLabel(_ per: String) -> String? {
        let parts = per.split(separator: ".").map(String.init)
        guard let document = parts.first, let form = documentForms[document] else { return nil }
        var level = form.sections, found: FieldSpec?
        for name in parts.dropFirst() {
            found = level.first { $0.name == name }
            level = found?.fields ?? []
        }
        return found?.label?.vi
    }

    private func quoted(_ text: String) -> String { "«" + HTML.escape(text) + "»" }

    /// `8000` as `8.000 đồng`.
    static func money(_ amount: Int64) -> String {
        String(FeeReport.money(amount).dropLast(2)) + " đồng"
    }

    static func unitName(_ unit: FeeUnit) -> String {
        switch unit {
        case .lan: "lần"
        case .ban: "bản"
        case .trang: "trang"
        case .truong_hop: "trường hợp"
        case .nguoi: "người"
        case .the: "thẻ"
        }
    }

    static func channelPhrase(_ kind: ChannelKind) -> String {
        switch kind {
        case .truc_tiep: "trực tiếp"
        case .truc_tuyen: "trực tuyến"
        case .buu_chinh: "qua dịch vụ bưu chính"
        }
    }

    /// ` từ ngày 01/07/2025 đến ngày 31/12/2026`, either end optional.
    static func period(_ from: CalendarDate?, _ to: CalendarDate?) -> String {
        var text = ""
        if let from { text += " từ ngày " + date(from) }
        if let to { text += " đến ngày " + date(to) }
        return text
    }

    /// `2025-07-01` as `01/07/2025`, as the validators' messages write dates.
    static func date(_ d: CalendarDate) -> String { Messages.vietnamese(d) }
}
