/// What identifies the rules a submission is judged by: the form's id, its version, and a content
/// hash — SHA-256 of its JSON Schema 2020-12, which carries every rule (the ones JSON Schema cannot
/// state as `x-formc-*` annotations) — so two builds that judge alike have the same hash and any
/// change to a rule changes it. Every generated module exports all three.
enum FormIdentity {
    static func hash(schema: [UInt8]) -> String { "sha256:" + SHA256.hex(schema) }

    static func hash(_ form: FormSpec, catalogue: AdministrativeUnitCatalogue?) -> String {
        hash(schema: JSONCodec.encode(SchemaEmitter(dialect: .draft2020_12, catalogue: catalogue).emit(form)))
    }
}

/// The modules a form's pages bundle: its `validate.mjs` and `logic.mjs` as the form stage wrote them.
enum FormModules {
    /// Read back from what the build delivered when it can (the form stage writes every form's
    /// modules before any procedure is emitted), else made again: the same bytes either way.
    static func forPage(_ form: FormSpec, catalogue: AdministrativeUnitCatalogue?, delivered: SharedEmission.ReadBack?) -> (validator: [UInt8], logic: [UInt8]) {
        let directory = ArtifactPaths.formDirectory(form)
        if let delivered, let validator = delivered("\(directory)/validate.mjs"), let logic = delivered("\(directory)/logic.mjs") {
            return (validator, logic)
        }
        let hash = FormIdentity.hash(form, catalogue: catalogue)
        return (ValidatorEmitter(catalogue: catalogue).emit(form, hash: hash), LogicModuleEmitter().emit(form, hash: hash))
    }
}
