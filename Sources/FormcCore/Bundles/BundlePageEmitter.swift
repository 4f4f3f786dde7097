/// Emits the page a citizen fills a combined declaration on (`bundles/<id>/form.html`, `form.js`,
/// `form.css`): the form page every document gets, for the combined form, with the bundle's fee —
/// its module, the split module and each member's fee module bundled in — shown as the answers go.
struct BundlePageEmitter {
    let declaration: CombinedDeclaration
    let forms: [String: FormSpec]
    let catalogue: AdministrativeUnitCatalogue?

    /// `split` and `fees` are the bundle's split and fee modules (`fees` nil when a member states no
    /// fees); `delivered` reads back what the build wrote (the combined form's modules).
    func emit(split: [UInt8], fees: [UInt8]?, delivered: SharedEmission.ReadBack? = nil) -> [Artifact] {
        let base = "bundles/\(declaration.bundle.id.value)"
        let form = declaration.form
        var page = FormPageEmitter(procedure: procedure, documentID: Self.document, form: form, catalogue: catalogue)
        page.bundle = declaration.bundle.id.value
        page.showsCode = declaration.bundle.code != nil
        var dependencies: [(constant: String, module: [UInt8], exports: [String])] = [("SPLIT", split, ["split"])]
        var imports = ["splitAnswers": "SPLIT.split"]
        for (index, member) in declaration.members.enumerated() where fees != nil {
            let rules = FeeEmitter(procedureEmitter: ProcedureEmitter(latest: forms), catalogue: catalogue).emit(member.procedure)
            dependencies.append(("FEES_\(index)", FeeModuleEmitter().emit(procedure: member.procedure, rules: rules), ["computeFees"]))
            imports["fees\(index)"] = "FEES_\(index).computeFees"
        }
        // The combined declaration is a form of the build: the form stage wrote its modules.
        let modules = FormModules.forPage(form, catalogue: catalogue, delivered: delivered)
        let script = page.script(
            validator: modules.validator, logic: modules.logic, fees: fees, feeDependencies: fees == nil ? [] : dependencies, feeImports: imports)
        return [
            Artifact(path: base + "/form.html", bytes: page.html(), kind: .formPage, form: form.id.value),
            Artifact(path: base + "/form.js", bytes: script, kind: .formPageScript, form: form.id.value),
            Artifact(path: base + "/form.css", bytes: FormPageEmitter.stylesheet, kind: .formPageStyle, form: form.id.value),
        ]
    }

    /// The document id the combined declaration has on its page.
    static let document = "to_khai"

    /// The combined procedure as the page sees a procedure: its name, one case whose one document is
    /// the combined declaration, the online channel, and the members' fees and applicant categories
    /// (for the fee questions the page asks).
    var procedure: ProcedureSpec {
        var p = declaration.members[0].procedure
        p.code = Located(declaration.bundle.code ?? declaration.bundle.id.value, at: declaration.bundle.id.location)
        p.name = declaration.bundle.name
        let document = RequiredDocument(
            id: Located(Self.document, at: declaration.bundle.id.location), name: declaration.bundle.name,
            form: Located(declaration.form.id.value, at: declaration.bundle.id.location), originals: 1, copies: 0, copyType: nil,
            submission: .submit, upload: nil, required: true, condition: nil, replacedBy: nil)
        p.cases = [ProcedureCase(id: Located("lien_thong", at: declaration.bundle.id.location), title: declaration.bundle.name, documents: [document])]
        p.channels = p.channels.filter { $0.kind == .truc_tuyen }
        p.fees = declaration.members.flatMap(\.procedure.fees)
        var seen = Set<String>()
        p.applicantCategories = declaration.members.flatMap(\.procedure.applicantCategories).filter { seen.insert($0.value).inserted }
        p.feeExamples = []
        return p
    }
}
