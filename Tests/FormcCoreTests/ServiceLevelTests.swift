import Foundation
import Testing

@testable import FormcCore

@Suite("Service levels and plugins")
struct ServiceLevelTests {
    @Test("the corpus compiles under the NĐ 42/2022 profile, with classes derived from the levels")
    func decree42Profile() throws {
        let files = try Compiler.discoverSpecFiles([CorpusTests.formsFolder])
        var options = CompileOptions(today: testToday)
        options.serviceProfile = "nd42_2022"
        let result = Compiler.compile(files: files, options: options)
        #expect(!result.diagnostics.hasErrors, "\(DiagnosticRenderer.text(result.diagnostics.sorted, sources: result.sources, colour: false))")
        let checked = try #require(result.checked)
        let classes = Dictionary(uniqueKeysWithValues: checked.procedures.map { ($0.code.value, checked.services[$0.code.value]?.context.serviceClass) })
        // Residence registration has no in-person step: toàn trình. Birth registration shows an
        // identity document in person: một phần. Level 3 procedures: một phần.
        #expect(classes["1.004222"] == .toan_trinh)
        #expect(classes["1.001193"] == .mot_phan)
        #expect(classes["2.000884"] == .mot_phan)
        let paths = Set(try #require(result.artifacts).map(\.path))
        #expect(paths.contains("procedures/1.004222/payment.json"))
        #expect(!paths.contains("procedures/1.001193/payment.json"))
    }

    @Test("a procedure that declares a class chooses the NĐ 42/2022 profile itself: toàn trình needs delivery without a visit")
    func classPerProcedure() throws {
        let procedure = procedureSpec()
            .replacingOccurrences(of: "service: { level: 4 }", with: "service: { class: toan_trinh }")
            .replacingOccurrences(of: "truc_tiep: { processing_time: { working_days: 1 } }", with: "truc_tuyen: { processing_time: { working_days: 1 } }")
            + "\nfee_examples:\n  - { name: miễn, channel: truc_tuyen, on: 2026-01-01, expect: { total: 0 } }\n"
        let result = compile(["a.yaml": minimalForm, "p.yaml": procedure])
        let errors = result.diagnostics.sorted.filter { $0.id == .serviceRequirement }
        #expect(errors.allSatisfy { $0.message.contains("declares service class toan_trinh") }, "\(errors.map(\.message))")
        #expect(errors.contains { $0.message.contains("the result cannot be delivered online or by post") }, "the fully-online requirement of the class")
        #expect(errors.allSatisfy { $0.notes.contains { $0.message.contains("supports một phần") && $0.message.contains("nd42_2022") } })
    }

    @Test("a procedure that declares level 4 without fee rules fails at its declaration, naming what is missing")
    func levelFourWithoutFees() throws {
        let procedure = procedureSpec()
            .replacingOccurrences(of: "fees:\n  - { id: le_phi, kind: le_phi, name: { vi: Lệ phí }, amount: 0, legal_basis: [60/2014/QH13] }", with: "")
            .replacingOccurrences(of: "truc_tiep: { processing_time: { working_days: 1 } }", with: "truc_tuyen: { processing_time: { working_days: 1 } }")
        let result = compile(["a.yaml": minimalForm, "p.yaml": procedure])
        let errors = result.diagnostics.sorted.filter { $0.id == .serviceRequirement }
        #expect(!errors.isEmpty)
        #expect(errors.allSatisfy { $0.location?.line == 6 && $0.location?.column == 10 }, "at `service:` in p.yaml")
        #expect(errors.contains { $0.message.contains("no fee rules") })
        #expect(errors.contains { $0.message.contains("fees (phí, lệ phí) are not stated") })
        #expect(errors.allSatisfy { $0.notes.contains { $0.message.contains("supports no service level") || $0.message.contains("supports service level") } })
        #expect(result.artifacts == nil)
    }

    @Test("information pages and templates: lang vi, headings in order, every input labelled, no script; Chromium loads and prints each to PDF")
    func pages() throws {
        let python = try #require(ProcessInfo.processInfo.environment["FORMC_PYTHON"] ?? which("python3"), "python3 is needed")
        let directory = try TemporaryDirectory()
        let out = try CorpusTests.buildCorpus(into: directory)
        let result = try run(python, [packageRoot.appendingPathComponent("Tests/Judges/judge_pages.py").path, out])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)\nscripts/test.sh installs Debian's chromium")
        #expect(result.stdout.contains("19 pages"))
    }

    @Test("information pages state every fee in words a citizen reads: amounts per unit, tier tables, exemptions, reductions; never an expression")
    func feesInWords() throws {
        let checked = try #require(try CorpusTests.compileCorpus().checked)
        let artifacts = try #require(try CorpusTests.compileCorpus().artifacts)
        func page(_ code: String) throws -> String {
            let artifact = try #require(artifacts.first { $0.path == "procedures/\(code)/information.html" })
            return String(decoding: artifact.bytes, as: UTF8.self)
        }
        for procedure in checked.procedures {
            let html = try page(procedure.code.value)
            var expressions: [String] = []
            for fee in procedure.fees {
                if let condition = fee.appliesWhen { expressions.append(condition.text) }
                if case .expression(let source, _) = fee.amount { expressions.append(source.text) }
                if case .tiers(let tiers) = fee.amount { expressions += [tiers.units.text, tiers.per?.value, tiers.multiplier?.text].compactMap { $0 } }
            }
            for category in procedure.applicantCategories { if let when = category.when { expressions.append(when.text) } }
            for text in expressions { #expect(!html.contains(text), "\(procedure.code.value) shows the expression \(text)") }
            #expect(!html.contains("<code>") && !html.contains("công thức"), "\(procedure.code.value)")
        }
        #expect(try page("2.000635").contains("8.000 đồng/bản"))
        #expect(try page("1.001193").contains("Chỉ thu khi người nộp chọn «Đề nghị cấp bản sao trích lục khai sinh»"))
        let copies = try page("2.000815")
        #expect(copies.contains("<td>Từ thứ 1 đến thứ 2</td><td>2.000 đồng/trang</td>") && copies.contains("<td>Từ thứ 3 trở đi</td><td>1.000 đồng/trang</td>"))
        #expect(copies.contains("Tối đa 200.000 đồng cho mỗi mục.") && copies.contains("Nhân với «Số bản sao cần chứng thực»."))
        let residence = try page("1.004222")
        #expect(residence.contains("20.000 đồng/lần") && residence.contains("Giảm 50% khi nộp trực tuyến từ ngày 01/07/2025 đến ngày 31/12/2026"))
        #expect(residence.contains("Người cao tuổi (xác định theo thông tin trên tờ khai)"))
    }

    @Test("form pages in headless Chromium: they load from the file system without an error, every control is labelled, every enterable example goes through the controls and gets formc's verdict, errors and summary")
    func formPages() throws {
        let python = try #require(ProcessInfo.processInfo.environment["FORMC_PYTHON"] ?? which("python3"), "python3 is needed")
        let directory = try TemporaryDirectory()
        let out = try CorpusTests.buildCorpus(into: directory)
        let result = try run(python, [packageRoot.appendingPathComponent("Tests/Judges/judge_form_pages.py").path, out])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)\nscripts/test.sh installs Debian's chromium and python websockets")
        // Eight documents' pages and the combined procedure's (its example priced by the bundle's fee).
        #expect(result.stdout.contains("form pages in Chromium: 9 pages, 24 examples entered through the controls and submitted (14 invalid ones hold what no control can; 666 field states shown as logic.mjs says)"), "\(result.stdout)")
        #expect(result.stdout.contains("13 submissions POSTed and received, 12 fee vectors shown as fees.json says (18 for another channel, case or document), 6 prefilled fields locked or confirmed, 5 hostile inputs and switches, 0 problems"), "\(result.stdout)")
        // What the corpus does not have: a repeat inside a repeat, a document in two cases with
        // different fees, an exemption only the citizen can declare (a test project).
        let fixture = directory.path("fixture")
        let build = try run(formcExecutable, ["build", packageRoot.appendingPathComponent("Tests/Judges/fixtures/form-pages").path, "-o", fixture])
        #expect(build.status == 0, "\(build.stderr)")
        let nested = try run(python, [packageRoot.appendingPathComponent("Tests/Judges/judge_form_pages.py").path, fixture])
        #expect(nested.status == 0, "\(nested.stdout)\(nested.stderr)")
        #expect(nested.stdout.contains("form pages in Chromium: 1 pages, 2 examples entered through the controls and submitted (0 invalid ones"), "\(nested.stdout)")
        #expect(nested.stdout.contains("1 submissions POSTed and received, 5 fee vectors shown as fees.json says (0 for another channel, case or document)"), "\(nested.stdout)")
        // No inline script or style: the pages run under Content-Security-Policy: default-src 'self'.
        let artifacts = try #require(try CorpusTests.compileCorpus().artifacts)
        for page in artifacts where page.path.hasSuffix("/form.html") {
            let html = String(decoding: page.bytes, as: UTF8.self)
            #expect(!html.contains("<script>") && !html.contains("<style") && !html.contains(" style=") && html.firstMatch(of: /\ on[a-z]+=/) == nil, "\(page.path)")
            #expect(html.contains("<form id=\"to-khai\" novalidate>"))
            // The procedure's information page links to it (a combined declaration's page has no procedure of its own).
            let parts = page.path.split(separator: "/")
            guard parts[0] == "procedures" else { continue }
            let information = try #require(artifacts.first { $0.path == "procedures/\(parts[1])/information.html" })
            #expect(String(decoding: information.bytes, as: UTF8.self).contains("href=\"forms/\(parts[3])/form.html\">Khai trực tuyến</a>"), "\(page.path)")
        }
        // Each script carries the prefill behaviour only when its form binds a field, and no comment
        // or indentation (the judge above runs every one of them).
        var bound = 0
        for script in artifacts where script.path.hasSuffix("/form.js") {
            let text = String(decoding: script.bytes, as: UTF8.self)
            let lines = text.split(separator: "\n")
            #expect(!lines.contains { $0.hasPrefix(" ") || $0.hasPrefix("//") && !$0.hasPrefix("// Generated by formc") || $0.hasPrefix("/*") }, "\(script.path)")
            if text.contains("function applyPrefill(") {
                bound += 1
                #expect(text.contains("\"prefill\":{"), "\(script.path)")
            } else {
                #expect(!text.contains("\"prefill\":{") && !text.contains("prefill(sources)"), "\(script.path)")
            }
        }
        #expect(bound == 3, "the pages of CT01, the certified copy and the combined declaration bind the applicant's identity")
    }

    @Test("the page script's compaction drops comments and indentation, and only them")
    func compaction() {
        let source = ["  // a comment", "  const a = '// not a comment'; // trailing stays", "    /** block", "     * more */", "", "/* one line */ const b = 2;", "\tif (a) {", "  }"]
        #expect(FormPageEmitter.compacted(source) == ["const a = '// not a comment'; // trailing stays", "const b = 2;", "if (a) {", "}"])
        let plain = FormPageEmitter.runtime(with: []), prefilling = FormPageEmitter.runtime(with: [.prefill])
        #expect(!plain.contains("applyPrefill") && prefilling.contains("function applyPrefill(") && prefilling.contains("prefill(sources) { applyPrefill(sources); },"))
        #expect(!plain.contains("//#") && !prefilling.contains("//#"))
        #expect(plain.contains("let prefillSources = null;"), "the submit step passes what was prefilled, if anything, to the validator")
    }

    @Test("paper: templates and filled printouts printed to PDF by Chromium keep the official layout and every answer in NFC, fonts embedded; the form page prints the answers")
    func paper() throws {
        let python = try #require(ProcessInfo.processInfo.environment["FORMC_PYTHON"] ?? which("python3"), "python3 is needed")
        let directory = try TemporaryDirectory()
        let out = try CorpusTests.buildCorpus(into: directory)
        let result = try run(python, [packageRoot.appendingPathComponent("Tests/Judges/judge_paper.py").path, out])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)\nscripts/test.sh installs Debian's chromium and poppler-utils")
        #expect(result.stdout.contains("paper: 9 templates printed to PDF, 11 filled printouts read back, 0 problems"), "\(result.stdout)")
        #expect(result.stdout.contains("procedures/1.001193/templates/to-khai-dang-ky-khai-sinh.html                2 pages"), "\(result.stdout)")
    }

    @Test("templates say conditions and derivations in words, refer to their footnotes, and leave English out unless the project asks")
    func templateWording() throws {
        let artifacts = try #require(try CorpusTests.compileCorpus().artifacts)
        func template(_ path: String) throws -> String {
            String(decoding: try #require(artifacts.first { $0.path == path }).bytes, as: UTF8.self)
        }
        let birth = try template("procedures/1.001193/templates/to-khai-dang-ky-khai-sinh.html")
        #expect(birth.contains("(Phải khai nếu chọn «Khác» ở «Quan hệ với người được khai sinh».)"))
        #expect(birth.contains("(Phải khai nếu không khai «Số định danh cá nhân».)"))
        #expect(birth.contains("(Chỉ khai nếu chọn «Đề nghị cấp bản sao trích lục khai sinh».)"))
        #expect(birth.contains("Kính gửi: Ủy ban nhân dân cấp xã") && birth.contains("Tôi cam đoan nội dung đề nghị đăng ký khai sinh"))
        #expect(birth.contains("Nơi sinh<sup>(4)</sup>") && birth.contains("<p>(6) Đánh dấu X vào ô"))
        #expect(!birth.contains("lang=\"en\""), "English glosses are off on paper by default")
        let copies = try template("procedures/2.000815/templates/de-nghi-chung-thuc-ban-sao.html")
        #expect(copies.contains("(Bằng «Số trang của bản chính» × «Số bản sao cần chứng thực».)"))
        #expect(copies.contains("(Bằng tổng «Số bản sao cần chứng thực» của các mục.)"))
        // A repeat prints its maximum when small, else three blank items; the marriage form has two signatures.
        let marriage = try template("procedures/1.000894/templates/to-khai-dang-ky-ket-hon.html")
        #expect(marriage.contains("<strong>Bên nữ</strong>") && marriage.contains("<strong>Bên nam</strong>"))
        #expect(copies.components(separatedBy: "<p class=\"item-title\">").count - 1 == 3)
        // The project can ask for the English glosses.
        let english = compile([
            "a.yaml": minimalForm, "p.yaml": procedureSpec().replacingOccurrences(of: "level: 4", with: "level: 2"),
            "formc.yaml": "formc: 1\nproject: thu\npaper: { english: true }\n",
        ])
        let page = try #require(english.artifacts?.first { $0.path.hasSuffix("templates/thu-nghiem.html") }, "\(english.diagnostics.diagnostics.map(\.message))")
        #expect(String(decoding: page.bytes, as: UTF8.self).contains("<span class=\"en\" lang=\"en\">/ Test</span>"))
    }

    @Test("spec text in pages is escaped: a label that looks like markup shows as text")
    func pagesEscapeSpecText() throws {
        let hostile = "</script><script>alert(1)</script> & \"quoted\""
        let form = minimalForm.replacingOccurrences(of: "label: { vi: Họ tên }", with: "label: { vi: '\(hostile)' }")
        let procedure = procedureSpec().replacingOccurrences(of: "level: 4", with: "level: 2")
            .replacingOccurrences(of: "name: { vi: Thủ tục thử, en: Test procedure }", with: "name: { vi: '\(hostile)', en: Test procedure }")
        let result = compile(["a.yaml": form, "p.yaml": procedure])
        let artifacts = try #require(result.artifacts, "\(result.diagnostics.diagnostics.map(\.message))")
        for path in ["procedures/1.001193/information.html", "procedures/1.001193/templates/thu-nghiem.html"] {
            let page = String(decoding: try #require(artifacts.first { $0.path == path }).bytes, as: UTF8.self)
            #expect(!page.contains("<script>"), "\(path)")
            #expect(page.contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;"), "\(path)")
        }
    }

    // MARK: External plugins

    static let plugin = packageRoot.appendingPathComponent("Tests/FormcCoreTests/Fixtures/plugins/checklist.py").path

    func build(pluginArguments: [String], timeout: Int = 10) throws -> (CompileResult, TemporaryDirectory) {
        let python = try #require(ProcessInfo.processInfo.environment["FORMC_PYTHON"] ?? which("python3"), "python3 is needed")
        let directory = try TemporaryDirectory()
        let command = ([python, Self.plugin] + pluginArguments).map { "\"\($0)\"" }.joined(separator: ", ")
        let project = "formc: 1\nproject: thu\nplugins:\n  - { name: checklist, capability: information, timeout_seconds: \(timeout), command: [\(command)] }\n"
        let procedure = procedureSpec().replacingOccurrences(of: "level: 4", with: "level: 1")
        let result = compile(["formc.yaml": project, "a.yaml": minimalForm, "p.yaml": procedure])
        return (result, directory)
    }

    @Test("the example external plugin answers with an artifact in its own folder and an unmet requirement")
    func externalPlugin() throws {
        let (result, _) = try build(pluginArguments: [])
        let unmet = result.diagnostics.diagnostics.filter { $0.id == .serviceRequirement }
        #expect(unmet.count == 1 && unmet[0].message.contains("no result has a result code"), "\(unmet.map(\.message))")
        // With a result code, it is satisfied and its checklist lands in the build.
        let python = try #require(which("python3"))
        let command = "[\"\(python)\", \"\(Self.plugin)\"]"
        let project = "formc: 1\nproject: thu\nplugins:\n  - { name: checklist, capability: information, command: \(command) }\n"
        let procedure = procedureSpec().replacingOccurrences(of: "level: 4", with: "level: 1")
            .replacingOccurrences(of: "results: [ { name: { vi: Kết quả } } ]", with: "results: [ { name: { vi: Kết quả }, code: KQ.1 } ]")
        let clean = compile(["formc.yaml": project, "a.yaml": minimalForm, "p.yaml": procedure])
        #expect(!clean.diagnostics.hasErrors, "\(clean.diagnostics.diagnostics.map(\.message))")
        let artifact = try #require(clean.artifacts?.first { $0.path == "procedures/1.001193/plugins/checklist/checklist.md" })
        #expect(artifact.kind == .pluginArtifact)
        #expect(String(decoding: artifact.bytes, as: UTF8.self).contains("- [ ] Thử nghiệm (nộp)"))
    }

    @Test("a crashing, hanging, babbling or escaping plugin gives a clear located error", arguments: [
        (["--crash"], "exited with status 3: checklist: simulated crash"),
        (["--hang"], "no answer within 1 s"),
        (["--garbage"], "the answer is not JSON"),
        (["--escape"], "would leave the plugin's folder"),
    ] as [([String], String)])
    func failingPlugins(_ arguments: [String], _ expected: String) throws {
        let clock = ContinuousClock()
        var outcome: CompileResult?
        // Only the hanging plugin meets the 1 s limit; the others get room for python to start on a
        // loaded machine, so each fails for its own reason.
        let limit = arguments == ["--hang"] ? 1 : 30
        let elapsed = try clock.measure { outcome = try build(pluginArguments: arguments, timeout: limit).0 }
        let result = try #require(outcome)
        let failures = result.diagnostics.diagnostics.filter { $0.id == .pluginFailed }
        #expect(failures.count == 1)
        #expect(failures.first?.message.contains(expected) == true, "\(failures.map(\.message))")
        #expect(failures.first?.location?.file == "formc.yaml")
        #expect(result.artifacts == nil)
        #expect(elapsed < .seconds(30), "a hanging plugin is stopped at its limit")
    }
}
