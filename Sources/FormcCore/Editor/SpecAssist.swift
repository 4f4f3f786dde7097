internal import Foundation

/// What an editor asks about a spec while the designer types — completions, hover text, the
/// definition of a name — answered from two sources: the spec format's own schema (`formc schema`,
/// the decoders' key tables: which keys and which fixed values a place takes) and the project as last
/// checked (option lists, forms, field paths, cases, channels, legal documents). `formc lsp` serves it.
public struct SpecAssist {
    public struct Completion: Sendable, Equatable {
        public enum Kind: Sendable { case key, value, field, reference }
        public var label: String
        public var kind: Kind
        public var detail: String?
        public var documentation: String?
    }

    let checked: CheckedSpecs?
    let schema: SpecSchemaWalker

    public init(checked: CheckedSpecs?) {
        self.checked = checked
        schema = SpecSchemaWalker()
    }

    // MARK: Completion

    /// What may be written at the cursor, filtered by the word typed so far.
    public func completions(file: String, text: String, cursor: SpecCursor) -> [Completion] {
        guard !cursor.isInComment, let kind = Self.kind(of: text) ?? (cursor.path.isEmpty ? nil : "form") else {
            return cursor.path.isEmpty && cursor.valueOf == nil
                ? SpecDecoder.kinds.map { Completion(label: $0, kind: .key, detail: "what the file defines") } : []
        }
        var out: [Completion]
        if cursor.valueOf == nil {
            let present = Self.siblingKeys(text: text, cursor: cursor)
            out = schema.keys(kind: kind, at: cursor.path).filter { !present.contains($0.key) }.map {
                Completion(label: $0.key, kind: .key, detail: $0.description)
            }
        } else if schema.isExpression(kind: kind, at: cursor.valuePath) {
            let paths = fieldPaths(file: file, kind: kind)
            if let compared = Self.comparedField(before: cursor.valueText), let field = paths.first(where: { $0.path == compared })?.field {
                // Inside the quotes of `field == '…'` or `field in ['…', '…']`: the field's options.
                out = field.choices.map { Completion(label: $0.value, kind: .value, detail: $0.label.vi) }
            } else {
                // A field path: complete the dotted word the cursor is on.
                out = paths.map { Completion(label: $0.path, kind: .field, detail: $0.detail) }
            }
        } else if cursor.valueOf == "default", kind == "form", let field = field(atKeyPath: cursor.path, file: file), !field.choices.isEmpty {
            out = field.choices.map { Completion(label: $0.value, kind: .value, detail: $0.label.vi) }
        } else {
            out = schema.values(kind: kind, at: cursor.valuePath).map { Completion(label: $0, kind: .value, detail: Self.typeSummary[$0]?.en) }
            out += references(file: file, kind: kind, cursor: cursor)
        }
        let typed = cursor.prefix
        return out.filter { typed.isEmpty || $0.label.hasPrefix(typed) }
    }

    /// The field an expression compares with the text literal the cursor is in: `a.b == 'x|`,
    /// `a.b != 'x|`, `a.b in ['p', 'x|`.
    static func comparedField(before text: String) -> String? {
        let scalars = Array(text.unicodeScalars)
        // The cursor must be inside an open quote: an odd number of quotes before it.
        guard scalars.filter({ $0 == "'" }).count % 2 == 1, let open = scalars.lastIndex(of: "'") else { return nil }
        var i = open - 1
        func skipSpaces() { while i >= 0, scalars[i] == " " { i -= 1 } }
        skipSpaces()
        // A list: back over its earlier items to the `[` and the `in` before it.
        if i >= 0, scalars[i] == "," || scalars[i] == "[" {
            guard let bracket = scalars[..<open].lastIndex(of: "[") else { return nil }
            i = bracket - 1
            skipSpaces()
            guard i >= 1, scalars[i] == "n", scalars[i - 1] == "i" else { return nil }
            i -= 2
        } else {
            guard i >= 1, scalars[i] == "=", scalars[i - 1] == "=" || scalars[i - 1] == "!" else { return nil }
            i -= 2
        }
        skipSpaces()
        let end = i + 1
        while i >= 0, scalars[i].properties.isAlphabetic || ("0"..."9").contains(scalars[i]) || scalars[i] == "_" || scalars[i] == "." { i -= 1 }
        guard i + 1 < end else { return nil }
        return String(String.UnicodeScalarView(scalars[(i + 1)..<end]))
    }

    /// Values the project defines for the key being written: option lists, forms, a procedure's
    /// channels, cases, categories and legal documents.
    func references(file: String, kind: String, cursor: SpecCursor) -> [Completion] {
        let owner = cursor.valueOf == "[]" ? cursor.path.dropLast().last : cursor.valueOf
        let procedure = checked?.procedures.first { $0.file == file }
        switch (kind, owner) {
        case ("form", "options"):
            return (checked?.optionLists ?? []).map { Completion(label: $0.id.value, kind: .reference, detail: $0.title?.vi ?? "option list") }
        case ("procedure", "form"):
            // Each form, and each of its majors when it has several (a pinned reference).
            let forms = formsByReference()
            return forms.sorted { $0.key < $1.key }.compactMap { reference, form in
                guard !ProcedureEmitter.isPinned(reference) || forms.keys.contains(where: { $0.hasPrefix(form.id.value + "@") && $0 != reference }) else { return nil }
                return Completion(label: reference, kind: .reference, detail: "\(form.title.vi) \(form.version.value)")
            }
        case ("procedure", "channel"), ("procedure", "channels"):
            // Inside fees and fee examples: the channels the procedure offers (its own `channels:`
            // takes the fixed kinds from the schema).
            guard cursor.path.first == "fees" || cursor.path.first == "fee_examples" else { return [] }
            return (procedure?.channels ?? []).map { Completion(label: $0.kind.rawValue, kind: .reference, detail: "channel of this procedure") }
        case ("procedure", "case"), ("procedure", "cases"):
            guard cursor.path.first == "fees" || cursor.path.first == "fee_examples" else { return [] }
            return (procedure?.cases ?? []).map { Completion(label: $0.id.value, kind: .reference, detail: $0.title.vi) }
        case ("procedure", "categories"), ("procedure", "category"):
            return (procedure?.applicantCategories ?? []).map { Completion(label: $0.value, kind: .reference, detail: $0.label.vi) }
        case ("procedure", "legal_basis"):
            return (procedure?.legalBasis ?? []).map { Completion(label: $0.id.value, kind: .reference, detail: $0.title.vi) }
        default:
            return []
        }
    }

    /// Every field path an expression in this file may name, with the field's type and label:
    /// `section.field` in a form, `document.section.field` in a procedure.
    func fieldPaths(file: String, kind: String) -> [(path: String, detail: String, field: FieldSpec)] {
        var out: [(String, String, FieldSpec)] = []
        func walk(_ fields: [FieldSpec], _ prefix: String) {
            for field in fields {
                let path = prefix + field.name
                out.append((path, "\(field.kind.rawValue) — \(field.label?.vi ?? field.name)", field))
                walk(field.fields, path + ".")
            }
        }
        if kind == "form", let form = checked?.forms.first(where: { $0.file == file }) {
            walk(form.sections, "")
        } else if kind == "procedure", let procedure = checked?.procedures.first(where: { $0.file == file }) {
            let forms = formsByReference()
            var seen: Set<String> = []
            for document in procedure.cases.flatMap(\.documents) where seen.insert(document.id.value).inserted {
                if let id = document.form?.value, let form = forms[id] { walk(form.sections, document.id.value + ".") }
            }
        }
        return out
    }

    /// The forms by every way a document can name one: `id`, and `id@major` (pinned).
    func formsByReference() -> [String: FormSpec] { ProcedureEmitter(forms: checked?.forms ?? [], procedures: checked?.procedures ?? []).latestForms }

    /// The keys already written in the block mapping the cursor is in: lines at the cursor line's
    /// indentation, up and down, until the mapping ends.
    static func siblingKeys(text: String, cursor: SpecCursor) -> Set<String> {
        guard !cursor.isInFlow else { return [] }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        var keys: Set<String> = []
        for step in [-1, 1] {
            var i = cursor.line + step
            while i >= 0, i < lines.count {
                defer { i += step }
                let shape = SpecCursor.shape(lines[i])
                guard shape.contentIndent < lines[i].count, lines[i][shape.contentIndent] != "#" else { continue }
                if shape.contentIndent < cursor.indent { break }
                let key = SpecCursor.leadingKey(lines[i][shape.contentIndent...])?.key
                if shape.dashes > 0, shape.spaces < cursor.indent {
                    // The first line of this list item (going up) or of the next one (going down).
                    if step < 0, shape.contentIndent == cursor.indent, let key { keys.insert(key) }
                    break
                }
                if shape.dashes == 0, shape.contentIndent == cursor.indent, let key { keys.insert(key) }
            }
        }
        return keys
    }

    // MARK: Hover

    /// Markdown for what the cursor is on, or nil: a field (its type, label, whether it is required,
    /// its options), a field type (what it accepts), an option list, a form, a legal document, a fee,
    /// or a key (what the spec format says of it).
    public func hover(file: String, text: String, cursor: SpecCursor) -> String? {
        guard !cursor.isInComment, !cursor.word.isEmpty, let kind = Self.kind(of: text) else { return nil }
        let word = cursor.word
        if cursor.valueOf == nil {
            // On a key: a field or section of this form, else the key's description.
            if kind == "form", let field = field(atKeyPath: cursor.path + [word], file: file) { return describe(field) }
            if let description = schema.description(kind: kind, at: cursor.path, key: word) { return "**\(word)** — \(description)" }
            return nil
        }
        if cursor.valueOf == "type", let summary = Self.typeSummary[word] {
            return "**\(word)** — \(summary.en)\n\n\(summary.vi)"
        }
        if schema.isExpression(kind: kind, at: cursor.valuePath), let found = fieldPaths(file: file, kind: kind).first(where: { $0.path == word }) {
            return describe(found.field)
        }
        if let list = checked?.optionLists.first(where: { $0.id.value == word }) {
            let choices = list.choices.map { "- `\($0.value)` — \($0.label.vi)\($0.label.en.map { " (\($0))" } ?? "")" }
            return (["**Option list `\(word)`**\(list.title.map { " — \($0.vi)" } ?? "")", ""] + choices).joined(separator: "\n")
        }
        if let form = formsByReference()[word] {
            return "**Form `\(word)`** \(form.version.value) — \(form.title.vi)\(form.title.en.map { " (\($0))" } ?? "")"
        }
        if let procedure = checked?.procedures.first(where: { $0.file == file }) {
            if let document = procedure.legalBasis.first(where: { $0.id.value == word }) {
                return "**\(document.id.value)** — \(document.title.vi)\(document.status.map { "\n\nStatus: \($0)" } ?? "")"
            }
            if let fee = procedure.fees.first(where: { $0.id.value == word }) {
                let basis = fee.legalBasis.map { id in
                    "- \(id.value)\(procedure.legalBasis.first { $0.id.value == id.value }.map { " — \($0.title.vi)" } ?? "")"
                }
                return (["**Fee `\(word)`** (\(fee.kind.rawValue)) — \(fee.name.vi)", "", "Legal basis:"] + basis).joined(separator: "\n")
            }
        }
        return nil
    }

    func describe(_ field: FieldSpec) -> String {
        var lines = ["**\(field.label?.vi ?? field.name)**\(field.label?.en.map { " — \($0)" } ?? "")", ""]
        lines.append("`\(field.name)`: \(field.kind.rawValue)\(field.required ? ", required" : "")")
        if let summary = Self.typeSummary[field.kind.rawValue] { lines += ["", summary.en] }
        if !field.choices.isEmpty {
            if case .shared(let id)? = field.optionSource { lines += ["", "Options (`\(id.value)`):"] } else { lines += ["", "Options:"] }
            lines += field.choices.map { "- `\($0.value)` — \($0.label.vi)" }
        }
        return lines.joined(separator: "\n")
    }

    /// The field or section a block key path names in this form (`sections/s/fields/f/…`).
    func field(atKeyPath path: [String], file: String) -> FieldSpec? {
        guard let form = checked?.forms.first(where: { $0.file == file }), path.first == "sections", path.count >= 2 else { return nil }
        var fields = form.sections
        var found: FieldSpec? = nil
        var i = 1
        while i < path.count {
            guard let next = fields.first(where: { $0.name == path[i] }) else { return nil }
            found = next
            fields = next.fields
            i += 1
            if i < path.count {
                guard path[i] == "fields" else { return nil }
                i += 1
            }
        }
        return path.count % 2 == 0 ? found : nil
    }

    // MARK: Definition

    /// Where the name under the cursor is defined: an option list, a form a procedure names, a field
    /// an expression names, a legal document a fee cites.
    public func definition(file: String, text: String, cursor: SpecCursor) -> SourceLocation? {
        guard !cursor.isInComment, cursor.valueOf != nil, !cursor.word.isEmpty, let kind = Self.kind(of: text) else { return nil }
        let word = cursor.word
        if schema.isExpression(kind: kind, at: cursor.valuePath) {
            return fieldPaths(file: file, kind: kind).first { $0.path == word }?.field.location
        }
        if cursor.valueOf == "options", let list = checked?.optionLists.first(where: { $0.id.value == word }) { return list.id.location }
        if cursor.valueOf == "form", let form = formsByReference()[word] { return form.id.location }
        if let procedure = checked?.procedures.first(where: { $0.file == file }),
            let document = procedure.legalBasis.first(where: { $0.id.value == word })
        {
            return document.id.location
        }
        return nil
    }

    // MARK: Formatting

    /// The text with its layout tidied and nothing else touched: Vietnamese text in Unicode NFC (what
    /// formc requires of labels), no blanks at line ends, Windows line ends made plain, one newline at
    /// the end. Comments, key order, quoting and indentation stay as written.
    public static func format(_ text: String) -> String {
        var lines = text.precomposedStringWithCanonicalMapping.replacingOccurrences(of: "\r\n", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { line -> String in
                var scalars = line.unicodeScalars[...]
                while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
                return String(scalars)
            }
        while lines.count > 1, lines.last == "", lines[lines.count - 2] == "" { lines.removeLast() }
        var out = lines.joined(separator: "\n")
        if !out.hasSuffix("\n"), !out.isEmpty { out += "\n" }
        return out
    }

    // MARK: Helpers

    /// What the file defines, by its top-level key.
    static func kind(of text: String) -> String? {
        for line in text.split(separator: "\n") {
            for key in SpecDecoder.kinds where line.hasPrefix(key + ":") { return key }
        }
        return nil
    }

    /// What each field type accepts, for hover and completion (docs/spec-reference.md has the table).
    static let typeSummary: [String: (en: String, vi: String)] = [
        "text": ("Text; min_length, max_length, pattern, default.", "Văn bản."),
        "integer": ("A whole number within ±(2^53 − 1); min, max, default.", "Số nguyên."),
        "money_vnd": ("A whole number of đồng, 0 to 2^53 − 1, never a fraction; min, max.", "Số tiền (đồng)."),
        "boolean": ("true or false.", "Có / không."),
        "date": ("A real calendar date, YYYY-MM-DD; min and max take a date or today.", "Ngày (YYYY-MM-DD)."),
        "datetime": ("An RFC 3339 date and time, e.g. 2026-03-02T14:30:00+07:00.", "Ngày giờ."),
        "choice": ("One of the options (inline, or a shared list by id).", "Một lựa chọn trong danh sách."),
        "multi_choice": ("Several of the options, no repeats; min_items, max_items.", "Nhiều lựa chọn."),
        "email": ("local@domain.tld, at most 254 characters.", "Thư điện tử."),
        "phone_vn": ("A mobile number (0 + 9 digits, a prefix in use) or an 11-digit landline 02….", "Số điện thoại Việt Nam."),
        "cccd": ("Số định danh cá nhân: 12 digits, the first three a province code; matches checks birth date and sex.", "Số định danh cá nhân (12 chữ số)."),
        "cmnd": ("Old identity card number: 9 digits (or 12).", "Số chứng minh nhân dân."),
        "tax_code": ("Mã số thuế: 10 digits with a valid check digit, optionally -001 to -999.", "Mã số thuế."),
        "bhxh": ("Mã số bảo hiểm xã hội: 10 digits.", "Mã số BHXH (10 chữ số)."),
        "person_name": ("A person's name: 1–100 letters, no digits or symbols, NFC, single spaces.", "Họ, chữ đệm và tên."),
        "address_vn": ("{province, commune, detail?}: unit codes from the project's catalogue.", "Địa chỉ theo đơn vị hành chính."),
        "file": ("{name, media_type, size}: an accepted media type within max_size; accept and max_size required.", "Tệp đính kèm."),
        "group": ("An object holding the nested fields.", "Nhóm trường."),
        "repeat": ("A list of items, each holding the nested fields; repeat: { min, max }.", "Danh sách lặp lại."),
    ]
}

/// Walks the spec format's JSON Schema (`SpecSchemaEmitter.emit()`) along a path of keys: the keys a
/// mapping takes, the fixed values a key takes, whether a value is an expression.
struct SpecSchemaWalker {
    let root: JSONValue

    init() {
        root = SpecSchemaEmitter.emit()
    }

    func resolve(_ node: JSONValue) -> JSONValue {
        if let ref = node["$ref"]?.stringValue, ref.hasPrefix("#/definitions/"), let target = root["definitions"]?[String(ref.dropFirst(14))] {
            return target
        }
        return node
    }

    /// The node and the alternatives it allows (oneOf, anyOf), references resolved.
    func branches(_ node: JSONValue) -> [JSONValue] {
        let node = resolve(node)
        let alternatives = (node["oneOf"]?.arrayValue ?? []) + (node["anyOf"]?.arrayValue ?? [])
        return [node] + alternatives.flatMap { branches($0) }
    }

    /// The definition of a file of this kind (`form`, `procedure`, `options`, `project`).
    func top(_ kind: String) -> JSONValue? {
        let name = kind == "options" ? "optionList" : kind
        return root["definitions"]?[name]
    }

    func nodes(kind: String, at path: [String]) -> [JSONValue] {
        guard let top = top(kind) else { return [] }
        var current = branches(top)
        for key in path {
            current = current.flatMap { node -> [JSONValue] in
                if key == "[]" { return node["items"].map(branches) ?? [] }
                if let child = node["properties"]?[key] { return branches(child) }
                if let additional = node["additionalProperties"], case .object = additional { return branches(additional) }
                return []
            }
        }
        return current
    }

    func keys(kind: String, at path: [String]) -> [(key: String, description: String?)] {
        var seen: Set<String> = []
        var out: [(String, String?)] = []
        for node in nodes(kind: kind, at: path) {
            for (key, value) in node["properties"]?.objectValue ?? [] where seen.insert(key).inserted {
                out.append((key, branches(value).lazy.compactMap { $0["description"]?.stringValue }.first))
            }
        }
        return out
    }

    func values(kind: String, at path: [String]) -> [String] {
        var seen: Set<String> = []
        return nodes(kind: kind, at: path).flatMap { node -> [String] in
            (node["enum"]?.arrayValue ?? []).compactMap(\.stringValue) + [node["const"]?.stringValue].compactMap { $0 }
        }.filter { seen.insert($0).inserted }
    }

    func isExpression(kind: String, at path: [String]) -> Bool {
        nodes(kind: kind, at: path).contains { $0["description"]?.stringValue?.lowercased().contains(SpecSchemaEmitter.expressionMark.lowercased()) == true }
    }

    func description(kind: String, at path: [String], key: String) -> String? {
        nodes(kind: kind, at: path + [key]).lazy.compactMap { $0["description"]?.stringValue }.first
    }
}
