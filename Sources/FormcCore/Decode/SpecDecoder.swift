/// Everything decoded from a set of spec files, before references are resolved.
public struct SpecSet: Sendable {
    public var forms: [FormSpec] = []
    public var procedures: [ProcedureSpec] = []
    public var optionLists: [OptionList] = []
    public var projects: [ProjectSpec] = []
    public var changelogs: [Changelog] = []
    public var sources: [DataSource] = []
    public var bundles: [ProcedureBundle] = []

    public init() {}
}

/// Turns the root node of one file into the spec it declares. The kind of spec is chosen by its
/// identifying key: `form:`, `procedure:`, `options:`, `project:`, `changelog:`, `data_source:` or `bundle:`.
struct SpecDecoder {
    let decoder: NodeDecoder
    let file: String

    init(file: String, diagnostics: DiagnosticEngine, source: SourceFile? = nil) {
        self.file = file
        decoder = NodeDecoder(diagnostics: diagnostics, source: source)
    }

    var diagnostics: DiagnosticEngine { decoder.diagnostics }

    static let kinds = ["form", "procedure", "options", "project", "changelog", "data_source", "bundle"]
    static let bundleKeys = ["formc", "bundle", "version", "code", "name", "source", "members", "shared", "issued", "fee_examples"]
    static let sourceKeys = ["formc", "data_source", "title", "held_by", "correction", "attributes", "replaces"]
    static let changelogKeys = ["formc", "changelog", "entries"]
    static let optionListKeys = ["formc", "options", "title", "choices"]
    static let projectKeys = ["formc", "project", "administrative_units", "service_profile", "plugins", "paper", "swift", "languages"]

    func decode(_ root: YAMLNode, into specs: inout SpecSet) {
        guard case .mapping(let pairs) = root.content else {
            decoder.wrongKind(root, expected: "a mapping", for: "a spec file")
            return
        }
        let kinds = pairs.filter { Self.kinds.contains($0.key) }
        guard let kind = kinds.first else {
            diagnostics.emit(
                .unknownSpecKind,
                "spec file declares no 'form:', 'procedure:', 'options:', 'project:', 'changelog:', 'data_source:' or 'bundle:' key", at: root.location)
            return
        }
        if kinds.count > 1 {
            diagnostics.emit(
                .unknownSpecKind, "a spec file declares one thing; this one has both '\(kind.key)' and '\(kinds[1].key)'",
                at: kinds[1].keyLocation)
            return
        }
        checkFormatVersion(pairs, root: root)
        switch kind.key {
        case "form": if let form = FormDecoder(decoder: decoder, file: file).decode(root) { specs.forms.append(form) }
        case "procedure": if let p = ProcedureDecoder(decoder: decoder, file: file).decode(root) { specs.procedures.append(p) }
        case "options": if let list = decodeOptionList(root) { specs.optionLists.append(list) }
        case "changelog": if let changelog = decodeChangelog(root) { specs.changelogs.append(changelog) }
        case "data_source": if let source = decodeSource(root) { specs.sources.append(source) }
        case "bundle": if let bundle = decodeBundle(root) { specs.bundles.append(bundle) }
        default: if let project = decodeProject(root) { specs.projects.append(project) }
        }
    }

    /// `formc: 1` states the spec format version; it is required so that a future format can change.
    private func checkFormatVersion(_ pairs: [YAMLPair], root: YAMLNode) {
        guard let pair = pairs.first(where: { $0.key == "formc" }) else {
            diagnostics.emit(
                .missingKey, "spec file is missing 'formc: 1' (the spec format version)", at: root.location,
                fixIts: [.init("insert 'formc: 1'", range: SourceRange(start: root.location, end: root.location), replacement: "formc: 1\n")])
            return
        }
        if pair.value.scalarText != "1" {
            diagnostics.emit(
                .unsupportedFormatVersion,
                "spec format version '\(pair.value.scalarText ?? pair.value.kindName)' is not supported; this formc reads version 1",
                at: pair.value.location)
        }
    }

    private func decodeOptionList(_ root: YAMLNode) -> OptionList? {
        guard let map = decoder.mapping(root, "option list", allowed: Self.optionListKeys),
            let idNode = map["options"], let id = decoder.identifier(idNode, .snake, for: "option list id")
        else { return nil }
        let title = map["title"].flatMap { decoder.localized($0, for: "option list title") }
        guard let choicesNode = decoder.required(map, "choices", in: "option list") else { return nil }
        return OptionList(id: id, title: title, choices: decodeChoices(choicesNode), file: file)
    }

    /// Choices as a mapping from value to label: `{ ban_than: { vi: Bản thân, en: Self } }`.
    func decodeChoices(_ node: YAMLNode) -> [OptionChoice] {
        guard case .mapping(let pairs) = node.content else {
            decoder.wrongKind(node, expected: "a mapping from option value to label", for: "choices")
            return []
        }
        if pairs.isEmpty {
            diagnostics.emit(.invalidValue, "an option list needs at least one choice", at: node.location)
        }
        return pairs.compactMap { pair in
            guard IdentifierRule.optionValue.accepts(pair.key) else {
                diagnostics.emit(
                    .invalidIdentifier, "option value '\(pair.key)' is not valid: \(IdentifierRule.optionValue.explanation)",
                    at: pair.keyLocation)
                return nil
            }
            guard let label = decoder.localized(pair.value, for: "label of option '\(pair.key)'") else { return nil }
            return OptionChoice(value: pair.key, label: label, location: pair.keyLocation)
        }
    }

    /// A data source a form may prefill from: its attributes are declared as fields are (a type,
    /// a label, options), so bindings are type-checked (docs/data-reuse.md).
    private func decodeSource(_ root: YAMLNode) -> DataSource? {
        guard let map = decoder.mapping(root, "data source", allowed: Self.sourceKeys),
            let id = map["data_source"].flatMap({ decoder.identifier($0, .snake, for: "data source id") })
        else { return nil }
        let title = decoder.required(map, "title", in: "data source").flatMap { decoder.localized($0, for: "title of data source") }
        let heldBy = decoder.required(map, "held_by", in: "data source").flatMap { decoder.localized($0, for: "held_by") }
        let correction = map["correction"].flatMap { decoder.localized($0, for: "correction") }
        let formDecoder = FormDecoder(decoder: decoder, file: file)
        let attributes = decoder.required(map, "attributes", in: "data source").map { formDecoder.decodeFields($0, isSection: false).fields } ?? []
        for attribute in attributes where [.group, .repeat, .file, .address_vn, .multi_choice].contains(attribute.kind) || attribute.prefill != nil || !attribute.logic.isEmpty {
            diagnostics.emit(
                .invalidValue, "attribute '\(attribute.name)' must hold one plain value (no group, repeat, file, address_vn or multi_choice), with no logic and no prefill",
                at: attribute.location)
        }
        let replaces = (map["replaces"].flatMap { decoder.list($0, for: "replaces") } ?? []).compactMap { decoder.identifier($0, .snake, for: "document id") }
        guard let title, let heldBy else { return nil }
        var source = DataSource(id: id, title: title, heldBy: heldBy, correction: correction, attributes: attributes, file: file)
        source.replaces = replaces
        return source
    }

    /// A combined procedure: its members (a procedure and the document of it the combined declaration
    /// fills) and the fields they share (`bound: owner`, each `member.section.field`).
    private func decodeBundle(_ root: YAMLNode) -> ProcedureBundle? {
        guard let map = decoder.mapping(root, "bundle", allowed: Self.bundleKeys),
            let id = map["bundle"].flatMap({ decoder.identifier($0, .kebab, for: "bundle id") })
        else { return nil }
        let name = decoder.required(map, "name", in: "bundle").flatMap { decoder.localized($0, for: "name of bundle") }
        let version = decoder.required(map, "version", in: "bundle").flatMap(decoder.semanticVersion)
        let members = (decoder.required(map, "members", in: "bundle").flatMap { decoder.list($0, for: "members") } ?? []).compactMap { node -> ProcedureBundle.Member? in
            guard let member = decoder.mapping(node, "bundle member", allowed: ["id", "procedure", "document", "case"]),
                let id = decoder.required(member, "id", in: "bundle member").flatMap({ decoder.identifier($0, .snake, for: "member id") }),
                let procedure = decoder.required(member, "procedure", in: "bundle member").flatMap({ decoder.string($0, for: "procedure code") }),
                let document = decoder.required(member, "document", in: "bundle member").flatMap({ decoder.identifier($0, .snake, for: "document id") })
            else { return nil }
            return ProcedureBundle.Member(
                id: id, procedure: procedure, document: document, caseID: member["case"].flatMap { decoder.identifier($0, .snake, for: "case") })
        }
        if members.count == 1 { diagnostics.emit(.invalidValue, "a bundle combines at least two procedures", at: root.location) }
        var shared: [ProcedureBundle.Binding] = []
        if let node = map["shared"] {
            if case .mapping(let pairs) = node.content {
                for pair in pairs {
                    guard let owner = decoder.string(pair.value, for: "the field '\(pair.key)' is bound to") else { continue }
                    shared.append(.init(bound: Located(pair.key, at: pair.keyLocation), owner: owner))
                }
            } else {
                decoder.wrongKind(node, expected: "a mapping from a bound field to the field that owns it", for: "shared")
            }
        }
        guard let name, let version else { return nil }
        var bundle = ProcedureBundle(
            id: id, version: version, name: name, source: map["source"].flatMap { decoder.string($0, for: "source") }?.value,
            members: members, shared: shared, file: file)
        bundle.code = map["code"].flatMap { decoder.string($0, for: "code") }?.value
        bundle.feeExamples = map["fee_examples"].map(ProcedureDecoder(decoder: decoder, file: file).decodeFeeExamples) ?? []
        if let node = map["issued"] {
            if case .mapping(let pairs) = node.content {
                bundle.issued = pairs.compactMap { pair in
                    decoder.identifier(pair.value, .snake, for: "the member whose result gives '\(pair.key)'").map {
                        ProcedureBundle.Issued(field: Located(pair.key, at: pair.keyLocation), by: $0)
                    }
                }
            } else {
                decoder.wrongKind(node, expected: "a mapping from a field to the member whose result gives it", for: "issued")
            }
        }
        return bundle
    }

    /// A form's changelog: what each version changed, in words, and the breaking changes a version
    /// makes on purpose without a new major (docs/evolution.md).
    private func decodeChangelog(_ root: YAMLNode) -> Changelog? {
        guard let map = decoder.mapping(root, "changelog", allowed: Self.changelogKeys),
            let form = map["changelog"].flatMap({ decoder.identifier($0, .kebab, for: "changelog form id") })
        else { return nil }
        let entries = (map["entries"].flatMap { decoder.list($0, for: "entries") } ?? []).compactMap { node -> Changelog.Entry? in
            guard let entry = decoder.mapping(node, "changelog entry", allowed: ["version", "date", "note", "accepts"]),
                let version = decoder.required(entry, "version", in: "changelog entry").flatMap(decoder.semanticVersion)
            else { return nil }
            let accepts = (entry["accepts"].flatMap { decoder.list($0, for: "accepts") } ?? []).compactMap { item -> Located<String>? in
                guard let id = decoder.string(item, for: "accepted change") else { return nil }
                guard DiagnosticID.changes.contains(where: { $0.code == id.value && $0.severity == .error }) else {
                    diagnostics.emit(.invalidValue, "accepts names the breaking changes (D01xx) a version makes on purpose, found '\(id.value)'", at: item.location)
                    return nil
                }
                return id
            }
            return Changelog.Entry(
                version: version, date: entry["date"].flatMap { decoder.date($0, for: "date") }?.value,
                note: entry["note"].flatMap { decoder.localized($0, for: "changelog note") }, accepts: accepts)
        }
        return Changelog(form: form, entries: entries, file: file)
    }

    private func decodeProject(_ root: YAMLNode) -> ProjectSpec? {
        guard let map = decoder.mapping(root, "project", allowed: Self.projectKeys),
            let nameNode = map["project"], let name = decoder.nonEmptyString(nameNode, for: "project name")
        else { return nil }
        let units = map["administrative_units"].flatMap { decoder.nonEmptyString($0, for: "administrative_units") }
        var profile: Located<String>?
        if let node = map["service_profile"], let text = decoder.string(node, for: "service_profile") {
            if ServiceProfiles.named(text.value) == nil {
                diagnostics.emit(
                    .invalidValue, "service_profile must be one of \(ServiceProfiles.all.map(\.id).joined(separator: ", ")), found '\(text.value)'",
                    at: node.location)
            } else {
                profile = text
            }
        }
        let plugins = (map["plugins"].flatMap { decoder.list($0, for: "plugins") } ?? []).compactMap { node -> ExternalPluginSpec? in
            guard let entry = decoder.mapping(node, "plugin", allowed: ["name", "capability", "command", "timeout_seconds"]),
                let pluginName = decoder.required(entry, "name", in: "plugin").flatMap({ decoder.identifier($0, .kebab, for: "plugin name") }),
                let capability = decoder.required(entry, "capability", in: "plugin").flatMap({ decoder.enumeration($0, Capability.self, for: "capability") }),
                let commandNode = decoder.required(entry, "command", in: "plugin")
            else { return nil }
            let command = (decoder.list(commandNode, for: "command") ?? []).compactMap { decoder.nonEmptyString($0, for: "command") }.map(\.value)
            if command.isEmpty {
                diagnostics.emit(.invalidValue, "a plugin's command is a non-empty list: the program, then its arguments", at: commandNode.location)
                return nil
            }
            let timeout = entry["timeout_seconds"].flatMap { decoder.int($0, for: "timeout_seconds", in: 1...600) }?.value ?? 10
            return ExternalPluginSpec(name: pluginName, capability: capability, command: command, timeoutSeconds: timeout)
        }
        var project = ProjectSpec(name: name, administrativeUnits: units, serviceProfile: profile, plugins: plugins, file: file)
        if let node = map["paper"], let paper = decoder.mapping(node, "paper", allowed: ["english"]) {
            project.paperEnglish = paper["english"].flatMap { decoder.bool($0, for: "english") } ?? false
        }
        if let node = map["languages"], let list = decoder.list(node, for: "languages") {
            var languages: [String] = []
            for item in list {
                guard let language = decoder.string(item, for: "language") else { continue }
                guard ["vi", "en"].contains(language.value) else {
                    diagnostics.emit(.invalidValue, "languages are vi and en, found '\(language.value)'", at: item.location)
                    continue
                }
                if !languages.contains(language.value) { languages.append(language.value) }
            }
            if !languages.contains("vi") {
                diagnostics.emit(.invalidValue, "languages must include vi: Vietnamese is always published", at: node.location)
            }
            project.languages = ["vi"] + languages.filter { $0 != "vi" }
        }
        if let node = map["swift"], let swift = decoder.mapping(node, "swift", allowed: ["access"]) {
            project.swiftAccess = swift["access"].flatMap { decoder.enumeration($0, SwiftAccess.self, for: "access") } ?? .public
        }
        return project
    }
}
