/// Decodes a form spec: identity, sections and fields (recursively), examples.
struct FormDecoder {
    let decoder: NodeDecoder
    let file: String

    var diagnostics: DiagnosticEngine { decoder.diagnostics }

    static let formKeys = ["formc", "form", "version", "title", "description", "source", "paper", "sections", "rules", "examples"]
    static let sectionKeys = ["title", "hint", "required", "repeat", "fields", "required_when", "visible_when", "about", "paper", "renamed_from"]

    /// The constraint keys each field kind accepts, besides `type`, `label`, `hint` and `required`.
    static func keys(for kind: FieldKind) -> [String] {
        switch kind {
        case .text: ["min_length", "max_length", "pattern", "default", "compute"]
        case .person_name: ["min_length", "max_length", "default"]
        case .integer, .money_vnd: ["min", "max", "default", "compute"]
        case .date: ["min", "max", "default", "compute"]
        case .boolean: ["default", "compute"]
        case .datetime: ["default"]
        case .choice: ["options", "default", "compute"]
        case .multi_choice: ["options", "min_items", "max_items", "default"]
        case .cccd: ["matches"]
        case .email, .phone_vn, .cmnd, .tax_code, .bhxh, .address_vn: []
        case .file: ["accept", "max_size"]
        case .group: ["fields"]
        case .repeat: ["fields", "repeat"]
        }
    }

    static let commonFieldKeys = ["type", "label", "hint", "required", "required_when", "visible_when", "paper", "renamed_from", "prefill"]
    static let allFieldKeys: [String] = {
        var keys = commonFieldKeys
        for kind in FieldKind.allCases { keys += Self.keys(for: kind).filter { !keys.contains($0) } }
        return keys
    }()

    func decode(_ root: YAMLNode) -> FormSpec? {
        guard let map = decoder.mapping(root, "form", allowed: Self.formKeys) else { return nil }
        let id = map["form"].flatMap { decoder.identifier($0, .kebab, for: "form id") }
        let version = decoder.required(map, "version", in: "form").flatMap(decoder.semanticVersion)
        let titleNode = decoder.required(map, "title", in: "form")
        let title = titleNode.flatMap { decoder.localized($0, for: "form title") }
        let description = map["description"].flatMap { decoder.localized($0, for: "form description") }
        let source = map["source"].flatMap { decoder.nonEmptyString($0, for: "source") }?.value
        var sections: [FieldSpec] = [], undecodedSections: Set<String> = []
        if let sectionsNode = decoder.required(map, "sections", in: "form") {
            if case .mapping(let pairs) = sectionsNode.content, pairs.isEmpty {
                diagnostics.emit(.invalidValue, "a form needs at least one section", at: sectionsNode.location)
            }
            (sections, undecodedSections) = decodeFields(sectionsNode, isSection: true)
        }
        let rules = map["rules"].map(decodeRules) ?? []
        let examples = map["examples"].map { decodeExamples($0, ruleIDs: Set(rules.map(\.id.value))) } ?? []
        guard let id, let version, let title, let titleNode else { return nil }
        var form = FormSpec(.init(
            id: id, version: version, title: title, titleLocation: titleNode.location, description: description,
            source: source, sections: sections, rules: rules, examples: examples, file: file))
        form.undecodedSections = undecodedSections
        if let node = map["paper"] { form.paper = decodePaper(node) }
        return form
    }

    /// `paper:` on a form: the addressee, statements, footnotes and signatures of the official form.
    func decodePaper(_ node: YAMLNode) -> PaperLayout {
        var paper = PaperLayout(location: node.location)
        guard let map = decoder.mapping(node, "paper", allowed: ["addressee", "statements", "footnotes", "signatures"]) else { return paper }
        if let node = map["addressee"] {
            if node.scalarText == "agency" {
                paper.addressee = .agency
            } else if let text = decoder.localized(node, for: "addressee") {
                paper.addressee = .text(text)
            }
        }
        paper.statements = (map["statements"].flatMap { decoder.list($0, for: "statements") } ?? []).compactMap { decoder.localized($0, for: "statement") }
        paper.footnotes = (map["footnotes"].flatMap { decoder.list($0, for: "footnotes") } ?? []).compactMap { decoder.localized($0, for: "footnote") }
        paper.signatures = (map["signatures"].flatMap { decoder.list($0, for: "signatures") } ?? []).compactMap { item in
            guard let entry = decoder.mapping(item, "signature", allowed: ["title", "note"]),
                let title = decoder.required(entry, "title", in: "signature").flatMap({ decoder.localized($0, for: "signature title") })
            else { return nil }
            return PaperSignature(title: title, note: entry["note"].flatMap { decoder.localized($0, for: "signature note") })
        }
        return paper
    }

    /// `paper:` on a field or section: blank items of a repeat, its footnote, words for its condition.
    func decodeFieldPaper(_ node: YAMLNode, into field: inout FieldSpec) {
        guard let map = decoder.mapping(node, "paper", allowed: field.kind == .repeat ? ["items", "footnote", "note"] : ["footnote", "note"]) else { return }
        field.paper.items = map["items"].flatMap { decoder.int($0, for: "paper items", in: 1...20) }
        field.paper.footnote = map["footnote"].flatMap { decoder.int($0, for: "footnote", in: 1...99) }
        field.paper.note = map["note"].flatMap { decoder.localized($0, for: "paper note") }
    }

    /// A mapping from field (or section) name to its definition.
    /// The fields (or sections) declared, and the names of those declared with an error already
    /// reported, so an expression naming one of them is not reported a second time.
    func decodeFields(_ node: YAMLNode, isSection: Bool) -> (fields: [FieldSpec], undecoded: Set<String>) {
        let what = isSection ? "sections" : "fields"
        guard case .mapping(let pairs) = node.content else {
            decoder.wrongKind(node, expected: "a mapping from name to definition", for: what)
            return ([], [])
        }
        var undecoded: Set<String> = []
        let fields = pairs.compactMap { pair -> FieldSpec? in
            guard IdentifierRule.snake.accepts(pair.key) else {
                diagnostics.emit(
                    .invalidIdentifier, "\(isSection ? "section" : "field") name '\(pair.key)' is not valid: \(IdentifierRule.snake.explanation)",
                    at: pair.keyLocation)
                return nil
            }
            // In JSON Logic `….length` reads a text's length (len()), so no field may be called that.
            guard pair.key != "length" else {
                diagnostics.emit(.invalidIdentifier, "'length' is reserved: JSON Logic reads a text's length as ….length; choose another name, such as do_dai", at: pair.keyLocation)
                return nil
            }
            let field = isSection ? decodeSection(pair) : decodeField(pair)
            if field == nil { undecoded.insert(pair.key) }
            return field
        }
        return (fields, undecoded)
    }

    func decodeSection(_ pair: YAMLPair) -> FieldSpec? {
        var what: String { "section '\(pair.key)'" }
        guard let map = decoder.mapping(pair.value, what, allowed: Self.sectionKeys) else { return nil }
        var section = FieldSpec(name: pair.key, location: pair.keyLocation, kind: map["repeat"] == nil ? .group : .repeat)
        section.required = true  // sections are present unless they say otherwise
        section.label = decoder.required(map, "title", in: what).flatMap { decoder.localized($0, for: "title of \(what)") }
        section.hint = map["hint"].flatMap { decoder.localized($0, for: "hint of \(what)") }
        if let node = map["required"], let value = decoder.bool(node, for: "required") { section.required = value }
        if let node = map["repeat"] { decodeRepeatBounds(node, into: &section) }
        // `about: applicant`: the section describes the person filling the form, so a page may offer
        // the browser's saved name, birthday, phone, e-mail and address (ui.json's autocomplete).
        if let node = map["about"], let about = decoder.string(node, for: "about") {
            if about.value == "applicant" {
                section.aboutApplicant = true
            } else {
                diagnostics.emit(.invalidValue, "about must be 'applicant' (the section describes the person filling the form), found '\(about.value)'", at: node.location)
            }
        }
        if let node = decoder.required(map, "fields", in: what) { (section.fields, section.undecodedFields) = decodeFields(node, isSection: false) }
        if let node = map["paper"] { decodeFieldPaper(node, into: &section) }
        decodeLogic(map, into: &section)
        section.renamedFrom = map["renamed_from"].flatMap { decoder.identifier($0, .snake, for: "renamed_from") }
        return section
    }

    func decodeField(_ pair: YAMLPair) -> FieldSpec? {
        var what: String { "field '\(pair.key)'" }
        // Shorthand: `so_dinh_danh: cccd` is a field of that type with no constraints.
        if case .scalar = pair.value.content {
            guard let kind = fieldKind(pair.value) else { return nil }
            return FieldSpec(name: pair.key, location: pair.keyLocation, kind: kind)
        }
        guard case .mapping(let pairs) = pair.value.content else {
            decoder.wrongKind(pair.value, expected: "a mapping (or a type name)", for: what)
            return nil
        }
        guard let typeNode = pairs.first(where: { $0.key == "type" })?.value else {
            diagnostics.emit(.missingKey, "\(what) is missing required key 'type'", at: pair.value.location)
            return nil
        }
        guard let kind = fieldKind(typeNode) else { return nil }
        let allowed = Self.commonFieldKeys + Self.keys(for: kind)
        for entry in pairs where !allowed.contains(entry.key) {
            if Self.allFieldKeys.contains(entry.key) {
                diagnostics.emit(
                    .keyNotForType, "'\(entry.key)' does not apply to a field of type \(kind.rawValue)", at: entry.keyLocation,
                    notes: [.init("a \(kind.rawValue) field accepts: \(allowed.filter { $0 != "type" }.joined(separator: ", "))")])
            } else {
                decoder.unknownKey(entry, in: what, allowed: allowed)
            }
        }
        let map = NodeDecoder.Mapping(node: pair.value, pairs: pairs.filter { allowed.contains($0.key) })
        var field = FieldSpec(name: pair.key, location: pair.keyLocation, kind: kind)
        field.label = map["label"].flatMap { decoder.localized($0, for: "label of \(what)") }
        field.hint = map["hint"].flatMap { decoder.localized($0, for: "hint of \(what)") }
        if let node = map["required"], let value = decoder.bool(node, for: "required") { field.required = value }
        field.minimum = map["min"].flatMap { bound($0, for: kind, what: "min") }
        field.maximum = map["max"].flatMap { bound($0, for: kind, what: "max") }
        field.minLength = map["min_length"].flatMap { decoder.int($0, for: "min_length") }
        field.maxLength = map["max_length"].flatMap { decoder.int($0, for: "max_length") }
        field.pattern = map["pattern"].flatMap { node in
            // Point at the pattern's first character, inside the quotes if it is quoted.
            decoder.string(node, for: "pattern").map { text in
                guard case .scalar(_, let style) = node.content, style == .singleQuoted || style == .doubleQuoted else { return text }
                return Located(text.value, at: text.location.advanced(by: 1))
            }
        }
        field.minItems = map["min_items"].flatMap { decoder.int($0, for: "min_items") }
        field.maxItems = map["max_items"].flatMap { decoder.int($0, for: "max_items") }
        if let node = map["default"] {
            // A text-valued field's default is the text written: `default: 1.10` is "1.10", not 1.1
            // (the spec format, not YAML, decides what a scalar is).
            var value = decoder.jsonValue(node)
            if TypeLibrary.stringType(kind) != nil || kind == .choice, case .scalar(let text, .plain) = node.content, text != "null" {
                value = .string(text.nfc)
            }
            field.defaultValue = Located(value, at: node.location)
        }
        if let node = map["options"] {
            if case .scalar = node.content {
                if let id = decoder.identifier(node, .snake, for: "option list id") { field.optionSource = .shared(id) }
            } else {
                field.optionSource = .inline
                field.choices = SpecDecoder(file: file, diagnostics: diagnostics).decodeChoices(node)
            }
        } else if kind == .choice || kind == .multi_choice {
            diagnostics.emit(.missingKey, "\(what) of type \(kind.rawValue) is missing 'options'", at: pair.keyLocation)
        }
        if let node = map["accept"] {
            field.accept = (decoder.list(node, for: "accept") ?? []).compactMap { mediaType($0) }
        } else if kind == .file {
            diagnostics.emit(.missingKey, "\(what) of type file is missing 'accept' (the media types it takes)", at: pair.keyLocation)
        }
        field.maxSize = map["max_size"].flatMap { decoder.byteSize($0, for: "max_size") }
        if kind == .file, field.maxSize == nil, map["max_size"] == nil {
            diagnostics.emit(.missingKey, "\(what) of type file is missing 'max_size'", at: pair.keyLocation)
        }
        if let node = map["repeat"] { decodeRepeatBounds(node, into: &field) }
        if let node = map["paper"] { decodeFieldPaper(node, into: &field) }
        decodeLogic(map, into: &field)
        field.prefill = map["prefill"].flatMap(decodePrefill)
        field.renamedFrom = map["renamed_from"].flatMap { decoder.identifier($0, .snake, for: "renamed_from") }
        if kind.hasFields {
            if let node = map["fields"] {
                (field.fields, field.undecodedFields) = decodeFields(node, isSection: false)
            } else {
                diagnostics.emit(.missingKey, "\(what) of type \(kind.rawValue) is missing 'fields'", at: pair.keyLocation)
            }
        }
        return field
    }

    /// `prefill: identity.ho_ten` (editable), `prefill: { from: identity.ho_ten, mode: locked }`, or
    /// from another form of the dossier, `prefill: { form: to-khai-dang-ky-khai-sinh, field: tre.ho_ten }`.
    func decodePrefill(_ node: YAMLNode) -> PrefillBinding? {
        var fromNode = node, mode = PrefillMode.editable
        if case .mapping = node.content {
            guard let map = decoder.mapping(node, "prefill", allowed: ["from", "form", "field", "mode"]) else { return nil }
            if let modeNode = map["mode"], let text = decoder.string(modeNode, for: "mode") {
                guard let chosen = PrefillMode(rawValue: text.value) else {
                    diagnostics.emit(.invalidValue, "prefill mode must be locked, editable or review, found '\(text.value)'", at: modeNode.location)
                    return nil
                }
                mode = chosen
            }
            if let formNode = map["form"] {
                guard map["from"] == nil else {
                    diagnostics.emit(.invalidValue, "prefill takes 'from:' (a data source) or 'form:' with 'field:' (another form of the dossier), not both", at: formNode.location)
                    return nil
                }
                guard let form = decoder.identifier(formNode, .kebab, for: "form id"),
                    let field = decoder.required(map, "field", in: "prefill").flatMap({ decoder.string($0, for: "field") })
                else { return nil }
                guard field.value.split(separator: ".", omittingEmptySubsequences: false).allSatisfy({ IdentifierRule.snake.accepts(String($0)) }) else {
                    diagnostics.emit(.invalidIdentifier, "field names a field of the other form by its path, 'tre.ho_ten'; found '\(field.value)'", at: field.location)
                    return nil
                }
                var binding = PrefillBinding(source: form, attribute: field, mode: mode, location: form.location)
                binding.fromForm = true
                return binding
            }
            guard let from = decoder.required(map, "from", in: "prefill") else { return nil }
            fromNode = from
        }
        guard let reference = decoder.string(fromNode, for: "prefill source") else { return nil }
        let parts = reference.value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ IdentifierRule.snake.accepts(String($0)) }) else {
            diagnostics.emit(.invalidIdentifier, "prefill names a source and one of its attributes, 'identity.ho_ten'; found '\(reference.value)'", at: reference.location)
            return nil
        }
        let source = Located(String(parts[0]), at: reference.location)
        let attribute = Located(String(parts[1]), at: reference.location.advanced(by: parts[0].unicodeScalars.count + 1))
        return PrefillBinding(source: source, attribute: attribute, mode: mode, location: reference.location)
    }

    func decodeLogic(_ map: NodeDecoder.Mapping, into field: inout FieldSpec) {
        field.logic.requiredWhen = map["required_when"].flatMap { decoder.expression($0, for: "required_when") }
        field.logic.visibleWhen = map["visible_when"].flatMap { decoder.expression($0, for: "visible_when") }
        field.logic.compute = map["compute"].flatMap { decoder.expression($0, for: "compute") }
        if let node = map["matches"], let matches = decoder.mapping(node, "matches", allowed: ["birth_date", "sex"]) {
            field.logic.matchesBirthDate = matches["birth_date"].flatMap { decoder.expression($0, for: "birth_date") }
            field.logic.matchesSex = matches["sex"].flatMap { decoder.expression($0, for: "sex") }
        }
        if let pair = map.pair("required_when"), field.required {
            diagnostics.emit(
                .contradictoryConstraints, "'\(field.name)' is both required and required_when; keep one", at: pair.keyLocation)
        }
    }

    func decodeRules(_ node: YAMLNode) -> [FormRule] {
        (decoder.list(node, for: "rules") ?? []).compactMap { item in
            guard let map = decoder.mapping(item, "rule", allowed: ["id", "check", "message", "paths"]),
                let id = decoder.required(map, "id", in: "rule").flatMap({ decoder.identifier($0, .snake, for: "rule id") })
            else { return nil }
            if ValidationRule(rawValue: id.value) != nil {
                diagnostics.emit(.invalidIdentifier, "rule id '\(id.value)' is the name of a built-in rule; choose another", at: id.location)
            }
            let check = decoder.required(map, "check", in: "rule '\(id.value)'").flatMap { decoder.expression($0, for: "check") }
            let message = decoder.required(map, "message", in: "rule '\(id.value)'").flatMap { decoder.localized($0, for: "rule message") }
            let paths = (map["paths"].flatMap { decoder.list($0, for: "paths") } ?? []).compactMap { node -> String? in
                guard let path = decoder.string(node, for: "path") else { return nil }
                guard path.value.hasPrefix("/") else {
                    diagnostics.emit(.invalidValue, "path '\(path.value)' must be a JSON Pointer such as /section/field", at: path.location)
                    return nil
                }
                return path.value
            }
            guard let check, let message else { return nil }
            return FormRule(id: id, check: check, message: message, paths: paths)
        }
    }

    func fieldKind(_ node: YAMLNode) -> FieldKind? {
        guard let name = decoder.string(node, for: "type") else { return nil }
        if let kind = FieldKind(rawValue: name.value) { return kind }
        let suggestion = Suggest.closest(to: name.value, among: FieldKind.allCases.map(\.rawValue))
        diagnostics.emit(
            .unknownFieldType,
            "unknown field type '\(name.value)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
            at: node.location,
            notes: suggestion == nil ? [.init("field types: \(FieldKind.allCases.map(\.rawValue).joined(separator: ", "))")] : [],
            fixIts: suggestion.map { [.init("replace with '\($0)'", range: node.range, replacement: $0)] } ?? [])
        return nil
    }

    /// `repeat: { min: 1, max: 3 }` on a repeating group or section.
    func decodeRepeatBounds(_ node: YAMLNode, into field: inout FieldSpec) {
        guard let map = decoder.mapping(node, "repeat", allowed: ["min", "max"]) else { return }
        field.minItems = map["min"].flatMap { decoder.int($0, for: "repeat min") }
        field.maxItems = map["max"].flatMap { decoder.int($0, for: "repeat max") }
    }

    func bound(_ node: YAMLNode, for kind: FieldKind, what: String) -> Located<Bound>? {
        if kind == .date {
            if node.scalarText == "today" { return Located(.today, at: node.location) }
            // Words for "the day of submission" that are not the spec's: say which one is.
            if let text = node.scalarText, ["now", "today()", "hom_nay", "hôm nay", "current_date", "ngay_hom_nay"].contains(text.lowercased()) {
                diagnostics.emit(
                    .invalidValue, "\(what) must be a date written YYYY-MM-DD or 'today', found '\(text)'", at: node.location,
                    notes: [.init("'today' is the day the submission is checked")],
                    fixIts: [.init("replace with 'today'", range: node.range, replacement: "today")])
                return nil
            }
            return decoder.date(node, for: what).map { Located(.date($0.value), at: $0.location) }
        }
        return decoder.integer(node, for: what, in: -JSONLimits.maxSafeInteger...JSONLimits.maxSafeInteger)
            .map { Located(.integer($0.value), at: $0.location) }
    }

    func mediaType(_ node: YAMLNode) -> String? {
        guard let text = decoder.string(node, for: "media type") else { return nil }
        let parts = text.value.split(separator: "/", omittingEmptySubsequences: false)
        let token = { (s: Substring) in !s.isEmpty && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) } }
        guard parts.count == 2, token(parts[0]), token(parts[1]) else {
            diagnostics.emit(.invalidValue, "'\(text.value)' is not a media type such as application/pdf", at: node.location)
            return nil
        }
        return text.value.lowercased()
    }

    func decodeExamples(_ node: YAMLNode) -> [FormExample] {
        decodeExamples(node, ruleIDs: [])
    }

    /// `ruleIDs`: the form's own rule ids, which examples may name as expected errors.
    func decodeExamples(_ node: YAMLNode, ruleIDs: Set<String>) -> [FormExample] {
        (decoder.list(node, for: "examples") ?? []).compactMap { item in
            guard let map = decoder.mapping(item, "example", allowed: ["name", "today", "data", "errors"]) else { return nil }
            let name = decoder.required(map, "name", in: "example").flatMap { decoder.nonEmptyString($0, for: "example name") }
            let data = decoder.required(map, "data", in: "example")
            var errors: [FormExample.ExpectedError] = []
            if let errorsNode = map["errors"] {
                let items = decoder.list(errorsNode, for: "errors") ?? []
                if items.isEmpty {
                    diagnostics.emit(.invalidValue, "'errors' lists the errors an invalid example must give; leave it out for a valid example", at: errorsNode.location)
                }
                for item in items {
                    guard let entry = decoder.mapping(item, "expected error", allowed: ["path", "rule"]),
                        let path = decoder.required(entry, "path", in: "expected error").flatMap({ decoder.string($0, for: "path") }),
                        let rule = decoder.required(entry, "rule", in: "expected error").flatMap({ decoder.string($0, for: "rule") })
                    else { continue }
                    if !path.value.isEmpty && !path.value.hasPrefix("/") {
                        diagnostics.emit(.invalidValue, "path '\(path.value)' must be a JSON Pointer such as /section/field", at: path.location)
                    }
                    if ValidationRule(rawValue: rule.value) == nil && !ruleIDs.contains(rule.value) {
                        let suggestion = Suggest.closest(to: rule.value, among: ValidationRule.allCases.map(\.rawValue))
                        diagnostics.emit(
                            .invalidValue,
                            "unknown rule '\(rule.value)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                            at: rule.location)
                    }
                    errors.append(.init(path: path.value, rule: rule.value, location: item.location))
                }
            }
            guard let name, let data else { return nil }
            let today = map["today"].flatMap { decoder.date($0, for: "today") }?.value
            return FormExample(name: name.value, location: item.location, data: decoder.jsonValue(data), today: today, expectedErrors: errors)
        }
    }
}

/// Integers stay exact in JavaScript only up to 2^53 − 1; every bound and amount is kept within it.
public enum JSONLimits {
    public static let maxSafeInteger: Int64 = 9_007_199_254_740_991
}
