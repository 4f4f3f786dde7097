import Foundation
import Testing

@testable import FormcCore

/// One test per diagnostic id: a spec written with an inline 1️⃣ marker where the diagnostic must
/// point, in the style of swift-syntax's diagnostics tests.
struct DiagnosticCase: CustomTestStringConvertible, Sendable {
    var id: DiagnosticID
    /// File path → spec text with exactly one 1️⃣ marker among all files.
    var files: [String: String]
    var limits: SourceLimits = SourceLimits()
    var testDescription: String { id.code }
}

/// A procedure that uses the form `thu-nghiem`, for procedure-level cases.
func procedureSpec(code: String = "1.001193", extra: String = "", fees: String = "") -> String {
    """
    formc: 1
    procedure: "\(code)"
    name: { vi: Thủ tục thử, en: Test procedure }
    domain: { vi: Hộ tịch }
    authority: { level: xa, agency: { vi: Ủy ban nhân dân cấp xã } }
    service: { level: 4 }
    applicants: [ { vi: Công dân } ]
    steps: [ { vi: Nộp hồ sơ } ]
    channels:
      truc_tiep: { processing_time: { working_days: 1 } }
    cases:
      mac_dinh:
        title: { vi: Mặc định }
        documents:
          - { id: to_khai, form: thu-nghiem, originals: 1 }
    results: [ { name: { vi: Kết quả } } ]
    legal_basis:
      - { id: 60/2014/QH13, title: { vi: Luật Hộ tịch } }
    \(extra)
    fees:
      - { id: le_phi, kind: le_phi, name: { vi: Lệ phí }, amount: 0, legal_basis: [60/2014/QH13] }
    \(fees)
    """
}

let diagnosticCases: [DiagnosticCase] = [
    DiagnosticCase(id: .fileTooLarge, files: ["a.yaml": "1️⃣formc: 1\n# padding padding padding padding\n"], limits: { var l = SourceLimits(); l.maxFileSize = 16; return l }()),
    DiagnosticCase(id: .emptyFile, files: ["a.yaml": "1️⃣# only a comment\n"]),
    DiagnosticCase(id: .yamlSyntax, files: ["a.yaml": "formc: 1\nform: thu-nghiem\ntitle: \"Thử nghiệm\n1️⃣"]),
    DiagnosticCase(id: .tabIndentation, files: ["a.yaml": "formc: 1\nsections:\n  chung:\n1️⃣\ttitle: x\n"]),
    DiagnosticCase(id: .duplicateKey, files: ["a.yaml": minimalForm.replacingOccurrences(of: "version: 1.0.0", with: "version: 1.0.0\n1️⃣version: 1.0.1")]),
    DiagnosticCase(id: .aliasNotAllowed, files: ["a.yaml": "formc: 1\nform: 1️⃣&id thu-nghiem\n"]),
    DiagnosticCase(id: .nestingTooDeep, files: ["a.yaml": "a: " + String(repeating: "[", count: 47) + "1️⃣[1" + String(repeating: "]", count: 48) + "\n"]),
    DiagnosticCase(id: .multipleDocuments, files: ["a.yaml": minimalForm + "\n1️⃣---\nformc: 1\n"]),
    DiagnosticCase(id: .nonScalarKey, files: ["a.yaml": "formc: 1\n1️⃣[a, b]: 1\n"]),
    DiagnosticCase(id: .tagNotAllowed, files: ["a.yaml": "formc: 1\nform: 1️⃣!!str thu-nghiem\n"]),
    DiagnosticCase(id: .unknownKey, files: ["a.yaml": minimalForm.replacingOccurrences(of: "    title: { vi: Chung }", with: "    1️⃣titel: { vi: Chung }\n    title: { vi: Chung }")]),
    DiagnosticCase(id: .wrongNodeKind, files: ["a.yaml": minimalForm.replacingOccurrences(of: "title: { vi: Thử nghiệm, en: Test }", with: "title: 1️⃣[Thử nghiệm]")]),
    DiagnosticCase(id: .missingKey, files: ["a.yaml": "1️⃣" + minimalForm.replacingOccurrences(of: "version: 1.0.0\n", with: "")]),
    DiagnosticCase(id: .invalidValue, files: ["a.yaml": minimalForm.replacingOccurrences(of: "required: true", with: "required: 1️⃣yes")]),
    DiagnosticCase(id: .unsupportedFormatVersion, files: ["a.yaml": minimalForm.replacingOccurrences(of: "formc: 1", with: "formc: 1️⃣2")]),
    DiagnosticCase(id: .unknownSpecKind, files: ["a.yaml": "1️⃣formc: 1\nformulaire: x\n"]),
    DiagnosticCase(id: .invalidIdentifier, files: ["a.yaml": minimalForm.replacingOccurrences(of: "form: thu-nghiem", with: "form: 1️⃣Thu_Nghiem")]),
    DiagnosticCase(id: .invalidVersion, files: ["a.yaml": minimalForm.replacingOccurrences(of: "version: 1.0.0", with: "version: 1️⃣1.0")]),
    DiagnosticCase(id: .unknownFieldType, files: ["a.yaml": minimalForm.replacingOccurrences(of: "type: person_name", with: "type: 1️⃣persn_name")]),
    DiagnosticCase(id: .keyNotForType, files: ["a.yaml": minimalForm + "\n      so: { type: integer, label: { vi: Số }, 1️⃣pattern: '[0-9]+' }"]),
    DiagnosticCase(id: .unresolvedReference, files: ["a.yaml": minimalForm + "\n      gioi_tinh: { type: choice, label: { vi: Giới tính }, options: 1️⃣gioi_tin }"]),
    DiagnosticCase(id: .duplicateID, files: ["a.yaml": minimalForm, "b.yaml": minimalForm.replacingOccurrences(of: "form: thu-nghiem", with: "form: 1️⃣thu-nghiem")]),
    DiagnosticCase(id: .contradictoryConstraints, files: ["a.yaml": minimalForm + "\n      so: { type: integer, label: { vi: Số }, min: 1️⃣10, max: 2 }"]),
    DiagnosticCase(id: .defaultViolatesConstraints, files: ["a.yaml": minimalForm + "\n      so: { type: integer, label: { vi: Số }, max: 3, default: 1️⃣5 }"]),
    DiagnosticCase(id: .invalidPattern, files: ["a.yaml": minimalForm + "\n      ma: { type: text, label: { vi: Mã }, pattern: \"[0-9]{3,1️⃣2}\" }".replacingOccurrences(of: "{3,1️⃣2}", with: "1️⃣{3,2}")]),
    DiagnosticCase(id: .nonPortablePattern, files: ["a.yaml": minimalForm + "\n      ma: { type: text, label: { vi: Mã }, pattern: 'AB1️⃣\\d{3}' }"]),
    DiagnosticCase(id: .missingVietnamese, files: ["a.yaml": minimalForm + "\n      so: { type: integer, label: 1️⃣{ en: Number } }"]),
    DiagnosticCase(id: .catalogueProblem, files: ["a.yaml": minimalForm + "\n      1️⃣dia_chi: { type: address_vn, label: { vi: Địa chỉ } }"]),
    DiagnosticCase(id: .invalidPeriod, files: ["a.yaml": minimalForm, "p.yaml": procedureSpec(extra: "valid: { from: 2026-01-01, to: 1️⃣2025-12-31 }")]),
    DiagnosticCase(id: .duplicateProject, files: ["a/formc.yaml": "formc: 1\nproject: one\n", "b/formc.yaml": "formc: 1\nproject: 1️⃣two\n", "a.yaml": minimalForm]),
    DiagnosticCase(id: .expressionSyntax, files: ["a.yaml": minimalForm + "\n      ghi_chu: { type: text, label: { vi: Ghi chú }, required_when: \"chung.ho_ten 1️⃣= 'A'\" }"]),
    DiagnosticCase(id: .expressionType, files: ["a.yaml": minimalForm + "\n      ghi_chu: { type: text, label: { vi: Ghi chú }, required_when: 'chung.ho_ten == 1️⃣5' }"]),
    DiagnosticCase(id: .computeCycle, files: ["a.yaml": minimalForm + "\n      a: { type: integer, label: { vi: A }, compute: '1️⃣chung.b + 1' }\n      b: { type: integer, label: { vi: B }, compute: chung.a + 1 }"]),
    DiagnosticCase(id: .feeOverlap, files: ["a.yaml": minimalForm, "p.yaml": procedureSpec(fees: """
          - { id: le_phi_cu, series: le_phi, kind: le_phi, name: { vi: Lệ phí cũ }, amount: 5, legal_basis: [60/2014/QH13], effective: { to: 2025-12-31 } }
          - { id: 1️⃣le_phi_moi, series: le_phi, kind: le_phi, name: { vi: Lệ phí mới }, amount: 6, legal_basis: [60/2014/QH13], effective: { from: 2025-12-01 } }
        """)]),
    DiagnosticCase(id: .feeExampleDisagrees, files: ["a.yaml": minimalForm, "p.yaml": procedureSpec(extra: """
        fee_examples:
          - 1️⃣name: sai
            channel: truc_tiep
            on: 2026-01-01
            expect: { total: 5 }
        """)]),
    DiagnosticCase(id: .feeNeverApplies, files: ["a.yaml": minimalForm, "p.yaml": procedureSpec(fees: """
          - id: phi
            kind: phi
            name: { vi: Phí }
            amount: 1000
            legal_basis: [60/2014/QH13]
            effective: { from: 2026-01-01 }
            reductions: [ { channel: 1️⃣truc_tuyen, percent: 50 } ]
        """)]),
    DiagnosticCase(id: .feeReadsOptionalAnswer, files: [
        "a.yaml": minimalForm + "\n      so_ban: { type: integer, label: { vi: Số bản }, min: 1 }\n",
        "p.yaml": procedureSpec(fees: """
          - id: phi
            kind: phi
            name: { vi: Phí }
            amount: 1️⃣to_khai.chung.so_ban * 1000
            legal_basis: [60/2014/QH13]
        """),
    ]),
    DiagnosticCase(id: .serviceRequirement, files: ["a.yaml": minimalForm, "p.yaml": procedureSpec().replacingOccurrences(of: "service: { level: 4 }", with: "service: 1️⃣{ level: 4 }")]),
    DiagnosticCase(id: .pluginFailed, files: [
        "a.yaml": minimalForm, "p.yaml": procedureSpec().replacingOccurrences(of: "level: 4", with: "level: 1"),
        "formc.yaml": "formc: 1\nproject: thu\nplugins:\n  - { name: 1️⃣hong, capability: information, command: [/bin/false] }\n",
    ]),
    DiagnosticCase(id: .paperReference, files: ["a.yaml": minimalForm.replacingOccurrences(of: "required: true }", with: "required: true, paper: { footnote: 1️⃣2 } }")]),
    DiagnosticCase(id: .prefillMismatch, files: ["a.yaml": minimalForm + "\n      so_dinh_danh: { type: cccd, label: { vi: Số định danh }, prefill: { from: 1️⃣identity.que_quan, mode: locked } }\n"]),
    DiagnosticCase(id: .prefillMismatch, files: ["a.yaml": minimalForm + "\n      tong: { type: integer, label: { vi: Tổng }, compute: \"1 + 1\", prefill: 1️⃣identity.ho_ten }\n"]),
    DiagnosticCase(id: .unresolvedReference, files: ["a.yaml": minimalForm + "\n      ngay_sinh: { type: date, label: { vi: Ngày sinh }, prefill: identity.1️⃣ngay_sinhh }\n"]),
    DiagnosticCase(id: .lockedPrefillHidden, files: ["a.yaml": minimalForm + "\n      co: { type: boolean, label: { vi: Có nơi ở khác } }\n      noi_o: { type: text, label: { vi: Nơi ở }, visible_when: chung.co, prefill: { from: 1️⃣identity.noi_o_hien_tai, mode: locked } }\n"]),
    DiagnosticCase(id: .breakingWithoutMajor, files: [
        "a.yaml": minimalForm + "\n      ghi_chu: { type: text, label: { vi: Ghi chú } }\n",
        "b.yaml": minimalForm.replacingOccurrences(of: "version: 1.0.0", with: "version: 1️⃣1.1.0"),
    ]),
    DiagnosticCase(id: .exampleDisagrees, files: ["a.yaml": minimalForm + "\nexamples:\n  - 1️⃣name: thiếu họ tên\n    data: { chung: {} }\n"]),
    DiagnosticCase(id: .conditionWithoutWords, files: [
        "a.yaml": minimalForm + "\n      ghi_chu: { type: text, label: { vi: Ghi chú }, visible_when: 1️⃣len(chung.ho_ten) > 3 }\n",
    ]),
    DiagnosticCase(id: .missingTranslation, files: [
        "formc.yaml": "formc: 1\nproject: thu\nlanguages: [vi, en]\n",
        "a.yaml": minimalForm.replacingOccurrences(of: "      ho_ten:", with: "      1️⃣ho_ten:"),
    ]),
    DiagnosticCase(id: .sharedFieldMismatch, files: [
        "a.yaml": minimalForm,
        "b.yaml": minimalForm.replacingOccurrences(of: "form: thu-nghiem", with: "form: thu-nghiem-b") + "\n      ngay: { type: date, label: { vi: Ngày } }\n",
        "p.yaml": procedureSpec(),
        "q.yaml": procedureSpec(code: "1.000656").replacingOccurrences(of: "form: thu-nghiem,", with: "form: thu-nghiem-b,"),
        "l.yaml": "formc: 1\nbundle: thu-lien-thong\nversion: 1.0.0\nname: { vi: Liên thông thử }\nmembers:\n  - { id: a, procedure: \"1.001193\", document: to_khai }\n  - { id: b, procedure: \"1.000656\", document: to_khai }\nshared:\n  1️⃣b.chung.ngay: a.chung.ho_ten\n",
    ]),
    DiagnosticCase(id: .documentDataHeld, files: [
        "a.yaml": minimalForm,
        "s.yaml": "formc: 1\ndata_source: ho_tich\ntitle: { vi: Hộ tịch }\nheld_by: { vi: Cơ sở dữ liệu hộ tịch điện tử }\nreplaces: [giay_bao_tu]\nattributes:\n  so: { type: text, label: { vi: Số } }\n",
        "p.yaml": procedureSpec().replacingOccurrences(of: "      - { id: to_khai, form: thu-nghiem, originals: 1 }", with: "      - { id: to_khai, form: thu-nghiem, originals: 1 }\n      - { id: 1️⃣giay_bao_tu, name: { vi: Giấy báo tử }, originals: 1 }"),
    ]),
    DiagnosticCase(id: .unresolvedReference, files: [
        "a.yaml": minimalForm,
        "p.yaml": procedureSpec().replacingOccurrences(of: "      - { id: to_khai, form: thu-nghiem, originals: 1 }", with: "      - { id: to_khai, form: thu-nghiem, originals: 1 }\n      - { id: giay_bao_tu, name: { vi: Giấy báo tử }, originals: 1, replaced_by: 1️⃣ho_tichh }"),
    ]),
    DiagnosticCase(id: .lintLabelIsCode, files: ["a.yaml": minimalForm.replacingOccurrences(of: "      ho_ten: { type: person_name, label: { vi: Họ tên }", with: "      1️⃣ho_ten: { type: person_name, label: { vi: ho_ten }")]),
    DiagnosticCase(id: .lintLabelIsCode, files: ["a.yaml": minimalForm.replacingOccurrences(of: "      ho_ten: { type: person_name, label: { vi: Họ tên }", with: "      1️⃣ho_ten: { type: person_name, label: { vi: Nhập họ tên… }")]),
    DiagnosticCase(id: .lintDuplicateLabel, files: ["a.yaml": minimalForm + "\n      1️⃣ten_goi: { type: text, label: { vi: Họ tên } }\n"]),
    DiagnosticCase(id: .lintHintRepeatsLabel, files: ["a.yaml": minimalForm.replacingOccurrences(of: "      ho_ten: { type: person_name, label: { vi: Họ tên }", with: "      1️⃣ho_ten: { type: person_name, label: { vi: Họ tên }, hint: { vi: họ tên }")]),
    DiagnosticCase(id: .lintLongLabel, files: ["a.yaml": minimalForm + "\n      1️⃣ghi_chu: { type: text, label: { vi: \"" + String(repeating: "Ghi chú thêm ", count: 10) + "\" } }\n"]),
    DiagnosticCase(id: .lintCapitals, files: ["a.yaml": minimalForm.replacingOccurrences(of: "      ho_ten: { type: person_name, label: { vi: Họ tên }", with: "      1️⃣ho_ten: { type: person_name, label: { vi: HỌ TÊN }")]),
    DiagnosticCase(id: .lintDateAsText, files: ["a.yaml": minimalForm + "\n      1️⃣ngay_cap: { type: text, label: { vi: Ngày cấp } }\n"]),
    DiagnosticCase(id: .lintLongChoiceList, files: ["a.yaml": minimalForm + "\n      1️⃣dan_toc: { type: choice, label: { vi: Dân tộc }, options: { " + (1...31).map { "d\($0): { vi: Dân tộc \($0) }" }.joined(separator: ", ") + " } }\n"]),
    DiagnosticCase(id: .lintMessageNamesNoField, files: ["a.yaml": minimalForm + "\nrules:\n  - id: 1️⃣kiem_tra\n    check: is_set(chung.ho_ten)\n    message: { vi: Vui lòng kiểm tra lại thông tin }\n    paths: [/chung/ho_ten]\n"]),
    DiagnosticCase(id: .lintMessageSaysNothingToDo, files: ["a.yaml": minimalForm + "\nrules:\n  - id: 1️⃣kiem_tra\n    check: is_set(chung.ho_ten)\n    message: { vi: Họ tên không hợp lệ }\n    paths: [/chung/ho_ten]\n"]),
    DiagnosticCase(id: .unusedOptionList, files: ["a.yaml": minimalForm, "o.yaml": "formc: 1\noptions: 1️⃣gioi_tinh\nchoices: { nam: Nam, nu: Nữ }\n"]),
    DiagnosticCase(id: .unusedForm, files: ["a.yaml": minimalForm, "b.yaml": minimalForm.replacingOccurrences(of: "form: thu-nghiem", with: "form: 1️⃣khong-dung"), "p.yaml": procedureSpec()]),
    DiagnosticCase(id: .missingEnglish, files: ["a.yaml": minimalForm.replacingOccurrences(of: "title: { vi: Thử nghiệm, en: Test }", with: "title: 1️⃣{ vi: Thử nghiệm }")]),
]

@Suite("Diagnostic catalogue")
struct DiagnosticCatalogueTests {
    @Test("each diagnostic lands at its marker", arguments: diagnosticCases)
    func diagnosticAtMarker(_ testCase: DiagnosticCase) throws {
        var files: [String: String] = [:]
        var expected: (file: String, line: Int, column: Int)?
        for (path, text) in testCase.files {
            let marked = MarkedSource(text)
            files[path] = marked.text
            if let position = marked.positions["1️⃣"] { expected = (path, position.line, position.column) }
        }
        let target = try #require(expected, "case \(testCase.id) has no 1️⃣ marker")
        let sources = files.map { SourceFile(path: $0.key, bytes: Array($0.value.utf8)) }
        var options = CompileOptions(today: testToday)
        options.limits = testCase.limits
        let result = Compiler.compile(sources: sources, options: options) { _ in nil }
        let matching = result.diagnostics.diagnostics.filter { $0.id == testCase.id }
        let rendered = DiagnosticRenderer.text(result.diagnostics.sorted, sources: [:], colour: false)
        #expect(!matching.isEmpty, "expected \(testCase.id.code); got:\n\(rendered)")
        let locations = matching.compactMap(\.location)
        #expect(
            locations.contains(SourceLocation(file: target.file, line: target.line, column: target.column)),
            "expected \(testCase.id.code) at \(target.file):\(target.line):\(target.column); got:\n\(rendered)")
        // Errors fail the build and produce nothing; warnings alone do not.
        if testCase.id.severity == .error {
            #expect(result.artifacts == nil)
        }
    }

    @Test("every id in the catalogue has a case here")
    func everyIDIsTested() {
        let tested = Set(diagnosticCases.map(\.id.code)).union(["E0001", "E0003", "E0005"])  // SourceTests, CompilerTests, CLITests
        #expect(Set(DiagnosticID.all.map(\.code)) == tested)
    }

    @Test("every id is documented in docs/diagnostics.md with an example")
    func everyIDIsDocumented() throws {
        let docs = try String(contentsOf: packageRoot.appendingPathComponent("docs/diagnostics.md"), encoding: .utf8)
        for id in DiagnosticID.all {
            #expect(docs.contains("## \(id.code)"), "docs/diagnostics.md has no section for \(id.code)")
        }
    }

    @Test("one error per cause: an example or fee example that fails only because of an earlier error in its spec is not reported again")
    func oneErrorPerCause() throws {
        // A misspelt type drops the field; the example that fills it would be "wrong" too.
        let form = minimalForm + "\n      so_ban: { type: integr, label: { vi: Số bản } }\nexamples:\n  - name: có số bản\n    data: { chung: { ho_ten: An, so_ban: 2 } }\n"
        let result = compile(["a.yaml": form])
        #expect(result.diagnostics.diagnostics.filter { $0.severity == .error }.map(\.id.code) == ["E0209"])
        // A fee example of a procedure whose form has an error is not reported either.
        let fees = compile([
            "a.yaml": form,
            "p.yaml": procedureSpec(fees: """
              - id: phi
                kind: phi
                name: { vi: Phí }
                amount: 1000
                legal_basis: [60/2014/QH13]
            """) + "\nfee_examples:\n  - name: sai\n    channel: truc_tuyen\n    on: 2026-03-02\n    expect: { total: 5 }\n",
        ])
        #expect(!fees.diagnostics.diagnostics.contains { $0.id.code == "E0402" || $0.id.code == "E0401" }, "\(fees.diagnostics.diagnostics.map(\.message))")
        // Without the earlier error, both are reported.
        let clean = compile(["a.yaml": form.replacingOccurrences(of: "integr", with: "text")])
        #expect(clean.diagnostics.diagnostics.map(\.id.code).contains("E0401"))
    }

    @Test("one run reports a decoding, an expression and a procedure error together, and not the level error the channel typo causes")
    func everyStageInOneRun() throws {
        let form = minimalForm + """

              so: { type: integr, label: { vi: Số } }
              ghi_chu: { type: text, label: { vi: Ghi chú }, visible_when: chung.khong_co == 'x' }
        """
        let online = procedureSpec().replacingOccurrences(of: "level: 4", with: "level: 3")
            .replacingOccurrences(of: "  truc_tiep: { processing_time: { working_days: 1 } }", with: "  truc_tiep: { processing_time: { working_days: 1 } }\n  truc_tuyen: { processing_time: { working_days: 1 } }")
        let procedure = online.replacingOccurrences(of: "truc_tuyen: {", with: "truc_tuyenn: {")
        let result = compile(["a.yaml": form, "p.yaml": procedure])
        let ids = result.diagnostics.sorted.filter { $0.severity == .error }.map(\.id.code)
        #expect(ids.contains("E0209") && ids.contains("E0312") && ids.contains("E0204"), "\(ids)")
        #expect(!ids.contains("E0315"), "the level error would repeat the channel typo: \(ids)")
        // Fixed, the procedure's level is checked again.
        let fixed = compile(["a.yaml": minimalForm, "p.yaml": online])
        #expect(!fixed.diagnostics.hasErrors, "\(fixed.diagnostics.diagnostics.map(\.message))")
    }

    @Test("a warning is silenced by a formc: allow comment on its line or the line above, an error never; English coverage is counted; languages must include vi")
    func allowCommentsAndLanguages() throws {
        func ids(_ form: String) -> [String] { compile(["a.yaml": form]).diagnostics.diagnostics.map(\.id.code) }
        let field = "      ngay_cap: { type: text, label: { vi: Ngày cấp } }"
        #expect(ids(minimalForm + "\n" + field + "\n").contains("W0506"))
        #expect(!ids(minimalForm + "\n" + field + "  # formc: allow W0506 (the date as printed)\n").contains("W0506"))
        #expect(!ids(minimalForm + "\n      # formc: allow W0501, W0506\n" + field + "\n").contains("W0506"))
        #expect(ids(minimalForm + "\n" + field + "  # formc: allow W0505\n").contains("W0506"), "another id does not silence it")
        #expect(ids(minimalForm.replacingOccurrences(of: "version: 1.0.0", with: "version: 1.0  # formc: allow E0208")).contains("E0208"))
        // What a citizen reads, counted: the title has its English; the section title and the label do not.
        let project = "formc: 1\nproject: thu\nlanguages: [vi, en]\n"
        let english = compile(["formc.yaml": project, "a.yaml": minimalForm])
        let coverage = try #require(english.checked?.englishCoverage)
        #expect(coverage.translated == 1 && coverage.total == 3, "\(coverage)")
        #expect(english.diagnostics.diagnostics.filter { $0.id.code == "W0307" }.count == 2)
        #expect(compile(["a.yaml": minimalForm]).diagnostics.diagnostics.allSatisfy { $0.id.code != "W0307" }, "Vietnamese only: no translation warnings")
        for bad in ["languages: [en]", "languages: [vi, fr]"] {
            let result = compile(["formc.yaml": "formc: 1\nproject: thu\n\(bad)\n", "a.yaml": minimalForm])
            #expect(result.diagnostics.diagnostics.contains { $0.id.code == "E0204" }, "\(bad)")
        }
    }

    @Test("a comma in unquoted flow text: the first stray key gets the fix-it that quotes the whole text, and applied it checks clean")
    func commaInFlowMapping() throws {
        let form = minimalForm.replacingOccurrences(of: "label: { vi: Họ tên }", with: "label: { vi: Họ, chữ đệm, tên khai sinh, en: Name }")
        #expect(form != minimalForm)
        let result = compile(["a.yaml": form])
        let stray = result.diagnostics.sorted.filter { $0.id.code == "E0201" }
        #expect(stray.count == 2 && stray[0].fixIts.count == 1 && stray[1].fixIts.isEmpty)
        let fix = try #require(stray.first?.fixIts.first)
        #expect(fix.replacement == "\"Họ, chữ đệm, tên khai sinh\"")
        let fixed = FixApplier.plan(result.diagnostics.sorted, sources: result.sources)
        let text = String(decoding: try #require(fixed.files["a.yaml"]), as: UTF8.self)
        #expect(text.contains("label: { vi: \"Họ, chữ đệm, tên khai sinh\", en: Name }"))
        #expect(!compile(["a.yaml": text]).diagnostics.hasErrors)
    }

    @Test("a field whose type is misspelt is one error: expressions naming it, in its form and in a procedure's fees, are not reported again")
    func misspeltTypeIsOneError() throws {
        let form = minimalForm + """

              so: { type: integr, label: { vi: Số } }
              ghi_chu: { type: text, label: { vi: Ghi chú }, visible_when: chung.so > 2 }
        """
        let result = compile(["a.yaml": form])
        let errors = result.diagnostics.sorted.filter { $0.severity == .error }
        #expect(errors.map(\.id.code) == ["E0209"], "\(errors.map(\.message))")
        // A field that does not exist at all is still reported, with its suggestion.
        let typo = compile(["a.yaml": form.replacingOccurrences(of: "chung.so > 2", with: "chung.sox > 2")])
        #expect(typo.diagnostics.sorted.map(\.id.code).filter { $0.hasPrefix("E") } == ["E0209", "E0312"])
    }

    @Test("fix-its are applied only when unambiguous: one per diagnostic, no overlap, never in a file with a syntax error")
    func fixApplier() {
        let text = "a: Số x\nb: yes\n"
        let sources = ["f.yaml": SourceFile(path: "f.yaml", bytes: Array(text.utf8)), "g.yaml": SourceFile(path: "g.yaml", bytes: Array(text.utf8))]
        func at(_ file: String, _ line: Int, _ column: Int) -> FormcCore.SourceLocation { FormcCore.SourceLocation(file: file, line: line, column: column) }
        func fix(_ file: String, _ line: Int, _ from: Int, _ to: Int, _ text: String) -> Diagnostic.FixIt {
            .init("write \(text)", range: SourceRange(start: at(file, line, from), end: at(file, line, to)), replacement: text)
        }
        let diagnostics = [
            // Column 4 is after "Số" (counted in code points, not bytes).
            Diagnostic(.invalidValue, "x", at: at("f.yaml", 1, 7), fixIts: [fix("f.yaml", 1, 7, 8, "y")]),
            Diagnostic(.invalidValue, "yes", at: at("f.yaml", 2, 4), fixIts: [fix("f.yaml", 2, 4, 7, "true")]),
            // Two choices: the designer's to make.
            Diagnostic(.invalidValue, "either", at: at("f.yaml", 1, 1), fixIts: [fix("f.yaml", 1, 1, 2, "A"), fix("f.yaml", 1, 1, 2, "B")]),
            // Overlapping edits in g.yaml: neither.
            Diagnostic(.invalidValue, "one", at: at("g.yaml", 2, 4), fixIts: [fix("g.yaml", 2, 4, 7, "true")]),
            Diagnostic(.invalidValue, "two", at: at("g.yaml", 2, 5), fixIts: [fix("g.yaml", 2, 5, 6, "E")]),
        ]
        let plan = FixApplier.plan(diagnostics, sources: sources)
        #expect(plan.files["f.yaml"].map { String(decoding: $0, as: UTF8.self) } == "a: Số y\nb: true\n")
        #expect(plan.files["g.yaml"] == nil)
        #expect(plan.edits.map { $0.line } == [1, 2])
        // A YAML syntax error in the file: nothing is applied there.
        let unreadable = FixApplier.plan(diagnostics + [Diagnostic(.yamlSyntax, "broken", at: at("f.yaml", 2, 1))], sources: sources)
        #expect(unreadable.files.isEmpty)
    }

    @Test("a newcomer's expression and bound mistakes get the hint they need, and a fix-it where the fix is mechanical")
    func newcomerHints() throws {
        let form = minimalForm + """

              ngay: { type: date, label: { vi: Ngày }, max: now }
              a: { type: text, label: { vi: A }, visible_when: ho_ten == 'x' }
              b: { type: text, label: { vi: B }, visible_when: chung.ngay > '2020-01-01' }
              c: { type: text, label: { vi: C }, visible_when: ds.so > 2 }
          ds:
            title: { vi: Danh sách }
            repeat: { max: 3 }
            fields:
              so: { type: integer, label: { vi: Số } }
        """
        let result = compile(["a.yaml": form])
        let errors = result.diagnostics.sorted.filter { $0.severity == .error }
        func find(_ text: String) throws -> Diagnostic { try #require(errors.first { $0.message.contains(text) }, "\(errors.map(\.message))") }
        #expect(try find("found 'now'").fixIts.map(\.replacement) == ["today"])
        let root = try find("no field 'ho_ten' in the form")
        #expect(root.notes.map(\.message) == ["paths start at the form's root: write the section first, 'chung.ho_ten'"] && root.fixIts.map(\.replacement) == ["chung.ho_ten"])
        #expect(try find("found date and string").fixIts.map(\.replacement) == ["date('2020-01-01')"])
        #expect(try find("found list of integer and integer").notes.first?.message.contains("min(…), max(…), sum(…) or count(…)") == true)
        // --fix applies the three mechanical fixes; what is left is the list comparison.
        let plan = FixApplier.plan(result.diagnostics.diagnostics, sources: result.sources)
        let fixed = String(decoding: try #require(plan.files["a.yaml"]), as: UTF8.self)
        #expect(fixed.contains("max: today }") && fixed.contains("visible_when: chung.ho_ten == 'x'") && fixed.contains("visible_when: chung.ngay > date('2020-01-01')"))
        let again = compile(["a.yaml": fixed])
        #expect(again.diagnostics.sorted.filter { $0.severity == .error }.map(\.message).count == 1)
    }

    @Test("ids are unique and ordered")
    func idsAreUniqueAndOrdered() {
        let codes = DiagnosticID.all.map(\.code)
        #expect(Set(codes).count == codes.count)
        let errors = codes.filter { $0.hasPrefix("E") }
        #expect(errors == errors.sorted())
    }
}
