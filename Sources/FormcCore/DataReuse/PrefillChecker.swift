/// Checks each field's `prefill:` against the data sources: the source and attribute exist, the
/// attribute's values are values the field accepts, the field is one a value can be put in, and a
/// locked value is one the citizen always sees (docs/data-reuse.md).
struct PrefillChecker {
    let diagnostics: DiagnosticEngine
    /// Every source by id: the built-in ones and the project's.
    let sources: [String: DataSource]
    /// The forms by id (the latest version of each), for bindings to another form of the dossier, and
    /// the option lists their choices may name.
    var forms: [String: FormSpec] = [:]
    var optionLists: [String: OptionList] = [:]
    /// The form being checked.
    var current = ""

    /// Checks every binding of the form, and fills each good one in with what its source says of
    /// itself (who holds the data, how to correct it); a binding with a problem is dropped.
    func check(_ form: inout FormSpec) {
        var checker = self
        checker.current = form.id.value
        for index in form.sections.indices { checker.walk(&form.sections[index], path: form.sections[index].name, hiddenBy: nil, inRepeat: false) }
    }

    /// `hiddenBy` is the nearest field (this one or a group around it) with a `visible_when`.
    private func walk(_ field: inout FieldSpec, path: String, hiddenBy: FieldSpec?, inRepeat: Bool) {
        let hiddenBy = field.logic.visibleWhen != nil ? field : hiddenBy
        if let binding = field.prefill {
            field.prefill = check(binding, on: field, path: path, hiddenBy: hiddenBy, inRepeat: inRepeat)
        }
        let inRepeat = inRepeat || field.kind == .repeat
        for index in field.fields.indices {
            walk(&field.fields[index], path: path + "." + field.fields[index].name, hiddenBy: hiddenBy, inRepeat: inRepeat)
        }
    }

    private func check(_ binding: PrefillBinding, on field: FieldSpec, path: String, hiddenBy: FieldSpec?, inRepeat: Bool) -> PrefillBinding? {
        guard !binding.fromForm else { return checkFormBinding(binding, on: field, path: path, hiddenBy: hiddenBy, inRepeat: inRepeat) }
        guard let source = sources[binding.source.value] else {
            let suggestion = Suggest.closest(to: binding.source.value, among: sources.keys.sorted())
            diagnostics.emit(
                .unresolvedReference, "no data source named '\(binding.source.value)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                at: binding.source.location, notes: [.init("the sources: \(sources.keys.sorted().joined(separator: ", "))")])
            return nil
        }
        guard let attribute = source.attribute(binding.attribute.value) else {
            let names = source.attributes.map(\.name)
            let suggestion = Suggest.closest(to: binding.attribute.value, among: names)
            diagnostics.emit(
                .unresolvedReference, "data source '\(source.id.value)' has no attribute '\(binding.attribute.value)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                at: binding.attribute.location, notes: [.init("its attributes: \(names.joined(separator: ", "))")])
            return nil
        }
        return checkPlace(binding, attribute: attribute, on: field, path: path, hiddenBy: hiddenBy, inRepeat: inRepeat, heldBy: source.heldBy, correction: source.correction)
    }

    /// A binding to a field of another form of the dossier: the form and the field exist, and the
    /// field holds one answer outside any repeat.
    private func checkFormBinding(_ binding: PrefillBinding, on field: FieldSpec, path: String, hiddenBy: FieldSpec?, inRepeat: Bool) -> PrefillBinding? {
        guard let other = forms[binding.source.value], binding.source.value != current else {
            let ids = forms.keys.filter { $0 != current }.sorted()
            let suggestion = binding.source.value == current ? nil : Suggest.closest(to: binding.source.value, among: ids)
            diagnostics.emit(
                .unresolvedReference,
                binding.source.value == current ? "a field is not filled in from its own form; name another form of the dossier"
                    : "no form named '\(binding.source.value)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                at: binding.source.location)
            return nil
        }
        var fields = other.sections, target: FieldSpec?, repeated = false
        for name in binding.attribute.value.split(separator: ".").map(String.init) {
            guard let next = fields.first(where: { $0.name == name }) else {
                let suggestion = Suggest.closest(to: name, among: fields.map(\.name))
                diagnostics.emit(
                    .unresolvedReference, "form '\(other.id.value)' has no field '\(binding.attribute.value)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                    at: binding.attribute.location)
                return nil
            }
            if next.kind == .repeat { repeated = true }
            target = next
            fields = next.fields
        }
        guard var attribute = target, !attribute.kind.hasFields, !repeated else {
            diagnostics.emit(.prefillMismatch, "'\(binding.attribute.value)' of form '\(other.id.value)' is not a single answer outside any repeat", at: binding.attribute.location)
            return nil
        }
        if case .shared(let id)? = attribute.optionSource { attribute.choices = optionLists[id.value]?.choices ?? [] }
        let title = other.title
        return checkPlace(
            binding, attribute: attribute, on: field, path: path, hiddenBy: hiddenBy, inRepeat: inRepeat,
            heldBy: LocalizedText(vi: "tờ khai «\(title.vi)» trong cùng hồ sơ", en: "the form «\(title.en ?? title.vi)» of the same dossier"),
            correction: LocalizedText(vi: "Nếu thông tin này chưa đúng, sửa lại trong tờ khai đó.", en: "If this is wrong, correct it in that form."))
    }

    /// What every binding needs of its field, whatever the source; the binding with who holds the data.
    private func checkPlace(
        _ binding: PrefillBinding, attribute: FieldSpec, on field: FieldSpec, path: String, hiddenBy: FieldSpec?, inRepeat: Bool,
        heldBy: LocalizedText, correction: LocalizedText?
    ) -> PrefillBinding? {
        if field.kind.hasFields || field.kind == .file {
            diagnostics.emit(.prefillMismatch, "'\(path)' is a \(field.kind.rawValue); only a field that holds one value can be prefilled", at: binding.location)
            return nil
        }
        if field.logic.compute != nil {
            diagnostics.emit(.prefillMismatch, "'\(path)' is computed from other answers; it cannot also be filled in from '\(binding.reference)'", at: binding.location)
            return nil
        }
        if inRepeat {
            diagnostics.emit(.prefillMismatch, "'\(path)' is in a list the citizen repeats; a source has one value, and no item to put it in", at: binding.location)
            return nil
        }
        if let problem = Self.mismatch(attribute, into: field) {
            diagnostics.emit(
                .prefillMismatch, "'\(binding.reference)' is \(Self.describe(attribute)) and '\(path)' is \(Self.describe(field)): \(problem)",
                at: binding.location)
            return nil
        }
        if binding.mode == .locked, let hiding = hiddenBy {
            let whose = hiding.name == field.name ? "it has" : "its section '\(hiding.name)' has"
            diagnostics.emit(
                .lockedPrefillHidden,
                "'\(path)' is locked to '\(binding.reference)', but \(whose) visible_when: a hidden answer is not submitted, so the locked value could be missing; make it editable, or show it always",
                at: binding.location, notes: hiding.logic.visibleWhen.map { [.init("the condition is here", at: $0.location)] } ?? [])
            return nil
        }
        var resolved = binding
        (resolved.heldBy, resolved.correction) = (heldBy, correction)
        return resolved
    }

    /// Why every value of the attribute is not a value of the field's type, or nil when it is.
    static func mismatch(_ attribute: FieldSpec, into field: FieldSpec) -> String? {
        if attribute.kind == field.kind {
            guard field.kind == .choice || field.kind == .multi_choice else { return nil }
            let offered = Set(field.choices.map(\.value))
            let missing = attribute.choices.map(\.value).filter { !offered.contains($0) }
            return missing.isEmpty ? nil : "the source may give \(missing.map { "'\($0)'" }.joined(separator: ", ")), which the field does not offer"
        }
        // Every text-like value is text; a text is not a CCCD number, a date or an address.
        if field.kind == .text && textLike.contains(attribute.kind) { return nil }
        return "a value of one is not a value of the other"
    }

    static let textLike: Set<FieldKind> = [.text, .person_name, .cccd, .cmnd, .tax_code, .bhxh, .phone_vn, .email]

    static func describe(_ field: FieldSpec) -> String {
        let kind = field.kind.rawValue
        return "aeiou".contains(kind.first!) ? "an \(kind)" : "a \(kind)"
    }
}
