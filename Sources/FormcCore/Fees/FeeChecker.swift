/// Checks a procedure's fees: references (legal basis, channels, cases, categories), expressions
/// (type-checked against the forms the documents use), items that can never apply, items of one
/// series that overlap, and the fee examples, evaluated with the fee calculator.
struct FeeChecker {
    let diagnostics: DiagnosticEngine

    func check(_ procedure: inout ProcedureSpec, forms: [String: FormSpec], catalogue: AdministrativeUnitCatalogue?, reportExamples: Bool = true) {
        let basisIDs = procedure.legalBasis.map(\.id.value)
        let offered = Set(procedure.channels.map(\.kind))
        let caseIDs = procedure.cases.map(\.id.value)
        let categories = procedure.applicantCategories.map(\.value)
        let scope = FeeScope(procedure: procedure, forms: forms)
        // Categories the answers can establish: their conditions and what defines them.
        for index in procedure.applicantCategories.indices {
            var category = procedure.applicantCategories[index]
            for basis in category.legalBasis where !basisIDs.contains(basis.value) {
                diagnostics.emit(
                    .unresolvedReference,
                    "applicant category '\(category.value)' cites '\(basis.value)', which is not in the procedure's legal_basis"
                        + (Suggest.closest(to: basis.value, among: basisIDs).map { "; did you mean '\($0)'?" } ?? ""),
                    at: basis.location)
            }
            if let condition = category.when {
                category.checkedWhen = diagnostics.check(condition, in: scope, expecting: .bool)
                checkReads(of: "applicant category '\(category.value)'", [(condition, category.checkedWhen)], scope: scope)
            }
            procedure.applicantCategories[index] = category
        }
        for index in procedure.fees.indices {
            var fee = procedure.fees[index]
            let what = "fee '\(fee.id.value)'"
            func checkBasis(_ ids: [Located<String>]) {
                for basis in ids where !basisIDs.contains(basis.value) {
                    diagnostics.emit(
                        .unresolvedReference,
                        "\(what) cites '\(basis.value)', which is not in the procedure's legal_basis"
                            + (Suggest.closest(to: basis.value, among: basisIDs).map { "; did you mean '\($0)'?" } ?? ""),
                        at: basis.location)
                }
            }
            checkBasis(fee.legalBasis)
            for channel in fee.channels where !offered.contains(channel.value) {
                diagnostics.emit(.unresolvedReference, "\(what) applies to channel '\(channel.value.rawValue)', which the procedure does not offer", at: channel.location)
            }
            for caseID in fee.cases where !caseIDs.contains(caseID.value) {
                diagnostics.emit(
                    .unresolvedReference, "\(what) applies to case '\(caseID.value)', which the procedure does not have"
                        + (Suggest.closest(to: caseID.value, among: caseIDs).map { "; did you mean '\($0)'?" } ?? ""),
                    at: caseID.location)
            }
            if let from = fee.effectiveFrom, let to = fee.effectiveTo, to.value < from.value {
                diagnostics.emit(.invalidPeriod, "\(what) is effective to \(to.value), before it is effective from \(from.value)", at: to.location)
            }
            for exemption in fee.exemptions {
                checkBasis(exemption.legalBasis)
                if !categories.contains(exemption.category.value) {
                    diagnostics.emit(
                        .unresolvedReference, "\(what) exempts category '\(exemption.category.value)', which is not in the procedure's applicant_categories"
                            + (Suggest.closest(to: exemption.category.value, among: categories).map { "; did you mean '\($0)'?" } ?? ""),
                        at: exemption.category.location)
                }
            }
            for reduction in fee.reductions {
                checkBasis(reduction.legalBasis)
                if let from = reduction.from, let to = reduction.to, to.value < from.value {
                    diagnostics.emit(.invalidPeriod, "a reduction of \(what) ends on \(to.value), before it starts on \(from.value)", at: to.location)
                }
                let feeChannels = fee.channels.map(\.value)
                if !offered.contains(reduction.channel.value) || (!feeChannels.isEmpty && !feeChannels.contains(reduction.channel.value)) {
                    diagnostics.emit(.feeNeverApplies, "this reduction of \(what) is for channel '\(reduction.channel.value.rawValue)', where the fee never applies", at: reduction.channel.location)
                } else if !Self.overlap((reduction.from?.value, reduction.to?.value), (fee.effectiveFrom?.value, fee.effectiveTo?.value)) {
                    diagnostics.emit(.feeNeverApplies, "this reduction of \(what) falls outside the fee's effective period", at: reduction.location)
                }
            }
            if !fee.channels.isEmpty && fee.channels.allSatisfy({ !offered.contains($0.value) }) {
                diagnostics.emit(.feeNeverApplies, "\(what) applies to no channel the procedure offers", at: fee.id.location)
            }
            // Expressions.
            if let condition = fee.appliesWhen {
                fee.checkedAppliesWhen = diagnostics.check(condition, in: scope, expecting: .bool)
            }
            switch fee.amount {
            case .expression(let source, _):
                fee.amount = .expression(source, diagnostics.check(source, in: scope, expecting: .money))
            case .tiers(var tiers):
                var tierScope = scope
                if let per = tiers.per {
                    let parts = per.value.split(separator: ".").map(String.init)
                    if parts.count < 2 || !isRepeat(parts, scope: scope) {
                        diagnostics.emit(.unresolvedReference, "'per' must name a repeating group of a document's form, such as de_nghi.giay_to", at: per.location)
                    } else {
                        tierScope = FeeScope(procedure: procedure, forms: forms, enclosing: (parts[0], parts.dropFirst().joined(separator: ".")))
                    }
                }
                tiers.checkedUnits = diagnostics.check(tiers.units, in: tierScope, expecting: .int)
                if let multiplier = tiers.multiplier { tiers.checkedMultiplier = diagnostics.check(multiplier, in: tierScope, expecting: .int) }
                fee.amount = .tiers(tiers)
            default:
                break
            }
            procedure.fees[index] = fee
            checkReads(fee, scope: scope)
        }
        checkOverlaps(procedure.fees)
        // Examples of a procedure with an error elsewhere would only repeat it.
        if reportExamples { checkExamples(procedure, forms: forms, catalogue: catalogue) }
    }

    /// W0305: every answer a fee reads must be one its form requires, or a submission without it has
    /// an unknown fee. A read is fine when what it passes through is known to be there: tested with
    /// `is_set(…)` or read as true earlier in an `and`, in the condition of an `if` for its `then`, or
    /// in `applies_when` for the amount. A field required under a condition (`required_when`, or
    /// required and shown only under `visible_when`) counts as required: the fee is expected to read
    /// it under the same condition.
    private func checkReads(_ fee: FeeItem, scope: FeeScope) {
        var present = Set<String>()
        var expressions: [(ExpressionSource, CheckedExpression?)] = []
        if let condition = fee.appliesWhen {
            checkReads(of: "fee '\(fee.id.value)'", [(condition, fee.checkedAppliesWhen)], scope: scope)
            if let checked = fee.checkedAppliesWhen { present = Self.established(by: checked.expression, checked) }
        }
        switch fee.amount {
        case .expression(let source, let checked): expressions.append((source, checked))
        case .tiers(let tiers):
            expressions.append((tiers.units, tiers.checkedUnits))
            if let multiplier = tiers.multiplier { expressions.append((multiplier, tiers.checkedMultiplier)) }
        default: break
        }
        checkReads(of: "fee '\(fee.id.value)'", expressions, given: present, scope: scope)
    }

    /// W0305 for the reads of some expressions, given what is known to be present.
    private func checkReads(of what: String, _ expressions: [(ExpressionSource, CheckedExpression?)], given present: Set<String> = [], scope: FeeScope) {
        var warned = Set<String>()
        func check(_ source: ExpressionSource, _ checked: CheckedExpression?, given present: Set<String>) {
            guard let checked else { return }
            func visit(_ e: Expression, _ present: Set<String>) {
                switch e.kind {
                case .call("is_set", _): return  // a test of presence, not a read
                case .binary(.and, let a, let b):
                    visit(a, present)
                    visit(b, present.union(Self.established(by: a, checked)))
                case .conditional(let c, let a, let b):
                    visit(c, present)
                    visit(a, present.union(Self.established(by: c, checked)))
                    visit(b, present)
                case .path(let segments):
                    guard let path = checked.paths[e.offset], let document = path.document, let form = scope.documents[document],
                        let optional = Self.optionalStep(of: path, in: form, present: present)
                    else { return }
                    let text = segments.joined(separator: ".")
                    guard warned.insert(text).inserted else { return }
                    diagnostics.emit(
                        .feeReadsOptionalAnswer,
                        "\(what) reads \(text), but form '\(form.id.value)' does not require '\(optional.name)': without it the fee is unknown; make it required, or test it first with is_set(\(text))",
                        at: source.positions.location(at: e.offset), notes: [.init("'\(optional.name)' is optional here", at: optional.location)])
                default:
                    e.kind.children.forEach { visit($0, present) }
                }
            }
            visit(checked.expression, present)
        }
        for (source, checked) in expressions { check(source, checked, given: present) }
    }

    /// The answers (`document.section.field` and each prefix) an expression shows are present when it
    /// is true: what `is_set` tests, a path read as a condition, a path compared with `==`, `<`, `<=`,
    /// `>`, `>=` or `in` (false when it is missing), each side of an `and`.
    static func established(by e: Expression, _ checked: CheckedExpression) -> Set<String> {
        func prefixes(_ x: Expression) -> Set<String> {
            guard case .path = x.kind, let path = checked.paths[x.offset], let document = path.document else { return [] }
            var result = Set<String>(), text = document
            for case .member(let name) in path.steps {
                text += "." + name
                result.insert(text)
            }
            return result
        }
        switch e.kind {
        case .binary(.and, let a, let b): return established(by: a, checked).union(established(by: b, checked))
        case .binary(let op, let a, let b) where [.equal, .less, .lessOrEqual, .greater, .greaterOrEqual, .in].contains(op):
            return prefixes(a).union(prefixes(b))
        case .call("is_set", let args): return args.first.map(prefixes) ?? []
        case .path: return prefixes(e)
        default: return []
        }
    }

    /// The first field or section on the path that a submission may leave out and that is not known
    /// to be present.
    static func optionalStep(of path: ResolvedPath, in form: FormSpec, present: Set<String>) -> FieldSpec? {
        var level = form.sections
        var text = path.document ?? ""
        for step in path.steps {
            guard case .member(let name) = step, let field = level.first(where: { $0.name == name }) else { continue }
            text += "." + name
            if !field.required && field.logic.requiredWhen == nil && !present.contains(text) { return field }
            level = field.fields
        }
        return nil
    }

    private func isRepeat(_ parts: [String], scope: FeeScope) -> Bool {
        guard let form = scope.documents[parts[0]] else { return false }
        var level = form.sections
        var field: FieldSpec?
        for part in parts.dropFirst() {
            field = level.first { $0.name == part }
            level = field?.fields ?? []
        }
        return field?.kind == .repeat
    }


    static func overlap(_ a: (CalendarDate?, CalendarDate?), _ b: (CalendarDate?, CalendarDate?)) -> Bool {
        if let aTo = a.1, let bFrom = b.0, aTo < bFrom { return false }
        if let bTo = b.1, let aFrom = a.0, bTo < aFrom { return false }
        return true
    }

    /// Items of one series are versions of one charge: no two may apply to the same case, channel and day.
    private func checkOverlaps(_ fees: [FeeItem]) {
        for (i, a) in fees.enumerated() {
            for b in fees[(i + 1)...] where a.series == b.series {
                let cases = a.cases.isEmpty || b.cases.isEmpty || Set(a.cases.map(\.value)).intersection(b.cases.map(\.value)).count > 0
                let channels = a.channels.isEmpty || b.channels.isEmpty || Set(a.channels.map(\.value)).intersection(b.channels.map(\.value)).count > 0
                let periods = Self.overlap((a.effectiveFrom?.value, a.effectiveTo?.value), (b.effectiveFrom?.value, b.effectiveTo?.value))
                if cases && channels && periods && a.checkedAppliesWhen == nil && b.checkedAppliesWhen == nil {
                    diagnostics.emit(
                        .feeOverlap,
                        "fees '\(a.id.value)' and '\(b.id.value)' of series '\(a.series)' can both apply to the same case, channel and day",
                        at: b.id.location, notes: [.init("'\(a.id.value)' is here", at: a.id.location)])
                }
            }
        }
    }

    private func checkExamples(_ procedure: ProcedureSpec, forms: [String: FormSpec], catalogue: AdministrativeUnitCatalogue?) {
        let calculator = FeeCalculator(procedure: procedure, forms: forms, catalogue: catalogue)
        for example in procedure.feeExamples {
            if let caseID = example.caseID, !procedure.cases.contains(where: { $0.id.value == caseID.value }) {
                diagnostics.emit(.unresolvedReference, "fee example names case '\(caseID.value)', which the procedure does not have", at: caseID.location)
                continue
            }
            let context = FeeContext(
                caseID: example.caseID?.value ?? procedure.cases.first?.id.value, channel: example.channel, on: example.on,
                categories: example.categories.map(\.value), answers: example.answers)
            let breakdown = calculator.breakdown(context)
            var notes: [Diagnostic.Note] = []
            func describe(_ status: FeeStatus, _ total: Int64?) -> String {
                switch status {
                case .known: total.map { "a total of \($0) đ" } ?? "no total"
                case .unknown: "an unknown total (an answer the fees read is missing)"
                case .invalid: "an invalid total (the form rejects an answer the fees read)"
                }
            }
            if breakdown.total != example.expectedTotal || breakdown.status != example.expectedStatus {
                var got = describe(breakdown.status, breakdown.total)
                if !breakdown.missing.isEmpty { got += "; missing: " + breakdown.missing.joined(separator: ", ") }
                if !breakdown.errors.isEmpty { got += "; rejected: " + breakdown.errors.map { "\($0.path) (\($0.rule))" }.joined(separator: ", ") }
                notes.append(.init("expected \(describe(example.expectedStatus, example.expectedTotal)), the rules give \(got)"))
            }
            if let expected = example.expectedMissing, Set(expected) != Set(breakdown.missing) {
                notes.append(.init("expected the missing answers \(Self.list(expected)), the rules find \(Self.list(breakdown.missing))"))
            }
            let rejected = Array(Set(breakdown.errors.map(\.path))).sorted()
            if let expected = example.expectedInvalid, Set(expected) != Set(rejected) {
                notes.append(.init("expected the form to reject \(Self.list(expected)), it rejects \(Self.list(rejected))"))
            }
            for (id, amount) in example.expectedItems ?? [] {
                let line = breakdown.lines.first { $0.fee.id.value == id }
                if line?.amount != amount {
                    notes.append(.init("expected \(amount) đ for '\(id)', the rules give \(line.map { $0.amount.map { "\($0) đ" } ?? "no amount" } ?? "nothing (the fee does not apply)")"))
                }
            }
            if !notes.isEmpty {
                let lines = breakdown.lines.map { "\($0.fee.id.value) = \($0.amount.map(String.init) ?? ($0.status == .invalid ? "invalid" : "?"))" }.joined(separator: ", ")
                notes.append(.init("the rules' breakdown: \(lines.isEmpty ? "no fee applies" : lines)"))
                diagnostics.emit(.feeExampleDisagrees, "fee example '\(example.name)' does not give the amounts it expects", at: example.location, notes: notes)
            }
        }
    }

    private static func list(_ pointers: [String]) -> String {
        pointers.isEmpty ? "none" : pointers.sorted().joined(separator: ", ")
    }
}
