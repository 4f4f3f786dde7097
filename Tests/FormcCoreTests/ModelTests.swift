import Testing

@testable import FormcCore

/// The spec model's values: forms, procedures and fields are kept behind one reference and copied
/// only when changed while shared, and a field's logic lives out of line while it is empty.
@Suite("Spec model")
struct ModelTests {
    /// A field of the corpus with a checked expression, to borrow real expression values from.
    static func fieldWithLogic() throws -> FieldSpec {
        let checked = try #require(try CorpusTests.compileCorpus().checked)
        var found: FieldSpec?
        func search(_ field: FieldSpec) {
            if found == nil, field.logic.checkedVisibleWhen != nil { found = field }
            field.fields.forEach(search)
        }
        checked.forms.forEach { $0.sections.forEach(search) }
        return try #require(found)
    }

    @Test("a field keeps each part of its logic set on its own: none is taken for empty and dropped")
    func logicKeptOutOfLine() throws {
        let source = try Self.fieldWithLogic()
        let expression = try #require(source.logic.visibleWhen)
        let checked = try #require(source.logic.checkedVisibleWhen)
        let check = FieldCheck(rule: .cccd_sex, checked: checked, message: Messages.cccdSex)
        // One edit per property of FieldLogic; the count below fails when a property is added
        // without one (and without being named in `FieldLogic.isBlank`).
        let edits: [(String, (inout FieldLogic) -> Void, (FieldLogic) -> Bool)] = [
            ("requiredWhen", { $0.requiredWhen = expression }, { $0.requiredWhen != nil }),
            ("visibleWhen", { $0.visibleWhen = expression }, { $0.visibleWhen != nil }),
            ("compute", { $0.compute = expression }, { $0.compute != nil }),
            ("checkedRequiredWhen", { $0.checkedRequiredWhen = checked }, { $0.checkedRequiredWhen != nil }),
            ("checkedVisibleWhen", { $0.checkedVisibleWhen = checked }, { $0.checkedVisibleWhen != nil }),
            ("checkedCompute", { $0.checkedCompute = checked }, { $0.checkedCompute != nil }),
            ("matchesBirthDate", { $0.matchesBirthDate = expression }, { $0.matchesBirthDate != nil }),
            ("matchesSex", { $0.matchesSex = expression }, { $0.matchesSex != nil }),
            ("checks", { $0.checks = [check] }, { $0.checks.count == 1 }),
        ]
        #expect(Mirror(reflecting: FieldLogic()).children.count == edits.count)
        for (name, edit, holds) in edits {
            var field = FieldSpec(name: "x", location: source.location, kind: .text)
            edit(&field.logic)
            #expect(holds(field.logic), "\(name) was dropped")
            // Emptied again, the field is as one that never had logic.
            field.logic = FieldLogic()
            #expect(field.logic.isBlank)
        }
    }

    @Test("copies of forms, procedures and fields are independent values")
    func valueSemantics() throws {
        let result = try CorpusTests.compileCorpus()
        let checked = try #require(result.checked)
        let form = try #require(checked.forms.first)
        var copy = form
        copy.id.value = "khac"
        copy.sections[0].label = LocalizedText(vi: "Khác", en: nil)
        #expect(form.id.value != "khac" && copy.id.value == "khac")
        #expect(form.sections[0].label?.vi != "Khác" && copy.sections[0].label?.vi == "Khác")

        let procedure = try #require(checked.procedures.first)
        var other = procedure
        other.code.value = "9.999999"
        other.fees = []
        #expect(procedure.code.value != "9.999999" && other.code.value == "9.999999")
        #expect(other.fees.isEmpty)

        let field = try Self.fieldWithLogic()
        var changed = field
        changed.logic.checkedVisibleWhen = nil
        #expect(field.logic.checkedVisibleWhen != nil && changed.logic.checkedVisibleWhen == nil)
    }
}
