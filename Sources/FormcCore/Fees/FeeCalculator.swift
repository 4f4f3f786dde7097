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

/// Whether an amount is known: `unknown` when an answer it reads is missing, `invalid` when the form's
/// validator rejects an answer it reads. Only a `known` amount is ever a number (docs/fees.md).
public enum FeeStatus: String, Sendable {
    case known, unknown, invalid

    /// The worse of two: invalid, then unknown, then known.
    func combined(with other: FeeStatus) -> FeeStatus {
        self == .invalid || other == .invalid ? .invalid : (self == .unknown || other == .unknown ? .unknown : .known)
    }
}

/// A validator's error about an answer a fee reads, located in the answers by document id
/// (`/de_nghi/giay_to/0/so_ban_sao`).
public struct FeeAnswerError: Sendable, Hashable {
    public var path: String
    public var rule: String
    public var message: LocalizedText
}

/// One line of a fee breakdown.
public struct FeeLine: Sendable {
    public var fee: FeeItem
    /// The amount before exemption and reduction; nil when it is not known.
    public var base: Int64?
    public var exemptedBy: String?
    public var reduction: FeeReduction?
    /// What is due; nil unless `status` is known.
    public var amount: Int64?
    /// Every legal document the line rests on: the fee's, then the exemption's or reduction's.
    public var legalBasis: [String]
    public var status: FeeStatus = .known
    /// The missing answers the line needs, as sorted pointers into the answers.
    public var missing: [String] = []
    /// The validator's errors about answers the line reads.
    public var errors: [FeeAnswerError] = []
}

public struct FeeBreakdown: Sendable {
    public var lines: [FeeLine]
    /// The sum of the lines; nil unless `status` is known.
    public var total: Int64?
    /// The worst status of a line.
    public var status: FeeStatus
    /// Every missing answer a line needs, sorted.
    public var missing: [String]
    /// Every validator error about an answer a line reads, in the validator's order.
    public var errors: [FeeAnswerError]
}

/// Computes a procedure's fees for given answers and context — formc's reference fee semantics
/// (docs/fees.md): which items apply, tiers with caps, exemptions, dated channel reductions rounded
/// half up to the whole đồng. An amount is known only when every answer it reads was given and the
/// form's validator finds nothing wrong with it; the lines and the total say which answers are
/// missing or invalid instead of guessing.
public struct FeeCalculator {
    let procedure: ProcedureSpec
    /// The form each document id is filled with.
    let documentForms: [String: FormSpec]
    let catalogue: AdministrativeUnitCatalogue?

    /// `forms`: the forms by id (the latest version of each), to validate the answers with.
    public init(procedure: ProcedureSpec, forms: [String: FormSpec] = [:], catalogue: AdministrativeUnitCatalogue? = nil) {
        self.procedure = procedure
        var documentForms: [String: FormSpec] = [:]
        for document in procedure.cases.flatMap(\.documents) {
            if let id = document.form?.value, let form = forms[id] { documentForms[document.id.value] = form }
        }
        self.documentForms = documentForms
        self.catalogue = catalogue
    }

    /// A calculator that validates answers with the checked specs' forms (their latest versions).
    public init(procedure: ProcedureSpec, specs: CheckedSpecs) {
        self.init(procedure: procedure, forms: ProcedureEmitter(forms: specs.forms, procedures: [procedure]).latestForms, catalogue: specs.catalogue)
    }

    public func breakdown(_ context: FeeContext) -> FeeBreakdown {
        var documents: [String: JSONValue] = [:]
        for (key, value) in context.answers.objectValue ?? [] { documents[key] = value }
        let errors = validate(documents, on: context.on)
        let inputs: [String: Value] = [
            "channel": .string(context.channel.rawValue), "submitted_on": .date(context.on),
            "categories": .list(context.categories.map(Value.string)),
        ]
        let evaluation = EvaluationContext(answers: .null, documents: documents, today: context.on, inputs: inputs)
        var lines: [FeeLine] = []
        for fee in procedure.fees {
            if let line = line(for: fee, context, evaluation, documents, errors) { lines.append(line) }
        }
        let status = lines.reduce(FeeStatus.known) { $0.combined(with: $1.status) }
        var total: Int64? = status == .known ? 0 : nil
        for line in lines { total = total.flatMap { sum in line.amount.flatMap { Self.safe(sum.addingReportingOverflow($0)) } } }
        var seen = Set<FeeAnswerError>()
        let relevant = lines.flatMap(\.errors).filter { seen.insert($0).inserted }
        return FeeBreakdown(
            lines: lines, total: total, status: total == nil && status == .known ? .unknown : status,
            missing: Set(lines.flatMap(\.missing)).sorted(), errors: relevant)
    }

    /// Every validator error of the documents that were sent, located in the answers.
    private func validate(_ documents: [String: JSONValue], on date: CalendarDate) -> [FeeAnswerError] {
        var errors: [FeeAnswerError] = []
        for (id, answers) in documents.sorted(by: { $0.key < $1.key }) {
            guard let form = documentForms[id] else { continue }
            let validator = SubmissionValidator(catalogue: catalogue, today: date)
            for error in validator.validate(answers, against: form) {
                errors.append(FeeAnswerError(path: "/" + id + error.path, rule: error.name, message: error.message))
            }
        }
        return errors
    }

    /// One fee's line, or nil when the fee does not apply: whether it applies, then an exemption, then
    /// its base amount and a reduction. Each step records the answers it reads.
    private func line(
        for fee: FeeItem, _ context: FeeContext, _ evaluation: EvaluationContext, _ documents: [String: JSONValue], _ errors: [FeeAnswerError]
    ) -> FeeLine? {
        let reads = AnswerReads()
        var tracked = evaluation
        tracked.reads = reads
        guard applies(fee, context, tracked) || !reads.missing.isEmpty || !Self.relevant(errors, to: reads).isEmpty else { return nil }
        var line = FeeLine(fee: fee, base: nil, legalBasis: fee.legalBasis.map(\.value))
        func settle(_ reads: AnswerReads) {
            line.errors = Self.relevant(errors, to: reads)
            line.missing = reads.missing.sorted()
            line.status = !line.errors.isEmpty ? .invalid : (line.missing.isEmpty ? .known : .unknown)
        }
        settle(reads)
        guard line.status == .known else { return line }  // whether it applies is not known
        let exemption = exemption(of: fee, context, tracked)
        settle(reads)
        guard line.status == .known else { return line }  // whether it is exempt is not known
        if let (exemption, category) = exemption {
            // The amount does not depend on the base: what the base reads does not matter.
            line.base = base(fee, evaluation, documents, AnswerReads())
            line.exemptedBy = exemption.category.value
            line.amount = 0
            line.legalBasis += exemption.legalBasis.map(\.value)
            // A category the answers established cites what defines it.
            for basis in category?.legalBasis ?? [] where !line.legalBasis.contains(basis.value) { line.legalBasis.append(basis.value) }
            return line
        }
        let base = base(fee, tracked, documents, reads)
        settle(reads)
        guard line.status == .known, let base else {
            if line.status == .known { line.status = .unknown }  // no rate, or an amount past 2^53 − 1
            return line
        }
        line.base = base
        if let reduction = reduction(of: fee, context) {
            line.reduction = reduction
            line.amount = Self.reduce(base, percent: reduction.percent)
            line.legalBasis += reduction.legalBasis.map(\.value)
        } else {
            line.amount = base
        }
        return line
    }

    /// The errors about what was read: at an answer read, or around it (the section or list holding
    /// it, the whole document). Errors inside a list or an item that was read as a whole are not: a
    /// count of items does not depend on what the items say, and the item fields a fee reads are
    /// reads of their own. A `required` error where an answer is missing is that answer's absence,
    /// which `missing` reports, as is one where the section holding it is missing.
    static func relevant(_ errors: [FeeAnswerError], to reads: AnswerReads) -> [FeeAnswerError] {
        let all = reads.all
        guard !all.isEmpty else { return [] }
        return errors.filter { error in
            if error.rule == "required", reads.missing.contains(where: { $0 == error.path || $0.hasPrefix(error.path + "/") }) { return false }
            return all.contains { read in
                read == error.path || read.hasPrefix(error.path + "/")
            }
        }
    }

    /// The exemption that applies: the first whose category the caller gave, else the first whose
    /// category the answers establish (then with the category, whose legal basis the line cites). A
    /// condition over a missing answer stops the search: the reads say so, and the line is unknown.
    private func exemption(of fee: FeeItem, _ context: FeeContext, _ evaluation: EvaluationContext) -> (FeeExemption, ApplicantCategory?)? {
        // The caller's categories first: they need no answers.
        for exemption in fee.exemptions where context.categories.contains(exemption.category.value) { return (exemption, nil) }
        for exemption in fee.exemptions {
            guard let category = procedure.applicantCategories.first(where: { $0.value == exemption.category.value }),
                let condition = category.checkedWhen
            else { continue }
            let holds = Evaluator().evaluate(condition, in: evaluation).isTruthy
            if let reads = evaluation.reads, !reads.missing.isEmpty { return nil }
            if holds { return (exemption, category) }
        }
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

    /// Whether the fee applies; an `applies_when` over a missing answer is false here, and the answers
    /// it read say so.
    private func applies(_ fee: FeeItem, _ context: FeeContext, _ evaluation: EvaluationContext) -> Bool {
        if !fee.cases.isEmpty, let caseID = context.caseID, !fee.cases.contains(where: { $0.value == caseID }) { return false }
        if !fee.channels.isEmpty, !fee.channels.contains(where: { $0.value == context.channel }) { return false }
        if !Self.within(context.on, fee.effectiveFrom?.value, fee.effectiveTo?.value) { return false }
        if let condition = fee.checkedAppliesWhen, !Evaluator().evaluate(condition, in: evaluation).isTruthy { return false }
        return true
    }

    private func base(_ fee: FeeItem, _ evaluation: EvaluationContext, _ documents: [String: JSONValue], _ reads: AnswerReads) -> Int64? {
        var evaluation = evaluation
        evaluation.reads = reads
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
                var node = parts.first.flatMap { documents[$0] }
                for part in parts.dropFirst() { node = node?[part] }
                reads.record("/" + parts.joined(separator: "/"), node)
                let key = parts.dropFirst().joined(separator: ".")
                guard let items = node?.arrayValue else { return nil }
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
