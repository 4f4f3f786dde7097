/// One output file, in memory until the Write stage puts the whole build on disk at once.
public struct Artifact: Sendable {
    /// What the artifact is, as listed in `manifest.json`.
    public enum Kind: String, Sendable {
        case jsonSchema = "json-schema"
        case jsonSchemaDraft07 = "json-schema-draft-07"
        case conformanceVectors = "conformance-vectors"
        case validator = "validator"
        case validatorTypes = "validator-types"
        case logicModule = "logic-module"
        case logicModuleTypes = "logic-module-types"
        case uiSchema = "ui-schema"
        case formPage = "form-page"
        case formPageScript = "form-page-script"
        case formPageStyle = "form-page-style"
        case procedureRecord = "procedure-record"
        case feeRules = "fee-rules"
        case feeModule = "fee-module"
        case feeModuleTypes = "fee-module-types"
        case informationPage = "information-page"
        case formTemplate = "form-template"
        case formPrintout = "form-printout"
        case formPrintoutScript = "form-printout-script"
        case submissionManifest = "submission-manifest"
        case paymentManifest = "payment-manifest"
        case deliveryOptions = "delivery-options"
        case pluginArtifact = "plugin-artifact"
        case administrativeUnits = "administrative-units"
        case changelog
        case splitMap = "split-map"
        case splitModule = "split-module"
        case manifest
    }

    /// Path inside the output folder, with `/` separators.
    public var path: String
    public var bytes: [UInt8]
    public var kind: Kind
    public var form: String?
    public var procedure: String?

    public init(path: String, bytes: [UInt8], kind: Kind, form: String? = nil, procedure: String? = nil) {
        self.path = path
        self.bytes = bytes
        self.kind = kind
        self.form = form
        self.procedure = procedure
    }
}

/// Where each artifact goes. Only checked ids (lower-case ASCII, digits, `-`, `_`, `.`) reach these
/// paths, and the writer refuses any path that could leave the output folder all the same.
enum ArtifactPaths {
    static func formDirectory(_ form: FormSpec) -> String { "forms/\(form.id.value)/\(form.version.value)" }
    static func procedureDirectory(_ procedure: ProcedureSpec) -> String { "procedures/\(procedure.code.value)" }
}

extension LocalizedText {
    /// `{ "vi": …, "en": … }`, the English only when given.
    var json: JSONValue {
        var object = JSONObjectBuilder()
        object.set("vi", vi)
        object.set("en", en)
        return object.value
    }
}
