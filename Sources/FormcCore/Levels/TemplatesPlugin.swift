/// Level 2 — downloadable templates: a printable template for every form the procedure uses.
public struct TemplatesPlugin: ServiceLevelPlugin {
    public let name = "templates"
    public let capability = Capability.templates

    public init() {}

    /// The forms of a procedure's documents, once each, in document order.
    static func forms(of p: ProcedureSpec, in context: PluginContext) -> [FormSpec] {
        var seen = Set<String>()
        return p.cases.flatMap(\.documents).compactMap { $0.form.flatMap { context.forms[$0.value] } }.filter { seen.insert(key($0)).inserted }
    }

    /// A template's file name (no extension) under `templates/`: the form id, or, where the procedure
    /// uses two versions of one form (documents pinned to two majors), the id and the version.
    static func templateName(_ form: FormSpec, of p: ProcedureSpec, in context: PluginContext) -> String {
        let versions = Set(forms(of: p, in: context).filter { $0.id.value == form.id.value }.map(\.version.value))
        return versions.count > 1 ? "\(form.id.value)-\(form.version.value)" : form.id.value
    }

    /// The key of a form version in the tables of templates: `id@version`.
    static func key(_ form: FormSpec) -> String { "\(form.id.value)@\(form.version.value)" }

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
            var paper = PaperEmitter(form: form, procedure: p, english: context.paperEnglish, catalogue: context.catalogue)
            paper.sources = context.sources
            let base = "procedures/\(p.code.value)/templates/\(Self.templateName(form, of: p, in: context))"
            let module = paper.printoutModule()
            return [
                Artifact(path: base + ".html", bytes: paper.template(), kind: .formTemplate, form: form.id.value, procedure: p.code.value),
                Artifact(path: base + ".printout.mjs", bytes: module, kind: .formPrintout, form: form.id.value, procedure: p.code.value),
                Artifact(path: base + ".printout.js", bytes: PaperEmitter.classicScript(module), kind: .formPrintoutScript, form: form.id.value, procedure: p.code.value),
            ]
        }
    }
}
