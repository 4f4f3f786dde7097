/// What changed between two checked states of a project (`formc diff OLD NEW`): each form's latest
/// version against the other side's (`FormDiff`), forms that appear or go, and each procedure's fee
/// examples priced by the old rules and by the new ones.
public enum SpecDiff {
    public static func changes(from old: CheckedSpecs, to new: CheckedSpecs) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let before = ProcedureEmitter(forms: old.forms, procedures: old.procedures).latestForms, after = ProcedureEmitter(forms: new.forms, procedures: new.procedures).latestForms
        for id in Set(before.keys).union(after.keys).filter({ !ProcedureEmitter.isPinned($0) }).sorted() {
            switch (before[id], after[id]) {
            case (let a?, let b?):
                out += FormDiff.changes(from: a, to: b)
            case (let a?, nil):
                out.append(Diagnostic(.changeFieldRemoved, "form '\(id)' is removed: its submissions have nowhere to go", at: nil,
                                      notes: [.init("in the old specs it is here", at: a.id.location)]))
            case (nil, let b?):
                out.append(Diagnostic(.changeFieldAdded, "form '\(id)' is new", at: b.id.location))
            default: break
            }
        }
        for procedure in new.procedures {
            guard let previous = old.procedures.first(where: { $0.code.value == procedure.code.value }) else { continue }
            out += feeChanges(from: previous, to: procedure, old: (before, old.catalogue), new: (after, new.catalogue))
        }
        return out
    }

    /// Each fee example of either version, priced by both: where the total or its status differs.
    /// `old` and `new`: each side's forms by reference (made once per diff) and its catalogue.
    static func feeChanges(
        from previous: ProcedureSpec, to procedure: ProcedureSpec,
        old: (forms: [String: FormSpec], catalogue: AdministrativeUnitCatalogue?), new: (forms: [String: FormSpec], catalogue: AdministrativeUnitCatalogue?)
    ) -> [Diagnostic] {
        let before = FeeCalculator(procedure: previous, forms: old.forms, catalogue: old.catalogue)
        let after = FeeCalculator(procedure: procedure, forms: new.forms, catalogue: new.catalogue)
        var seen: Set<String> = []
        var out: [Diagnostic] = []
        for example in procedure.feeExamples + previous.feeExamples where seen.insert(example.name).inserted {
            let caseID = example.caseID?.value
            guard caseID == nil || (previous.cases.contains { $0.id.value == caseID } && procedure.cases.contains { $0.id.value == caseID }) else { continue }
            func price(_ calculator: FeeCalculator, _ spec: ProcedureSpec) -> FeeBreakdown {
                calculator.breakdown(FeeContext(
                    caseID: caseID ?? spec.cases.first?.id.value, channel: example.channel, on: example.on,
                    categories: example.categories.map(\.value), answers: example.answers))
            }
            let was = price(before, previous), now = price(after, procedure)
            guard was.total != now.total || was.status != now.status else { continue }
            let inNew = procedure.feeExamples.first { $0.name == example.name }
            out.append(Diagnostic(
                .changeFeeChanged,
                "procedure \(procedure.code.value), fee example '\(example.name)': was \(words(was)), is \(words(now))",
                at: inNew?.location ?? procedure.code.location,
                notes: previous.feeExamples.first { $0.name == example.name }.map { [.init("in the old specs it is here", at: $0.location)] } ?? []))
        }
        return out
    }

    static func words(_ breakdown: FeeBreakdown) -> String {
        switch breakdown.status {
        case .known: FeeReport.money(breakdown.total ?? 0)
        case .unknown: "unknown (an answer it reads is missing)"
        case .invalid: "invalid (an answer it reads is refused)"
        }
    }

    /// Semantic versioning within one build: two versions of a form with the same major version must
    /// not differ by a change that breaks submissions (E0318, at the later version's `version:`).
    static func checkVersions(_ forms: [FormSpec], accepted: [String: Set<String>] = [:], diagnostics: DiagnosticEngine) {
        let byID = Dictionary(grouping: forms, by: { $0.id.value })
        for id in byID.keys.sorted() {
            let versions = byID[id]!.sorted { $0.version.value < $1.version.value }
            for (earlier, later) in zip(versions, versions.dropFirst()) where earlier.version.value.major == later.version.value.major {
                requireMajor(from: earlier, to: later, accepted: accepted, diagnostics: diagnostics)
            }
        }
    }

    /// Against a baseline: each form's latest version, if it keeps the major version of the
    /// baseline's latest, must not break submissions made with it.
    static func checkBaseline(_ forms: [FormSpec], baseline: [FormSpec], accepted: [String: Set<String>] = [:], diagnostics: DiagnosticEngine) {
        guard !baseline.isEmpty else { return }
        let released = ProcedureEmitter(forms: baseline, procedures: []).latestForms
        let current = ProcedureEmitter(forms: forms, procedures: []).latestForms
        for id in current.keys.filter({ !ProcedureEmitter.isPinned($0) }).sorted() {
            guard let form = current[id], let before = released[id], before.version.value <= form.version.value else { continue }
            requireMajor(from: before, to: form, accepted: accepted, diagnostics: diagnostics, baseline: true)
        }
    }

    /// What each form version's changelog entry accepts, by `id@version`; a changelog for a form the
    /// specs do not have is E0301.
    static func acceptedChanges(_ changelogs: [Changelog], forms: [FormSpec], diagnostics: DiagnosticEngine) -> [String: Set<String>] {
        let ids = Set(forms.map(\.id.value))
        var accepted: [String: Set<String>] = [:]
        for changelog in changelogs {
            guard ids.contains(changelog.form.value) else {
                let suggestion = Suggest.closest(to: changelog.form.value, among: ids.sorted())
                diagnostics.emit(.unresolvedReference, "changelog of no form: no form named '\(changelog.form.value)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                                 at: changelog.form.location)
                continue
            }
            for entry in changelog.entries {
                accepted["\(changelog.form.value)@\(entry.version.value)", default: []].formUnion(entry.accepts.map(\.value))
            }
        }
        return accepted
    }

    /// E0318 when `later` breaks submissions made with `earlier` and keeps its major version.
    /// `accepted` holds, by `id@version`, the breaking change ids the form's changelog accepts for
    /// that version.
    static func requireMajor(
        from earlier: FormSpec, to later: FormSpec, accepted: [String: Set<String>] = [:], diagnostics: DiagnosticEngine, baseline: Bool = false
    ) {
        let allowed = accepted[CheckedSpecs.key(later)] ?? []
        let breaking = FormDiff.changes(from: earlier, to: later).filter { $0.severity == .error && !allowed.contains($0.id.code) }
        guard !breaking.isEmpty, later.version.value.major == earlier.version.value.major else { return }
        var notes = breaking.prefix(5).map { Diagnostic.Note("\($0.message) [\($0.id.code)]", at: $0.location) }
        if breaking.count > 5 { notes.append(.init("and \(breaking.count - 5) more (formc diff lists them)")) }
        let next = "\(earlier.version.value.major + 1).0.0"
        diagnostics.emit(
            .breakingWithoutMajor,
            "form '\(later.id.value)' \(later.version.value) breaks submissions made with \(earlier.version.value)\(baseline ? " (the baseline)" : "") but keeps major version \(later.version.value.major); make it \(next), undo the breaking changes, or accept them in the form's changelog",
            at: later.version.location, notes: notes)
    }
}
