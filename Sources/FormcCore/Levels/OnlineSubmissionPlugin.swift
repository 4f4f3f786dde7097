/// Level 3 — online submission: typed forms (their schemas and validators are built for every form)
/// and upload rules for every document handed in without a form; emits the submission manifest.
public struct OnlineSubmissionPlugin: ServiceLevelPlugin {
    public let name = "online-submission"
    public let capability = Capability.online_submission

    public init() {}

    public func requirements(of p: ProcedureSpec, in context: PluginContext) -> [UnmetRequirement] {
        var unmet: [UnmetRequirement] = []
        if !p.channels.contains(where: { $0.kind == .truc_tuyen }) {
            unmet.append(.init("the procedure offers no online channel (truc_tuyen)"))
        }
        for document in p.cases.flatMap(\.documents) where document.submission == .submit && document.form == nil {
            if document.upload == nil {
                unmet.append(.init("document '\(document.id.value)' is handed in without a form but declares no upload rules (accepted types, maximum size)", at: document.id.location))
            }
        }
        return unmet
    }

    public func artifacts(for p: ProcedureSpec, in context: PluginContext, diagnostics: DiagnosticEngine) -> [Artifact] {
        var o = JSONObjectBuilder()
        o.set("procedure", p.code.value)
        o.set("channels", JSONValue.array(p.channels.map { .string($0.kind.rawValue) }))
        o.set("cases", JSONValue.array(p.cases.map { c in
            .object([
                ("id", .string(c.id.value)), ("title", c.title.json),
                ("documents", .array(c.documents.map { d in
                    var j = JSONObjectBuilder()
                    j.set("id", d.id.value)
                    j.set("name", (d.name ?? d.form.flatMap { context.forms[$0.value]?.title })?.json)
                    j.set("submission", d.submission == .present_only ? "present_in_person" : "submit")
                    j.set("required", d.required)
                    j.set("condition", d.condition?.json)
                    // Not to be asked for when the portal can retrieve the data (docs/data-reuse.md).
                    j.set("replaced_by", d.replacedBy.flatMap { context.sources[$0.value]?.replacement })
                    if let id = d.form?.value, let form = context.forms[id] {
                        let directory = ArtifactPaths.formDirectory(form)
                        j.set("form", JSONValue.object([
                            ("id", .string(form.id.value)), ("version", .string(form.version.value.description)),
                            ("schema", .string("\(directory)/schema.json")), ("validator", .string("\(directory)/validate.mjs")),
                            ("types", .string("\(directory)/validate.d.ts")), ("logic", .string("\(directory)/logic.mjs")),
                            ("ui", .string("\(directory)/ui.json")),
                        ]))
                    }
                    if let upload = d.upload {
                        j.set("upload", JSONValue.object([("accept", .array(upload.accept.map(JSONValue.string))), ("max_size", .integer(upload.maxSize))]))
                    }
                    return j.value
                })),
            ])
        }))
        var artifacts = [Artifact(path: "procedures/\(p.code.value)/submission.json", bytes: JSONCodec.encode(o.value), kind: .submissionManifest, procedure: p.code.value)]
        // A page per document filled with a form: the citizen fills and submits it online.
        let fees = p.fees.isEmpty ? nil : context.feeModule(for: p)
        var seen = Set<String>()
        for document in p.cases.flatMap(\.documents) {
            guard let id = document.form?.value, let form = context.forms[id], seen.insert(document.id.value).inserted else { continue }
            var page = FormPageEmitter(procedure: p, documentID: document.id.value, form: form, catalogue: context.catalogue)
            if context.capabilities.contains(.templates) { page.printout = "../../templates/\(TemplatesPlugin.templateName(form, of: p, in: context)).printout.js" }
            let directory = "procedures/\(p.code.value)/forms/\(document.id.value)"
            // The form's modules, read back from the build (the Emit stage does not keep every form's:
            // memory would grow with the output) or made again.
            let modules = FormModules.forPage(form, catalogue: context.catalogue, delivered: context.shared.deliveredFile)
            let script = page.script(validator: modules.validator, logic: modules.logic, fees: fees)
            artifacts += [
                Artifact(path: "\(directory)/form.html", bytes: page.html(), kind: .formPage, procedure: p.code.value),
                Artifact(path: "\(directory)/form.js", bytes: script, kind: .formPageScript, procedure: p.code.value),
                Artifact(path: "\(directory)/form.css", bytes: FormPageEmitter.stylesheet, kind: .formPageStyle, procedure: p.code.value),
            ]
        }
        return artifacts
    }
}
