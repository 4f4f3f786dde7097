/// One line of a fee breakdown, as `fees.mjs` returns it.
public struct FeeLine: Codable, Sendable, Hashable {
    public var id: String
    /// `le_phi` or `phi`.
    public var kind: String
    public var name: LocalizedText
    /// The amount before exemptions and reductions, in VND; nil when it needs an answer not given.
    public var base: Int?
    public var exemptedBy: String?
    public var reductionPercent: Int?
    /// What is due, in VND; nil when it needs an answer not given.
    public var amount: Int?
    public var legalBasis: [String]

    private enum CodingKeys: String, CodingKey {
        case id, kind, name, base, amount
        case exemptedBy = "exempted_by", reductionPercent = "reduction_percent", legalBasis = "legal_basis"
    }

    public func encode(to encoder: any Encoder) throws {
        // base and amount are always present (null when unknown), as in fees.mjs.
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(kind, forKey: .kind)
        try container.encode(name, forKey: .name)
        try container.encode(base, forKey: .base)
        try container.encodeIfPresent(exemptedBy, forKey: .exemptedBy)
        try container.encodeIfPresent(reductionPercent, forKey: .reductionPercent)
        try container.encode(amount, forKey: .amount)
        try container.encode(legalBasis, forKey: .legalBasis)
    }
}

/// The itemised fees of one submission: the total is nil when any line's amount is unknown.
public struct FeeBreakdown: Codable, Sendable, Hashable {
    public var total: Int?
    public var items: [FeeLine]

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(total, forKey: .total)
        try container.encode(items, forKey: .items)
    }

    private enum CodingKeys: String, CodingKey { case total, items }
}

/// A call `FeeRules.compute` refuses before computing anything, as `fees.mjs`'s `FeeInputError`
/// (the same codes) and `formc fee` (exit status 2) refuse it.
public struct FeeInputError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case unknownChannel = "unknown_channel", invalidDate = "invalid_date", missingCase = "missing_case"
        case unknownCase = "unknown_case", unknownCategory = "unknown_category", invalidAnswers = "invalid_answers"
    }

    public var code: Code
    public var message: String
    public var description: String { "\(code.rawValue): \(message)" }
}

/// A procedure's fee rules (its `fees.json`) and their evaluation: the same steps, in the same
/// order, as the generated `fees.mjs`, so both give the same breakdown for the same inputs.
public struct FeeRules: Sendable {
    /// The rules as fees.json holds them, vectors included.
    public let rules: JSON

    public init(rules: JSON) {
        self.rules = rules
    }

    public var procedure: String { rules["procedure"]?.string ?? "" }

    /// The fee vectors formc computed from the spec's examples: inputs and the expected breakdown.
    public var vectors: [JSON] { rules["vectors"]?.array ?? [] }

    /// The breakdown for a case, a channel (`truc_tiep`, `truc_tuyen`, `buu_chinh`), a date
    /// (YYYY-MM-DD), the applicant's categories and the answers (by document id). Answers are expected
    /// to be valid (run the form's validator first). Throws `FeeInputError` for a channel, case or
    /// category the procedure does not have, a date that is not one, a missing case when the procedure
    /// has several, and answers that are not an object; `FormcLogic` errors for rules it cannot read.
    public func compute(caseID: String? = nil, channel: String, on date: String, categories: [String] = [], answers: JSON = [:]) throws -> FeeBreakdown {
        let caseID = try checkInput(caseID: caseID, channel: channel, on: date, categories: categories, answers: answers)
        var data = JSONObject()
        if case .object(let members) = answers { data = members }
        data["$today"] = .string(date)
        data["$input"] = ["channel": .string(channel), "submitted_on": .string(date), "categories": .array(categories.map(JSON.string))]
        let context = JSON.object(data)
        var items: [FeeLine] = []
        for fee in rules["fees"]?.array ?? [] {
            if let cases = fee["cases"]?.array, let caseID, !cases.contains(.string(caseID)) { continue }
            if let channels = fee["channels"]?.array, !channels.contains(.string(channel)) { continue }
            if let effective = fee["effective"], !Self.within(date, effective["from"], effective["to"]) { continue }
            if let condition = fee["applies_when_logic"], !FormcLogic.truthy(try FormcLogic.evaluate(condition, context)) { continue }
            let base = try baseAmount(fee, context, answers)
            var line = FeeLine(
                id: fee["id"]?.string ?? "", kind: fee["kind"]?.string ?? "",
                name: LocalizedText(vi: fee["name"]?["vi"]?.string ?? "", en: fee["name"]?["en"]?.string),
                base: base, amount: nil, legalBasis: (fee["legal_basis"]?.array ?? []).compactMap(\.string))
            let exemption = (fee["exemptions"]?.array ?? []).first { e in e["category"]?.string.map(categories.contains) ?? false }
            if let exemption {
                line.exemptedBy = exemption["category"]?.string
                line.amount = 0
                line.legalBasis += (exemption["legal_basis"]?.array ?? []).compactMap(\.string)
            } else if let base {
                let reduction = (fee["reductions"]?.array ?? []).first { r in
                    r["channel"]?.string == channel && Self.within(date, r["from"], r["to"])
                }
                if let reduction, let percent = reduction["percent"]?.safeInteger {
                    line.reductionPercent = percent
                    // Rounded half up to the whole đồng.
                    line.amount = (base * (100 - percent) + 50) / 100
                    line.legalBasis += (reduction["legal_basis"]?.array ?? []).compactMap(\.string)
                } else {
                    line.amount = base
                }
            }
            items.append(line)
        }
        let amounts = items.map(\.amount)
        let total = amounts.contains(where: { $0 == nil }) ? nil : amounts.reduce(0) { $0 + $1! }
        return FeeBreakdown(total: total, items: items)
    }

    /// The case to use, or the refusal `fees.mjs`'s `checkInput` gives.
    private func checkInput(caseID: String?, channel: String, on date: String, categories: [String], answers: JSON) throws(FeeInputError) -> String? {
        let inputs = rules["inputs"]
        func list(_ values: [String]) -> String { values.map { "'\($0)'" }.joined(separator: ", ") }
        let cases = (inputs?["cases"]?.array ?? []).compactMap(\.string)
        let chosen: String?
        if let caseID {
            guard cases.contains(caseID) else { throw FeeInputError(code: .unknownCase, message: "procedure \(procedure) has the cases \(list(cases)), not '\(caseID)'") }
            chosen = caseID
        } else {
            guard cases.count <= 1 else { throw FeeInputError(code: .missingCase, message: "procedure \(procedure) has several cases; name one as caseID (\(list(cases)))") }
            chosen = cases.first
        }
        let channels = (inputs?["channels"]?.array ?? []).compactMap(\.string)
        guard channels.contains(channel) else {
            throw FeeInputError(code: .unknownChannel, message: "procedure \(procedure) offers the channels \(list(channels)), not '\(channel)'")
        }
        guard date.utf8.count == 10, CalendarDate(date) != nil else {
            throw FeeInputError(code: .invalidDate, message: "on must be a real date written YYYY-MM-DD, not '\(date)'")
        }
        let known = (inputs?["categories"]?.array ?? []).compactMap { $0["value"]?.string }
        for category in categories where !known.contains(category) {
            throw FeeInputError(code: .unknownCategory, message: "'\(category)' is not an applicant category of \(procedure) (\(known.isEmpty ? "it has none" : list(known)))")
        }
        guard case .object = answers else { throw FeeInputError(code: .invalidAnswers, message: "answers must be an object keyed by document id") }
        return chosen
    }

    private static func within(_ date: String, _ from: JSON?, _ to: JSON?) -> Bool {
        if let from = from?.string, !from.isEmpty, date.utf16.lexicographicallyPrecedes(from.utf16) { return false }
        if let to = to?.string, !to.isEmpty, to.utf16.lexicographicallyPrecedes(date.utf16) { return false }
        return true
    }

    private func baseAmount(_ fee: JSON, _ data: JSON, _ answers: JSON) throws -> Int? {
        if let amount = fee["amount"], case .number = amount { return amount.safeInteger }
        if let logic = fee["amount"]?["logic"] {
            return Self.count(try FormcLogic.evaluate(logic, data))
        }
        guard let tiers = fee["tiers"] else { return nil }
        var contexts = [data]
        if let per = tiers["per"]?.string {
            let parts = per.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            var node = answers[parts[0]] ?? .null
            for key in parts.dropFirst() { node = node[key] ?? .null }
            let itemKey = parts.dropFirst().joined(separator: "/")
            // The list a per-item fee counts must have been sent: unknown, never 0, when it was not.
            guard let items = node.array else { return nil }
            contexts = items.map { item in
                guard case .object(var members) = data else { return data }
                members["$items"] = .object([itemKey: item])
                return .object(members)
            }
        }
        // Amounts beyond 2^53 − 1 are unknown (nil), as fees.mjs's Number.isSafeInteger makes them null;
        // overflow-checked arithmetic keeps them from trapping on the way.
        var total = 0
        for context in contexts {
            guard let units = Self.count(try FormcLogic.evaluate(tiers["units_logic"] ?? .null, context)) else { return nil }
            let price = Self.price(units, tiers["rates"]?.array ?? [])
            var amount: Int
            if let cap = tiers["cap"]?.safeInteger {
                amount = min(price ?? cap, cap)  // a price too large to count is still capped
            } else {
                guard let price else { return nil }
                amount = price
            }
            if let multiplier = tiers["multiplier_logic"] {
                guard let times = Self.count(try FormcLogic.evaluate(multiplier, context)),
                    let product = Self.safe(amount.multipliedReportingOverflow(by: times))
                else { return nil }
                amount = product
            }
            guard let sum = Self.safe(total.addingReportingOverflow(amount)) else { return nil }
            total = sum
        }
        return total
    }

    /// A whole number of at least zero, or nil.
    private static func count(_ value: JSON) -> Int? {
        guard let n = value.safeInteger, n >= 0 else { return nil }
        return n
    }

    /// An overflow-checked result, when it is a safe integer (at most 2^53 − 1).
    private static func safe(_ result: (partialValue: Int, overflow: Bool)) -> Int? {
        result.overflow || result.partialValue > 9_007_199_254_740_991 ? nil : result.partialValue
    }

    /// The price of `units` units: each at the rate of the last tier starting at or before it; nil
    /// beyond 2^53 − 1.
    private static func price(_ units: Int, _ rates: [JSON]) -> Int? {
        var total = 0
        for (index, rate) in rates.enumerated() {
            let from = rate["from"]?.safeInteger ?? 0
            if units < from { continue }
            let end = index + 1 < rates.count ? min(units, (rates[index + 1]["from"]?.safeInteger ?? 0) - 1) : units
            guard let cost = safe((end - from + 1).multipliedReportingOverflow(by: rate["amount"]?.safeInteger ?? 0)),
                let sum = safe(total.addingReportingOverflow(cost))
            else { return nil }
            total = sum
        }
        return total
    }
}
