/// What a service offers citizens online, capability by capability. Service levels (NĐ 43/2011) and
/// classes (NĐ 42/2022) are both expressed as lists of these, by a `ServiceProfile`; each capability
/// is provided by plugins. The compiler core knows capabilities and plugins, never levels.
public enum Capability: String, Sendable, CaseIterable {
    /// Full information about the procedure (level 1).
    case information
    /// Printable form templates (level 2).
    case templates
    /// Forms filled and submitted online (level 3).
    case online_submission
    /// Fees paid online and results delivered online or by post (level 4).
    case online_payment
    /// Everything online, no step in person (NĐ 42/2022 toàn trình).
    case fully_online
}

/// Something a procedure's spec lacks for a capability, with where it shows.
public struct UnmetRequirement: Sendable {
    public var message: String
    public var location: SourceLocation?

    public init(_ message: String, at location: SourceLocation? = nil) {
        self.message = message
        self.location = location
    }
}

/// What plugins see besides the procedure: the checked forms it uses and the project's catalogue.
public struct PluginContext: Sendable {
    /// The highest version of each form, by id.
    public var forms: [String: FormSpec]
    public var catalogue: AdministrativeUnitCatalogue?
    /// The service class the profile gives the procedure, when the profile has classes.
    public var serviceClass: ServiceClass?
    /// The capabilities the procedure provides in this build.
    public var capabilities: [Capability]
    /// The id of the service profile in force.
    public var profile: String = ""
    /// Paper templates and printouts carry the English glosses (the project's `paper: { english: true }`).
    public var paperEnglish = false
    /// What changed in a form version since the one before it, by `id@version`, from the form's
    /// changelog (its first version is left out: there is nothing it changed). The information page
    /// tells citizens, beside the form, so a template printed before is not used by mistake.
    public var formChanges: [String: Changelog.Entry] = [:]
    /// The data sources, by id: what replaces a document (`replaced_by:`) is described from them.
    public var sources: [String: DataSource] = [:]
    /// The combined procedures (liên thông) the procedure is a member of: their ids and names.
    public var bundles: [(id: String, name: LocalizedText)] = []
    /// What several plugins use, made once per procedure by the Emit stage (nil when a plugin runs
    /// outside it): the procedure's fee rules (`fees.json`) and fee module (`fees.mjs`).
    public var shared = SharedEmission()

    /// The procedure's fee rules: made once by the Emit stage, or here.
    func feeRules(for p: ProcedureSpec) -> JSONValue {
        shared.feeRules ?? FeeEmitter(procedureEmitter: ProcedureEmitter(latest: forms), catalogue: catalogue).emit(p)
    }

    /// The procedure's fee module: made once by the Emit stage, or here.
    func feeModule(for p: ProcedureSpec) -> [UInt8] {
        shared.feeModule ?? FeeModuleEmitter().emit(procedure: p, rules: feeRules(for: p))
    }
}

/// Artifacts' bytes that more than one plugin needs (see `PluginContext.shared`).
public struct SharedEmission: Sendable {
    public var feeRules: JSONValue?
    public var feeModule: [UInt8]?
    /// A file this build has already delivered, by its path in the output (nil when the deliverer
    /// cannot read back, or the file is not there): a page bundles its form's `validate.mjs` and
    /// `logic.mjs`, which the form stage wrote before any procedure, and reading them back is
    /// cheaper than making them again.
    public var deliveredFile: ReadBack?

    /// Reads a file the build delivered, by its path in the output; nil when it is not there.
    public typealias ReadBack = @Sendable (String) -> [UInt8]?

    public init() {}
}

/// A provider of one capability: it says what a procedure's spec must have for it, and emits the
/// artifacts it brings. Built-in plugins live one per file in this folder; external plugins (see
/// `ExternalPlugin`) implement the same interface by talking to a program.
public protocol ServiceLevelPlugin: Sendable {
    /// A stable name, used in messages and as the folder of the artifacts of external plugins.
    var name: String { get }
    var capability: Capability { get }
    /// What the spec lacks for this capability (empty when it has everything).
    func requirements(of procedure: ProcedureSpec, in context: PluginContext) -> [UnmetRequirement]
    /// The artifacts this capability brings, for a procedure that meets its requirements.
    func artifacts(for procedure: ProcedureSpec, in context: PluginContext, diagnostics: DiagnosticEngine) -> [Artifact]
}
