internal import Foundation

/// The specs after checking: references resolved (shared options copied into the fields that use
/// them), the catalogue loaded, and every example's actual outcome recorded.
public struct CheckedSpecs: Sendable {
    public var forms: [FormSpec]
    public var procedures: [ProcedureSpec]
    public var optionLists: [OptionList]
    public var project: ProjectSpec?
    public var catalogue: AdministrativeUnitCatalogue?
    /// The catalogue file as read, so the manifest can record its hash like any other input.
    public var catalogueSource: SourceFile?
    /// The date that "today" meant for examples without their own `today`.
    public var today: CalendarDate
    /// What formc's validator said of each example, by form (`id@version`), in example order.
    public var exampleOutcomes: [String: [[ValidationError]]]
    /// The forms' changelogs, as written.
    public var changelogs: [Changelog] = []
    /// The data sources forms may prefill from, by id: formc's built-in ones and the project's.
    public var sources: [String: DataSource] = [:]
    /// The combined procedures; each one's declaration is also among `forms`.
    public var bundles: [CombinedDeclaration] = []
    /// How many of the texts a citizen reads have their English, of how many.
    public var englishCoverage = (translated: 0, total: 0)
    /// Each procedure's capabilities and plugin context, by code.
    public var services: [String: ServicePlan] = [:]
    /// The plugins of this build, built-in and external.
    public var plugins: [any ServiceLevelPlugin] = []

    static func key(_ form: FormSpec) -> String { "\(form.id.value)@\(form.version.value)" }
}

/// The Check stage: names, references, contradictions, patterns, defaults and examples. It reports
/// every problem it finds and never stops at the first.
public struct Checker {
    let diagnostics: DiagnosticEngine
    let today: CalendarDate
    /// The service profile asked for on the command line, over the project's.
    let serviceProfile: String?
    /// Reads files the specs point to (the catalogue), relative to the spec that names them.
    let readFile: (String) -> [UInt8]?
    /// Whether to warn of option lists and forms nothing uses: only when the specs are the whole project.
    public var reportsUnusedDefinitions = true
    /// The released forms these specs must stay compatible with (semantic versioning; E0318).
    public var baseline: [FormSpec] = []

    public init(diagnostics: DiagnosticEngine, today: CalendarDate, serviceProfile: String? = nil, readFile: @escaping (String) -> [UInt8]?) {
        self.diagnostics = diagnostics
        self.today = today
        self.serviceProfile = serviceProfile
        self.readFile = readFile
    }

    /// Checks the specs. With a `cache` (a `CheckSession`'s), each form's and procedure's checks are
    /// reused when the files they read are unchanged, so a re-check after one edit redoes only what the
    /// edit touches; the diagnostics and the result are the same as without it (the tests hold them so).
    public func check(_ specs: SpecSet, cache: CheckCache? = nil) -> CheckedSpecs {
        let project = checkProjects(specs.projects)
        let catalogueSource = project.flatMap { loadCatalogue($0, cache: cache) }
        let catalogue = catalogueSource?.catalogue
        let optionLists = uniqueOptionLists(specs.optionLists)
        let sources = dataSources(specs.sources, optionLists: optionLists)
        // What every form's and procedure's checks read besides their own files.
        let shared = cache?.sharedKey(specs, catalogue: catalogueSource?.source, today: today, serviceProfile: serviceProfile)
        var forms = specs.forms
        reportDuplicates(forms.map { Located("\($0.id.value)@\($0.version.value)", at: $0.id.location) }, what: "form")
        var usedLists = Set<String>()
        // Each form's checks on its own, on all cores; reused from the cache where the files they
        // read are unchanged. Merged in the forms' order, so the result does not depend on scheduling.
        let today = today, serviceProfile = serviceProfile, catalogueNamed = project?.administrativeUnits != nil
        let english = project?.languages.contains("en") ?? false, paperEnglish = project?.paperEnglish ?? false
        // A form that fills a field from another form of the dossier reads that form's file too: it is
        // checked every time rather than cached by its own file alone.
        let formKeys = forms.map { form -> CheckCache.Key? in
            guard let shared, let cache, let key = cache.key(file: form.file, unit: CheckedSpecs.key(form), shared: shared) else { return nil }
            return cache.readsOtherForms.entry(at: key) { Self.readsOtherForms(form) } ? nil : key
        }
        var latestByID: [String: FormSpec] = [:]
        for form in forms where latestByID[form.id.value].map({ $0.version.value < form.version.value }) ?? true { latestByID[form.id.value] = form }
        let prefillForms = latestByID
        let formEntries = Self.units(forms, keys: formKeys, cache: cache, table: \.forms) {
            form -> CheckCache.FormEntry in
            var form = form
            let unit = Checker(diagnostics: DiagnosticEngine(), today: today, serviceProfile: serviceProfile) { _ in nil }
            var used = Set<String>()
            unit.checkForm(&form, optionLists: optionLists, catalogue: catalogue, catalogueNamed: catalogueNamed, usedLists: &used)
            // Expressions are checked once every field's options are known.
            LogicChecker(diagnostics: unit.diagnostics).check(&form)
            var prefill = PrefillChecker(diagnostics: unit.diagnostics, sources: sources)
            (prefill.forms, prefill.optionLists) = (prefillForms, optionLists)
            prefill.check(&form)
            PaperChecker(diagnostics: unit.diagnostics).check(form)
            // What citizens read, on the checked form; reported after the procedures' checks.
            let lints = DiagnosticEngine(), translations = DiagnosticEngine()
            ReadabilityChecker(diagnostics: lints).lint(form)
            let coverage = ReadabilityChecker(diagnostics: translations)
                .checkTranslations(ReadabilityChecker.texts(of: form, paperEnglish: paperEnglish), english: english)
            return .init(form: form, diagnostics: unit.diagnostics.diagnostics, usedLists: used,
                         readability: lints.diagnostics, translations: translations.diagnostics, coverage: coverage)
        }
        var coverage = (translated: 0, total: 0)
        for (index, entry) in formEntries.enumerated() {
            forms[index] = entry.form
            coverage.translated += entry.coverage.translated
            coverage.total += entry.coverage.total
            usedLists.formUnion(entry.usedLists)
            entry.diagnostics.forEach(diagnostics.emit)
        }
        // Semantic versioning: between versions of a form in these specs, and against the baseline.
        // A version may break on purpose without a new major when its changelog entry accepts it.
        let accepted = SpecDiff.acceptedChanges(specs.changelogs, forms: forms, diagnostics: diagnostics)
        SpecDiff.checkVersions(forms, accepted: accepted, diagnostics: diagnostics)
        SpecDiff.checkBaseline(forms, baseline: baseline, accepted: accepted, diagnostics: diagnostics)
        var outcomes: [String: [[ValidationError]]] = [:]
        // An example checked against a form its file already has an error in would only repeat that
        // error (a field dropped for a misspelt type makes every example using it "wrong"): its
        // verdict is computed for the vectors, but not reported again. Each form's examples are
        // checked on their own, on all cores, like the forms.
        var failedFiles = Set(diagnostics.diagnostics.filter { $0.severity == .error }.compactMap { $0.location?.file })
        let reports = forms.map { !failedFiles.contains($0.file) }
        let exampleKeys = forms.indices.map { index in
            shared.flatMap { cache?.key(file: forms[index].file, unit: CheckedSpecs.key(forms[index]) + (reports[index] ? " examples" : " examples unreported"), shared: $0) }
        }
        let exampleEntries = Self.units(Array(zip(forms, reports)), keys: exampleKeys, cache: cache, table: \.examples) {
            form, report -> CheckCache.ExamplesEntry in
            let unit = Checker(diagnostics: DiagnosticEngine(), today: today, serviceProfile: serviceProfile) { _ in nil }
            let found = unit.checkExamples(form, catalogue: catalogue, report: report)
            return .init(outcomes: found, diagnostics: unit.diagnostics.diagnostics)
        }
        for (form, entry) in zip(forms, exampleEntries) {
            outcomes[CheckedSpecs.key(form)] = entry.outcomes
            entry.diagnostics.forEach(diagnostics.emit)
        }
        reportDuplicates(specs.procedures.map(\.code), what: "procedure")
        var formsInUse = Set<String>()
        let latestForms = ProcedureEmitter(forms: forms, procedures: specs.procedures).latestForms
        // Every way a document may name a form: its id, or `id@major` for a major the specs have.
        let formIDs = Set(latestForms.keys)
        let sortedFormIDs = formIDs.filter { !ProcedureEmitter.isPinned($0) }.sorted()
        // Service levels: the profile in force and the plugins.
        let profileID = serviceProfile ?? project?.serviceProfile?.value ?? Decree43Profile().id
        let profile = ServiceProfiles.named(profileID) ?? Decree43Profile()
        let projectFolder = project.map { ($0.file as NSString).deletingLastPathComponent } ?? ""
        let plugins = ServicePlugins.builtIn + (project?.plugins ?? []).map {
            ExternalPlugin(spec: $0, projectFolder: projectFolder, diagnostics: diagnostics) as any ServiceLevelPlugin
        }
        var procedures = specs.procedures
        var services: [String: ServicePlan] = [:]
        var formChanges: [String: Changelog.Entry] = [:]
        for changelog in specs.changelogs {
            let newestFirst = changelog.entries.sorted { $0.version.value > $1.version.value }
            for entry in newestFirst.dropLast() where entry.note != nil {
                formChanges["\(changelog.form.value)@\(entry.version.value)"] = entry
            }
        }
        var serviceDiagnostics: [[Diagnostic]] = []
        // Each procedure's own checks, on all cores; reused while its file is unchanged and every form
        // it names exists (the suggestion for a missing one reads every form id of the project).
        // The forms each procedure's documents name, read once for the keys and the checks below.
        let formReferences = procedures.map(\.formReferences)
        let procedureCheckKeys = procedures.indices.map { index -> CheckCache.Key? in
            guard formReferences[index].allSatisfy({ formIDs.contains($0.value) }) else { return nil }
            let procedure = procedures[index]
            return shared.flatMap { cache?.key(file: procedure.file, unit: "procedure " + procedure.code.value, shared: $0) }
        }
        let procedureChecks = Self.units(procedures, keys: procedureCheckKeys, cache: cache, table: \.procedureChecks) { procedure in
            let unit = Checker(diagnostics: DiagnosticEngine(), today: today, serviceProfile: serviceProfile) { _ in nil }
            unit.checkProcedure(procedure, knownFormIDs: sortedFormIDs, knownFormIDSet: formIDs, sources: sources)
            return unit.diagnostics.diagnostics
        }
        for (references, found) in zip(formReferences, procedureChecks) {
            found.forEach(diagnostics.emit)
            for form in references where formIDs.contains(form.value) {
                formsInUse.insert(form.value.split(separator: "@").first.map(String.init) ?? form.value)
            }
        }
        failedFiles.formUnion(diagnostics.diagnostics.filter { $0.severity == .error }.compactMap { $0.location?.file })
        // Files whose procedure did not decode cleanly, or names a form the specs do not have: its
        // service checks would report the same cause again ("a form not in the build").
        let undecoded = Set(diagnostics.diagnostics.filter { $0.severity == .error && ($0.id.code.hasPrefix("E02") || $0.id == .unresolvedReference) }
            .compactMap { $0.location?.file })
        // Each procedure's fee checks on its own, on all cores (reused where nothing they read changed).
        struct Unit: Sendable {
            var reportExamples: Bool
            var decodeFailed: Bool
            var key: CheckCache.Key?
        }
        let cacheable = (project?.plugins ?? []).isEmpty  // external plugins' answers may change: not cached
        let units = procedures.indices.map { index -> Unit in
            let procedure = procedures[index]
            // Fee examples are not reported when the procedure's file or a form it uses has an error;
            // service checks wait while its file does not decode cleanly (a misspelt channel would
            // otherwise be reported again as "lacks what its level needs", above its cause).
            let usedForms = formReferences[index].compactMap { latestForms[$0.value] }
            let formFiles = usedForms.map(\.file)
            let reportExamples = !failedFiles.contains(procedure.file) && formFiles.allSatisfy { !failedFiles.contains($0) }
            let decodeFailed = undecoded.contains(procedure.file)
            // The unit: the procedure, how it is reported, and the exact forms its fees read (named
            // only when there is a cache to key).
            let key = shared.flatMap { shared -> CheckCache.Key? in
                guard cacheable, let cache else { return nil }
                var unitName = "\(procedure.code.value) \(reportExamples) \(decodeFailed)"
                for form in usedForms { unitName += " \(CheckedSpecs.key(form))#\(cache.fingerprint(form.file) ?? 0)" }
                return cache.key(file: procedure.file, unit: unitName, shared: shared)
            }
            return Unit(reportExamples: reportExamples, decodeFailed: decodeFailed, key: key)
        }
        let toCheck = procedures.indices.filter { index in units[index].key.flatMap { cache?.procedures[$0] } == nil }
        let feeChecked = Parallel.map(toCheck.map { (procedures[$0], units[$0].reportExamples) }) { procedure, report -> (ProcedureSpec, [Diagnostic]) in
            var procedure = procedure
            let unit = DiagnosticEngine()
            FeeChecker(diagnostics: unit).check(&procedure, forms: latestForms, catalogue: catalogue, reportExamples: report)
            return (procedure, unit.diagnostics)
        }
        var freshFees = Dictionary(uniqueKeysWithValues: zip(toCheck, feeChecked))
        var procedureTranslations: [(missing: [Diagnostic], coverage: (translated: Int, total: Int))] = []
        for index in procedures.indices {
            let unit = units[index]
            // A procedure that declares a NĐ 42/2022 class (and no level) chooses that profile itself.
            let procedure = procedures[index]
            let chosen: any ServiceProfile = procedure.service.level == nil && procedure.service.serviceClass != nil ? Decree42Profile() : profile
            if let (checked, feeDiagnostics) = freshFees.removeValue(forKey: index) {
                procedures[index] = checked
                feeDiagnostics.forEach(diagnostics.emit)
                // Service plans run one by one: a project's external plugins report as they run.
                let service = DiagnosticEngine()
                var plan = ServiceChecker(diagnostics: service, profile: chosen, plugins: plugins).plan(checked, forms: latestForms, catalogue: catalogue)
                plan.context.paperEnglish = project?.paperEnglish ?? false
                plan.context.formChanges = formChanges
                plan.context.sources = sources
                services[procedure.code.value] = plan
                let reported = unit.decodeFailed ? [] : service.diagnostics
                serviceDiagnostics.append(reported)
                // What citizens read of it, reported after every other check (as a form's).
                let missing = DiagnosticEngine()
                let counted = ReadabilityChecker(diagnostics: missing).checkTranslations(ReadabilityChecker.texts(of: checked), english: english)
                procedureTranslations.append((missing.diagnostics, counted))
                if let key = unit.key {
                    cache?.procedures.store(
                        .init(procedure: checked, diagnostics: feeDiagnostics, serviceDiagnostics: reported, translations: missing.diagnostics, coverage: counted),
                        at: key)
                }
            } else {
                let key = unit.key!, entry = cache!.procedures[key]!
                cache?.procedures.use(key)
                procedures[index] = entry.procedure
                procedureTranslations.append((entry.translations, entry.coverage))
                entry.diagnostics.forEach(diagnostics.emit)
                var plan = ServiceChecker(diagnostics: DiagnosticEngine(), profile: chosen, plugins: plugins).context(for: procedure, forms: latestForms, catalogue: catalogue)
                plan.context.paperEnglish = project?.paperEnglish ?? false
                plan.context.formChanges = formChanges
                plan.context.sources = sources
                services[procedure.code.value] = plan
                serviceDiagnostics.append(entry.serviceDiagnostics)
            }
        }
        // Service diagnostics after every procedure's own, as they always came.
        serviceDiagnostics.joined().forEach(diagnostics.emit)
        for list in optionLists.values.sorted(by: { $0.id.value < $1.id.value }) where reportsUnusedDefinitions && !usedLists.contains(list.id.value) {
            diagnostics.emit(.unusedOptionList, "option list '\(list.id.value)' is used by no form", at: list.id.location)
        }
        if reportsUnusedDefinitions && !specs.procedures.isEmpty {
            for form in forms where !formsInUse.contains(form.id.value) {
                diagnostics.emit(.unusedForm, "form '\(form.id.value)' is used by no procedure", at: form.id.location)
            }
        }
        // Combined procedures: their declarations are forms of the build from here on.
        var combined: [CombinedDeclaration] = []
        if !specs.bundles.isEmpty {
            let byCode = Dictionary(procedures.map { ($0.code.value, $0) }, uniquingKeysWith: { first, _ in first })
            let online = Set(services.lazy.filter { $0.value.context.capabilities.contains(.online_submission) }.map(\.key))
            reportDuplicates(specs.bundles.map(\.id), what: "bundle")
            // A combined declaration is a form of the build: its id is a form id, once.
            var compiledIDs = Set(latestByID.keys)
            var bundles: [ProcedureBundle] = []
            for bundle in specs.bundles {
                guard compiledIDs.insert(bundle.id.value).inserted else {
                    if let form = latestByID[bundle.id.value] {
                        diagnostics.emit(
                            .duplicateID, "bundle '\(bundle.id.value)' has the id of a form; its combined declaration is a form of the build, so give it its own id",
                            at: bundle.id.location, notes: [.init("the form is here", at: form.id.location)])
                    }
                    continue
                }
                bundles.append(bundle)
            }
            // Reused while the bundle's file, its members' procedures and their forms are unchanged
            // (and whether each member is online, which those and the shared inputs decide); the
            // others compiled on all cores, each on its own.
            let keys = bundles.map { bundle -> CheckCache.Key? in
                let reads = bundle.members.compactMap { member -> String? in
                    guard let procedure = byCode[member.procedure.value] else { return nil }
                    let forms = procedure.formReferences.compactMap { latestForms[$0.value]?.file }
                    return ([procedure.file] + forms).map { "\($0)#\(cache?.fingerprint($0) ?? 0)" }.joined(separator: " ") + " \(online.contains(member.procedure.value))"
                }
                return shared.flatMap { cache?.key(file: bundle.file, unit: "bundle \(bundle.id.value) " + reads.joined(separator: " "), shared: $0) }
            }
            let entries = Self.units(bundles, keys: keys, cache: cache, table: \.bundles) {
                bundle -> CheckCache.BundleEntry in
                let unit = Checker(diagnostics: DiagnosticEngine(), today: today, serviceProfile: serviceProfile) { _ in nil }
                return unit.compileBundle(bundle, procedures: byCode, forms: latestForms, online: online, catalogue: catalogue)
            }
            for (bundle, entry) in zip(bundles, entries) {
                entry.diagnostics.forEach(diagnostics.emit)
                guard let declaration = entry.declaration else { continue }
                outcomes[CheckedSpecs.key(declaration.form)] = [entry.exampleErrors]
                // Each member's information page tells citizens they may apply for all at once.
                for member in declaration.members { services[member.procedure.code.value]?.context.bundles.append((bundle.id.value, bundle.name)) }
                combined.append(declaration)
            }
        }
        // What citizens read: translations (when the project publishes in English) and the lints.
        // Each form's were checked with the form (above, cached with it); reported here, in order.
        formEntries.forEach { $0.readability.forEach(diagnostics.emit) }
        formEntries.forEach { $0.translations.forEach(diagnostics.emit) }
        let readability = ReadabilityChecker(diagnostics: diagnostics)
        // The option lists', then each procedure's (checked with it, above), then the data sources'.
        let lists = optionLists.values.sorted(by: { $0.id.value < $1.id.value }).flatMap { ReadabilityChecker.texts(of: $0) }
        var counts = [readability.checkTranslations(lists, english: english)]
        for (missing, counted) in procedureTranslations {
            missing.forEach(diagnostics.emit)
            counts.append(counted)
        }
        counts.append(readability.checkTranslations(specs.sources.flatMap { ReadabilityChecker.texts(of: $0) }, english: english))
        for counted in counts {
            coverage.translated += counted.translated
            coverage.total += counted.total
        }
        cache?.finishRun()
        var checked = CheckedSpecs(
            forms: forms, procedures: procedures, optionLists: optionLists.values.sorted { $0.id.value < $1.id.value },
            project: project, catalogue: catalogue, catalogueSource: catalogueSource?.source, today: today,
            exampleOutcomes: outcomes)
        checked.services = services
        checked.plugins = plugins
        checked.englishCoverage = coverage
        checked.changelogs = specs.changelogs
        checked.sources = sources
        checked.bundles = combined
        checked.forms += combined.map(\.form)
        return checked
    }

    /// Independent units of checking: each one's entry reused from the cache where its key is there,
    /// the others checked on all cores and stored; the entries in the units' order, so what follows
    /// does not depend on scheduling.
    private static func units<Input: Sendable, Entry: Sendable>(
        _ inputs: [Input], keys: [CheckCache.Key?], cache: CheckCache?, table: ReferenceWritableKeyPath<CheckCache, CheckCache.Table<Entry>>,
        check: @Sendable (Input) -> Entry
    ) -> [Entry] {
        let reused = keys.map { key in key.flatMap { cache?[keyPath: table][$0] } }
        let missing = inputs.indices.filter { reused[$0] == nil }
        var fresh = Dictionary(uniqueKeysWithValues: zip(missing, Parallel.map(missing.map { inputs[$0] }, check)))
        return inputs.indices.map { index in
            if let entry = fresh.removeValue(forKey: index) {
                if let key = keys[index] { cache?[keyPath: table].store(entry, at: key) }
                return entry
            }
            cache?[keyPath: table].use(keys[index]!)
            return reused[index]!
        }
    }

    // MARK: - Project and catalogue

    private func checkProjects(_ projects: [ProjectSpec]) -> ProjectSpec? {
        for extra in projects.dropFirst() {
            diagnostics.emit(
                .duplicateProject, "only one project file may be given; this is a second one", at: extra.name.location,
                notes: [.init("the first project file is here", at: projects[0].name.location)])
        }
        return projects.first
    }

    private func loadCatalogue(_ project: ProjectSpec, cache: CheckCache?) -> (catalogue: AdministrativeUnitCatalogue, source: SourceFile)? {
        guard let path = project.administrativeUnits else { return nil }
        let base = (project.file as NSString).deletingLastPathComponent
        let resolved = path.value.hasPrefix("/") ? path.value : (base.isEmpty ? path.value : base + "/" + path.value)
        guard let bytes = readFile(resolved) else {
            diagnostics.emit(.catalogueProblem, "cannot read the administrative unit catalogue '\(resolved)'", at: path.location)
            return nil
        }
        if let cached = cache?.catalogue, cached.source.path == resolved, cached.source.bytes == bytes { return cached }
        switch AdministrativeUnitCatalogue.decode(bytes) {
        case .success(let catalogue):
            let loaded = (catalogue, SourceFile(path: resolved, bytes: bytes))
            cache?.catalogue = loaded
            return loaded
        case .failure(let error):
            let position = error.line.map { " (\(resolved):\($0):\(error.column ?? 0))" } ?? ""
            diagnostics.emit(.catalogueProblem, "administrative unit catalogue '\(resolved)' is invalid: \(error.message)\(position)", at: path.location)
            return nil
        }
    }

    private func uniqueOptionLists(_ lists: [OptionList]) -> [String: OptionList] {
        reportDuplicates(lists.map(\.id), what: "option list")
        var byID: [String: OptionList] = [:]
        for list in lists where byID[list.id.value] == nil { byID[list.id.value] = list }
        return byID
    }

    /// Reports every id that appears twice, with a note at its first appearance.
    private func reportDuplicates(_ ids: [Located<String>], what: String) {
        var first: [String: SourceLocation] = [:]
        for id in ids {
            if let earlier = first[id.value] {
                diagnostics.emit(
                    .duplicateID, "\(what) '\(id.value)' is defined more than once", at: id.location,
                    notes: [.init("first defined here", at: earlier)])
            } else {
                first[id.value] = id.location
            }
        }
    }

    // MARK: - Forms

    /// Whether a field of the form is filled in from another form of the dossier.
    static func readsOtherForms(_ form: FormSpec) -> Bool {
        form.containsField { $0.prefill?.fromForm == true }
    }

    /// One bundle compiled and checked: its combined declaration with its example, what formc's
    /// validator says of the example, and what was reported.
    func compileBundle(
        _ bundle: ProcedureBundle, procedures: [String: ProcedureSpec], forms: [String: FormSpec], online: Set<String>, catalogue: AdministrativeUnitCatalogue?
    ) -> CheckCache.BundleEntry {
        guard var declaration = BundleCompiler(diagnostics: diagnostics).compile(bundle, procedures: procedures, forms: forms, online: online) else {
            return .init(declaration: nil, exampleErrors: [], diagnostics: diagnostics.diagnostics)
        }
        let (example, errors) = Self.combinedExample(declaration, today: today, catalogue: catalogue)
        if !errors.isEmpty {
            diagnostics.emit(
                .exampleDisagrees, "the members' first valid examples, put together, are not a valid combined declaration of bundle '\(bundle.id.value)'", at: bundle.id.location,
                notes: errors.prefix(10).map { .init("\($0.path): \($0.rule.rawValue) (\($0.message.vi))") })
        }
        declaration.form.examples = [example]
        checkFeeExamples(BundleFees(declaration: declaration, forms: forms, catalogue: catalogue))
        return .init(declaration: declaration, exampleErrors: errors, diagnostics: diagnostics.diagnostics)
    }

    /// A bundle's fee examples: each channel offered by every member, and the members' fees summed
    /// giving what the example expects.
    private func checkFeeExamples(_ fees: BundleFees) {
        for example in fees.declaration.bundle.feeExamples {
            if let member = fees.declaration.members.first(where: { member in !member.procedure.channels.contains { $0.kind == example.channel } }) {
                diagnostics.emit(.invalidValue, "fee example '\(example.name)': member '\(member.id)' (procedure \(member.procedure.code.value)) is not offered by channel \(example.channel.rawValue)", at: example.location)
                continue
            }
            let result = fees.breakdown(channel: example.channel, on: example.on, categories: example.categories.map(\.value), answers: example.answers)
            var notes: [Diagnostic.Note] = []
            if result.total != example.expectedTotal || result.status != example.expectedStatus {
                let members = result.members.map { "\($0.id): \($0.breakdown.total.map { "\($0) đ" } ?? $0.breakdown.status.rawValue)" }.joined(separator: ", ")
                notes.append(.init("expected \(example.expectedTotal.map { "a total of \($0) đ" } ?? example.expectedStatus.rawValue), the members' fees give \(result.total.map { "\($0) đ" } ?? result.status.rawValue) (\(members))"))
            }
            if let expected = example.expectedMissing, Set(expected) != Set(result.missing) {
                notes.append(.init("expected the missing answers \(expected.sorted().joined(separator: ", ")), the members find \(result.missing.joined(separator: ", "))"))
            }
            if let expected = example.expectedInvalid, Set(expected) != Set(result.errors.map(\.path)) {
                notes.append(.init("expected the forms to reject \(expected.sorted().joined(separator: ", ")), they reject \(Set(result.errors.map(\.path)).sorted().joined(separator: ", "))"))
            }
            if !notes.isEmpty {
                diagnostics.emit(.feeExampleDisagrees, "fee example '\(example.name)' does not give the amounts it expects", at: example.location, notes: notes)
            }
        }
    }

    /// The combined declaration's example: each member's first valid example under its group, without
    /// the bound fields (their owners answer them), and formc's verdict on it.
    static func combinedExample(_ declaration: CombinedDeclaration, today: CalendarDate, catalogue: AdministrativeUnitCatalogue?) -> (FormExample, [ValidationError]) {
        var members: [(key: String, value: JSONValue)] = []
        var day: CalendarDate?
        for member in declaration.members {
            guard let example = member.form.examples.first(where: { $0.expectedErrors.isEmpty }) else { continue }
            day = day ?? example.today
            var data = example.data
            for pointer in member.copies.map(\.to) + member.issued.map(\.path) { data = data.removing(pointer: pointer) }
            members.append((member.id, data))
        }
        let data = JSONValue.object(members)
        let errors = SubmissionValidator(catalogue: catalogue, today: day ?? today).validate(data, against: declaration.form)
        let example = FormExample(name: "các tờ khai thành phần ghép lại", location: declaration.bundle.id.location, data: data, today: day, expectedErrors: [])
        return (example, errors)
    }

    /// A document whose data a source holds (NQ 66.7/2025): `replaced_by:` names a source that
    /// exists, and not for a declaration the citizen fills; a paper a source says it replaces but the
    /// document does not name is a warning (W0308).
    private func checkReplacement(_ document: RequiredDocument, sources: [String: DataSource]) {
        if let replacedBy = document.replacedBy {
            if sources[replacedBy.value] == nil {
                let suggestion = Suggest.closest(to: replacedBy.value, among: sources.keys.sorted())
                diagnostics.emit(
                    .unresolvedReference, "no data source named '\(replacedBy.value)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                    at: replacedBy.location, notes: [.init("the sources: \(sources.keys.sorted().joined(separator: ", "))")])
            } else if document.form != nil {
                diagnostics.emit(
                    .invalidValue, "document '\(document.id.value)' is a declaration the citizen fills (form:); data cannot replace it, only a paper",
                    at: replacedBy.location)
            }
            return
        }
        for source in sources.values.sorted(by: { $0.id.value < $1.id.value }) where source.replaces.contains(where: { $0.value == document.id.value }) {
            diagnostics.emit(
                .documentDataHeld,
                "document '\(document.id.value)' is asked for on paper, but data source '\(source.id.value)' holds its data (\(source.heldBy.vi)); add 'replaced_by: \(source.id.value)', so it is not asked for when the data can be retrieved",
                at: document.id.location)
        }
    }

    /// The sources forms may prefill from: the built-in ones and the project's, one per id (a project
    /// cannot redefine a built-in source: a form naming it would mean two different things).
    private func dataSources(_ declared: [DataSource], optionLists: [String: OptionList]) -> [String: DataSource] {
        var sources = Dictionary(uniqueKeysWithValues: BuiltInSources.all.map { ($0.id.value, $0) })
        for var source in declared {
            // A choice attribute may name a shared option list, as a field does.
            for index in source.attributes.indices {
                guard case .shared(let id)? = source.attributes[index].optionSource else { continue }
                if let list = optionLists[id.value] {
                    source.attributes[index].choices = list.choices
                } else {
                    diagnostics.emit(.unresolvedReference, "no option list named '\(id.value)'", at: id.location)
                }
            }
            if let first = sources[source.id.value] {
                let message = first.isBuiltIn
                    ? "data source '\(source.id.value)' is built into formc; give the project's own source another id"
                    : "data source '\(source.id.value)' is declared twice"
                diagnostics.emit(.duplicateID, message, at: source.id.location, notes: first.isBuiltIn ? [] : [.init("the first is here", at: first.id.location)])
            } else {
                sources[source.id.value] = source
            }
        }
        return sources
    }

    private func checkForm(
        _ form: inout FormSpec, optionLists: [String: OptionList], catalogue: AdministrativeUnitCatalogue?,
        catalogueNamed: Bool, usedLists: inout Set<String>
    ) {
        if form.title.en == nil {
            diagnostics.emit(.missingEnglish, "form '\(form.id.value)' has no English title", at: form.titleLocation)
        }
        for index in form.sections.indices {
            checkField(&form.sections[index], optionLists: optionLists, catalogue: catalogue, catalogueNamed: catalogueNamed, usedLists: &usedLists)
        }
    }

    private func checkField(
        _ field: inout FieldSpec, optionLists: [String: OptionList], catalogue: AdministrativeUnitCatalogue?,
        catalogueNamed: Bool, usedLists: inout Set<String>
    ) {
        if field.label == nil {
            diagnostics.emit(
                .missingVietnamese, "field '\(field.name)' has no label; every field needs a Vietnamese label", at: field.location,
                fixIts: [])
        }
        if case .shared(let id)? = field.optionSource {
            if let list = optionLists[id.value] {
                field.choices = list.choices
                usedLists.insert(id.value)
            } else {
                let suggestion = Suggest.closest(to: id.value, among: Array(optionLists.keys).sorted())
                diagnostics.emit(
                    .unresolvedReference,
                    "no option list named '\(id.value)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""), at: id.location)
            }
        }
        // One error per cause: a catalogue the project names but that could not be loaded was reported
        // once, at the project file; only a project that names none gets an error per address field.
        if field.kind == .address_vn && catalogue == nil && !catalogueNamed {
            diagnostics.emit(
                .catalogueProblem,
                "field '\(field.name)' is an address_vn, which needs the administrative unit catalogue; name it in the project file ('administrative_units:')",
                at: field.location)
        }
        checkRanges(field)
        if let pattern = field.pattern { checkPattern(pattern) }
        if field.kind == .file && field.accept.isEmpty {
            diagnostics.emit(.invalidValue, "file field '\(field.name)' must accept at least one media type", at: field.location)
        }
        if let value = field.defaultValue {
            let problems = SubmissionValidator(catalogue: catalogue, today: today).validate(value.value, as: field)
            for problem in problems {
                diagnostics.emit(
                    .defaultViolatesConstraints,
                    "default value of '\(field.name)' breaks its own field: \(problem.message.en ?? problem.message.vi) [\(problem.name)]",
                    at: value.location)
            }
        }
        for index in field.fields.indices {
            checkField(&field.fields[index], optionLists: optionLists, catalogue: catalogue, catalogueNamed: catalogueNamed, usedLists: &usedLists)
        }
    }

    private func checkRanges(_ field: FieldSpec) {
        func contradiction(_ low: String, _ high: String, _ lowValue: String, _ highValue: String, at location: SourceLocation, other: SourceLocation) {
            diagnostics.emit(
                .contradictoryConstraints, "\(low) (\(lowValue)) is greater than \(high) (\(highValue)); no value can satisfy both",
                at: location, notes: [.init("\(high) is set here", at: other)])
        }
        if let low = field.minimum, let high = field.maximum {
            switch (low.value, high.value) {
            case let (.integer(a), .integer(b)) where a > b: contradiction("min", "max", "\(a)", "\(b)", at: low.location, other: high.location)
            case let (.date(a), .date(b)) where b < a: contradiction("min", "max", "\(a)", "\(b)", at: low.location, other: high.location)
            default: break
            }
        }
        if field.kind == .money_vnd, case .integer(let v)? = field.maximum?.value, v < 0, let at = field.maximum?.location {
            diagnostics.emit(.contradictoryConstraints, "max (\(v)) of a money_vnd field is below 0; amounts are never negative", at: at)
        }
        if let low = field.minLength, let high = field.maxLength, low.value > high.value {
            contradiction("min_length", "max_length", "\(low.value)", "\(high.value)", at: low.location, other: high.location)
        }
        if let low = field.minItems, let high = field.maxItems, low.value > high.value {
            contradiction("minimum item count", "maximum item count", "\(low.value)", "\(high.value)", at: low.location, other: high.location)
        }
        if let high = field.maxItems, field.kind == .multi_choice, !field.choices.isEmpty, let low = field.minItems, low.value > field.choices.count {
            diagnostics.emit(
                .contradictoryConstraints, "min_items (\(low.value)) is more than the \(field.choices.count) options there are",
                at: low.location, notes: [.init("max_items is set here", at: high.location)])
        }
    }

    private func checkPattern(_ pattern: Located<String>) {
        do {
            _ = try PortablePattern(pattern.value)
        } catch {
            let at = pattern.location.advanced(by: error.offset)
            var fixIts: [Diagnostic.FixIt] = []
            if let replacement = error.replacement {
                fixIts.append(.init("write '\(replacement.text)'", range: SourceRange(start: at, end: at.advanced(by: replacement.length)), replacement: replacement.text))
            }
            diagnostics.emit(
                error.nonPortable ? .nonPortablePattern : .invalidPattern,
                (error.nonPortable ? "pattern is not portable: " : "invalid pattern: ") + error.message, at: at, fixIts: fixIts)
        }
    }

    // MARK: - Examples

    /// Validates every example, reports those that disagree with their expectation, and returns
    /// what the validator said of each (the conformance vectors are made from it).
    private func checkExamples(_ form: FormSpec, catalogue: AdministrativeUnitCatalogue?, report: Bool) -> [[ValidationError]] {
        var names: [Located<String>] = []
        var outcomes: [[ValidationError]] = []
        for example in form.examples {
            names.append(Located(example.name, at: example.location))
            let validator = SubmissionValidator(catalogue: catalogue, today: example.today ?? today)
            let actual = validator.validate(example.data, against: form)
            outcomes.append(actual)
            let actualKeys = actual.map { "\($0.path) \($0.name)" }
            let expectedKeys = example.expectedErrors.map { "\($0.path) \($0.rule)" }
            if !report || Set(actualKeys) == Set(expectedKeys) { continue }
            var notes: [Diagnostic.Note] = []
            for error in actual where !expectedKeys.contains("\(error.path) \(error.name)") {
                notes.append(.init("unexpected error at '\(error.path)': \(error.name) (\(error.message.en ?? error.message.vi))"))
            }
            for expected in example.expectedErrors where !actualKeys.contains("\(expected.path) \(expected.rule)") {
                notes.append(.init("expected error at '\(expected.path)': \(expected.rule), which the form does not give", at: expected.location))
            }
            let summary = example.expectedErrors.isEmpty
                ? "example '\(example.name)' should be valid but gets \(actual.count) error\(actual.count == 1 ? "" : "s")"
                : "example '\(example.name)' does not get the errors it expects"
            diagnostics.emit(.exampleDisagrees, summary, at: example.location, notes: notes)
        }
        reportDuplicates(names, what: "example")
        return outcomes
    }

    // MARK: - Procedures

    private func checkProcedure(
        _ procedure: ProcedureSpec, knownFormIDs: [String], knownFormIDSet: Set<String>, sources: [String: DataSource]
    ) {
        if procedure.name.en == nil {
            diagnostics.emit(.missingEnglish, "procedure '\(procedure.code.value)' has no English name", at: procedure.code.location)
        }
        if let from = procedure.validFrom, let to = procedure.validTo, to.value < from.value {
            diagnostics.emit(.invalidPeriod, "the procedure code is valid to \(to.value), before it is valid from \(from.value)", at: to.location,
                notes: [.init("valid from is set here", at: from.location)])
        }
        reportDuplicates(procedure.channels.map { Located($0.kind.rawValue, at: $0.location) }, what: "channel")
        reportDuplicates(procedure.cases.map(\.id), what: "case")
        let formIDs = knownFormIDs
        for procedureCase in procedure.cases {
            if procedureCase.documents.isEmpty {
                diagnostics.emit(.invalidValue, "case '\(procedureCase.id.value)' lists no document", at: procedureCase.id.location)
            }
            reportDuplicates(procedureCase.documents.map(\.id), what: "document")
            for document in procedureCase.documents {
                // A form the specs have is fine (the caller collects which are used); another is reported.
                if let form = document.form, !knownFormIDSet.contains(form.value) {
                    let id = form.value.split(separator: "@").first.map(String.init) ?? form.value
                    if id != form.value, knownFormIDSet.contains(id) {
                        // Pinned to a major version, or a range, the specs do not have.
                        let majors = knownFormIDSet.filter { $0.hasPrefix(id + "@") && Int($0.dropFirst(id.count + 1)) != nil }
                            .map { String($0.dropFirst(id.count + 1)) }.sorted()
                        let written = form.value.dropFirst(id.count + 1)
                        let wanted = written.allSatisfy(\.isNumber) ? "with major \(written)" : "that \(written) accepts"
                        diagnostics.emit(
                            .unresolvedReference, "form '\(id)' has no version \(wanted); it has major \(majors.joined(separator: ", "))",
                            at: form.location)
                    } else {
                        let suggestion = Suggest.closest(to: form.value, among: formIDs)
                        diagnostics.emit(
                            .unresolvedReference, "no form named '\(form.value)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                            at: form.location,
                            fixIts: suggestion.map { [.init("replace with '\($0)'", range: SourceRange(start: form.location, end: form.location.advanced(by: form.value.unicodeScalars.count)), replacement: $0)] } ?? [])
                    }
                }
                checkReplacement(document, sources: sources)
                if document.submission == .present_only && document.upload != nil {
                    diagnostics.emit(
                        .contradictoryConstraints, "document '\(document.id.value)' is present_only (shown, not handed in) but has upload rules",
                        at: document.id.location)
                }
                if document.submission == .submit && document.originals == 0 && document.copies == 0 && document.form == nil && document.upload == nil {
                    diagnostics.emit(
                        .missingKey, "document '\(document.id.value)' says neither how many originals or copies, nor a form or upload",
                        at: document.id.location)
                }
            }
        }
        reportDuplicates(procedure.legalBasis.map(\.id), what: "legal document")
        reportDuplicates(procedure.fees.map(\.id), what: "fee")
        reportDuplicates(procedure.applicantCategories.map { Located($0.value, at: $0.location) }, what: "applicant category")
    }
}
