/// What the people who fill the forms read, checked as a whole: every text a citizen sees, walked
/// once, for two things.
///
/// - **Translation completeness** (W0307): when the project publishes in English
///   (`languages: [vi, en]`), every visible text needs its English, and the coverage is counted.
/// - **Plain-language and accessibility lints** (W05xx): a label that is only a code, two fields with
///   one label in a section, a hint that repeats its label, very long labels, text in capitals, a
///   date asked as free text, a long choice list, an error message that names no field or says
///   nothing to do. Each can be silenced where it is reported with a `# formc: allow W05xx`
///   comment on that line or the line above (docs/diagnostics.md).
struct ReadabilityChecker {
    let diagnostics: DiagnosticEngine

    /// One text a citizen reads, where it is written, and what it is.
    struct Text {
        var text: LocalizedText
        var location: SourceLocation
        var what: String
    }

    /// Every visible text of a form: title, sections, fields (labels, hints, options), rule messages,
    /// and, when the printed form carries English (`paper: { english: true }`), what its paper layout
    /// prints (official paper forms are in Vietnamese otherwise).
    static func texts(of form: FormSpec, paperEnglish: Bool) -> [Text] {
        var out = [Text(text: form.title, location: form.titleLocation, what: "the title of form '\(form.id.value)'")]
        if let description = form.description { out.append(Text(text: description, location: form.titleLocation, what: "the description of form '\(form.id.value)'")) }
        func walk(_ field: FieldSpec, _ path: String) {
            if let label = field.label { out.append(Text(text: label, location: field.location, what: "the label of '\(path)'")) }
            if let hint = field.hint { out.append(Text(text: hint, location: field.location, what: "the hint of '\(path)'")) }
            for choice in field.choices where !isSharedList(field) {
                out.append(Text(text: choice.label, location: choice.location, what: "option '\(choice.value)' of '\(path)'"))
            }
            for child in field.fields { walk(child, path + "." + child.name) }
        }
        for section in form.sections { walk(section, section.name) }
        for rule in form.rules { out.append(Text(text: rule.message, location: rule.id.location, what: "the message of rule '\(rule.id.value)'")) }
        if paperEnglish, let location = form.paper.location {
            for (index, statement) in form.paper.statements.enumerated() { out.append(Text(text: statement, location: location, what: "paper statement \(index + 1)")) }
            for (index, note) in form.paper.footnotes.enumerated() { out.append(Text(text: note, location: location, what: "paper footnote \(index + 1)")) }
        }
        return out
    }

    /// A shared list's options are the list's texts, counted once with the list.
    private static func isSharedList(_ field: FieldSpec) -> Bool {
        if case .shared? = field.optionSource { return true }
        return false
    }

    static func texts(of list: OptionList) -> [Text] {
        var out: [Text] = list.title.map { [Text(text: $0, location: list.id.location, what: "the title of option list '\(list.id.value)'")] } ?? []
        out += list.choices.map { Text(text: $0.label, location: $0.location, what: "option '\($0.value)' of list '\(list.id.value)'") }
        return out
    }

    /// What a data source says to citizens: what it is, who holds it, how to correct it (its
    /// attributes' labels are the forms' business: a field shows its own).
    static func texts(of source: DataSource) -> [Text] {
        let here = source.id.location, id = source.id.value
        return [Text(text: source.title, location: here, what: "the title of data source '\(id)'"),
                Text(text: source.heldBy, location: here, what: "who holds data source '\(id)'")]
            + (source.correction.map { [Text(text: $0, location: here, what: "how to correct data source '\(id)'")] } ?? [])
    }

    /// Every visible text of a procedure: its name and domain, cases, documents, categories, fees, and
    /// the legal documents it cites.
    static func texts(of procedure: ProcedureSpec) -> [Text] {
        let code = procedure.code.value, here = procedure.code.location
        var out = [Text(text: procedure.name, location: here, what: "the name of procedure \(code)"),
                   Text(text: procedure.domain, location: here, what: "the domain of procedure \(code)")]
        for procedureCase in procedure.cases {
            out.append(Text(text: procedureCase.title, location: procedureCase.id.location, what: "the title of case '\(procedureCase.id.value)'"))
            for document in procedureCase.documents {
                if let name = document.name { out.append(Text(text: name, location: document.id.location, what: "the name of document '\(document.id.value)'")) }
            }
        }
        for category in procedure.applicantCategories { out.append(Text(text: category.label, location: category.location, what: "category '\(category.value)'")) }
        for fee in procedure.fees { out.append(Text(text: fee.name, location: fee.location, what: "the name of fee '\(fee.id.value)'")) }
        return out
    }

    // MARK: Translation completeness

    /// W0307 for each text without English when the project publishes in English; the coverage.
    func checkTranslations(_ texts: [Text], english: Bool) -> (translated: Int, total: Int) {
        var translated = 0
        for text in texts {
            if let en = text.text.en, !en.isEmpty {
                translated += 1
            } else if english {
                diagnostics.emit(.missingTranslation, "\(text.what) has no English: «\(text.text.vi)»", at: text.location)
            }
        }
        return (translated, texts.count)
    }

    // MARK: Lints

    func lint(_ form: FormSpec) {
        func walk(_ fields: [FieldSpec], _ parent: String) {
            var labels: [String: FieldSpec] = [:]
            labels.reserveCapacity(fields.count)
            for field in fields {
                let path = parent.isEmpty ? field.name : parent + "." + field.name
                if let label = field.label?.vi {
                    lintLabel(label, field: field, path: path)
                    let key = Self.caseFolded(label)
                    if let first = labels[key] {
                        diagnostics.emit(.lintDuplicateLabel, "'\(path)' has the same label as '\(parent.isEmpty ? first.name : parent + "." + first.name)': «\(label)»; a citizen cannot tell the two apart",
                                         at: field.location, notes: [.init("the other is here", at: first.location)])
                    } else {
                        labels[key] = field
                    }
                    if let hint = field.hint?.vi, Self.caseFolded(hint) == key {
                        diagnostics.emit(.lintHintRepeatsLabel, "the hint of '\(path)' repeats its label; say what to write, or leave the hint out", at: field.location)
                    }
                }
                if field.choices.count > Self.longList {
                    diagnostics.emit(.lintLongChoiceList, "'\(path)' offers \(field.choices.count) options in one list; a citizen must read them all: ask in two steps (a group, then the choice), or use address_vn for places", at: field.location)
                }
                if field.kind == .text, Self.looksLikeDate(field.name) {
                    diagnostics.emit(.lintDateAsText, "'\(path)' looks like a date but is free text; use type date, so the date is checked and entered as day, month and year", at: field.location)
                }
                walk(field.fields, path)
            }
        }
        walk(form.sections, "")
        for rule in form.rules { lintMessage(rule, in: form) }
    }

    /// WCAG 3.3.1 and 3.3.3: an error message a citizen reads beside a field names that field, in the
    /// words the form uses for it, and says what to do. "Thông tin không hợp lệ" does neither.
    /// Named: the message shares a word (not a little word such as «của») with the label of a field it
    /// blames or of a section around it. Says what to do: it holds a word that asks for something.
    private func lintMessage(_ rule: FormRule, in form: FormSpec) {
        let message = rule.message.vi
        let words = Self.words(message)
        var named: [String] = []
        for path in rule.paths {
            var fields = form.sections
            for name in path.split(separator: "/") {
                guard let field = fields.first(where: { $0.name == name }) else { break }
                if let label = field.label?.vi { named.append(label) }
                fields = field.fields
            }
        }
        if !named.isEmpty, Set(named.flatMap(Self.words)).subtracting(Self.littleWords).isDisjoint(with: words) {
            diagnostics.emit(
                .lintMessageNamesNoField,
                "the message of rule '\(rule.id.value)', «\(message)», does not name the field it is about; say which, as the form does: «\(named.last!)»",
                at: rule.id.location)
        }
        let padded = " " + words.joined(separator: " ") + " "
        guard !Self.asking.contains(where: { padded.containsBytes(" \($0) ") }) else { return }
        diagnostics.emit(
            .lintMessageSaysNothingToDo,
            "the message of rule '\(rule.id.value)', «\(message)», does not say what to do; say what the answer must be («… phải …», «Vui lòng nhập …»)",
            at: rule.id.location)
    }

    /// A text compared without case.
    static func caseFolded(_ text: String) -> String { text.lowercasedFast }

    /// The words of a text, lowercased, without punctuation, in order (so phrases can be looked for).
    static func words(_ text: String) -> [String] {
        text.lowercasedFast.split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    /// Words that name nothing by themselves.
    static let littleWords: Set<String> = ["của", "và", "hoặc", "là", "có", "các", "những", "được", "cho", "với", "theo", "trong", "tại", "đã", "này", "đó", "một", "thì", "không"]

    /// Words and phrases that ask for something: what to do, or what the answer must be.
    static let asking = ["phải", "cần", "hãy", "vui lòng", "xin", "nhập", "chọn", "ghi", "điền", "kiểm tra", "sửa", "được", "chỉ", "không quá", "ít nhất", "tối đa", "tối thiểu", "nhiều nhất", "must", "enter", "choose", "select", "check"]

    private func lintLabel(_ label: String, field: FieldSpec, path: String) {
        let trimmed = label.trimmingSpaces
        if trimmed == field.name || trimmed.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }) && trimmed.utf8.contains(0x5F)
            || (!trimmed.isEmpty && trimmed.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || $0 == "." })
        {
            diagnostics.emit(.lintLabelIsCode, "the label of '\(path)' is a code, «\(label)»; write what a citizen is asked, in words", at: field.location)
        }
        if Self.isPlaceholder(trimmed) {
            diagnostics.emit(.lintLabelIsCode, "the label of '\(path)' reads like a placeholder, «\(label)»; a placeholder disappears once the citizen types: write what is asked, and put examples in the hint", at: field.location)
        }
        // Counting characters walks grapheme clusters; a label of at most 120 bytes cannot have more.
        if label.utf8.count > 120, label.count > 120 {
            diagnostics.emit(.lintLongLabel, "the label of '\(path)' has \(label.count) characters; keep a label short and put explanations in its hint", at: field.location)
        }
        if Self.isInCapitals(label) {
            diagnostics.emit(.lintCapitals, "the label of '\(path)' is in capitals, «\(label)»; capitals are harder to read, and screen readers may spell them out", at: field.location)
        }
    }

    /// Dots or dashes to write on, an instruction to type (`Nhập họ tên…`), or an example (`VD: …`):
    /// what a placeholder says, not what a label says (WCAG 3.3.2).
    static func isPlaceholder(_ label: String) -> Bool {
        if !label.isEmpty, label.unicodeScalars.allSatisfy({ placeholderMarks.contains($0) }) { return true }
        if label.hasSuffix("...") || label.hasSuffix("…") { return true }
        // Only the first few characters can start an instruction or an example (texts are NFC).
        let start = String(decoding: label.utf8.prefix(24), as: UTF8.self).lowercasedFast
        return placeholderStarts.contains { start.utf8.starts(with: $0.utf8) }
    }

    private static let placeholderMarks = Set(".…_-–— ".unicodeScalars)
    private static let placeholderStarts = ["nhập ", "vd:", "vd ", "ví dụ", "e.g.", "enter "]

    /// At least four letters, every one a capital (without collecting them).
    static func isInCapitals(_ text: String) -> Bool {
        var letters = 0
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                if scalar.value >= 0x61 && scalar.value <= 0x7A { return false }
                if scalar.value >= 0x41 && scalar.value <= 0x5A { letters += 1 }
            } else if scalar.properties.isAlphabetic {
                guard scalar.properties.isUppercase else { return false }
                letters += 1
            }
        }
        return letters >= 4
    }

    /// More options than this in one choice list (W0507).
    static let longList = 30

    /// `ngay_sinh`, `ngay_cap`, `date_of_birth`: names that ask for a date.
    static func looksLikeDate(_ name: String) -> Bool {
        name == "ngay" || name.hasPrefix("ngay_") || name == "date" || name.hasPrefix("date_") || name.hasSuffix("_date") || name.containsBytes("_date_")
    }
}
