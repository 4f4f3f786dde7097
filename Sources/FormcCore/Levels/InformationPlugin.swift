/// Level 1 — information: the full procedure record, as `procedure.json` and an information page.
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
            for form in TemplatesPlugin.forms(of: p, in: context) { templates[form.id.value] = "templates/\(form.id.value).html" }
        }
        return [
            Artifact(
                path: "\(directory)/procedure.json", bytes: JSONCodec.encode(ProcedureEmitter(forms: Array(context.forms.values)).emit(p, context: context)),
                kind: .procedureRecord, procedure: p.code.value),
            Artifact(
                path: "\(directory)/information.html", bytes: InformationPageEmitter(templates: templates, forms: context.forms).emit(p),
                kind: .informationPage, procedure: p.code.value),
        ]
    }
}
