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

    /// For each form: the blank template to print, and the module that prints it filled from a
    /// submission (`.printout.mjs`, and the same as a classic script for pages opened from disk).
    public func artifacts(for p: ProcedureSpec, in context: PluginContext, diagnostics: DiagnosticEngine) -> [Artifact] {
        Self.forms(of: p, in: context).flatMap { form -> [Artifact] in
            let paper = PaperEmitter(form: form, procedure: p, english: context.paperEnglish, catalogue: context.catalogue)
            let base = "procedures/\(p.code.value)/templates/\(form.id.value)"
            let module = paper.printoutModule()
            return [
                Artifact(path: base + ".html", bytes: paper.template(), kind: .formTemplate, form: form.id.value, procedure: p.code.value),
                Artifact(path: base + ".printout.mjs", bytes: module, kind: .formPrintout, form: form.id.value, procedure: p.code.value),
                Artifact(path: base + ".printout.js", bytes: PaperEmitter.classicScript(module), kind: .formPrintoutScript, form: form.id.value, procedure: p.code.value),
            ]
        }
    }
}
