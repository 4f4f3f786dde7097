import Foundation
import Testing

@testable import FormcCore

/// Forms that evolve: `formc diff` classifies each change (golden output over a fixture pair per
/// change class), the classification is proved by the old version's own examples run against the new
/// version, and semantic versioning is enforced within a build and against a baseline.
@Suite("Form evolution")
struct EvolutionTests {
    static let fixtures = "Tests/FormcCoreTests/Fixtures/evolution"
    let formc = formcExecutable

    static func check(_ side: String) throws -> CheckedSpecs {
        let files = try Compiler.discoverSpecFiles([packageRoot.appendingPathComponent("\(fixtures)/\(side)").path])
        let result = Compiler.check(files: files, options: CompileOptions(today: testToday))
        #expect(!result.diagnostics.hasErrors, "\(side): \(result.diagnostics.sorted.filter { $0.severity == .error }.map(\.message))")
        return try #require(result.checked)
    }

    @Test("formc diff lists every change between the fixture versions, classified, as the golden file says; the same specs have no changes")
    func goldenDiff() throws {
        let arguments = ["diff", "\(Self.fixtures)/old", "\(Self.fixtures)/new", "--today", "2026-11-25"]
        let result = try run(formc, arguments, environment: ["NO_COLOR": "1", "PATH": "/usr/bin:/bin"], in: packageRoot)
        #expect(result.status == 1, "a change that breaks submissions fails the diff")
        let golden = try String(contentsOf: packageRoot.appendingPathComponent("\(Self.fixtures)/diff.txt"), encoding: .utf8)
        if ProcessInfo.processInfo.environment["FORMC_RECORD_GOLDEN"] == "1" {
            try Data(result.stderr.utf8).write(to: packageRoot.appendingPathComponent("\(Self.fixtures)/diff.txt"))
        } else {
            #expect(result.stderr == golden, "formc diff output differs from \(Self.fixtures)/diff.txt (FORMC_RECORD_GOLDEN=1 rewrites it)")
        }
        // Every change id is shown by the fixtures and documented.
        let docs = try String(contentsOf: packageRoot.appendingPathComponent("docs/diagnostics.md"), encoding: .utf8)
        for id in DiagnosticID.changes {
            #expect(golden.contains("[\(id.code)]"), "no fixture shows \(id.code)")
            #expect(docs.contains("## \(id.code)"), "docs/diagnostics.md has no section for \(id.code)")
        }
        // JSON carries the same changes with their levels; SARIF is judged by the official schema.
        let json = try JSONCodec.decode(Array(try run(formc, arguments + ["--format", "json"], in: packageRoot).stdout.utf8))
        let ids = (json["diagnostics"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
        #expect(Set(ids) == Set(DiagnosticID.changes.map(\.code)), "\(ids)")
        let directory = try TemporaryDirectory()
        let sarif = try run(formc, arguments + ["--format", "sarif"], in: packageRoot)
        try Data(sarif.stdout.utf8).write(to: URL(fileURLWithPath: directory.path("diff.sarif")))
        let python = try #require(ProcessInfo.processInfo.environment["FORMC_PYTHON"] ?? which("python3"))
        let judged = try run(python, [packageRoot.appendingPathComponent("Tests/Judges/judge_sarif.py").path, directory.path("diff.sarif")])
        #expect(judged.status == 0, "\(judged.stdout)\(judged.stderr)")
        // No change, no failure.
        let same = try run(formc, ["diff", "\(Self.fixtures)/old", "\(Self.fixtures)/old", "--today", "2026-11-25"], in: packageRoot)
        #expect(same.status == 0 && same.stderr == "formc: no changes\n", "\(same.stderr)")
    }

    @Test("the classification holds on evidence: a change called breaking refuses an old example, a change called compatible refuses none")
    func evidence() throws {
        let old = try Self.check("old"), new = try Self.check("new")
        var breaking = 0, compatible = 0
        for form in old.forms {
            let after = try #require(new.forms.first { $0.id.value == form.id.value })
            let changes = FormDiff.changes(from: form, to: after)
            #expect(!changes.isEmpty, "\(form.id.value): no change found")
            let refused = form.examples.filter { example in
                !SubmissionValidator(catalogue: new.catalogue, today: testToday).validate(example.data, against: after).isEmpty
            }
            if FormDiff.isBreaking(changes) {
                #expect(!refused.isEmpty, "\(form.id.value) is called breaking, but every old example still validates")
                breaking += 1
            } else {
                #expect(refused.isEmpty, "\(form.id.value) is called compatible, but '\(refused.first?.name ?? "")' is refused now")
                compatible += 1
            }
            // The version the fixture gives agrees: a new major exactly when it breaks (but the
            // fixture that shows E0318, which keeps 1.x on purpose).
            if form.id.value != "thu-xoa-truong" {
                #expect((after.version.value.major > form.version.value.major) == FormDiff.isBreaking(changes), "\(form.id.value)")
            }
        }
        #expect(breaking == 8 && compatible == 5, "\(breaking) breaking, \(compatible) compatible")
    }

    @Test("semantic versioning: a breaking change without a new major is E0318 within a build and against --baseline; a new major is not")
    func semver() throws {
        let old = try String(contentsOf: packageRoot.appendingPathComponent("\(Self.fixtures)/old/thu-xoa-truong.yaml"), encoding: .utf8)
        let new = try String(contentsOf: packageRoot.appendingPathComponent("\(Self.fixtures)/new/thu-xoa-truong.yaml"), encoding: .utf8)
        let both = compile(["a.yaml": old, "b.yaml": new])
        let error = try #require(both.diagnostics.sorted.first { $0.id == .breakingWithoutMajor })
        #expect(error.location?.file == "b.yaml" && error.location?.line == 4 && error.notes.first?.message.contains("D0101") == true)
        let major = compile(["a.yaml": old, "b.yaml": new.replacingOccurrences(of: "version: 1.1.0", with: "version: 2.0.0")])
        #expect(!major.diagnostics.hasErrors, "\(major.diagnostics.sorted.map(\.message))")
        // Against a baseline: only the form that kept its major.
        let checked = try run(formc, ["check", "\(Self.fixtures)/new", "--baseline", "\(Self.fixtures)/old", "--today", "2026-11-25", "--format", "json"], in: packageRoot)
        #expect(checked.status == 1)
        let errors = (try JSONCodec.decode(Array(checked.stdout.utf8))["diagnostics"]?.arrayValue ?? []).filter { $0["severity"]?.stringValue == "error" }
        #expect(errors.map { $0["id"]?.stringValue } == ["E0318"] && errors.first?["file"]?.stringValue?.hasSuffix("new/thu-xoa-truong.yaml") == true)
        // A baseline that does not check is a usage error, not a pass.
        let broken = try run(formc, ["check", "\(Self.fixtures)/new", "--baseline", "\(Self.fixtures)/nowhere"], in: packageRoot)
        #expect(broken.status == 2)
    }

    @Test("the manifest records every form version with the hash of what its submissions are judged by, the hash validate.mjs exports")
    func manifestRecordsFormVersions() throws {
        let result = try CorpusTests.compileCorpus()
        let artifacts = try #require(result.artifacts)
        let manifest = try JSONCodec.decode(try #require(artifacts.first { $0.path == "manifest.json" }).bytes)
        let forms = try #require(manifest["forms"]?.arrayValue)
        #expect(forms.count == result.checked?.forms.count)
        for entry in forms {
            let id = try #require(entry["form"]?.stringValue), version = try #require(entry["version"]?.stringValue)
            let validator = try #require(artifacts.first { $0.path == "forms/\(id)/\(version)/validate.mjs" })
            let hash = try #require(entry["hash"]?.stringValue)
            #expect(String(decoding: validator.bytes, as: UTF8.self).contains("export const hash = \"\(hash)\";"), "\(id) \(version)")
        }
    }

    @Test("a git revision as the old side: formc diff v1 specs and check --baseline v1 read the specs as they were at the tag")
    func gitRevision() throws {
        let git = try #require(which("git"), "git is needed")
        let directory = try TemporaryDirectory()
        let repository = URL(fileURLWithPath: directory.path("repo"))
        try FileManager.default.createDirectory(at: repository, withIntermediateDirectories: true)
        func inRepository(_ arguments: [String]) throws {
            let result = try run(git, ["-c", "user.email=t@example.org", "-c", "user.name=t"] + arguments, in: repository)
            #expect(result.status == 0, "git \(arguments): \(result.stderr)")
        }
        let specs = repository.appendingPathComponent("specs").path
        try inRepository(["init", "-q"])
        try FileManager.default.copyItem(atPath: packageRoot.appendingPathComponent("\(Self.fixtures)/old").path, toPath: specs)
        try inRepository(["add", "."])
        try inRepository(["commit", "-qm", "v1"])
        try inRepository(["tag", "v1"])
        try FileManager.default.removeItem(atPath: specs)
        try FileManager.default.copyItem(atPath: packageRoot.appendingPathComponent("\(Self.fixtures)/new").path, toPath: specs)
        let diff = try run(formc, ["diff", "v1", "specs", "--today", "2026-11-25"], environment: ["NO_COLOR": "1", "PATH": "/usr/bin:/bin"], in: repository)
        #expect(diff.status == 1)
        #expect(diff.stderr.contains("v1:specs/thu-doi-ten.yaml:10:7: note: in 1.0.0 it is here"), "\(diff.stderr)")
        #expect(diff.stderr.hasSuffix("formc: 15 changes: 8 break submissions, 3 break code written against the old specs, 4 compatible\n"))
        let baseline = try run(formc, ["check", "specs", "--baseline", "v1", "--today", "2026-11-25", "--format", "json"], in: repository)
        let errors = (try JSONCodec.decode(Array(baseline.stdout.utf8))["diagnostics"]?.arrayValue ?? []).filter { $0["severity"]?.stringValue == "error" }
        #expect(baseline.status == 1 && errors.map { $0["id"]?.stringValue } == ["E0318"])
        #expect(try run(formc, ["check", "specs", "--baseline", "no-such-tag"], in: repository).status == 2)
    }

    /// The fixture procedure with a flat fee (3,000 đ), so it reads no answer of the form it names.
    static func flatFeeProcedure() throws -> String {
        try String(contentsOf: packageRoot.appendingPathComponent("\(fixtures)/old/9.000002-thu-phi.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "amount: to_khai.chung.so_ban * 3000", with: "amount: 3000")
            .replacingOccurrences(of: "answers: { to_khai: { chung: { so_ban: 3 } } }", with: "answers: {}")
            .replacingOccurrences(of: "expect: { total: 9000 }", with: "expect: { total: 3000 }")
    }

    @Test("pinning: a procedure names form id@1 and another the latest; both majors are built side by side and each procedure's records say which version it uses")
    func pinnedMajors() throws {
        func fixture(_ path: String) throws -> String {
            try String(contentsOf: packageRoot.appendingPathComponent("\(Self.fixtures)/\(path)"), encoding: .utf8)
        }
        let procedure = try Self.flatFeeProcedure()
            .replacingOccurrences(of: "service: { level: 2 }", with: "service: { level: 3 }")
            .replacingOccurrences(of: "truc_tiep: { processing_time: { working_days: 1 } }", with: "truc_tiep: { processing_time: { working_days: 1 } }\n  truc_tuyen: { processing_time: { working_days: 1 } }")
        let pinned = procedure.replacingOccurrences(of: "form: thu-noi", with: "form: thu-doi-ten@1").replacingOccurrences(of: "9.000002", with: "9.000011")
        let latest = procedure.replacingOccurrences(of: "form: thu-noi", with: "form: thu-doi-ten").replacingOccurrences(of: "9.000002", with: "9.000012")
        let files = ["v1.yaml": try fixture("old/thu-doi-ten.yaml"), "v2.yaml": try fixture("new/thu-doi-ten.yaml"), "p1.yaml": pinned, "p2.yaml": latest]
        let result = compile(files)
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.sorted.filter { $0.severity == .error }.map(\.message))")
        let artifacts = try #require(result.artifacts)
        func json(_ path: String) throws -> JSONValue { try JSONCodec.decode(try #require(artifacts.first { $0.path == path }, "\(path)").bytes) }
        for (code, version, pin) in [("9.000011", "1.0.0", "^1"), ("9.000012", "2.0.0", nil)] {
            let form = try json("procedures/\(code)/procedure.json")["cases"]?.arrayValue?.first?["documents"]?.arrayValue?.first?["form"]
            #expect(form?["id"]?.stringValue == "thu-doi-ten" && form?["version"]?.stringValue == version && form?["pinned"]?.stringValue == pin, "\(code): \(form ?? .null)")
            let submitted = try json("procedures/\(code)/submission.json")["cases"]?.arrayValue?.first?["documents"]?.arrayValue?.first?["form"]
            #expect(submitted?["version"]?.stringValue == version && submitted?["schema"]?.stringValue == "forms/thu-doi-ten/\(version)/schema.json")
        }
        // Both majors are built, each with its own $id.
        for version in ["1.0.0", "2.0.0"] {
            #expect(try json("forms/thu-doi-ten/\(version)/schema.json")["$id"]?.stringValue?.hasSuffix(version) == true)
        }
        // One procedure may take both majors, one per document: each has its own template, printout
        // and form page, and nothing shares a path.
        let both = procedure.replacingOccurrences(of: "9.000002", with: "9.000013").replacingOccurrences(
            of: "- { id: to_khai, form: thu-noi, originals: 1 }",
            with: "- { id: to_khai, form: thu-doi-ten@1, originals: 1 }\n      - { id: to_khai_moi, form: thu-doi-ten@2, originals: 1 }")
        let together = compile(files.merging(["p3.yaml": both]) { $1 })
        #expect(!together.diagnostics.hasErrors, "\(together.diagnostics.sorted.filter { $0.severity == .error }.map(\.message))")
        let paths = Set(try #require(together.artifacts).map(\.path))
        for path in ["templates/thu-doi-ten-1.0.0.html", "templates/thu-doi-ten-2.0.0.printout.mjs", "forms/to_khai/form.html", "forms/to_khai_moi/form.html"] {
            #expect(paths.contains("procedures/9.000013/" + path), "\(path)")
        }
        // A major the specs do not have is one located error, not a service-level one too.
        let missing = compile(files.merging(["p1.yaml": pinned.replacingOccurrences(of: "thu-doi-ten@1", with: "thu-doi-ten@3")]) { $1 })
        let errors = missing.diagnostics.sorted.filter { $0.severity == .error }
        #expect(errors.map(\.id.code) == ["E0301"] && errors.first?.message.contains("no version with major 3") == true, "\(errors.map(\.message))")
    }

    @Test("pinning by a range: `form: id@~2.0` and `form: id` with `version: \"^1.0\"` resolve to the latest version the range accepts; a range nothing satisfies, a bad range, or a form pinned twice is an error")
    func pinnedRanges() throws {
        func fixture(_ path: String) throws -> String {
            try String(contentsOf: packageRoot.appendingPathComponent("\(Self.fixtures)/\(path)"), encoding: .utf8)
        }
        let procedure = try Self.flatFeeProcedure()
        let v1 = try fixture("old/thu-doi-ten.yaml")
        let v11 = v1.replacingOccurrences(of: "version: 1.0.0", with: "version: 1.1.0")
        #expect(v11 != v1)
        func pinned(_ reference: String) -> String {
            procedure.replacingOccurrences(of: "form: thu-noi", with: reference)
        }
        func compiled(_ reference: String) -> CompileResult {
            compile(["v1.yaml": v1, "v11.yaml": v11, "v2.yaml": try! fixture("new/thu-doi-ten.yaml"), "p.yaml": pinned(reference)])
        }
        for (reference, version, pin) in [
            ("form: thu-doi-ten@~2.0", "2.0.0", "~2.0"), ("form: thu-doi-ten, version: \"^1.0\"", "1.1.0", "^1.0"),
            ("form: thu-doi-ten@1.0.0", "1.0.0", "1.0.0"), ("form: thu-doi-ten@^1.1", "1.1.0", "^1.1"),
        ] {
            let result = compiled(reference)
            #expect(!result.diagnostics.hasErrors, "\(reference): \(result.diagnostics.sorted.filter { $0.severity == .error }.map(\.message))")
            let record = try JSONCodec.decode(try #require(result.artifacts?.first { $0.path == "procedures/9.000002/procedure.json" }).bytes)
            let form = record["cases"]?.arrayValue?.first?["documents"]?.arrayValue?.first?["form"]
            #expect(form?["version"]?.stringValue == version && form?["pinned"]?.stringValue == pin, "\(reference): \(form ?? .null)")
        }
        for (reference, message) in [
            ("form: thu-doi-ten@^1.2", "form 'thu-doi-ten' has no version that ^1.2 accepts; it has major 1, 2"),
            ("form: thu-doi-ten, version: \"^x\"", "version '^x' is not a version range"),
            ("form: thu-doi-ten@1, version: \"^1\"", "the form is pinned twice"),
            ("form: thu-doi-ten@>1", "form reference 'thu-doi-ten@>1' must be a form id, or an id and a version range"),
        ] {
            let errors = compiled(reference).diagnostics.sorted.filter { $0.severity == .error }
            #expect(errors.count == 1 && errors.first?.message.hasPrefix(message) == true, "\(reference): \(errors.map(\.message))")
        }
    }

    @Test("a changelog accepts a listed breaking change on purpose: E0318 no longer reported for it, still for the others; a changelog of no form, or accepting a non-breaking id, is an error")
    func changelogAcceptsBreakingChanges() throws {
        let old = try String(contentsOf: packageRoot.appendingPathComponent("\(Self.fixtures)/old/thu-xoa-truong.yaml"), encoding: .utf8)
        let new = try String(contentsOf: packageRoot.appendingPathComponent("\(Self.fixtures)/new/thu-xoa-truong.yaml"), encoding: .utf8)
        func changelog(_ form: String, _ accepts: String) -> String {
            """
            formc: 1
            changelog: \(form)
            entries:
              - version: 1.1.0
                date: 2026-12-01
                note: { vi: Bỏ mục Ghi chú không dùng đến, en: The unused note is removed }
                accepts: [\(accepts)]
              - version: 1.0.0
                note: { vi: Phát hành lần đầu, en: First release }
            """
        }
        func errors(_ log: String) -> [Diagnostic] {
            compile(["a.yaml": old, "b.yaml": new, "changes.yaml": log]).diagnostics.sorted.filter { $0.severity == .error }
        }
        #expect(errors(changelog("thu-xoa-truong", "D0101")).isEmpty)
        #expect(errors(changelog("thu-xoa-truong", "D0105")).map(\.id) == [.breakingWithoutMajor], "accepting another change does not accept this one")
        let unknown = errors(changelog("thu-xoa-truongg", "D0101"))
        #expect(unknown.map(\.id.code).contains("E0301") && unknown.contains { $0.message.contains("did you mean 'thu-xoa-truong'") })
        #expect(errors(changelog("thu-xoa-truong", "W0501")).map(\.id.code).contains("E0204"))
        // The changelog is published: the notes as written, newest first, and the changes formc finds
        // between the versions in the build.
        let built = compile(["a.yaml": old, "b.yaml": new, "changes.yaml": changelog("thu-xoa-truong", "D0101")])
        let published = try JSONCodec.decode(try #require(built.artifacts?.first { $0.path == "forms/thu-xoa-truong/changelog.json" }).bytes)
        let entries = try #require(published["entries"]?.arrayValue)
        #expect(entries.map { $0["version"]?.stringValue } == ["1.1.0", "1.0.0"])
        #expect(entries[0]["note"]?["en"]?.stringValue == "The unused note is removed" && entries[0]["accepts"] == .array([.string("D0101")]))
        #expect(entries[0]["since"]?.stringValue == "1.0.0" && entries[0]["changes"]?.arrayValue?.first?["id"]?.stringValue == "D0101")
        #expect(entries[0]["changes"]?.arrayValue?.first?["level"]?.stringValue == "breaks-submissions" && entries[1]["changes"] == nil)
        // The information page of a procedure using the form tells citizens what changed in the
        // version it uses (not the first release's note: nothing changed then).
        let procedure = try Self.flatFeeProcedure().replacingOccurrences(of: "form: thu-noi", with: "form: thu-xoa-truong")
        let withPage = compile(["a.yaml": old, "b.yaml": new, "changes.yaml": changelog("thu-xoa-truong", "D0101"), "p.yaml": procedure])
        #expect(!withPage.diagnostics.hasErrors, "\(withPage.diagnostics.sorted.filter { $0.severity == .error }.map(\.message))")
        let page = String(decoding: try #require(withPage.artifacts?.first { $0.path == "procedures/9.000002/information.html" }).bytes, as: UTF8.self)
        #expect(page.contains("Mẫu đã thay đổi ngày 01/12/2026: Bỏ mục Ghi chú không dùng đến"), "\(page)")
        #expect(!page.contains("Phát hành lần đầu"))
        // Against a baseline too.
        let directory = try TemporaryDirectory()
        try FileManager.default.copyItem(atPath: packageRoot.appendingPathComponent("\(Self.fixtures)/new").path, toPath: directory.path("new"))
        try directory.write("new/changes.yaml", changelog("thu-xoa-truong", "D0101"))
        let checked = try run(formc, ["check", directory.path("new"), "--baseline", packageRoot.appendingPathComponent("\(Self.fixtures)/old").path, "--today", "2026-11-25"])
        #expect(checked.status == 0, "\(checked.stderr)")
    }
}
