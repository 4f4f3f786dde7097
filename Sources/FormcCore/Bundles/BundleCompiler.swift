/// A combined procedure compiled: the members resolved, the shared fields checked, and the combined
/// declaration built as an ordinary form, so every form artifact (schemas, validators, logic, UI
/// schema, vectors) comes from the emitters every form goes through.
///
/// The combined declaration has one top-level group per member holding that member's form, minus the
/// fields bound to another member's (asked once, by their owner). The members' expressions are
/// carried over already checked: each path is moved under its member's group, and a path to a bound
/// field reads the owner's answer instead, so the combined form decides exactly what the members'
/// forms decide on the answers the split map gives them.
public struct CombinedDeclaration: Sendable {
    public struct Member: Sendable {
        public var id: String
        public var procedure: ProcedureSpec
        public var document: String
        /// The member's case in the bundle (its fees are computed for it).
        public var caseID: String?
        public var form: FormSpec
        /// Member-relative JSON Pointer of each bound field, with the combined pointer of its owner.
        public var copies: [(to: String, from: String)]
        /// Member-relative JSON Pointers of the fields another member's result gives, with that member.
        public var issued: [(path: String, by: String)] = []
    }

    public var bundle: ProcedureBundle
    public var form: FormSpec
    public var members: [Member]
}

struct BundleCompiler {
    let diagnostics: DiagnosticEngine

    /// A field reached from a member's form root, with what lies around it.
    private struct Place {
        var member: Int
        var keys: [String]
        var field: FieldSpec
        var inRepeat: Bool
        var hiddenBy: FieldSpec?
    }

    /// `procedures` by code; `forms` keyed as documents name them (`ProcedureEmitter.latestForms`);
    /// `online` the codes whose plan in this build includes online submission.
    func compile(_ bundle: ProcedureBundle, procedures: [String: ProcedureSpec], forms: [String: FormSpec], online: Set<String>) -> CombinedDeclaration? {
        var members: [CombinedDeclaration.Member] = []
        var seen: [String: SourceLocation] = [:]
        for member in bundle.members {
            if let first = seen[member.id.value] {
                diagnostics.emit(.duplicateID, "bundle member '\(member.id.value)' is declared twice", at: member.id.location, notes: [.init("the first is here", at: first)])
                continue
            }
            seen[member.id.value] = member.id.location
            guard let procedure = procedures[member.procedure.value] else {
                let suggestion = Suggest.closest(to: member.procedure.value, among: procedures.keys.sorted())
                diagnostics.emit(.unresolvedReference, "no procedure with code '\(member.procedure.value)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""), at: member.procedure.location)
                continue
            }
            let documents = procedure.cases.flatMap(\.documents)
            guard let document = documents.first(where: { $0.id.value == member.document.value }) else {
                let suggestion = Suggest.closest(to: member.document.value, among: documents.map(\.id.value))
                diagnostics.emit(
                    .unresolvedReference, "procedure \(procedure.code.value) has no document '\(member.document.value)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                    at: member.document.location)
                continue
            }
            guard let reference = document.form, let form = forms[reference.value] else {
                diagnostics.emit(.invalidValue, "document '\(member.document.value)' of procedure \(procedure.code.value) is not filled with a form; a combined declaration is made of forms", at: member.document.location)
                continue
            }
            if !online.contains(procedure.code.value) {
                diagnostics.emit(
                    .serviceRequirement, "procedure \(procedure.code.value) is not offered for online submission in this build, so it cannot be part of a combined online declaration",
                    at: member.procedure.location)
            }
            var caseID = procedure.cases.first { $0.documents.contains { $0.id.value == member.document.value } }?.id.value
            if let chosen = member.caseID {
                guard procedure.cases.contains(where: { $0.id.value == chosen.value && $0.documents.contains { $0.id.value == member.document.value } }) else {
                    let suggestion = Suggest.closest(to: chosen.value, among: procedure.cases.map(\.id.value))
                    diagnostics.emit(
                        .unresolvedReference, "procedure \(procedure.code.value) has no case '\(chosen.value)' with document '\(member.document.value)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                        at: chosen.location)
                    continue
                }
                caseID = chosen.value
            }
            members.append(.init(id: member.id.value, procedure: procedure, document: member.document.value, caseID: caseID, form: form, copies: []))
        }
        guard members.count == bundle.members.count, members.count >= 2 else { return nil }

        // The shared fields: each bound field is asked once, by its owner. By the bound field's path.
        var bound: [String: (field: Place, owner: Place)] = [:], failed = false
        for binding in bundle.shared {
            guard let target = place(binding.bound, in: members), let source = place(binding.owner, in: members) else { failed = true; continue }
            if let problem = Self.sharingProblem(bound: target, owner: source, members: members) {
                diagnostics.emit(.sharedFieldMismatch, "'\(binding.bound.value)' cannot be bound to '\(binding.owner.value)': \(problem)", at: binding.bound.location)
                failed = true
                continue
            }
            bound[binding.bound.value] = (target, source)
        }
        let owners = Set(bundle.shared.map(\.owner.value))
        for binding in bundle.shared where bound[binding.bound.value] != nil && owners.contains(binding.bound.value) {
            diagnostics.emit(.sharedFieldMismatch, "'\(binding.bound.value)' is bound to another field and owns one too; bind both to the field that owns the answer", at: binding.bound.location)
            failed = true
        }
        guard !failed else { return nil }

        // Each member's copies (bound ← owner) for the split map, and the path rewriting.
        var substitutions: [[String]: [String]] = [:]  // combined keys of a bound field → combined keys of its owner
        for (target, source) in bound.values {
            let to = [members[target.member].id] + target.keys, from = [members[source.member].id] + source.keys
            substitutions[to] = from
            members[target.member].copies.append((to: target.keys.map { "/" + $0 }.joined(), from: from.map { "/" + $0 }.joined()))
        }
        for index in members.indices { members[index].copies.sort { $0.to < $1.to } }
        // Fields another member's processing gives: not asked, not filled by the split.
        var issuedKeys: Set<[String]> = []
        for issued in bundle.issued {
            guard let target = place(issued.field, in: members) else { failed = true; continue }
            guard let by = members.firstIndex(where: { $0.id == issued.by.value }), by != target.member else {
                diagnostics.emit(
                    .unresolvedReference, "'\(issued.by.value)' is not another member of the bundle; a field is issued by a member's result (members: \(members.map(\.id).joined(separator: ", ")))",
                    at: issued.by.location)
                failed = true
                continue
            }
            if target.field.kind.hasFields || target.inRepeat || bound[issued.field.value] != nil {
                diagnostics.emit(.sharedFieldMismatch, "'\(issued.field.value)' cannot be issued: only a single answer, outside any repeat and not bound to another, can", at: issued.field.location)
                failed = true
                continue
            }
            issuedKeys.insert([members[target.member].id] + target.keys)
            members[target.member].issued.append((target.keys.map { "/" + $0 }.joined(), members[by].id))
        }
        guard !failed else { return nil }
        let requiredOwners = Set(bound.values.compactMap { target, source in target.field.required ? [members[source.member].id] + source.keys : nil })
        let boundKeys = Set(substitutions.keys).union(issuedKeys)

        var sections: [FieldSpec] = []
        var rules: [FormRule] = []
        for member in members {
            let rewrite = PathRewrite(member: member.id, substitutions: substitutions)
            var group = FieldSpec(name: member.id, location: bundle.members.first { $0.id.value == member.id }!.id.location, kind: .group)
            group.label = LocalizedText(vi: member.form.title.vi, en: member.form.title.en)
            group.required = true
            group.fields = member.form.sections.compactMap { rewrite.field($0, keys: [member.id], removing: boundKeys, requiredOwners: requiredOwners) }
            if !member.copies.isEmpty || !member.issued.isEmpty { group.required = PathRewrite.stillRequired(group) }
            sections.append(group)
            for rule in member.form.rules {
                var copy = rule
                copy.id = Located("\(member.id).\(rule.id.value)", at: rule.id.location)
                copy.paths = rule.paths.map(rewrite.pointer)
                copy.checked = rule.checked.map(rewrite.expression)
                rules.append(copy)
            }
        }
        let form = FormSpec(.init(
            id: bundle.id, version: bundle.version, title: bundle.name, titleLocation: bundle.id.location, description: nil,
            source: bundle.source, sections: sections, rules: rules, examples: [], file: bundle.file))
        return CombinedDeclaration(bundle: bundle, form: form, members: members)
    }

    /// `member.section.field` resolved in the member's form, or a located error.
    private func place(_ path: Located<String>, in members: [CombinedDeclaration.Member]) -> Place? {
        let parts = path.value.split(separator: ".").map(String.init)
        guard let memberIndex = members.firstIndex(where: { $0.id == parts.first }), parts.count >= 3 else {
            diagnostics.emit(
                .unresolvedReference, "'\(path.value)' must name a member and a field of its form: member.section.field (members: \(members.map(\.id).joined(separator: ", ")))",
                at: path.location)
            return nil
        }
        var fields = members[memberIndex].form.sections, found: FieldSpec?, inRepeat = false, hiddenBy: FieldSpec?
        for (depth, name) in parts.dropFirst().enumerated() {
            guard let field = fields.first(where: { $0.name == name }) else {
                let suggestion = Suggest.closest(to: name, among: fields.map(\.name))
                diagnostics.emit(
                    .unresolvedReference, "the form of member '\(parts[0])' has no field '\(parts[1...(depth + 1)].joined(separator: "."))'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                    at: path.location)
                return nil
            }
            if field.logic.visibleWhen != nil { hiddenBy = field }
            if depth < parts.count - 2 && field.kind == .repeat { inRepeat = true }
            found = field
            fields = field.fields
        }
        return Place(member: memberIndex, keys: Array(parts.dropFirst()), field: found!, inRepeat: inRepeat, hiddenBy: hiddenBy)
    }

    /// Why a bound field cannot take its owner's answer, or nil: both hold one value, outside any
    /// repeat, always shown; the bound field is not computed or conditionally required; and every
    /// value the owner accepts, the bound field accepts.
    private static func sharingProblem(bound: Place, owner: Place, members: [CombinedDeclaration.Member]) -> String? {
        if bound.member == owner.member { return "both are fields of member '\(members[bound.member].id)'; a field is shared between members" }
        for place in [bound, owner] {
            if place.field.kind.hasFields || place.field.kind == .file { return "'\(place.keys.joined(separator: "."))' is a \(place.field.kind.rawValue), not a single answer" }
            if place.inRepeat { return "'\(place.keys.joined(separator: "."))' is in a list the citizen repeats" }
            if let hiding = place.hiddenBy { return "'\(place.keys.joined(separator: "."))' can be hidden (visible_when on '\(hiding.name)'), and a hidden answer cannot be copied" }
        }
        if bound.field.logic.compute != nil || bound.field.logic.requiredWhen != nil {
            return "the bound field has its own logic (compute or required_when); bind a plain field"
        }
        if let mismatch = PrefillChecker.mismatch(owner.field, into: bound.field) { return mismatch }
        return constraintProblem(owner.field, bound.field)
    }

    /// A constraint of the bound field that an owner's valid answer could break.
    private static func constraintProblem(_ owner: FieldSpec, _ bound: FieldSpec) -> String? {
        func looser(_ o: Int?, _ b: Int?, upper: Bool) -> Bool {
            guard let b else { return false }
            guard let o else { return true }
            return upper ? o > b : o < b
        }
        if looser(owner.maxLength?.value, bound.maxLength?.value, upper: true) { return "the bound field allows at most \(bound.maxLength!.value) characters, the owner more" }
        if looser(owner.minLength?.value, bound.minLength?.value, upper: false) { return "the bound field needs at least \(bound.minLength!.value) characters, the owner fewer" }
        if let pattern = bound.pattern?.value, pattern != owner.pattern?.value { return "the bound field has its own pattern" }
        if let low = bound.minimum?.value, low != owner.minimum?.value { return "the bound field has its own lower bound" }
        if let high = bound.maximum?.value, high != owner.maximum?.value { return "the bound field has its own upper bound" }
        return nil
    }
}

/// Moves a member's checked form under its group in the combined declaration: every answer path
/// gains the member's key, a path to a bound field becomes its owner's, and repeats' keys follow.
struct PathRewrite {
    let member: String
    /// Combined keys of each bound field → combined keys of its owner.
    let substitutions: [[String]: [String]]

    func field(_ field: FieldSpec, keys: [String], removing bound: Set<[String]>, requiredOwners: Set<[String]>) -> FieldSpec? {
        let here = keys + [field.name]
        if bound.contains(here) { return nil }
        // Only what changes is written: a field without expressions or nested fields keeps the
        // member form's storage instead of a copy of it.
        var copy = field
        if requiredOwners.contains(here), field.logic.requiredWhen == nil { copy.required = true }
        let logic = field.logic
        if !logic.isBlank {
            copy.logic.checkedVisibleWhen = logic.checkedVisibleWhen.map(expression)
            copy.logic.checkedRequiredWhen = logic.checkedRequiredWhen.map(expression)
            copy.logic.checkedCompute = logic.checkedCompute.map(expression)
            copy.logic.checks = logic.checks.map { check in
                var check = check
                check.checked = expression(check.checked)
                return check
            }
        }
        if !field.fields.isEmpty {
            copy.fields = field.fields.compactMap { self.field($0, keys: here, removing: bound, requiredOwners: requiredOwners) }
            if copy.fields.count < field.fields.count { copy.required = Self.stillRequired(copy) }
        }
        return copy
    }

    /// A group that lost bound fields is required in the combined declaration only while something
    /// left in it is: splitting creates it for the bound fields anyway.
    static func stillRequired(_ group: FieldSpec) -> Bool {
        group.required && group.logic.requiredWhen == nil && group.fields.contains { $0.required || $0.logic.requiredWhen != nil }
    }

    /// A member's JSON Pointer in the combined declaration: under the member's group, or the owner's
    /// field for a bound one.
    func pointer(_ pointer: String) -> String {
        let keys = [member] + pointer.split(separator: "/").map(String.init)
        return (substitutions[keys] ?? keys).map { "/" + $0 }.joined()
    }

    func expression(_ checked: CheckedExpression) -> CheckedExpression {
        var copy = checked
        copy.paths = checked.paths.mapValues(path)
        return copy
    }

    func path(_ resolved: ResolvedPath) -> ResolvedPath {
        guard resolved.input == nil, resolved.document == nil else { return resolved }
        var copy = resolved
        copy.steps = [.member(member)] + resolved.steps.map { step in
            if case .items(let key, let current) = step { return .items(repeatKey: member + "." + key, current: current) }
            return step
        }
        // A path to a bound field (never inside a repeat) reads its owner's answer.
        let members = copy.steps.compactMap { step -> String? in if case .member(let name) = step { name } else { nil } }
        if members.count == copy.steps.count, let owner = substitutions[members] {
            copy.steps = owner.map { .member($0) }
        }
        return copy
    }
}
