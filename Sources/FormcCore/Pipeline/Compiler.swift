internal import Foundation

/// Settings of one compilation.
public struct CompileOptions: Sendable {
    public var limits = SourceLimits()
    /// What "today" means for spec examples that do not set their own date.
    public var today: CalendarDate
    /// The service profile (`nd43_2011`, `nd42_2022`), over the project file's choice.
    public var serviceProfile: String?
    /// Whether the specs are the whole project. A part of one (the build-tool plugin compiles one
    /// form with its shared files) cannot tell what is unused, so it gets no "used by no …" warnings.
    public var isWholeProject = true
    /// The forms of a baseline (the specs as released: `--baseline`): a form that keeps the major
    /// version of its baseline must not break submissions made with it (E0318).
    public var baseline: [FormSpec] = []

    public init(today: CalendarDate) {
        self.today = today
    }

    /// Today's date where `timeZone` is (UTC by default; `Asia/Ho_Chi_Minh` for what a citizen's
    /// "today" is).
    public static func currentDate(timeZone: String = "UTC") -> CalendarDate {
        var components = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC")!, from: Date())
        components.calendar = nil
        let text = String(format: "%04d-%02d-%02d", components.year ?? 1970, components.month ?? 1, components.day ?? 1)
        return CalendarDate(text) ?? CalendarDate("1970-01-01")!
    }
}

/// What one compilation produced: the diagnostics, the source text they point into, and, when no
/// error was found, the artifacts (nothing is written here).
public struct CompileResult {
    public var diagnostics: DiagnosticEngine
    public var sources: [String: SourceFile]
    public var checked: CheckedSpecs?
    /// Nil when any error was reported: a build with errors produces nothing.
    public var artifacts: [Artifact]?

    public init(diagnostics: DiagnosticEngine, sources: [String: SourceFile], checked: CheckedSpecs?, artifacts: [Artifact]?) {
        self.diagnostics = diagnostics
        self.sources = sources
        self.checked = checked
        self.artifacts = artifacts
    }

    /// The specs as the manifest records them: each path and the hash of its bytes.
    public var specInputs: [ManifestEmitter.SpecInput] {
        sources.values.sorted { $0.path < $1.path }.map(ManifestEmitter.SpecInput.init)
    }
}

/// A problem with the command's inputs rather than the specs (exit status 2).
public struct InputError: Error, CustomStringConvertible {
    public var description: String
}

/// The pipeline: Source → Decode → Check → Emit. Each stage is a separate type in its own folder;
/// this wires them and owns nothing else.
public enum Compiler {
    /// Expands files and directories into the spec files under them (`*.yaml`, `*.yml`), sorted, so
    /// that the order of arguments never changes the result.
    public static func discoverSpecFiles(_ paths: [String]) throws(InputError) -> [String] {
        var files = Set<String>()
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw InputError(description: "no such file or directory: \(path)")
            }
            if !isDirectory.boolValue {
                files.insert(normalise(path))
                continue
            }
            guard let enumerator = manager.enumerator(atPath: path) else {
                throw InputError(description: "cannot list directory: \(path)")
            }
            for case let relative as String in enumerator where relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") {
                // Hidden folders (.git, editors' backups) are not specs.
                if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
                files.insert(normalise(path.hasSuffix("/") ? path + relative : path + "/" + relative))
            }
        }
        return files.sorted()
    }

    private static func normalise(_ path: String) -> String {
        var p = path
        while p.hasPrefix("./") { p.removeFirst(2) }
        return p.replacingOccurrences(of: "//", with: "/")
    }

    /// Reads the files at `paths` and compiles them.
    public static func compile(files paths: [String], options: CompileOptions) -> CompileResult {
        let (sources, diagnostics) = read(paths)
        return compile(sources: sources, options: options, diagnostics: diagnostics) { path in
            FileManager.default.contents(atPath: path).map { [UInt8]($0) }
        }
    }

    /// Reads the files at `paths` and checks them: every diagnostic `compile` would give, no artifacts.
    public static func check(files paths: [String], options: CompileOptions) -> CompileResult {
        let (sources, diagnostics) = read(paths)
        return check(sources: sources, options: options, diagnostics: diagnostics) { path in
            FileManager.default.contents(atPath: path).map { [UInt8]($0) }
        }
    }

    private static func read(_ paths: [String]) -> ([SourceFile], DiagnosticEngine) {
        let diagnostics = DiagnosticEngine()
        var sources: [SourceFile] = []
        for path in paths.sorted() {
            guard let data = FileManager.default.contents(atPath: path) else {
                diagnostics.emit(.cannotReadFile, "cannot read spec file", at: .file(path))
                continue
            }
            sources.append(SourceFile(path: path, bytes: [UInt8](data)))
        }
        return (sources, diagnostics)
    }

    /// Compiles in-memory sources; `readFile` serves the files specs refer to (the catalogue).
    public static func compile(
        sources: [SourceFile], options: CompileOptions, diagnostics: DiagnosticEngine = DiagnosticEngine(),
        readFile: @escaping (String) -> [UInt8]?
    ) -> CompileResult {
        var result = check(sources: sources, options: options, diagnostics: diagnostics, readFile: readFile)
        guard !diagnostics.hasErrors, let checked = result.checked else { return result }
        result.artifacts = Emitter.emit(checked, specInputs: sources)
        return result
    }

    /// The Emit stage for a checked result without errors, batch by batch (see `Emitter.stream`):
    /// what `formc build` writes as it goes. `delivered` reads back a file already delivered, by
    /// its path in the output, when the deliverer can. `specInputs`, the specs as the manifest
    /// records them, are `result.specInputs` unless given: a caller that has reported the
    /// diagnostics can take them and drop the specs' text before emitting.
    public static func emit(
        _ result: CompileResult, specInputs: [ManifestEmitter.SpecInput]? = nil, delivered: SharedEmission.ReadBack? = nil,
        deliver: ([Artifact]) throws -> Void
    ) rethrows {
        guard let checked = result.checked, !result.diagnostics.hasErrors else { return }
        try Emitter.stream(checked, specInputs: specInputs ?? result.specInputs, delivered: delivered, deliver: deliver)
    }

    /// Source, Decode and Check only: the diagnostics and the checked specs, no artifacts.
    public static func check(
        sources unsorted: [SourceFile], options: CompileOptions, diagnostics: DiagnosticEngine = DiagnosticEngine(),
        readFile: @escaping (String) -> [UInt8]?
    ) -> CompileResult {
        let sources = unsorted.sorted { $0.path < $1.path }
        var specs = SpecSet()
        // Files decode independently: on all cores, merged in path order.
        let limits = options.limits
        for file in Parallel.map(sources, { decode($0, limits: limits) }) {
            file.diagnostics.forEach(diagnostics.emit)
            specs.append(file.specs)
        }
        var checker = Checker(diagnostics: diagnostics, today: options.today, serviceProfile: options.serviceProfile, readFile: readFile)
        checker.reportsUnusedDefinitions = options.isWholeProject
        checker.baseline = options.baseline
        let checked = checker.check(specs)
        let byPath = Dictionary(sources.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        diagnostics.dropAllowedWarnings(sources: byPath)
        return CompileResult(diagnostics: diagnostics, sources: byPath, checked: checked, artifacts: nil)
    }
}

/// The Emit stage: every backend's artifacts for the checked specs, plus the manifest. Forms, then
/// procedures, are emitted on all cores — each is independent of the others — and their artifacts
/// are put back in the specs' order, so the output is the same whatever the scheduling.
enum Emitter {
    static func emit(_ specs: CheckedSpecs, specInputs: [SourceFile]) -> [Artifact] {
        var artifacts: [Artifact] = []
        stream(specs, specInputs: specInputs.map(ManifestEmitter.SpecInput.init)) { artifacts += $0 }
        return artifacts
    }

    /// The build in batches of forms and procedures, each batch emitted and hashed on all cores and
    /// handed to `deliver` in the specs' order while the next batch is being emitted, so a build is
    /// never held whole in memory (`formc build` writes each batch into the staging folder, and the
    /// cores are not idle while it does); the manifest comes last, made from the hashes of what was
    /// delivered.
    static func stream(
        _ specs: CheckedSpecs, specInputs: [ManifestEmitter.SpecInput], batch: Int = 32, delivered: SharedEmission.ReadBack? = nil,
        deliver: ([Artifact]) throws -> Void
    ) rethrows {
        var records: [ManifestEmitter.Record] = []
        func hand(_ emitted: [Emitted]) throws {
            for unit in emitted {
                records += unit.records
                try deliver(unit.artifacts)
            }
        }
        let forms = specs.forms.sorted { ($0.id.value, $0.version.value) < ($1.id.value, $1.version.value) }
        try Parallel.batches(forms, of: batch, { hashed(formArtifacts($0, specs)) }, hand: hand)
        // Each form's changelog, with the changes between the versions in the build.
        let changelogs = specs.changelogs.filter { log in specs.forms.contains { $0.id.value == log.form.value } }
        if !changelogs.isEmpty {
            try hand([hashed(changelogs.sorted { $0.form.value < $1.form.value }.map { ChangelogEmitter().emit($0, forms: specs.forms) })])
        }
        // Combined procedures: the map that splits a combined submission into the members', their
        // fee module and page. In batches too: a national catalogue has hundreds of them, and each
        // page bundles its members' modules.
        if !specs.bundles.isEmpty {
            let forms = ProcedureEmitter(forms: specs.forms, procedures: specs.procedures).latestForms
            let bundles = specs.bundles.sorted { $0.bundle.id.value < $1.bundle.id.value }
            try Parallel.batches(bundles, of: batch, { declaration in
                let split = SplitEmitter().emit(declaration)
                let fees = BundleFeeEmitter(fees: BundleFees(declaration: declaration, forms: forms, catalogue: specs.catalogue)).emit()
                // The page a citizen fills the combined declaration on.
                let page = BundlePageEmitter(declaration: declaration, forms: forms, catalogue: specs.catalogue)
                    .emit(split: split.first { $0.kind == .splitModule }!.bytes, fees: fees.first { $0.kind == .feeModule }?.bytes, delivered: delivered)
                return hashed(split + fees + page)
            }, hand: hand)
        }
        // The administrative units address fields refer to, with names, for pickers.
        if let catalogue = specs.catalogue {
            try hand([hashed([Artifact(
                path: "administrative-units.json", bytes: JSONCodec.encode(AdministrativeUnitsEmitter().emit(catalogue)), kind: .administrativeUnits)])])
        }
        // Procedures: every artifact comes from the plugins of the capabilities the procedure
        // provides. They start once every form's artifacts are delivered (`Parallel.batches`
        // returns only then): their pages read the forms' modules back from the staging folder.
        let procedures = specs.procedures.sorted { $0.code.value < $1.code.value }
        try Parallel.batches(procedures, of: batch, { hashed(procedureArtifacts($0, specs, delivered: delivered)) }, hand: hand)
        let root = projectRoot(specs, inputs: specInputs.map(\.path))
        var inputs = specInputs + [specs.catalogueSource].compactMap { $0 }.map(ManifestEmitter.SpecInput.init)
        for index in inputs.indices { inputs[index].path = relative(inputs[index].path, to: root) }
        try deliver([ManifestEmitter().emit(records: records, specs: inputs)])
    }

    /// One unit's artifacts with their manifest records: hashed where they are made (on all cores),
    /// not where they are delivered.
    private struct Emitted: Sendable {
        var artifacts: [Artifact]
        var records: [ManifestEmitter.Record]
    }

    private static func hashed(_ artifacts: [Artifact]) -> Emitted {
        Emitted(artifacts: artifacts, records: artifacts.map(ManifestEmitter.Record.init))
    }

    /// One procedure's artifacts, from the plugins of the capabilities it provides.
    private static func procedureArtifacts(_ procedure: ProcedureSpec, _ specs: CheckedSpecs, delivered: SharedEmission.ReadBack?) -> [Artifact] {
        guard let plan = specs.services[procedure.code.value] else { return [] }
        var context = plan.context
        context.shared.deliveredFile = delivered
        if !procedure.fees.isEmpty {
            // Made once here, used by the information, submission and payment plugins.
            context.shared.feeRules = context.feeRules(for: procedure)
            context.shared.feeModule = context.feeModule(for: procedure)
        }
        let diagnostics = DiagnosticEngine()
        var out: [Artifact] = []
        for capability in plan.capabilities {
            for plugin in specs.plugins where plugin.capability == capability {
                out += plugin.artifacts(for: procedure, in: context, diagnostics: diagnostics)
            }
        }
        return out
    }

    /// One form's artifacts.
    private static func formArtifacts(_ form: FormSpec, _ specs: CheckedSpecs) -> [Artifact] {
        let directory = ArtifactPaths.formDirectory(form)
        let owner = form.id.value
        let schema = JSONCodec.encode(SchemaEmitter(dialect: .draft2020_12, catalogue: specs.catalogue).emit(form))
        let hash = FormIdentity.hash(schema: schema)
        let validator = ValidatorEmitter(catalogue: specs.catalogue).emit(form, hash: hash)
        let logic = LogicModuleEmitter().emit(form, hash: hash)
        var artifacts: [Artifact] = []
        artifacts.append(Artifact(path: "\(directory)/schema.json", bytes: schema, kind: .jsonSchema, form: owner))
        artifacts.append(Artifact(
            path: "\(directory)/schema.draft-07.json", bytes: JSONCodec.encode(SchemaEmitter(dialect: .draft07, catalogue: specs.catalogue).emit(form)),
            kind: .jsonSchemaDraft07, form: owner))
        artifacts.append(Artifact(
            path: "\(directory)/vectors.json", bytes: JSONCodec.encode(VectorEmitter(outcomes: specs.exampleOutcomes[CheckedSpecs.key(form)] ?? [], today: specs.today, catalogue: specs.catalogue).emit(form)),
            kind: .conformanceVectors, form: owner))
        artifacts.append(Artifact(path: "\(directory)/validate.mjs", bytes: validator, kind: .validator, form: owner))
        // TypeScript pairs `./validate.mjs` with validate.d.mts (node16, nodenext); older resolutions
        // read validate.d.ts. The same declarations under both names.
        let types = TypesEmitter().emit(form)
        artifacts.append(Artifact(path: "\(directory)/validate.d.ts", bytes: types, kind: .validatorTypes, form: owner))
        artifacts.append(Artifact(path: "\(directory)/validate.d.mts", bytes: types, kind: .validatorTypes, form: owner))
        artifacts.append(Artifact(path: "\(directory)/logic.mjs", bytes: logic, kind: .logicModule, form: owner))
        artifacts.append(Artifact(path: "\(directory)/logic.d.mts", bytes: LogicModuleEmitter().declarations(form), kind: .logicModuleTypes, form: owner))
        artifacts.append(Artifact(path: "\(directory)/ui.json", bytes: JSONCodec.encode(UISchemaEmitter().emit(form)), kind: .uiSchema, form: owner))
        return artifacts
    }

    /// The folder spec paths in the manifest are relative to: the project file's folder, or else
    /// the deepest folder that holds every input. Either way it does not depend on the working
    /// directory the command ran in more than the paths given to it do.
    static func projectRoot(_ specs: CheckedSpecs, inputs: [String]) -> String {
        if let project = specs.project { return (project.file as NSString).deletingLastPathComponent }
        let folders = inputs.map { ($0 as NSString).deletingLastPathComponent.split(separator: "/", omittingEmptySubsequences: false) }
        guard var common = folders.first else { return "" }
        for folder in folders.dropFirst() {
            common = Array(zip(common, folder).prefix { $0 == $1 }.map(\.0))
        }
        return common.joined(separator: "/")
    }

    static func relative(_ path: String, to root: String) -> String {
        guard !root.isEmpty, path.hasPrefix(root + "/") else { return path }
        return String(path.dropFirst(root.count + 1))
    }
}
