/// Level 1 — information: the full procedure record, as `procedure.json` and an information page, and
/// the fee rules (`fees.json`, `fees.mjs`, `fees.d.mts`) of a procedure with fees: whatever the level,
/// a portal tells the citizen what to pay, online or at the counter.
public struct InformationPlugin: ServiceLevelPlugin {
    public let name = "information"
    public let capability = Capability.information

    public init() {}

    public func requirements(of p: ProcedureSpec, in context: PluginContext) -> [UnmetRequirement] {
        var unmet: [UnmetRequirement] = []
        if p.steps.isEmpty { unmet.append(.init("the steps (trình tự thực hiện) are empty")) }
        if p.applicants.isEmpty { unmet.append(.init("the applicants (đối tượng thực hiện) are empty")) }
        if p.results.isEmpty { unmet.append(.init("the results (kết quả) are empty")) }
        if p.legalBasis.isEmpty { unmet.append(.init("the legal basis (căn cứ pháp lý) is empty")) }
        if p.cases.allSatisfy({ $0.documents.isEmpty }) { unmet.append(.init("no case lists its documents (thành phần hồ sơ)")) }
        if p.fees.isEmpty { unmet.append(.init("the fees (phí, lệ phí) are not stated; a free procedure lists its fee with amount 0")) }
        return unmet
    }

    public func artifacts(for p: ProcedureSpec, in context: PluginContext, diagnostics: DiagnosticEngine) -> [Artifact] {
        let directory = "procedures/\(p.code.value)"
        // The page links the templates when level 2 is part of the build.
        var templates: [String: String] = [:]
        if context.capabilities.contains(.templates) {
            for form in TemplatesPlugin.forms(of: p, in: context) {
                templates[TemplatesPlugin.key(form)] = "templates/\(TemplatesPlugin.templateName(form, of: p, in: context)).html"
            }
        }
        // And its form pages, when the citizen can submit online in this build.
        var page = InformationPageEmitter(templates: templates, forms: context.forms, formChanges: context.formChanges, sources: context.sources)
        page.bundles = context.bundles.map { ($0.name, "../../bundles/\($0.id)/form.html") }
        if context.capabilities.contains(.online_submission) {
            for document in p.cases.flatMap(\.documents) {
                if let id = document.form?.value, context.forms[id] != nil { page.formPages[document.id.value] = "forms/\(document.id.value)/form.html" }
            }
        }
        var procedureEmitter = ProcedureEmitter(latest: context.forms)
        procedureEmitter.sources = context.sources
        var artifacts = [
            Artifact(
                path: "\(directory)/procedure.json", bytes: JSONCodec.encode(procedureEmitter.emit(p, context: context)),
                kind: .procedureRecord, procedure: p.code.value),
            Artifact(
                path: "\(directory)/information.html", bytes: page.emit(p),
                kind: .informationPage, procedure: p.code.value),
        ]
        if !p.fees.isEmpty {
            let rules = context.feeRules(for: p)
            artifacts += [
                Artifact(path: "\(directory)/fees.json", bytes: JSONCodec.encode(rules), kind: .feeRules, procedure: p.code.value),
                Artifact(path: "\(directory)/fees.mjs", bytes: context.feeModule(for: p), kind: .feeModule, procedure: p.code.value),
                Artifact(path: "\(directory)/fees.d.mts", bytes: FeeModuleEmitter().declarations(procedure: p, rules: rules), kind: .feeModuleTypes, procedure: p.code.value),
            ]
        }
        return artifacts
    }
}
