/// Level 2 — downloadable templates: a printable template for every form the procedure uses.
public struct TemplatesPlugin: ServiceLevelPlugin {
    public let name = "templates"
    public let capability = Capability.templates

    public init() {}

    /// The forms of a procedure's documents, once each, in document order.
    static func forms(of p: ProcedureSpec, in context: PluginContext) -> [FormSpec] {
        var seen = Set<String>()
        return p.cases.flatMap(\.documents).compactMap { $0.form?.value }.filter { seen.insert($0).inserted }.compactMap { context.forms[$0] }
    }

    public func requirements(of p: ProcedureSpec, in context: PluginContext) -> [UnmetRequirement] {
        var unmet: [UnmetRequirement] = []
        for document in p.cases.flatMap(\.documents) {
            if let form = document.form, context.forms[form.value] == nil {
                unmet.append(.init("document '\(document.id.value)' is filled by form '\(form.value)', which is not in the build", at: form.location))
            }
        }
        if p.cases.flatMap(\.documents).allSatisfy({ $0.form == nil }) {
            unmet.append(.init("no document is filled by a form, so there is no template to download"))
        }
        return unmet
    }

    public func artifacts(for p: ProcedureSpec, in context: PluginContext, diagnostics: DiagnosticEngine) -> [Artifact] {
        Self.forms(of: p, in: context).map { form in
            Artifact(
                path: "procedures/\(p.code.value)/templates/\(form.id.value).html", bytes: TemplateEmitter().emit(form),
                kind: .formTemplate, form: form.id.value, procedure: p.code.value)
        }
    }
}
