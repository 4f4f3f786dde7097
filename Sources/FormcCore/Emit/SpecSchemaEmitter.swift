/// `formc schema`: a JSON Schema (draft-07, what yaml-language-server reads best) of the spec format
/// itself — forms, procedures, option lists and the project file — so an editor offers completion,
/// hover and squiggles before formc runs. The keys come from the decoders' own tables (a test keeps
/// the two in step); enums from the model's types. It checks structure only: what formc checks
/// beyond it (references, expressions, examples) stays formc's.
public enum SpecSchemaEmitter {
    /// How the schema marks a key whose value is an expression; the language server completes field
    /// paths in exactly the values it marks.
    public static let expressionMark = "An expression (docs/expressions.md)"

    public static func emit() -> JSONValue {
        func text(_ en: String, _ vi: String) -> String { "\(en) — \(vi)" }
        func object(_ keys: [String], required: [String] = [], properties: [(String, JSONValue)], description: String? = nil) -> JSONValue {
            var members: [(key: String, value: JSONValue)] = [("type", .string("object"))]
            if let description { members.append(("description", .string(description))) }
            let described = Dictionary(properties, uniquingKeysWith: { a, _ in a })
            members.append(("properties", .object(keys.map { ($0, described[$0] ?? .object([])) })))
            if !required.isEmpty { members.append(("required", .array(required.map(JSONValue.string)))) }
            members.append(("additionalProperties", .bool(false)))
            return .object(members)
        }
        func ref(_ name: String) -> JSONValue { .object([("$ref", .string("#/definitions/\(name)"))]) }
        func enumeration(_ values: [String], _ description: String? = nil) -> JSONValue {
            .object((description.map { [("description", JSONValue.string($0))] } ?? []) + [("enum", .array(values.map(JSONValue.string)))])
        }
        func list(_ items: JSONValue) -> JSONValue { .object([("type", .string("array")), ("items", items)]) }
        func map(_ values: JSONValue, names: JSONValue? = nil) -> JSONValue {
            .object([("type", .string("object")), ("additionalProperties", values)] + (names.map { [("propertyNames", $0)] } ?? []))
        }
        let string = JSONValue.object([("type", .string("string"))])
        let integer = JSONValue.object([("type", .string("integer"))])
        let boolean = JSONValue.object([("type", .string("boolean"))])
        let expression = JSONValue.object([("type", .string("string")), ("description", .string(text(expressionMark, "Biểu thức")))])
        let date = JSONValue.object([("type", .string("string")), ("pattern", .string("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))])
        let snake = JSONValue.object([("type", .string("string")), ("pattern", .string("^[a-z][a-z0-9_]*$"))])
        let renamedFrom = JSONValue.object([
            ("type", .string("string")), ("pattern", .string("^[a-z][a-z0-9_]*$")),
            ("description", .string(text("The name in the previous version: a rename, not a removal (docs/evolution.md)", "Tên ở phiên bản trước"))),
        ])
        let formatVersion = JSONValue.object([("description", .string(text("The format version", "Phiên bản định dạng"))), ("const", .integer(1))])

        // Fields: common keys, then what each type accepts besides them.
        var fieldRules: [JSONValue] = []
        for kind in FieldKind.allCases {
            let allowed = FormDecoder.commonFieldKeys + FormDecoder.keys(for: kind)
            fieldRules.append(.object([
                ("if", .object([("properties", .object([("type", .object([("const", .string(kind.rawValue))]))]))])),
                ("then", .object([("propertyNames", enumeration(allowed))])),
            ]))
        }
        let fieldProperties: [(String, JSONValue)] = [
            ("type", enumeration(FieldKind.allCases.map(\.rawValue), text("The field type (docs/spec-reference.md)", "Kiểu trường"))),
            ("label", ref("localized")), ("hint", ref("localized")), ("required", boolean),
            ("required_when", expression), ("visible_when", expression), ("compute", expression),
            ("min", .object([("type", .array([.string("integer"), .string("string")]))])), ("max", .object([("type", .array([.string("integer"), .string("string")]))])),
            ("min_length", integer), ("max_length", integer), ("pattern", string), ("min_items", integer), ("max_items", integer),
            ("options", .object([("oneOf", .array([snake, map(ref("localized"))]))])),
            ("accept", list(string)), ("max_size", .object([("type", .array([.string("integer"), .string("string")]))])),
            ("fields", map(ref("field"))), ("repeat", ref("repeat")), ("paper", ref("fieldPaper")), ("renamed_from", renamedFrom),
            ("matches", object(["birth_date", "sex"], properties: [("birth_date", expression), ("sex", expression)])),
            ("prefill", .object([
                ("description", .string(text("Where the value comes from when the state already holds it: source.attribute (docs/data-reuse.md)", "Điền sẵn từ dữ liệu đã có"))),
                ("oneOf", .array([
                    string,
                    object(["from", "mode"], required: ["from"], properties: [("from", string), ("mode", enumeration(PrefillMode.allCases.map(\.rawValue)))]),
                    object(["form", "field", "mode"], required: ["form", "field"], properties: [("form", string), ("field", string), ("mode", enumeration(PrefillMode.allCases.map(\.rawValue)))]),
                ])),
            ])),
        ]
        let field = JSONValue.object([
            ("description", .string(text("A field: a type name, or a mapping with its type and constraints", "Trường thông tin"))),
            ("oneOf", .array([
                enumeration(FieldKind.allCases.map(\.rawValue)),
                .object([
                    ("type", .string("object")), ("required", .array([.string("type")])),
                    ("properties", .object(fieldProperties.map { ($0.0, $0.1) })),
                    ("allOf", .array(fieldRules)),
                ]),
            ])),
        ])
        let section = object(FormDecoder.sectionKeys, required: ["title", "fields"], properties: [
            ("title", ref("localized")), ("hint", ref("localized")), ("required", boolean), ("repeat", ref("repeat")),
            ("fields", map(ref("field"))), ("required_when", expression), ("visible_when", expression),
            ("about", enumeration(["applicant"])), ("paper", ref("fieldPaper")), ("renamed_from", renamedFrom),
        ], description: text("A section: a group of fields, or a list of such groups with repeat", "Mục của tờ khai"))
        let form = object(FormDecoder.formKeys, required: ["formc", "form", "version", "title", "sections"], properties: [
            ("formc", formatVersion), ("form", .object([("type", .string("string")), ("pattern", .string("^[a-z][a-z0-9]*(-[a-z0-9]+)*$"))])),
            ("version", .object([("type", .string("string")), ("pattern", .string("^[0-9]+\\.[0-9]+\\.[0-9]+$"))])),
            ("title", ref("localized")), ("description", ref("localized")), ("source", string),
            ("paper", object(["addressee", "statements", "footnotes", "signatures"], properties: [
                ("addressee", .object([("anyOf", .array([enumeration(["agency"]), ref("localized")]))])),
                ("statements", list(ref("localized"))), ("footnotes", list(ref("localized"))),
                ("signatures", list(object(["title", "note"], required: ["title"], properties: [("title", ref("localized")), ("note", ref("localized"))]))),
            ])),
            ("sections", map(ref("section"))),
            ("rules", list(object(["id", "check", "message", "paths"], required: ["id", "check", "message"], properties: [
                ("id", snake), ("check", expression), ("message", ref("localized")), ("paths", list(string)),
            ]))),
            ("examples", list(object(["name", "today", "data", "errors"], required: ["name", "data"], properties: [
                ("name", string), ("today", date), ("data", .object([("type", .string("object"))])),
                ("errors", list(object(["path", "rule"], required: ["path", "rule"], properties: [("path", string), ("rule", string)]))),
            ]))),
        ], description: text("A form (tờ khai, đơn)", "Biểu mẫu"))

        let document = object(ProcedureDecoder.documentKeys, required: ["id"], properties: [
            ("id", snake), ("name", ref("localized")), ("form", string), ("version", string), ("replaced_by", snake), ("originals", integer), ("copies", integer),
            ("copy_type", enumeration(CopyType.allCases.map(\.rawValue))), ("submission", enumeration(Submission.allCases.map(\.rawValue))),
            ("upload", object(["accept", "max_size"], properties: [("accept", list(string))])), ("required", boolean), ("condition", ref("localized")),
        ])
        let fee = object(ProcedureDecoder.feeKeys, required: ["id", "kind", "name"], properties: [
            ("id", snake), ("kind", enumeration(FeeKind.allCases.map(\.rawValue))), ("name", ref("localized")),
            ("amount", .object([
                ("type", .array([.string("integer"), .string("string")])),
                ("description", .string(text("A whole number of đồng, or " + expressionMark.lowercased(), "Số tiền (đồng) hoặc biểu thức"))),
            ])), ("unit", enumeration(FeeUnit.allCases.map(\.rawValue))),
            ("channels", list(enumeration(ChannelKind.allCases.map(\.rawValue)))), ("cases", list(snake)), ("applies_when", expression),
            ("series", snake), ("legal_basis", list(string)), ("note", ref("localized")),
        ])
        let procedure = object(ProcedureDecoder.keys, required: ["formc", "procedure", "name"], properties: [
            ("formc", formatVersion), ("procedure", .object([("type", .string("string")), ("pattern", .string("^[0-9]\\.[0-9]{6}$"))])),
            ("name", ref("localized")), ("domain", ref("localized")),
            ("authority", object(["level", "agency"], properties: [("level", enumeration(AuthorityLevel.allCases.map(\.rawValue))), ("agency", ref("localized"))])),
            ("service", object(["level", "class"], properties: [
                ("level", .object([("type", .string("integer")), ("minimum", .integer(1)), ("maximum", .integer(4))])),
                ("class", enumeration(ServiceClass.allCases.map(\.rawValue))),
            ])),
            ("channels", map(.object([("type", .string("object"))]), names: enumeration(ChannelKind.allCases.map(\.rawValue)))),
            ("cases", map(object(["title", "documents"], required: ["documents"], properties: [("title", ref("localized")), ("documents", list(document))]))),
            ("result_delivery", list(enumeration(ChannelKind.allCases.map(\.rawValue)))),
            ("applicants", list(ref("localized"))), ("conditions", list(ref("localized"))),
            ("fees", list(fee)),
        ], description: text("An administrative procedure (thủ tục hành chính)", "Thủ tục hành chính"))
        let optionList = object(SpecDecoder.optionListKeys, required: ["formc", "options", "choices"], properties: [
            ("formc", formatVersion), ("options", snake), ("title", ref("localized")), ("choices", map(ref("localized"))),
        ], description: text("A shared option list", "Danh sách lựa chọn dùng chung"))
        let project = object(SpecDecoder.projectKeys, required: ["formc", "project"], properties: [
            ("formc", formatVersion), ("project", string), ("administrative_units", string),
            ("service_profile", enumeration(ServiceProfiles.all.map(\.id))),
            ("plugins", list(object(["name", "capability", "command", "timeout_seconds"], required: ["name", "capability", "command"], properties: [
                ("name", string), ("capability", enumeration(Capability.allCases.map(\.rawValue))), ("command", list(string)), ("timeout_seconds", integer),
            ]))),
            ("paper", object(["english"], properties: [("english", boolean)])),
            ("swift", object(["access"], properties: [("access", enumeration(SwiftAccess.allCases.map(\.rawValue)))])),
            ("languages", list(enumeration(["vi", "en"]))),
        ], description: text("The project file (formc.yaml)", "Tệp dự án"))

        let changelog = object(SpecDecoder.changelogKeys, required: ["formc", "changelog"], properties: [
            ("formc", formatVersion), ("changelog", .object([("type", .string("string")), ("description", .string(text("The form this changelog records", "Biểu mẫu")))])),
            ("entries", list(object(["version", "date", "note", "accepts"], required: ["version"], properties: [
                ("version", string), ("date", date), ("note", ref("localized")),
                ("accepts", list(enumeration(DiagnosticID.changes.filter { $0.severity == .error }.map(\.code)))),
            ]))),
        ], description: text("A form's changelog: each version's changes, and the breaking changes it accepts", "Nhật ký thay đổi của biểu mẫu"))

        let source = object(SpecDecoder.sourceKeys, required: ["formc", "data_source", "title", "held_by", "attributes"], properties: [
            ("formc", formatVersion), ("data_source", snake), ("title", ref("localized")), ("held_by", ref("localized")), ("correction", ref("localized")),
            ("attributes", map(ref("field"))), ("replaces", list(snake)),
        ], description: text("A data source forms may prefill from: its attributes, typed as fields are", "Nguồn dữ liệu để điền sẵn"))

        let bundle = object(SpecDecoder.bundleKeys, required: ["formc", "bundle", "version", "name", "members"], properties: [
            ("formc", formatVersion), ("bundle", .object([("type", .string("string")), ("pattern", .string("^[a-z][a-z0-9]*(-[a-z0-9]+)*$"))])),
            ("version", .object([("type", .string("string")), ("pattern", .string("^[0-9]+\\.[0-9]+\\.[0-9]+$"))])),
            ("name", ref("localized")), ("source", string), ("code", string),
            ("members", list(object(["id", "procedure", "document", "case"], required: ["id", "procedure", "document"], properties: [
                ("id", snake), ("procedure", string), ("document", snake), ("case", snake),
            ]))),
            ("fee_examples", .object([("type", .string("array"))])),
            ("shared", .object([("type", .string("object")), ("additionalProperties", string)])),
            ("issued", .object([("type", .string("object")), ("additionalProperties", snake)])),
        ], description: text("A combined procedure (liên thông): one declaration for several procedures", "Thủ tục liên thông"))

        // Which kind a file is: by the key that names it.
        func when(_ key: String, _ definition: String) -> JSONValue {
            .object([("if", .object([("required", .array([.string(key)]))])), ("then", ref(definition))])
        }
        return .object([
            ("$schema", .string("http://json-schema.org/draft-07/schema#")),
            ("$id", .string("urn:formc:spec-format:1")),
            ("title", .string("formc spec (form, procedure, option list, project file)")),
            ("type", .string("object")),
            // A file says what it is (E0206 otherwise), and then it is held to that kind's definition.
            ("anyOf", .array(SpecDecoder.kinds.map { .object([("required", .array([.string($0)]))]) })),
            ("allOf", .array([
                when("form", "form"), when("procedure", "procedure"), when("options", "optionList"), when("project", "project"),
                when("changelog", "changelog"), when("data_source", "dataSource"), when("bundle", "bundle"),
            ])),
            ("definitions", .object([
                ("localized", .object([
                    ("description", .string(text("Text in Vietnamese, and English where given", "Văn bản tiếng Việt, kèm tiếng Anh nếu có"))),
                    ("oneOf", .array([string, object(["vi", "en"], required: ["vi"], properties: [("vi", string), ("en", string)])])),
                ])),
                ("repeat", object(["min", "max"], properties: [("min", integer), ("max", integer)])),
                ("fieldPaper", object(["items", "footnote", "note"], properties: [("items", integer), ("footnote", integer), ("note", ref("localized"))])),
                ("field", field), ("section", section), ("form", form), ("procedure", procedure), ("optionList", optionList), ("project", project),
                ("changelog", changelog), ("dataSource", source), ("bundle", bundle),
            ])),
        ])
    }
}
