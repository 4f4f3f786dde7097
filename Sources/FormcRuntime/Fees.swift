/// Whether an amount is known: `unknown` when an answer it reads is missing, `invalid` when the form's
/// validator rejects an answer it reads (docs/fees.md).
public enum FeeStatus: String, Codable, Sendable, Hashable, Comparable {
    case known, unknown, invalid

    public static func < (a: FeeStatus, b: FeeStatus) -> Bool { a.rank < b.rank }
    private var rank: Int { self == .known ? 0 : (self == .unknown ? 1 : 2) }
}

/// One line of a fee breakdown, as `fees.mjs` returns it.
public struct FeeLine: Codable, Sendable, Hashable {
    public var id: String
    /// `le_phi` or `phi`.
    public var kind: String
    public var name: LocalizedText
    /// The amount before exemptions and reductions, in VND; nil when not known.
    public var base: Int?
    public var exemptedBy: String?
    public var reductionPercent: Int?
    /// What is due, in VND; nil unless `status` is known.
    public var amount: Int?
    public var status: FeeStatus
    /// The missing answers the line reads, as JSON Pointers into the answers (`/document/field`).
    public var missing: [String]
    public var legalBasis: [String]

    private enum CodingKeys: String, CodingKey {
        case id, kind, name, base, amount, status, missing
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
        try container.encode(status, forKey: .status)
        try container.encode(missing, forKey: .missing)
        try container.encode(legalBasis, forKey: .legalBasis)
    }
}

/// The itemised fees of one submission: the total is a number only when every line is known.
public struct FeeBreakdown: Codable, Sendable, Hashable {
    /// The worst status of a line.
    public var status: FeeStatus
    public var total: Int?
    /// Every missing answer a line reads, sorted.
    public var missing: [String]
    /// What the forms' validators reject among the answers the lines read; paths are JSON Pointers
    /// into the answers (`/de_nghi/giay_to/0/so_ban_sao`).
    public var errors: [ValidationError]
    public var items: [FeeLine]

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(status, forKey: .status)
        try container.encode(total, forKey: .total)
        try container.encode(missing, forKey: .missing)
        try container.encode(errors, forKey: .errors)
        try container.encode(items, forKey: .items)
    }

    private enum CodingKeys: String, CodingKey { case status, total, missing, errors, items }
}

/// A generated form (every form enum the plugin or `formc swift` writes conforms): its id, version
/// and validator, which fee calculators run on the answers they read.
public protocol FormDefinition {
    static var form: String { get }
    static var version: String { get }
    /// SHA-256 of the form's schema.json, which carries every rule: "sha256:…".
    static var hash: String { get }
    static func validate(_ data: JSON, today: CalendarDate, maxErrors: Int) -> ValidationResult
    /// The same checks on a request body read into a tape, in place (`JSONTape`).
    static func validate(_ tape: JSONTape, today: CalendarDate, maxErrors: Int) -> ValidationResult
    /// The label of every field by JSON Pointer, to name the field of an error.
    static var labels: FieldLabels { get }
}

/// A call `FeeRules.compute` refuses before computing anything, as `fees.mjs`'s `FeeInputError`
/// (the same codes) and `formc fee` (exit status 2) refuse it.
public struct FeeInputError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case unknownChannel = "unknown_channel", invalidDate = "invalid_date", missingCase = "missing_case"
        case unknownCase = "unknown_case", unknownCategory = "unknown_category", invalidAnswers = "invalid_answers"
        /// Swift only: answers were sent for a document whose form was not passed in `forms`, so they
        /// cannot be validated.
        case missingForm = "missing_form"
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
    /// (YYYY-MM-DD), the applicant's categories and the answers (by document id), as `fees.mjs` gives
    /// it: each document sent is validated with its form from `forms` (the generated form enums), and
    /// an amount is known only when every answer it reads was given and accepted. Throws
    /// `FeeInputError` for a channel, case or category the procedure does not have, a date that is not
    /// one, a missing case when the procedure has several, answers that are not an object, and answers
    /// for a document whose form is not in `forms`; `FormcLogic` errors for rules it cannot read.
    public func compute(
        caseID: String? = nil, channel: String, on date: String, categories: [String] = [], answers: JSON = [:],
        forms: [any FormDefinition.Type] = []
    ) throws -> FeeBreakdown {
        let caseID = try checkInput(caseID: caseID, channel: channel, on: date, categories: categories, answers: answers)
        let errors = try validate(answers, on: date, forms: forms)
        var data = JSONObject()
        if case .object(let members) = answers { data = members }
        data["$today"] = .string(date)
        data["$input"] = ["channel": .string(channel), "submitted_on": .string(date), "categories": .array(categories.map(JSON.string))]
        let context = JSON.object(data)
        var items: [FeeLine] = []
        var lineErrors: [ValidationError] = []
        for fee in rules["fees"]?.array ?? [] {
            if let cases = fee["cases"]?.array, let caseID, !cases.contains(.string(caseID)) { continue }
            if let channels = fee["channels"]?.array, !channels.contains(.string(channel)) { continue }
            if let effective = fee["effective"], !Self.within(date, effective["from"], effective["to"]) { continue }
            let reads = FormcLogic.Reads()
            let trace = FormcLogic.Trace(reads: reads)
            var applies = true
            if let condition = fee["applies_when_logic"] { applies = FormcLogic.truthy(try FormcLogic.evaluate(condition, context, trace: trace)) }
            if !applies && reads.missing.isEmpty && Self.relevant(errors, to: reads).isEmpty { continue }
            var line = FeeLine(
                id: fee["id"]?.string ?? "", kind: fee["kind"]?.string ?? "",
                name: LocalizedText(vi: fee["name"]?["vi"]?.string ?? "", en: fee["name"]?["en"]?.string),
                base: nil, amount: nil, status: .known, missing: [], legalBasis: (fee["legal_basis"]?.array ?? []).compactMap(\.string))
            var found: [ValidationError] = []
            func settle() {
                found = Self.relevant(errors, to: reads)
                line.missing = reads.missing.sorted(by: Self.codeUnitOrder)
                line.status = !found.isEmpty ? .invalid : (line.missing.isEmpty ? .known : .unknown)
            }
            settle()
            let exemption = line.status != .known ? nil : try findExemption(fee, categories, context, trace)
            settle()
            if line.status == .known, let (exemption, established) = exemption {
                // The amount does not depend on the base: what the base reads does not matter.
                line.base = try baseAmount(fee, context, answers, FormcLogic.Trace(reads: FormcLogic.Reads()))
                line.exemptedBy = exemption["category"]?.string
                line.amount = 0
                line.legalBasis += (exemption["legal_basis"]?.array ?? []).compactMap(\.string)
                // A category the answers established cites what defines it.
                for basis in (established?["legal_basis"]?.array ?? []).compactMap(\.string) where !line.legalBasis.contains(basis) {
                    line.legalBasis.append(basis)
                }
            } else if line.status == .known {
                let base = try baseAmount(fee, context, answers, trace)
                settle()
                if line.status == .known, base == nil { line.status = .unknown }  // no rate, or past 2^53 − 1
                if line.status == .known, let base {
                    line.base = base
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
            }
            lineErrors += found
            items.append(line)
        }
        var status = items.map(\.status).max() ?? .known
        var total: Int? = status == .known ? 0 : nil
        for line in items { total = total.flatMap { sum in line.amount.flatMap { Self.safe(sum.addingReportingOverflow($0)) } } }
        if total == nil, status == .known { status = .unknown }
        var seen = Set<ValidationError>()
        let missing = Set(items.flatMap(\.missing)).sorted(by: Self.codeUnitOrder)
        return FeeBreakdown(status: status, total: total, missing: missing, errors: lineErrors.filter { seen.insert($0).inserted }, items: items)
    }

    /// The exemption that applies: the first whose category the caller gave, else the first whose
    /// category the answers establish (with that category). A condition that reads a missing answer
    /// stops the search.
    private func findExemption(_ fee: JSON, _ categories: [String], _ data: JSON, _ trace: FormcLogic.Trace) throws -> (JSON, JSON?)? {
        let exemptions = fee["exemptions"]?.array ?? []
        // The caller's categories first: they need no answers.
        if let given = exemptions.first(where: { $0["category"]?.string.map(categories.contains) ?? false }) { return (given, nil) }
        for exemption in exemptions {
            guard let value = exemption["category"]?.string, let category = (rules["inputs"]?["categories"]?.array ?? []).first(where: { $0["value"]?.string == value }),
                let condition = category["when_logic"]
            else { continue }
            let holds = FormcLogic.truthy(try FormcLogic.evaluate(condition, data, trace: trace))
            if !trace.reads.missing.isEmpty { return nil }
            if holds { return (exemption, category) }
        }
        return nil
    }

    /// JavaScript's default sort order: by UTF-16 code units.
    private static func codeUnitOrder(_ a: String, _ b: String) -> Bool { a.utf16.lexicographicallyPrecedes(b.utf16) }

    /// Every validator error of the documents sent, its path a pointer into the answers, documents
    /// in the order of their ids.
    private func validate(_ answers: JSON, on date: String, forms: [any FormDefinition.Type]) throws(FeeInputError) -> [ValidationError] {
        guard case .object(let documents) = answers, let today = CalendarDate(date) else { return [] }
        // Each document's form and the version the procedure uses: two documents may pin two majors
        // of one form, and each is judged by its own version's validator, never another's.
        var formOf: [String: (id: String, version: String?)] = [:]
        for document in rules["inputs"]?["documents"]?.array ?? [] {
            if let id = document["id"]?.string, let form = document["form"]?.string { formOf[id] = (form, document["version"]?.string) }
        }
        var errors: [ValidationError] = []
        for id in documents.keys.sorted(by: Self.codeUnitOrder) {
            guard let wanted = formOf[id], let value = documents[id] else { continue }
            guard let form = forms.first(where: { $0.form == wanted.id && (wanted.version == nil || $0.version == wanted.version) }) else {
                let version = wanted.version.map { " \($0)" } ?? ""
                throw FeeInputError(code: .missingForm, message: "answers for '\(id)' need the validator of form '\(wanted.id)'\(version): pass its generated type in forms")
            }
            for error in form.validate(value, today: today, maxErrors: ValidationLimits.defaultMaxErrors).errors {
                errors.append(ValidationError(path: "/" + id + error.path, rule: error.rule, message: error.message))
            }
        }
        return errors
    }

    /// The errors about what was read: at an answer read or around it; a `required` error where an
    /// answer, or the section holding it, is missing is that absence (see fees.mjs's `relevant`).
    private static func relevant(_ errors: [ValidationError], to reads: FormcLogic.Reads) -> [ValidationError] {
        let read = reads.present.union(reads.missing)
        guard !read.isEmpty else { return [] }
        return errors.filter { error in
            if error.rule == "required", reads.missing.contains(where: { $0 == error.path || $0.hasPrefix(error.path + "/") }) { return false }
            return read.contains { $0 == error.path || $0.hasPrefix(error.path + "/") }
        }
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

    private func baseAmount(_ fee: JSON, _ data: JSON, _ answers: JSON, _ trace: FormcLogic.Trace) throws -> Int? {
        if let amount = fee["amount"], case .number = amount { return amount.safeInteger }
        if let logic = fee["amount"]?["logic"] {
            return Self.count(try FormcLogic.evaluate(logic, data, trace: trace))
        }
        guard let tiers = fee["tiers"] else { return nil }
        var contexts = [(data, trace)]
        if let per = tiers["per"]?.string {
            let parts = per.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            var node = answers[parts[0]] ?? .null
            for key in parts.dropFirst() { node = node[key] ?? .null }
            let pointer = "/" + parts.joined(separator: "/")
            trace.reads.record(pointer, node)
            let itemKey = parts.dropFirst().joined(separator: "/")
            // The list a per-item fee counts must have been sent: unknown, never 0, when it was not.
            guard let items = node.array else { return nil }
            contexts = items.indices.map { index in
                var itemTrace = trace
                itemTrace.items[itemKey] = pointer + "/" + String(index)
                guard case .object(var members) = data else { return (data, itemTrace) }
                members["$items"] = .object([itemKey: items[index]])
                return (.object(members), itemTrace)
            }
        }
        // Amounts beyond 2^53 − 1 are unknown (nil), as fees.mjs's Number.isSafeInteger makes them null;
        // overflow-checked arithmetic keeps them from trapping on the way.
        var total = 0
        for (context, trace) in contexts {
            guard let units = Self.count(try FormcLogic.evaluate(tiers["units_logic"] ?? .null, context, trace: trace)) else { return nil }
            let price = Self.price(units, tiers["rates"]?.array ?? [])
            var amount: Int
            if let cap = tiers["cap"]?.safeInteger {
                amount = min(price ?? cap, cap)  // a price too large to count is still capped
            } else {
                guard let price else { return nil }
                amount = price
            }
            if let multiplier = tiers["multiplier_logic"] {
                guard let times = Self.count(try FormcLogic.evaluate(multiplier, context, trace: trace)),
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
