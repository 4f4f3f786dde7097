/// A fee breakdown for people (`formc fee`) and for machines (`formc fee --format json`).
public enum FeeReport {
    public static func json(procedure: ProcedureSpec, context: FeeContext, breakdown: FeeBreakdown) -> JSONValue {
        var o = JSONObjectBuilder()
        o.set("procedure", procedure.code.value)
        o.set("case", context.caseID)
        o.set("channel", context.channel.rawValue)
        o.set("on", context.on.description)
        o.set("categories", JSONValue.array(context.categories.map(JSONValue.string)))
        o.set("currency", "VND")
        for (key, value) in FeeEmitter.breakdownJSON(breakdown) { o.set(key, value) }
        return o.value
    }

    public static func text(procedure: ProcedureSpec, context: FeeContext, breakdown: FeeBreakdown) -> String {
        var out = "\(procedure.code.value) \(procedure.name.vi)\n"
        out += "case \(context.caseID ?? "-") · \(context.channel.rawValue) · \(context.on)"
        if !context.categories.isEmpty { out += " · " + context.categories.joined(separator: ", ") }
        out += "\n\n"
        if breakdown.lines.isEmpty { out += "  no fee applies\n" }
        for line in breakdown.lines {
            var detail = ""
            if let category = line.exemptedBy {
                detail = "miễn: \(category)"
            } else if let reduction = line.reduction, let base = line.base {
                detail = "\(money(base)) − \(reduction.percent)%"
            }
            let amount = line.amount.map(money) ?? (line.status == .invalid ? "? (answers the form rejects)" : "? (answers missing)")
            out += "  \(line.fee.name.vi)\n"
            out += "    \(amount)\(detail.isEmpty ? "" : "  (\(detail))")  [\(line.legalBasis.joined(separator: "; "))]\n"
        }
        switch breakdown.status {
        case .known:
            out += "\n  Tổng cộng / total: \(breakdown.total.map(money) ?? "?")\n"
        case .unknown:
            out += "\n  Tổng cộng / total: unknown — the fees need answers that are missing\n"
        case .invalid:
            out += "\n  Tổng cộng / total: invalid — the form rejects answers the fees read\n"
        }
        for pointer in breakdown.missing { out += "    missing: \(pointer)\n" }
        for error in breakdown.errors { out += "    rejected: \(error.path): \(error.message.vi) [\(error.rule)]\n" }
        return out
    }

    /// `25000` as `25.000 đ`, the Vietnamese grouping.
    public static func money(_ amount: Int64) -> String {
        let digits = Array(String(amount.magnitude))
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(".") }
            grouped.append(digit)
        }
        return (amount < 0 ? "-" : "") + grouped + " đ"
    }
}
