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
