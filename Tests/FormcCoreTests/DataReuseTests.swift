import Foundation
import Testing

@testable import FormcCore

/// Data the state already holds (docs/data-reuse.md): data sources as specs, the built-in national
/// identity, and prefill bindings checked, carried by the artifacts and enforced by the validators.
@Suite("Data reuse")
struct DataReuseTests {
    /// A province's own source, a registry look-up.
    static let registry = """
        formc: 1
        data_source: ho_tich
        title: { vi: Sổ hộ tịch điện tử, en: Electronic civil status register }
        held_by: { vi: Cơ sở dữ liệu hộ tịch điện tử, en: the civil status database }
        attributes:
          so_giay_khai_sinh: { type: text, label: { vi: Số giấy khai sinh, en: Birth certificate number } }
          tinh_trang_hon_nhan: { type: choice, label: { vi: Tình trạng hôn nhân }, options: { doc_than: { vi: Độc thân }, da_ket_hon: { vi: Đã kết hôn } } }
        """

    @Test("the built-in identity source decodes without a problem, and every attribute is typed and labelled")
    func builtInIdentity() throws {
        let result = Compiler.decode(SourceFile(path: BuiltInSources.path, bytes: Array(BuiltInSources.identityText.utf8)), limits: SourceLimits())
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
        let identity = try #require(BuiltInSources.all.first)
        #expect(identity.id.value == "identity" && identity.isBuiltIn)
        #expect(identity.attributes.count == 16 && identity.attributes.allSatisfy { $0.label != nil })
        #expect(identity.attribute("so_dinh_danh")?.kind == .cccd && identity.attribute("thuong_tru")?.kind == .text)
        // Its text is in the docs, as it is.
        let docs = try String(contentsOf: packageRoot.appendingPathComponent("docs/data-reuse.md"), encoding: .utf8)
        #expect(docs.contains(BuiltInSources.identityText.trimmingCharacters(in: .newlines)), "docs/data-reuse.md prints the built-in identity source as it is")
    }

    @Test("a project declares its own source and binds to it; redefining the built-in identity, or a source twice, is an error")
    func projectSources() throws {
        let form = minimalForm + "\n      so_gks: { type: text, label: { vi: Số giấy khai sinh }, prefill: { from: ho_tich.so_giay_khai_sinh, mode: review } }\n"
        let clean = compile(["a.yaml": form, "s.yaml": Self.registry])
        #expect(!clean.diagnostics.hasErrors, "\(clean.diagnostics.sorted.map(\.message))")
        let redefined = compile(["a.yaml": minimalForm, "s.yaml": Self.registry.replacingOccurrences(of: "data_source: ho_tich", with: "data_source: identity")])
        #expect(redefined.diagnostics.sorted.map(\.id) == [.duplicateID] && redefined.diagnostics.sorted.first?.message.contains("built into formc") == true)
        let twice = compile(["a.yaml": form, "s.yaml": Self.registry, "t.yaml": Self.registry])
        #expect(twice.diagnostics.sorted.filter { $0.severity == .error }.map(\.id) == [.duplicateID])
    }

    /// A form with one binding of each mode, in a section the citizen always sees.
    static let bound = """
        formc: 1
        form: thu-dien-san
        version: 1.0.0
        title: { vi: Thử điền sẵn, en: Prefill test }
        sections:
          nguoi_khai:
            title: { vi: Người khai }
            fields:
              ho_ten: { type: person_name, label: { vi: Họ tên }, required: true, prefill: { from: identity.ho_ten, mode: locked } }
              ngay_sinh: { type: date, label: { vi: Ngày sinh }, prefill: { from: identity.ngay_sinh, mode: locked } }
              dien_thoai: { type: phone_vn, label: { vi: Số điện thoại }, prefill: identity.so_dien_thoai }
              email: { type: email, label: { vi: Thư điện tử }, prefill: { from: identity.thu_dien_tu, mode: review } }
        examples:
          - name: đủ
            data: { nguoi_khai: { ho_ten: Lê Văn Tám, ngay_sinh: 1990-01-02, dien_thoai: "0912345678" } }
        """

    @Test("formc's validator, given what the sources hold, refuses a locked answer that differs or is left out, and only a locked one")
    func lockedAnswers() throws {
        let result = compile(["a.yaml": Self.bound])
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.sorted.map(\.message))")
        let form = try #require(result.checked?.forms.first)
        #expect(form.sections[0].fields[0].prefill?.heldBy?.vi == "Cơ sở dữ liệu quốc gia về dân cư", "the checker fills in who holds the data")
        let answers = form.examples[0].data
        let validator = SubmissionValidator(catalogue: nil, today: testToday)
        func rules(_ prefill: JSONValue) -> [String] {
            validator.prefill = prefill
            return validator.validate(answers, against: form).map { "\($0.path) \($0.rule.rawValue)" }
        }
        #expect(rules(.null) == [])
        #expect(rules(try JSONCodec.decode(Array(#"{"identity": {"ho_ten": "Lê Văn Tám", "ngay_sinh": "1990-01-02", "so_dien_thoai": "0987654321", "thu_dien_tu": "a@b.vn"}}"#.utf8))) == [],
                "editable and review answers may differ from the source")
        #expect(rules(try JSONCodec.decode(Array(#"{"identity": {"ho_ten": "Lê Văn Tâm"}}"#.utf8))) == ["/nguoi_khai/ho_ten prefill_locked"])
        #expect(rules(try JSONCodec.decode(Array(#"{"identity": {"ngay_sinh": "1990-01-03"}}"#.utf8))) == ["/nguoi_khai/ngay_sinh prefill_locked"])
        // A decomposed spelling is another answer, as JavaScript's === sees it.
        #expect(rules(.object([("identity", .object([("ho_ten", .string("Le\u{302} Văn Tám"))]))])) == ["/nguoi_khai/ho_ten prefill_locked"])
        // An optional locked answer left out while the source holds it.
        validator.prefill = try JSONCodec.decode(Array(#"{"identity": {"ngay_sinh": "1990-01-02"}}"#.utf8))
        let without = validator.validate(.object([("nguoi_khai", .object([("ho_ten", .string("Lê Văn Tám"))]))]), against: form)
        #expect(without.map(\.rule) == [.prefill_locked] && without.first?.message.vi.hasPrefix("Không được sửa thông tin này") == true)
    }

    @Test("ui.json, schema.json and logic.mjs carry the bindings; applyPrefill fills a locked value over what was typed and an editable one only where empty")
    func artifactsCarryBindings() throws {
        let result = compile(["a.yaml": Self.bound])
        let artifacts = try #require(result.artifacts)
        func file(_ name: String) throws -> [UInt8] { try #require(artifacts.first { $0.path == "forms/thu-dien-san/1.0.0/\(name)" }).bytes }
        let ui = try JSONCodec.decode(try file("ui.json"))
        let control = ui["elements"]?.arrayValue?.first?["elements"]?.arrayValue?.first
        #expect(control?["options"]?["readonly"] == .bool(true) && control?["options"]?["x-formc-prefill"]?["mode"]?.stringValue == "locked")
        let schema = try JSONCodec.decode(try file("schema.json"))
        #expect(schema["properties"]?["nguoi_khai"]?["properties"]?["email"]?["x-formc-prefill"]?["attribute"]?.stringValue == "thu_dien_tu")
        let directory = try TemporaryDirectory()
        try directory.write("logic.mjs", String(decoding: try file("logic.mjs"), as: UTF8.self))
        try directory.write("check.mjs", """
            import { prefill, applyPrefill } from './logic.mjs';
            const typed = { nguoi_khai: { ho_ten: 'Gõ nhầm', dien_thoai: '0900000000' } };
            const out = applyPrefill(typed, { identity: { ho_ten: 'Lê Văn Tám', so_dien_thoai: '0912345678', thu_dien_tu: 'a@b.vn', ngay_sinh: null } });
            console.log(JSON.stringify({ modes: prefill.map((b) => b.mode), answers: out.answers, filled: out.filled, untouched: typed.nguoi_khai.ho_ten }));
            """)
        let node = try #require(which("node") ?? which("nodejs"), "node is needed; scripts/test.sh installs it")
        let ran = try run(node, [directory.path("check.mjs")])
        #expect(ran.status == 0, "\(ran.stderr)")
        let report = try JSONCodec.decode(Array(ran.stdout.utf8))
        #expect(report["modes"] == .array(["locked", "locked", "editable", "review"].map(JSONValue.string)))
        #expect(report["answers"]?["nguoi_khai"]?["ho_ten"]?.stringValue == "Lê Văn Tám", "a locked value replaces what was typed")
        #expect(report["answers"]?["nguoi_khai"]?["dien_thoai"]?.stringValue == "0900000000", "an editable one keeps what the citizen wrote")
        #expect(report["answers"]?["nguoi_khai"]?["email"]?.stringValue == "a@b.vn" && report["answers"]?["nguoi_khai"]?["ngay_sinh"] == nil)
        #expect(report["filled"] == .array(["/nguoi_khai/ho_ten", "/nguoi_khai/email"].map(JSONValue.string)) && report["untouched"]?.stringValue == "Gõ nhầm")
    }

    @Test("a paper data replaces (replaced_by:) is marked in procedure.json, submission.json, the information page and the paper template; a declaration cannot be replaced")
    func documentsReplacedByData() throws {
        let source = """
            formc: 1
            data_source: ho_tich
            title: { vi: Dữ liệu hộ tịch điện tử, en: Electronic civil status records }
            held_by: { vi: Cơ sở dữ liệu hộ tịch điện tử, en: the electronic civil status database }
            replaces: [giay_bao_tu]
            attributes:
              so_giay_bao_tu: { type: text, label: { vi: Số giấy báo tử } }
            """
        let document = "      - { id: to_khai, form: thu-nghiem, originals: 1 }"
        // Level 3 (online submission), so there is a submission manifest too.
        let procedure = procedureSpec()
            .replacingOccurrences(of: "service: { level: 4 }", with: "service: { level: 3 }")
            .replacingOccurrences(of: "  truc_tiep: { processing_time: { working_days: 1 } }", with: "  truc_tiep: { processing_time: { working_days: 1 } }\n  truc_tuyen: { processing_time: { working_days: 1 } }")
            .replacingOccurrences(of: document, with: document + "\n      - { id: giay_bao_tu, name: { vi: Giấy báo tử, en: Death notice }, originals: 1, replaced_by: ho_tich, upload: { accept: [application/pdf], max_size: 5MB } }")
        let result = compile(["a.yaml": minimalForm, "s.yaml": source, "p.yaml": procedure])
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.sorted.map(\.message))")
        guard let artifacts = result.artifacts else { return }
        func text(_ path: String) throws -> String { String(decoding: try #require(artifacts.first { $0.path == path }, "\(path)").bytes, as: UTF8.self) }
        for path in ["procedures/1.001193/procedure.json", "procedures/1.001193/submission.json"] {
            let record = try JSONCodec.decode(Array(try text(path).utf8))
            let replaced = record["cases"]?.arrayValue?.first?["documents"]?.arrayValue?.last?["replaced_by"]
            #expect(replaced?["source"]?.stringValue == "ho_tich" && replaced?["held_by"]?["vi"]?.stringValue == "Cơ sở dữ liệu hộ tịch điện tử", "\(path)")
        }
        #expect(try text("procedures/1.001193/information.html").contains("Không phải nộp nếu cơ quan giải quyết khai thác được thông tin từ Cơ sở dữ liệu hộ tịch điện tử"))
        let template = try text("procedures/1.001193/templates/thu-nghiem.html")
        #expect(template.contains("Giấy tờ không phải nộp nếu cơ quan giải quyết khai thác được dữ liệu") && template.contains("Giấy báo tử"))
        // The declaration itself is not a paper data can replace.
        let wrong = compile(["a.yaml": minimalForm, "s.yaml": source, "p.yaml": procedureSpec().replacingOccurrences(
            of: document, with: "      - { id: to_khai, form: thu-nghiem, originals: 1, replaced_by: ho_tich }")])
        #expect(wrong.diagnostics.sorted.filter { $0.severity == .error }.map(\.id) == [.invalidValue])
    }

    static let bundleFixtures = "Tests/FormcCoreTests/Fixtures/bundles"

    static func bundleFiles() throws -> [String: String] {
        let folder = packageRoot.appendingPathComponent(bundleFixtures)
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".yaml") {
            files[name] = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        return files
    }

    @Test("a combined procedure: its declaration is a form of the build; every combined vector, split into the members' submissions, gets from the members' own validate.mjs the vector's verdict; split.mjs and formc split alike")
    func combinedProcedure() throws {
        let result = compile(try Self.bundleFiles())
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.sorted.map(\.message))")
        let declaration = try #require(result.checked?.bundles.first)
        // The bound fields are asked once: B's name and birth date are not in the combined form, and
        // B's rule and computed field read A's answers.
        let b = try #require(declaration.form.sections.first { $0.name == "b" })
        #expect(b.fields.first { $0.name == "nguoi" }?.fields.map(\.name) == ["ghi_chu"])
        #expect(declaration.form.rules.first?.paths == ["/a/nguoi_khai/ngay_sinh"])
        #expect(declaration.members[1].copies.map { "\($0.to) <- \($0.from)" } == ["/nguoi/ho_ten <- /a/nguoi_khai/ho_ten", "/nguoi/ngay_sinh <- /a/nguoi_khai/ngay_sinh"])
        // Each member's information page offers the combined declaration's page.
        for code in ["9.100001", "9.100002"] {
            let page = String(decoding: try #require(result.artifacts?.first { $0.path == "procedures/\(code)/information.html" }).bytes, as: UTF8.self)
            #expect(page.contains("<a href=\"../../bundles/thu-lien-thong/form.html\">Liên thông thử nghiệm"), "\(code)")
        }
        let directory = try TemporaryDirectory()
        let build = try run(formcExecutable, ["build", packageRoot.appendingPathComponent(Self.bundleFixtures).path, "-o", directory.path("out"), "--today", "2026-11-25"])
        #expect(build.status == 0, "\(build.stderr)")
        let node = try #require(which("node") ?? which("nodejs"), "node is needed; scripts/test.sh installs it")
        let judged = try run(node, [packageRoot.appendingPathComponent("Tests/Judges/judge_bundles.mjs").path, directory.path("out")])
        #expect(judged.status == 0 && judged.stdout.contains("1 bundles, ") && judged.stdout.contains(", 3 fee vectors, 0 disagreements"), "\(judged.stdout)\(judged.stderr)")
        // formc's split (what its fee checks use) is split.mjs's, vector by vector.
        let vectors = try JSONCodec.decode(Array(try String(contentsOfFile: directory.path("out/forms/thu-lien-thong/1.0.0/vectors.json"), encoding: .utf8).utf8))
        try directory.write("splits.mjs", """
            import fs from 'node:fs';
            import { split } from './out/bundles/thu-lien-thong/split.mjs';
            import { vectorData } from '\(packageRoot.appendingPathComponent("Tests/Judges/vector_data.mjs").path)';
            const suite = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
            console.log(JSON.stringify(suite.vectors.map((v) => split(vectorData(suite.vectors, v)))));
            """)
        let splits = try run(node, [directory.path("splits.mjs"), directory.path("out/forms/thu-lien-thong/1.0.0/vectors.json")])
        let javascript = try #require(try JSONCodec.decode(Array(splits.stdout.utf8)).arrayValue, "\(splits.stderr)")
        let list = try #require(vectors["vectors"]?.arrayValue)
        #expect(javascript.count == list.count && list.count > 40)
        for (index, vector) in list.enumerated() {
            guard let data = vector["data"] else { continue }  // near misses: judged through split.mjs above
            let swift = JSONValue.object(declaration.split(data).map { ($0.member, $0.submission) })
            #expect(JSONCodec.encode(swift) == JSONCodec.encode(javascript[index]), "vector \(index)")
        }
    }

    @Test("a bundle's mistakes are located: an unknown procedure, document or field (with the closest name), a field shared across types, a member not offered online")
    func bundleDiagnostics() throws {
        var files = try Self.bundleFiles()
        func errors(_ bundle: String) -> [String] {
            files["lien-thong.yaml"] = bundle
            return compile(files).diagnostics.sorted.filter { $0.severity == .error }.map { "\($0.id.code) \($0.message)" }
        }
        let bundle = files["lien-thong.yaml"]!
        #expect(errors(bundle.replacingOccurrences(of: "\"9.100002\"", with: "\"9.100003\"")).first?.hasPrefix("E0301 no procedure with code '9.100003'; did you mean") == true)
        #expect(errors(bundle.replacingOccurrences(of: "b.nguoi.ho_ten: a.nguoi_khai.ho_ten", with: "b.nguoi.ho_ten: a.nguoi_khai.ho_tenn")).first?.contains("has no field 'nguoi_khai.ho_tenn'; did you mean 'ho_ten'?") == true)
        #expect(errors(bundle.replacingOccurrences(of: "b.nguoi.ho_ten: a.nguoi_khai.ho_ten", with: "b.nguoi.ghi_chu: a.nguoi_khai.ngay_sinh")).first?.hasPrefix("E0321 'b.nguoi.ghi_chu' cannot be bound to 'a.nguoi_khai.ngay_sinh'") == true)
        #expect(errors(bundle.replacingOccurrences(of: "b.nguoi.ho_ten: a.nguoi_khai.ho_ten", with: "b.thanh_vien.ho_ten: a.nguoi_khai.ho_ten")).first?.contains("in a list the citizen repeats") == true)
        #expect(errors(bundle.replacingOccurrences(of: "expect: { total: 3000 }", with: "expect: { total: 4000 }")).first?.hasPrefix("E0402 fee example 'đủ' does not give the amounts it expects") == true)
        // Its declaration is a form of the build: a bundle with a form's id, or twice, would write one path twice.
        #expect(errors(bundle.replacingOccurrences(of: "bundle: thu-lien-thong", with: "bundle: thu-lien-thong-a")) == ["E0302 bundle 'thu-lien-thong-a' has the id of a form; its combined declaration is a form of the build, so give it its own id"])
        files["lien-thong-2.yaml"] = bundle
        #expect(errors(bundle).map { String($0.prefix(5)) } == ["E0302"])
        files["lien-thong-2.yaml"] = nil
        files["9.100002-thu-b.yaml"] = files["9.100002-thu-b.yaml"]!.replacingOccurrences(of: "service: { level: 3 }", with: "service: { level: 2 }")
            .replacingOccurrences(of: "  truc_tuyen: { processing_time: { working_days: 1 } }\n", with: "")
        #expect(errors(bundle).contains { $0.hasPrefix("E0315 procedure 9.100002 is not offered for online submission") })
    }

    @Test("a field filled in from another form of the dossier: the form and field exist (closest names), agree in type; its locked answer is enforced by formc and validate.mjs given that form's answers")
    func prefillFromAnotherForm() throws {
        let other = """
            formc: 1
            form: thu-to-khai-kem
            version: 1.0.0
            title: { vi: Tờ khai kèm theo, en: Companion form }
            sections:
              nguoi_nop:
                title: { vi: Người nộp }
                fields:
                  ho_ten: { type: person_name, label: { vi: Họ tên }, required: true, prefill: { form: thu-dien-san, field: nguoi_khai.ho_ten, mode: locked } }
                  dien_thoai: { type: phone_vn, label: { vi: Số điện thoại }, prefill: { form: thu-dien-san, field: nguoi_khai.dien_thoai, mode: review } }
            examples:
              - name: đủ
                data: { nguoi_nop: { ho_ten: Lê Văn Tám, dien_thoai: "0912345678" } }
            """
        let result = compile(["a.yaml": Self.bound, "b.yaml": other])
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.sorted.map(\.message))")
        let form = try #require(result.checked?.forms.first { $0.id.value == "thu-to-khai-kem" })
        #expect(form.sections[0].fields[0].prefill?.heldBy?.vi == "tờ khai «Thử điền sẵn» trong cùng hồ sơ")
        let validator = SubmissionValidator(catalogue: nil, today: testToday)
        validator.prefill = try JSONCodec.decode(Array(#"{"thu-dien-san": {"nguoi_khai": {"ho_ten": "Lê Văn Tâm"}}}"#.utf8))
        #expect(validator.validate(form.examples[0].data, against: form).map { "\($0.path) \($0.rule.rawValue)" } == ["/nguoi_nop/ho_ten prefill_locked"])
        // validate.mjs, given the same, says the same.
        let directory = try TemporaryDirectory()
        let module = try #require(result.artifacts?.first { $0.path == "forms/thu-to-khai-kem/1.0.0/validate.mjs" })
        try directory.write("validate.mjs", String(decoding: module.bytes, as: UTF8.self))
        try directory.write("check.mjs", """
            import { validate } from './validate.mjs';
            const data = { nguoi_nop: { ho_ten: 'Lê Văn Tám', dien_thoai: '0912345678' } };
            const held = (name) => ({ 'thu-dien-san': { nguoi_khai: { ho_ten: name } } });
            console.log(JSON.stringify([validate(data, { prefill: held('Lê Văn Tâm') }).errors.map((e) => e.rule), validate(data, { prefill: held('Lê Văn Tám') }).valid]));
            """)
        let node = try #require(which("node") ?? which("nodejs"), "node is needed; scripts/test.sh installs it")
        let ran = try run(node, [directory.path("check.mjs")])
        #expect(ran.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == #"[["prefill_locked"],true]"#, "\(ran.stdout)\(ran.stderr)")
        // Mistakes, located with the closest name.
        func errors(_ text: String) -> [String] {
            compile(["a.yaml": Self.bound, "b.yaml": text]).diagnostics.sorted.filter { $0.severity == .error }.map { "\($0.id.code) \($0.message)" }
        }
        #expect(errors(other.replacingOccurrences(of: "form: thu-dien-san, field: nguoi_khai.ho_ten", with: "form: thu-dien-sann, field: nguoi_khai.ho_ten")).first == "E0301 no form named 'thu-dien-sann'; did you mean 'thu-dien-san'?")
        #expect(errors(other.replacingOccurrences(of: "field: nguoi_khai.ho_ten", with: "field: nguoi_khai.ho_tenn")).first?.hasPrefix("E0301 form 'thu-dien-san' has no field 'nguoi_khai.ho_tenn'; did you mean 'ho_ten'?") == true)
        #expect(errors(other.replacingOccurrences(of: "field: nguoi_khai.dien_thoai", with: "field: nguoi_khai.ngay_sinh")).first?.hasPrefix("E0319") == true)
        #expect(errors(other.replacingOccurrences(of: "form: thu-dien-san, field: nguoi_khai.ho_ten", with: "form: thu-to-khai-kem, field: nguoi_nop.dien_thoai")).first?.hasPrefix("E0301 a field is not filled in from its own form") == true)
    }
}
