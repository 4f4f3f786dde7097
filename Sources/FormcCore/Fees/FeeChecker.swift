/// Checks a procedure's fees: references (legal basis, channels, cases, categories), expressions
/// (type-checked against the forms the documents use), items that can never apply, items of one
/// series that overlap, and the fee examples, evaluated with the fee calculator.
struct FeeChecker {
    let diagnostics: DiagnosticEngine

    func check(_ procedure: inout ProcedureSpec, forms: [String: FormSpec]) {
        let basisIDs = procedure.legalBasis.map(\.id.value)
        let offered = Set(procedure.channels.map(\.kind))
        let caseIDs = procedure.cases.map(\.id.value)
        let categories = procedure.applicantCategories.map(\.value)
        let scope = FeeScope(procedure: procedure, forms: forms)
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
        }
        checkOverlaps(procedure.fees)
        checkExamples(procedure)
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

    private func checkExamples(_ procedure: ProcedureSpec) {
        let calculator = FeeCalculator(procedure: procedure)
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
            if breakdown.total != example.expectedTotal {
                let expected = example.expectedTotal.map { "a total of \($0) đ" } ?? "an unknown total"
                notes.append(.init("expected \(expected), the rules give \(breakdown.total.map { "\($0) đ" } ?? "no amount (an answer is missing)")"))
            }
            for (id, amount) in example.expectedItems ?? [] {
                let line = breakdown.lines.first { $0.fee.id.value == id }
                if line?.amount != amount {
                    notes.append(.init("expected \(amount) đ for '\(id)', the rules give \(line.map { $0.amount.map { "\($0) đ" } ?? "no amount" } ?? "nothing (the fee does not apply)")"))
                }
            }
            if !notes.isEmpty {
                let lines = breakdown.lines.map { "\($0.fee.id.value) = \($0.amount.map(String.init) ?? "?")" }.joined(separator: ", ")
                notes.append(.init("the rules' breakdown: \(lines.isEmpty ? "no fee applies" : lines)"))
                diagnostics.emit(.feeExampleDisagrees, "fee example '\(example.name)' does not give the amounts it expects", at: example.location, notes: notes)
            }
        }
    }
}
