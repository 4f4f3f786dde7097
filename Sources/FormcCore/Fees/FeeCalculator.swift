/// The context of a fee calculation: which case, which channel, on which date, for whom.
public struct FeeContext: Sendable {
    public var caseID: String?
    public var channel: ChannelKind
    public var on: CalendarDate
    public var categories: [String]
    /// Answers by document id.
    public var answers: JSONValue

    public init(caseID: String?, channel: ChannelKind, on: CalendarDate, categories: [String], answers: JSONValue) {
        self.caseID = caseID
        self.channel = channel
        self.on = on
        self.categories = categories
        self.answers = answers
    }
}

/// One line of a fee breakdown.
public struct FeeLine: Sendable {
    public var fee: FeeItem
    /// The amount before exemption and reduction; nil when an answer it needs is missing.
    public var base: Int64?
    public var exemptedBy: String?
    public var reduction: FeeReduction?
    public var amount: Int64?
    /// Every legal document the line rests on: the fee's, then the exemption's or reduction's.
    public var legalBasis: [String]
}

public struct FeeBreakdown: Sendable {
    public var lines: [FeeLine]
    /// Nil when some line could not be computed.
    public var total: Int64?
}

/// Computes a procedure's fees for given answers and context — formc's reference fee semantics
/// (docs/fees.md): which items apply, tiers with caps, exemptions, dated channel reductions rounded
/// half up to the whole đồng.
public struct FeeCalculator {
    let procedure: ProcedureSpec

    public init(procedure: ProcedureSpec) {
        self.procedure = procedure
    }

    public func breakdown(_ context: FeeContext) -> FeeBreakdown {
        var documents: [String: JSONValue] = [:]
        for (key, value) in context.answers.objectValue ?? [] { documents[key] = value }
        let inputs: [String: Value] = [
            "channel": .string(context.channel.rawValue), "submitted_on": .date(context.on),
            "categories": .list(context.categories.map(Value.string)),
        ]
        let evaluation = EvaluationContext(answers: .null, documents: documents, today: context.on, inputs: inputs)
        let lines = procedure.fees.filter { applies($0, context, evaluation) }.map { fee in
            line(for: fee, context, evaluation, documents)
        }
        var total: Int64? = 0
        for line in lines { total = total.flatMap { sum in line.amount.flatMap { Self.safe(sum.addingReportingOverflow($0)) } } }
        return FeeBreakdown(lines: lines, total: total)
    }

    /// One fee's line: its base amount, then an exemption or a reduction.
    private func line(for fee: FeeItem, _ context: FeeContext, _ evaluation: EvaluationContext, _ documents: [String: JSONValue]) -> FeeLine {
        var line = FeeLine(fee: fee, base: base(fee, evaluation, documents), legalBasis: fee.legalBasis.map(\.value))
        if let exemption = exemption(of: fee, for: context.categories) {
            line.exemptedBy = exemption.category.value
            line.amount = 0
            line.legalBasis += exemption.legalBasis.map(\.value)
            return line
        }
        guard let base = line.base else { return line }
        if let reduction = reduction(of: fee, context) {
            line.reduction = reduction
            line.amount = Self.reduce(base, percent: reduction.percent)
            line.legalBasis += reduction.legalBasis.map(\.value)
        } else {
            line.amount = base
        }
        return line
    }

    private func exemption(of fee: FeeItem, for categories: [String]) -> FeeExemption? {
        for exemption in fee.exemptions where categories.contains(exemption.category.value) { return exemption }
        return nil
    }

    private func reduction(of fee: FeeItem, _ context: FeeContext) -> FeeReduction? {
        for reduction in fee.reductions where reduction.channel.value == context.channel {
            if Self.within(context.on, reduction.from?.value, reduction.to?.value) { return reduction }
        }
        return nil
    }

    /// `base × (100 − percent) / 100`, rounded half up to the whole đồng.
    public static func reduce(_ base: Int64, percent: Int64) -> Int64 {
        (base * (100 - percent) + 50) / 100
    }

    static func within(_ date: CalendarDate, _ from: CalendarDate?, _ to: CalendarDate?) -> Bool {
        if let from, date < from { return false }
        if let to, to < date { return false }
        return true
    }

    private func applies(_ fee: FeeItem, _ context: FeeContext, _ evaluation: EvaluationContext) -> Bool {
        if !fee.cases.isEmpty, let caseID = context.caseID, !fee.cases.contains(where: { $0.value == caseID }) { return false }
        if !fee.channels.isEmpty, !fee.channels.contains(where: { $0.value == context.channel }) { return false }
        if !Self.within(context.on, fee.effectiveFrom?.value, fee.effectiveTo?.value) { return false }
        if let condition = fee.checkedAppliesWhen, !Evaluator().evaluate(condition, in: evaluation).isTruthy { return false }
        return true
    }

    private func base(_ fee: FeeItem, _ evaluation: EvaluationContext, _ documents: [String: JSONValue]) -> Int64? {
        switch fee.amount {
        case nil: return nil
        case .flat(let amount): return amount
        case .expression(_, let checked):
            guard let checked, case .int(let v) = Evaluator().evaluate(checked, in: evaluation), v >= 0 else { return nil }
            return v
        case .tiers(let tiers):
            guard let units = tiers.checkedUnits else { return nil }
            // The items to price one by one: every item of the `per` group, or the answers once.
            var contexts: [EvaluationContext] = [evaluation]
            if let per = tiers.per?.value {
                let parts = per.split(separator: ".").map(String.init)
                // The list a per-item fee counts must have been sent: unknown, never 0, when it was not.
                guard let document = parts.first, var node = documents[document] else { return nil }
                for part in parts.dropFirst() { node = node[part] ?? .null }
                let key = parts.dropFirst().joined(separator: ".")
                guard let items = node.arrayValue else { return nil }
                contexts = items.indices.map { index in
                    var item = evaluation
                    item.currentItems[key] = index
                    return item
                }
            }
            // Amounts beyond 2^53 − 1 are unknown (nil), as in fees.mjs and FormcRuntime's FeeRules;
            // every step is overflow-checked, so no answer can trap the calculation.
            var total: Int64 = 0
            for context in contexts {
                guard case .int(let count) = Evaluator().evaluate(units, in: context), count >= 0 else { return nil }
                let price = Self.price(units: count, rates: tiers.rates)
                var amount: Int64
                if let cap = tiers.cap {
                    amount = min(price ?? cap, cap)  // a price too large to count is still capped
                } else {
                    guard let price else { return nil }
                    amount = price
                }
                if let multiplier = tiers.checkedMultiplier {
                    guard case .int(let times) = Evaluator().evaluate(multiplier, in: context), times >= 0,
                        let product = Self.safe(amount.multipliedReportingOverflow(by: times))
                    else { return nil }
                    amount = product
                }
                guard let sum = Self.safe(total.addingReportingOverflow(amount)) else { return nil }
                total = sum
            }
            return total
        }
    }

    /// The price of `units` units: each unit at the rate of the last tier starting at or before it;
    /// nil beyond 2^53 − 1.
    public static func price(units: Int64, rates: [FeeTiers.Rate]) -> Int64? {
        var total: Int64 = 0
        for (index, rate) in rates.enumerated() where units >= rate.from {
            let end = index + 1 < rates.count ? min(units, rates[index + 1].from - 1) : units
            guard let cost = safe((end - rate.from + 1).multipliedReportingOverflow(by: rate.amount)),
                let sum = safe(total.addingReportingOverflow(cost))
            else { return nil }
            total = sum
        }
        return total
    }

    /// An overflow-checked result, when it is a safe integer (at most 2^53 − 1).
    static func safe(_ result: (partialValue: Int64, overflow: Bool)) -> Int64? {
        result.overflow || result.partialValue > JSONLimits.maxSafeInteger ? nil : result.partialValue
    }
}
