/// A project checked again and again as it is edited — the language server's view of it, and
/// `formc bench`'s re-check — where each run redoes only what changed: a file whose bytes are
/// unchanged is not read into a tree or decoded again, and a form or procedure whose own file, and the
/// files its checks read, are unchanged is not checked again (`CheckCache`). Every run gives exactly
/// the diagnostics and checked specs a fresh `Compiler.check` gives for the same sources.
public final class CheckSession {
    /// One file's decoding: its bytes, what it declares, and the diagnostics decoding it reported.
    private struct Decoded: Sendable {
        var bytes: [UInt8]
        var fingerprint: Int
        var specs: SpecSet
        var diagnostics: [Diagnostic]
    }

    private var decoded: [String: Decoded] = [:]
    private let cache = CheckCache()
    /// What the last run redid: files decoded, and forms, examples and procedures checked.
    public private(set) var lastRun = (decodedFiles: 0, checkedUnits: 0)
    /// What the cache holds now (for the tests: one project's worth, whatever was edited before).
    var cachedEntries: Int { cache.entryCount }

    public init() {}

    public func check(sources unsorted: [SourceFile], options: CompileOptions, readFile: @escaping (String) -> [UInt8]?) -> CompileResult {
        let sources = unsorted.sorted { $0.path < $1.path }
        let diagnostics = DiagnosticEngine()
        var specs = SpecSet()
        var kept: [String: Decoded] = [:]
        var fingerprints: [String: Int] = [:]
        // The files whose bytes changed decode again, on all cores.
        let changed = sources.filter { decoded[$0.path]?.bytes != $0.bytes }
        let limits = options.limits
        let fresh = Parallel.map(changed) { source -> Decoded in
            let file = Compiler.decode(source, limits: limits)
            var hasher = Hasher()
            hasher.combine(source.bytes)
            return Decoded(bytes: source.bytes, fingerprint: hasher.finalize(), specs: file.specs, diagnostics: file.diagnostics)
        }
        var redone: [String: Decoded] = [:]
        for (source, file) in zip(changed, fresh) { redone[source.path] = file }
        for source in sources {
            let file = redone[source.path] ?? decoded[source.path]!
            kept[source.path] = file
            file.diagnostics.forEach(diagnostics.emit)
            specs.append(file.specs)
            fingerprints[source.path] = file.fingerprint
        }
        let decodedFiles = changed.count
        decoded = kept
        cache.fingerprints = fingerprints
        var checker = Checker(diagnostics: diagnostics, today: options.today, serviceProfile: options.serviceProfile, readFile: readFile)
        checker.reportsUnusedDefinitions = options.isWholeProject
        checker.baseline = options.baseline
        let checked = checker.check(specs, cache: cache)
        lastRun = (decodedFiles, cache.lastRunChecked)
        let byPath = Dictionary(sources.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        diagnostics.dropAllowedWarnings(sources: byPath)
        return CompileResult(diagnostics: diagnostics, sources: byPath, checked: checked, artifacts: nil)
    }
}

extension SpecSet {
    mutating func append(_ other: SpecSet) {
        forms += other.forms
        procedures += other.procedures
        optionLists += other.optionLists
        projects += other.projects
        changelogs += other.changelogs
        sources += other.sources
        bundles += other.bundles
    }
}

extension Compiler {
    /// One file read into a tree and decoded on its own: what it declares, and what was wrong.
    static func decode(_ source: SourceFile, limits: SourceLimits) -> (specs: SpecSet, diagnostics: [Diagnostic]) {
        let engine = DiagnosticEngine()
        var specs = SpecSet()
        let reader = YAMLReader(file: source.path, limits: limits, diagnostics: engine)
        if let root = reader.read(source.bytes) {
            SpecDecoder(file: source.path, diagnostics: engine, source: source).decode(root, into: &specs)
        }
        return (specs, engine.diagnostics)
    }
}

/// What the Check stage keeps between runs of one project: each form's checks, its examples'
/// verdicts and each procedure's fee and service checks, with the diagnostics they reported, keyed by
/// the fingerprints of the files they read. Entries no run used are dropped, so it holds one project's
/// worth at most.
public final class CheckCache {
    /// A unit of checking: a form (or its examples, or a procedure) in a file with these bytes, with
    /// these shared inputs (option lists, project, catalogue, date). Hashed once, when made: a key
    /// is looked up, marked used and swept on every run, for every unit of the project.
    struct Key: Hashable {
        let file: String
        let fingerprint: Int
        let unit: String
        let shared: Int
        private let hash: Int

        init(file: String, fingerprint: Int, unit: String, shared: Int) {
            (self.file, self.fingerprint, self.unit, self.shared) = (file, fingerprint, unit, shared)
            var hasher = Hasher()
            hasher.combine(file)
            hasher.combine(fingerprint)
            hasher.combine(unit)
            hasher.combine(shared)
            hash = hasher.finalize()
        }

        static func == (a: Key, b: Key) -> Bool {
            a.hash == b.hash && a.fingerprint == b.fingerprint && a.shared == b.shared && a.file == b.file && a.unit == b.unit
        }

        func hash(into hasher: inout Hasher) { hasher.combine(hash) }
    }

    /// The entries of one kind of unit, and which of them this run used: what no run used (an
    /// edited file's old version) is dropped when the run finishes.
    struct Table<Entry> {
        private var entries: [Key: Entry] = [:]
        private var used: Set<Key> = []
        fileprivate var storedThisRun = 0

        subscript(key: Key) -> Entry? { entries[key] }

        var count: Int { entries.count }

        mutating func store(_ entry: Entry, at key: Key) {
            entries[key] = entry
            used.insert(key)
            storedThisRun += 1
        }

        mutating func use(_ key: Key) { used.insert(key) }

        /// The entry at `key`, made and stored when there is none; used either way.
        mutating func entry(at key: Key, orMake make: () -> Entry) -> Entry {
            if let entry = entries[key] {
                used.insert(key)
                return entry
            }
            let entry = make()
            store(entry, at: key)
            return entry
        }

        /// Every used key has an entry, so equal counts mean nothing to drop (the common case: no
        /// table walked); otherwise only the unused keys are removed.
        fileprivate mutating func sweep() {
            if used.count != entries.count {
                for key in entries.keys.filter({ !used.contains($0) }) { entries.removeValue(forKey: key) }
            }
            used.removeAll(keepingCapacity: true)
            storedThisRun = 0
        }
    }

    struct FormEntry: Sendable {
        var form: FormSpec
        var diagnostics: [Diagnostic]
        var usedLists: Set<String>
        /// What citizens read, checked with the form (reported after every other check, as it
        /// always was): the lints, then the missing translations, and how many texts have English.
        var readability: [Diagnostic] = []
        var translations: [Diagnostic] = []
        var coverage = (translated: 0, total: 0)
    }

    struct ExamplesEntry: Sendable {
        var outcomes: [[ValidationError]]
        var diagnostics: [Diagnostic]
    }

    struct ProcedureEntry {
        var procedure: ProcedureSpec
        var diagnostics: [Diagnostic]
        var serviceDiagnostics: [Diagnostic]
        /// The procedure's texts without English, and how many have it (as a form's).
        var translations: [Diagnostic]
        var coverage: (translated: Int, total: Int)
    }

    struct BundleEntry: Sendable {
        var declaration: CombinedDeclaration?
        var exampleErrors: [ValidationError]
        var diagnostics: [Diagnostic]
    }

    /// The fingerprint of each spec file's bytes in this run.
    var fingerprints: [String: Int] = [:]
    var catalogue: (catalogue: AdministrativeUnitCatalogue, source: SourceFile)?
    var forms = Table<FormEntry>()
    var examples = Table<ExamplesEntry>()
    /// A procedure's own checks (its cases, documents and ids), while every form it names exists.
    var procedureChecks = Table<[Diagnostic]>()
    var procedures = Table<ProcedureEntry>()
    var bundles = Table<BundleEntry>()
    /// Whether a form fills a field from another form of the dossier (a walk of all its fields,
    /// remembered while its file is unchanged).
    var readsOtherForms = Table<Bool>()
    /// How many units the last run checked rather than reused.
    private(set) var lastRunChecked = 0

    public init() {}

    func fingerprint(_ file: String) -> Int? { fingerprints[file] }

    func key(file: String, unit: String, shared: Int) -> Key? {
        fingerprint(file).map { Key(file: file, fingerprint: $0, unit: unit, shared: shared) }
    }

    /// What every unit reads besides its own file: the option lists' and project's files, the
    /// catalogue, the date, the profile asked for.
    func sharedKey(_ specs: SpecSet, catalogue: SourceFile?, today: CalendarDate, serviceProfile: String?) -> Int? {
        var hasher = Hasher()
        for file in Set(specs.optionLists.map(\.file) + specs.projects.map(\.file) + specs.sources.map(\.file)).sorted() {
            guard let fingerprint = fingerprint(file) else { return nil }
            hasher.combine(file)
            hasher.combine(fingerprint)
        }
        hasher.combine(catalogue?.path)
        hasher.combine(catalogue?.bytes)
        hasher.combine(today.description)
        hasher.combine(serviceProfile)
        return hasher.finalize()
    }

    /// Entries of every kind: after a run, those of the units it checked or reused, no more.
    var entryCount: Int {
        forms.count + examples.count + procedureChecks.count + procedures.count + bundles.count + readsOtherForms.count
    }

    /// Drops what this run did not use: the old versions of edited files.
    func finishRun() {
        lastRunChecked = forms.storedThisRun + examples.storedThisRun + procedureChecks.storedThisRun
            + procedures.storedThisRun + bundles.storedThisRun
        forms.sweep()
        examples.sweep()
        procedureChecks.sweep()
        procedures.sweep()
        bundles.sweep()
        readsOtherForms.sweep()
    }
}
