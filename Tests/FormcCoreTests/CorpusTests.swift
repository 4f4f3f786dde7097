import Foundation
import Testing

@testable import FormcCore

/// The bundled corpus in forms/: it compiles cleanly, its artifacts match the golden files, the
/// output is deterministic, and independent validators agree with formc on every example.
@Suite("Bundled corpus")
struct CorpusTests {
    static let formsFolder = packageRoot.appendingPathComponent("forms").path
    static let goldenFolder = packageRoot.appendingPathComponent("Tests/FormcCoreTests/Golden")

    /// Compiles forms/ from the package root, as `formc build forms` does.
    static func compileCorpus(reversed: Bool = false, today: CalendarDate = testToday) throws -> CompileResult {
        let root = packageRoot.path
        let files = try Compiler.discoverSpecFiles([formsFolder])
        var sources: [SourceFile] = []
        for file in files {
            let relative = String(file.dropFirst(root.count + 1))
            let data = try #require(FileManager.default.contents(atPath: file))
            sources.append(SourceFile(path: relative, bytes: [UInt8](data)))
        }
        if reversed { sources.reverse() }
        return Compiler.compile(sources: sources, options: CompileOptions(today: today)) { path in
            FileManager.default.contents(atPath: root + "/" + path).map { [UInt8]($0) }
        }
    }

    @Test("formc check gives exactly formc build's diagnostics without emitting: the corpus, the fuzzers' spec regressions, the test forms, every diagnostic case")
    func checkAgreesWithBuild() throws {
        let root = packageRoot.path
        func read(_ paths: [String]) throws -> [SourceFile] {
            try paths.map { SourceFile(path: String($0.dropFirst(root.count + 1)), bytes: [UInt8](try #require(FileManager.default.contents(atPath: $0)))) }
        }
        var sets: [(name: String, sources: [SourceFile])] = [("the corpus", try read(Compiler.discoverSpecFiles([Self.formsFolder])))]
        for folder in ["Tests/Fuzz/regressions/spec", "Tests/FormcCoreTests/Fixtures", "Tests/ClientPackage/Sources/HoTich/specs/thu-nghiem", "Tests/Judges/fixtures/form-pages"] {
            for file in try Compiler.discoverSpecFiles([root + "/" + folder]) { sets.append((file, try read([file]))) }
        }
        for testCase in diagnosticCases {
            sets.append((testCase.id.code, testCase.files.map { SourceFile(path: $0.key, bytes: Array(MarkedSource($0.value).text.utf8)) }))
        }
        var compared = 0
        for (name, sources) in sets {
            let readFile: (String) -> [UInt8]? = { path in FileManager.default.contents(atPath: root + "/" + path).map { [UInt8]($0) } }
            let build = Compiler.compile(sources: sources, options: CompileOptions(today: testToday), readFile: readFile)
            let check = Compiler.check(sources: sources, options: CompileOptions(today: testToday), readFile: readFile)
            #expect(check.diagnostics.sorted == build.diagnostics.sorted, "\(name)")
            #expect(check.artifacts == nil)
            compared += 1
        }
        #expect(compared > 55, "\(compared) spec sets")
        // The command: the same report from check as from build, on a broken spec.
        let directory = try TemporaryDirectory()
        try (minimalForm + "\n      so: { type: integr, label: { vi: Số } }\n").write(toFile: directory.path("a.yaml"), atomically: true, encoding: .utf8)
        let checked = try run(formcExecutable, ["check", directory.path("a.yaml")])
        let built = try run(formcExecutable, ["build", directory.path("a.yaml"), "--out", directory.path("out")])
        #expect(checked.status == 1 && built.status == 1 && checked.stderr == built.stderr && checked.stderr.contains("[E0209]"))
    }

    @Test("formc build, which bundles each page's form modules read back from its staging folder, writes exactly the artifacts of an in-memory compile, which makes them again")
    func streamedBuildEqualsCompile() throws {
        let result = try Self.compileCorpus()
        let compiled = try #require(result.artifacts)
        let directory = try TemporaryDirectory()
        let out = directory.path("out")
        let build = try run(formcExecutable, ["build", "forms", "--out", out, "--today", testToday.description], in: packageRoot)
        #expect(build.status == 0, "\(build.stderr)")
        for artifact in compiled where artifact.path != "manifest.json" {
            #expect(FileManager.default.contents(atPath: out + "/" + artifact.path).map { [UInt8]($0) } == artifact.bytes, "\(artifact.path)")
        }
        let written = try FileManager.default.subpathsOfDirectory(atPath: out).filter { path in
            var folder: ObjCBool = false
            return FileManager.default.fileExists(atPath: out + "/" + path, isDirectory: &folder) && !folder.boolValue
        }
        #expect(written.count == compiled.count)

        // The pages ask for their forms' modules, and use what they are given.
        let asked = AskedPaths()
        let marker: [UInt8] = Array("export const form = 'read back';\n".utf8)
        var pages: [Artifact] = []
        Compiler.emit(result, delivered: { path in
            asked.add(path)
            return marker
        }) { pages += $0.filter { $0.kind == .formPageScript } }
        #expect(asked.paths.contains { $0.hasSuffix("/validate.mjs") } && asked.paths.contains { $0.hasSuffix("/logic.mjs") })
        // Procedures' pages and combined procedures' pages alike.
        #expect(pages.contains { $0.path.hasPrefix("procedures/") } && pages.contains { $0.path.hasPrefix("bundles/") })
        for page in pages { #expect(String(decoding: page.bytes, as: UTF8.self).contains("const form = 'read back';"), "\(page.path)") }
        // Made again, from nothing read back, they are the form stage's bytes.
        let form = try #require(result.checked?.forms.first)
        let remade = FormModules.forPage(form, catalogue: result.checked?.catalogue, delivered: { _ in nil })
        #expect(compiled.first { $0.path == ArtifactPaths.formDirectory(form) + "/validate.mjs" }?.bytes == remade.validator)
        #expect(compiled.first { $0.path == ArtifactPaths.formDirectory(form) + "/logic.mjs" }?.bytes == remade.logic)
    }

    @Test("a CheckSession re-checks only what an edit touches and gives exactly a fresh check's diagnostics and artifacts, edit after edit")
    func sessionAgreesWithFreshChecks() throws {
        let root = packageRoot.path
        let readFile: (String) -> [UInt8]? = { path in FileManager.default.contents(atPath: root + "/" + path).map { [UInt8]($0) } }
        func read(_ paths: [String]) throws -> [SourceFile] {
            try paths.map { SourceFile(path: String($0.dropFirst(root.count + 1)), bytes: [UInt8](try #require(FileManager.default.contents(atPath: $0)))) }
        }
        let session = CheckSession()
        func agree(_ sources: [SourceFile], _ name: String) -> CompileResult {
            let fresh = Compiler.check(sources: sources, options: CompileOptions(today: testToday), readFile: readFile)
            let incremental = session.check(sources: sources, options: CompileOptions(today: testToday), readFile: readFile)
            #expect(incremental.diagnostics.sorted == fresh.diagnostics.sorted, "\(name)")
            #expect(incremental.checked?.exampleOutcomes == fresh.checked?.exampleOutcomes, "\(name)")
            return incremental
        }
        // One session through every spec set of the suite, each twice (the second all reused).
        var sets: [(name: String, sources: [SourceFile])] = []
        for folder in ["Tests/Fuzz/regressions/spec", "Tests/FormcCoreTests/Fixtures", "Tests/Judges/fixtures/form-pages"] {
            for file in try Compiler.discoverSpecFiles([root + "/" + folder]) { sets.append((file, try read([file]))) }
        }
        for testCase in diagnosticCases {
            sets.append((testCase.id.code, testCase.files.map { SourceFile(path: $0.key, bytes: Array(MarkedSource($0.value).text.utf8)) }))
        }
        for (name, sources) in sets {
            _ = agree(sources, name)
            _ = agree(sources, name + " again")
            #expect(session.lastRun.decodedFiles == 0 && session.lastRun.checkedUnits == 0, "\(name): \(session.lastRun)")
        }

        // The corpus, edited as a designer edits it; after each edit the same as a fresh check.
        var corpus = try read(Compiler.discoverSpecFiles([Self.formsFolder]))
        let clean = agree(corpus, "the corpus")
        let cleanEntries = session.cachedEntries
        func edit(_ suffix: String, _ change: (String) -> String) throws {
            let index = try #require(corpus.firstIndex { $0.path.hasSuffix(suffix) })
            let text = String(decoding: corpus[index].bytes, as: UTF8.self)
            let changed = change(text)
            #expect(changed != text, "\(suffix): the edit changed nothing")
            corpus[index] = SourceFile(path: corpus[index].path, bytes: Array(changed.utf8))
        }
        let ct01 = "forms/ct01-to-khai-thay-doi-thong-tin-cu-tru.yaml"
        let original = corpus
        try edit(ct01) { $0.replacingOccurrences(of: "ngay_sinh: { type: date,", with: "ngay_sinh: { type: dat,") }
        _ = agree(corpus, "a misspelt type")
        // One file decoded again; its form, examples and the procedures using it checked again.
        #expect(session.lastRun.decodedFiles == 1 && session.lastRun.checkedUnits < 10, "\(session.lastRun)")
        corpus = original
        _ = agree(corpus, "the type fixed")
        try edit("options/gioi_tinh.yaml") { $0.replacingOccurrences(of: "nu:", with: "nu_:") }
        _ = agree(corpus, "an option renamed in a shared list")
        corpus = original
        try edit("procedures/1.004194-dang-ky-tam-tru.yaml") { $0.replacingOccurrences(of: "amount: 15000", with: "amount: 15000000000000000000") }
        _ = agree(corpus, "a fee amount beyond any integer")
        try edit(ct01) { $0.replacingOccurrences(of: "title: { vi: Người đề nghị, en: Applicant }", with: "title: { vi: Người đề nghị }") }
        _ = agree(corpus, "a procedure and a form edited")
        corpus = original
        // A form that procedures name renamed, then named back: their own checks, reused while every
        // form they name exists, report it missing, then find it again.
        try edit(ct01) { $0.replacingOccurrences(of: "form: ct01-to-khai-thay-doi-thong-tin-cu-tru", with: "form: ct01-to-khai-doi-cu-tru") }
        let renamed = agree(corpus, "a form renamed")
        #expect(renamed.diagnostics.diagnostics.contains { $0.id == .unresolvedReference }, "the edit is what this step is about")
        corpus = original
        _ = agree(corpus, "the form named back")
        // A procedure's name without English: its missing translation, cached with the procedure.
        try edit("procedures/1.004194-dang-ky-tam-tru.yaml") { $0.replacingOccurrences(of: "\nname:\n  vi: Đăng ký tạm trú\n  en: Temporary residence registration\n", with: "\nname:\n  vi: Đăng ký tạm trú\n") }
        let untranslated = agree(corpus, "a procedure name without English")
        #expect(untranslated.diagnostics.diagnostics.contains { $0.id == .missingTranslation && $0.location?.file.hasSuffix("1.004194-dang-ky-tam-tru.yaml") == true })
        _ = agree(corpus, "a procedure name without English, reused")
        corpus = original
        let final = agree(corpus, "everything restored")
        // What the edits' versions left in the cache is gone: it holds the project's units once.
        #expect(session.cachedEntries == cleanEntries, "\(session.cachedEntries) entries, \(cleanEntries) after the first check")
        // The checked specs of a reused check compile to the same artifacts as a fresh one.
        let reused = try #require(final.checked), fresh = try #require(clean.checked)
        let artifacts = { (checked: CheckedSpecs) in Emitter.emit(checked, specInputs: corpus).map { "\($0.path) \($0.bytes.hashValue) \($0.bytes.count)" } }
        #expect(artifacts(reused) == artifacts(fresh))
    }

    @Test("validate.mjs and logic.mjs export the form's id, version and the hash of its schema; validate refuses answers stamped with another version")
    func formIdentity() throws {
        let node = try #require(which("node") ?? which("nodejs"), "node is needed; scripts/test.sh installs it")
        let directory = try TemporaryDirectory()
        let out = try Self.buildCorpus(into: directory)
        let folder = "\(out)/forms/to-khai-dang-ky-khai-sinh/1.0.0"
        let schema = try #require(FileManager.default.contents(atPath: folder + "/schema.json"))
        let script = """
            import * as v from '\(URL(fileURLWithPath: folder + "/validate.mjs").absoluteString)';
            import * as l from '\(URL(fileURLWithPath: folder + "/logic.mjs").absoluteString)';
            const stale = v.validate({}, { today: '2026-11-25', version: '0.9.0' });
            const current = v.validate({}, { today: '2026-11-25', version: v.version });
            console.log(JSON.stringify([v.form, v.version, v.hash, l.hash, stale.errors.map((e) => e.rule + e.path), current.errors.length]));
            """
        let result = try run(node, ["--input-type=module", "-e", script])
        try #require(result.status == 0, "\(result.stderr)")
        let values = try JSONCodec.decode(Array(result.stdout.utf8)).arrayValue ?? []
        let hash = "sha256:" + SHA256.hex([UInt8](schema))
        #expect(values.count == 6)
        #expect(values.prefix(4) == [.string("to-khai-dang-ky-khai-sinh"), .string("1.0.0"), .string(hash), .string(hash)])
        #expect(values.dropFirst(4).first == .array([.string("form_version")]))
        #expect(values.last != .integer(0), "the current version is validated as usual")
    }

    @Test("docs/artifacts.md lists exactly the files a build writes: every artifact matches a documented path, every documented path is written")
    func documentedFileList() throws {
        let docs = try String(contentsOf: packageRoot.appendingPathComponent("docs/artifacts.md"), encoding: .utf8)
        // The tree at the top: the first code block, one documented path (or several in one folder,
        // comma-separated) per line before its description.
        let block = try #require(docs.components(separatedBy: "```\n").dropFirst().first)
        var patterns: [(text: String, regex: Regex<Substring>)] = []
        for line in block.split(separator: "\n").dropFirst() {
            let spec = String(line.trimmingCharacters(in: .whitespaces).split(separator: "  ", maxSplits: 1).first ?? "")
            let names = spec.components(separatedBy: ", ")
            let folder = names[0].contains("/") ? String(names[0][..<names[0].lastIndex(of: "/")!]) + "/" : ""
            for (index, name) in names.enumerated() {
                let path = index == 0 ? name : folder + name
                var regex = "^"
                var rest = Substring(path)
                while let c = rest.first {
                    if c == "<", let end = rest.firstIndex(of: ">") { regex += "[^/]+"; rest = rest[rest.index(after: end)...]; continue }
                    if c == "…" { regex += ".+"; rest = rest.dropFirst(); continue }
                    regex += ".+*?^$()[]{}|\\".contains(c) ? "\\" + String(c) : String(c)
                    rest = rest.dropFirst()
                }
                patterns.append((path, try Regex(regex + "$").ignoresCase(false)))
            }
        }
        #expect(patterns.count >= 20, "\(patterns.map(\.text))")
        let artifacts = try #require(try Self.compileCorpus().artifacts).map(\.path)
        for path in artifacts {
            #expect(patterns.contains { path.wholeMatch(of: $0.regex) != nil }, "\(path) is not in docs/artifacts.md")
        }
        for pattern in patterns where !pattern.text.contains("plugins/") {
            #expect(artifacts.contains { $0.wholeMatch(of: pattern.regex) != nil }, "docs/artifacts.md lists \(pattern.text), which the corpus build does not write")
        }
        // Every annotation any artifact carries is documented there too.
        var annotations = Set<String>()
        for artifact in try #require(try Self.compileCorpus().artifacts) where artifact.path.hasSuffix(".json") {
            for match in String(decoding: artifact.bytes, as: UTF8.self).matches(of: /"(x-formc-[a-z0-9-]+)"/) { annotations.insert(String(match.1)) }
        }
        #expect(annotations.count >= 20)
        for annotation in annotations.sorted() { #expect(docs.contains(annotation), "\(annotation) is not in docs/artifacts.md") }
    }

    @Test("the same specs give byte-identical artifacts whatever day they are built on")
    func sameOnAnyDay() throws {
        let first = try #require(try Self.compileCorpus(today: CalendarDate("2026-11-25")!).artifacts)
        let second = try #require(try Self.compileCorpus(today: CalendarDate("2027-06-30")!).artifacts)
        #expect(first.map(\.path) == second.map(\.path))
        for (a, b) in zip(first, second) {
            #expect(a.bytes == b.bytes, "\(a.path) changes with the build date")
        }
    }

    @Test("the corpus compiles with no error and no warning")
    func compilesCleanly() throws {
        let result = try Self.compileCorpus()
        let text = DiagnosticRenderer.text(result.diagnostics.sorted, sources: result.sources, colour: false)
        #expect(result.diagnostics.diagnostics.isEmpty, "\(text)")
        let checked = try #require(result.checked)
        #expect(checked.forms.count >= 6)
        #expect(checked.procedures.count >= 6)
        // Every form written as a spec carries examples (a combined declaration has the one its members' make).
        let combined = Set(checked.bundles.map(\.form.id.value))
        #expect(checked.forms.filter { !combined.contains($0.id.value) }.allSatisfy { $0.examples.count >= 2 }, "every form carries examples")
        #expect(checked.bundles.count == 1 && checked.bundles.allSatisfy { $0.form.examples.count == 1 })
    }

    @Test("artifacts match the golden files (FORMC_RECORD_GOLDEN=1 re-records them)")
    func golden() throws {
        let result = try Self.compileCorpus()
        let artifacts = try #require(result.artifacts)
        let manager = FileManager.default
        if ProcessInfo.processInfo.environment["FORMC_RECORD_GOLDEN"] == "1" {
            try? manager.removeItem(at: Self.goldenFolder)
            for artifact in artifacts {
                let file = Self.goldenFolder.appendingPathComponent(artifact.path)
                try manager.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(artifact.bytes).write(to: file)
            }
            return
        }
        var goldenFiles: Set<String> = []
        if let enumerator = manager.enumerator(atPath: Self.goldenFolder.path) {
            for case let path as String in enumerator {
                var isDirectory: ObjCBool = false
                if manager.fileExists(atPath: Self.goldenFolder.appendingPathComponent(path).path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    goldenFiles.insert(path)
                }
            }
        }
        let produced = Set(artifacts.map(\.path))
        #expect(
            produced == goldenFiles,
            "the set of artifacts changed (new: \(produced.subtracting(goldenFiles).sorted()), gone: \(goldenFiles.subtracting(produced).sorted())); re-record with FORMC_RECORD_GOLDEN=1 after reviewing")
        for artifact in artifacts {
            let golden = manager.contents(atPath: Self.goldenFolder.appendingPathComponent(artifact.path).path).map { [UInt8]($0) }
            let same = golden == artifact.bytes
            #expect(same, "\(artifact.path) differs from its golden file; re-record with FORMC_RECORD_GOLDEN=1 after reviewing")
        }
    }

    @Test("the same specs in any order give byte-identical artifacts")
    func deterministic() throws {
        let first = try #require(try Self.compileCorpus().artifacts)
        let second = try #require(try Self.compileCorpus(reversed: true).artifacts)
        #expect(first.map(\.path) == second.map(\.path))
        #expect(first.map(\.bytes) == second.map(\.bytes))
    }

    @Test("the manifest lists every artifact with its real SHA-256, and every spec with its hash")
    func manifest() throws {
        let result = try Self.compileCorpus()
        let artifacts = try #require(result.artifacts)
        let manifestArtifact = try #require(artifacts.first { $0.path == "manifest.json" })
        let manifest = try JSONCodec.decode(manifestArtifact.bytes)
        #expect(manifest["generator"]?.stringValue == "formc")
        #expect(manifest["formc_version"]?.stringValue == FormcVersion.current)
        let listed = try #require(manifest["artifacts"]?.arrayValue)
        #expect(listed.count == artifacts.count - 1)
        for entry in listed {
            let path = try #require(entry["path"]?.stringValue)
            let artifact = try #require(artifacts.first { $0.path == path })
            #expect(entry["sha256"]?.stringValue == SHA256.hex(artifact.bytes))
            #expect(entry["kind"]?.stringValue == artifact.kind.rawValue)
            // Every artifact belongs to a form or a procedure, but the build's one catalogue of units.
            #expect((entry["form"]?.stringValue ?? entry["procedure"]?.stringValue) != nil || path == "administrative-units.json", "\(path)")
        }
        let specs = try #require(manifest["specs"]?.arrayValue)
        let specPaths = specs.compactMap { $0["path"]?.stringValue }
        #expect(specPaths.contains("formc.yaml"))
        #expect(specPaths.contains("catalogues/dvhc-2026-07.subset.json"), "the catalogue is an input too")
        for spec in specs {
            let path = try #require(spec["path"]?.stringValue)
            let bytes = try #require(FileManager.default.contents(atPath: Self.formsFolder + "/" + path))
            #expect(spec["sha256"]?.stringValue == SHA256.hex([UInt8](bytes)))
        }
    }

    @Test("every form has both schemas and vectors; every procedure has procedure.json")
    func artifactsPerSpec() throws {
        let result = try Self.compileCorpus()
        let paths = Set(try #require(result.artifacts).map(\.path))
        let checked = try #require(result.checked)
        for form in checked.forms {
            for name in ["schema.json", "schema.draft-07.json", "vectors.json", "validate.mjs"] {
                #expect(paths.contains("forms/\(form.id.value)/\(form.version.value)/\(name)"))
            }
        }
        for procedure in checked.procedures {
            let directory = "procedures/\(procedure.code.value)"
            let capabilities = try #require(checked.services[procedure.code.value]).capabilities
            // Level 1 for all; each further level adds its artifacts, and only those.
            #expect(paths.contains("\(directory)/procedure.json") && paths.contains("\(directory)/information.html"))
            #expect(paths.contains { $0.hasPrefix("\(directory)/templates/") } == capabilities.contains(.templates))
            #expect(paths.contains("\(directory)/submission.json") == capabilities.contains(.online_submission))
            for name in ["payment.json", "delivery.json"] {
                #expect(paths.contains("\(directory)/\(name)") == capabilities.contains(.online_payment), "\(directory)/\(name)")
            }
            // Fee rules at every level: a portal tells the citizen what to pay, online or at the counter.
            for name in ["fees.json", "fees.mjs", "fees.d.mts"] {
                #expect(paths.contains("\(directory)/\(name)") == !procedure.fees.isEmpty, "\(directory)/\(name)")
            }
        }
    }

    /// Builds the corpus into a scratch folder for the independent validators.
    static func buildCorpus(into directory: TemporaryDirectory) throws -> String {
        let artifacts = try #require(try compileCorpus().artifacts)
        let out = directory.path("out")
        try OutputWriter.write(artifacts, to: out)
        return out
    }

    @Test("python jsonschema: 2020-12 schemas are valid and agree with formc on every vector")
    func jsonschemaJudge() throws {
        let python = ProcessInfo.processInfo.environment["FORMC_PYTHON"] ?? which("python3")
        let interpreter = try #require(python, "python3 is needed; scripts/test.sh installs it")
        let directory = try TemporaryDirectory()
        let out = try Self.buildCorpus(into: directory)
        let script = packageRoot.appendingPathComponent("Tests/Judges/judge_schemas.py").path
        let result = try run(interpreter, [script, out])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)\nscripts/test.sh installs jsonschema")
        #expect(result.stdout.contains(" 0 disagreements"))
    }

    @Test("three evaluators agree on every expression and fee vector: formc, the emitted fees.mjs under node, panzi-json-logic")
    func logicJudges() throws {
        let directory = try TemporaryDirectory()
        let out = try Self.buildCorpus(into: directory)
        try Self.runLogicJudges(out)
    }

    /// Runs the node and python logic judges on a build folder, expecting agreement on every vector.
    static func runLogicJudges(_ out: String) throws {
        let python = try #require(ProcessInfo.processInfo.environment["FORMC_PYTHON"] ?? which("python3"), "python3 is needed; scripts/test.sh installs it")
        let pythonResult = try run(python, [packageRoot.appendingPathComponent("Tests/Judges/judge_logic.py").path, out])
        #expect(pythonResult.status == 0, "\(pythonResult.stdout)\(pythonResult.stderr)\nscripts/test.sh installs panzi-json-logic")
        #expect(pythonResult.stdout.contains(" 0 disagreements"))
        let node = try #require(which("node") ?? which("nodejs"), "node is needed; scripts/test.sh installs it")
        let nodeResult = try run(node, [packageRoot.appendingPathComponent("Tests/Judges/judge_logic.mjs").path, out])
        #expect(nodeResult.status == 0, "\(nodeResult.stdout)\(nodeResult.stderr)")
        #expect(nodeResult.stdout.contains(" 0 disagreements"))
    }

    @Test("the generated validate.mjs agrees with formc on every vector: verdict, paths, rules and messages; the corpus's combined procedure, split, gets its members' verdicts and fees")
    func validatorJudge() throws {
        let directory = try TemporaryDirectory()
        let out = try Self.buildCorpus(into: directory)
        try Self.runValidatorJudge(out)
        let node = try #require(which("node") ?? which("nodejs"), "node is needed; scripts/test.sh installs it")
        let bundles = try run(node, [packageRoot.appendingPathComponent("Tests/Judges/judge_bundles.mjs").path, out, testToday.description])
        #expect(bundles.status == 0 && bundles.stdout.contains(": 1 bundles, ") && bundles.stdout.contains(", 3 fee vectors, 0 disagreements"), "\(bundles.stdout)\(bundles.stderr)")
    }

    static func runValidatorJudge(_ out: String) throws {
        let node = try #require(which("node") ?? which("nodejs"), "node is needed; scripts/test.sh installs it")
        let result = try run(node, [packageRoot.appendingPathComponent("Tests/Judges/judge_validators.mjs").path, out, testToday.description])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains(" 0 disagreements"))
    }

    @Test("validate.d.ts: TypeScript accepts the declarations and types every valid example as a Submission")
    func typeDeclarations() throws {
        let tsc = try #require(which("tsc"), "tsc is needed; scripts/test.sh installs Debian's node-typescript")
        let directory = try TemporaryDirectory()
        let out = try Self.buildCorpus(into: directory)
        let result = try #require(try Self.compileCorpus().checked)
        var files: [String] = []
        for form in result.forms {
            let folder = "\(out)/forms/\(form.id.value)/\(form.version.value)"
            let outcomes = result.exampleOutcomes[CheckedSpecs.key(form)] ?? []
            var source = "import type { Submission, ValidationResult } from './validate';\n"
            source += "import { validate } from './validate';\n"
            for (index, (example, errors)) in zip(form.examples, outcomes).enumerated() where errors.isEmpty {
                source += "const example\(index): Submission = \(JSONCodec.encodeString(example.data, indent: 0).trimmingCharacters(in: .whitespacesAndNewlines));\n"
                source += "const result\(index): ValidationResult = validate(example\(index), { today: '2026-11-25' });\n"
            }
            try Data(source.utf8).write(to: URL(fileURLWithPath: folder + "/check.ts"))
            files.append(folder + "/check.ts")
        }
        let check = try run(tsc, ["--noEmit", "--strict", "--target", "es2020", "--moduleResolution", "node"] + files)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    @Test("a consumer importing validate.mjs, logic.mjs and fees.mjs as the docs show type-checks under tsc --strict with node16 and nodenext")
    func consumerModules() throws {
        let tsc = try #require(which("tsc"), "tsc is needed; scripts/test.sh installs Debian's node-typescript")
        let directory = try TemporaryDirectory()
        let out = try Self.buildCorpus(into: directory)
        let consumer = """
            import { validate, type Submission, type ValidationResult } from './forms/to-khai-dang-ky-khai-sinh/1.0.0/validate.mjs';
            import { evaluate, type FieldState } from './forms/to-khai-dang-ky-khai-sinh/1.0.0/logic.mjs';
            import { computeFees, FeeInputError, type FeeBreakdown } from './procedures/1.001193/fees.mjs';

            const answers: Partial<Submission> = { ban_sao: { de_nghi_cap: true, so_luong: 2 } };
            const result: ValidationResult = validate(answers, { today: '2026-11-25' });
            const state: FieldState | undefined = evaluate(answers, { today: '2026-11-25' }).fields['/ban_sao/so_luong'];
            const shown: boolean = state?.visible ?? false;
            try {
              const fees: FeeBreakdown = computeFees({ channel: 'truc_tuyen', on: '2026-11-25', answers: { to_khai: answers } });
              const total: number | null = fees.total;
              console.log(result.valid, shown, total, fees.status, fees.missing.join(', '));
            } catch (e) {
              if (e instanceof FeeInputError) console.log(e.code);
            }
            // @ts-expect-error: a channel the procedure does not offer is a type error
            computeFees({ channel: 'qua_bo_cau', on: '2026-11-25' });
            """
        try Data(consumer.utf8).write(to: URL(fileURLWithPath: out + "/consumer.mts"))
        for resolution in ["node16", "nodenext"] {
            let check = try run(tsc, ["--noEmit", "--strict", "--target", "es2020", "--module", resolution, "--moduleResolution", resolution, out + "/consumer.mts"])
            #expect(check.status == 0, "\(resolution): \(check.stdout)\(check.stderr)")
        }
    }

    @Test("property pass: instances hypothesis-jsonschema generates from each schema get no schema-decidable error from validate.mjs")
    func propertyPass() throws {
        let python = try #require(ProcessInfo.processInfo.environment["FORMC_PYTHON"] ?? which("python3"), "python3 is needed")
        let directory = try TemporaryDirectory()
        let out = try Self.buildCorpus(into: directory)
        let result = try run(python, [packageRoot.appendingPathComponent("scripts/property-check.py").path, out, "20"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)\nscripts/test.sh installs hypothesis-jsonschema")
        #expect(result.stdout.contains("180 instances, 0 disagreements"))
    }

    @Test("ajv (draft-07, full formats): schemas are valid and agree with formc on every vector")
    func ajvJudge() throws {
        let node = try #require(which("node") ?? which("nodejs"), "node is needed; scripts/test.sh installs it")
        let directory = try TemporaryDirectory()
        let out = try Self.buildCorpus(into: directory)
        let script = packageRoot.appendingPathComponent("Tests/Judges/judge_draft07.js").path
        var environment = ProcessInfo.processInfo.environment
        environment["NODE_PATH"] = ["/usr/share/nodejs", environment["NODE_PATH"]].compactMap { $0 }.joined(separator: ":")
        let result = try run(node, [script, out], environment: environment)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)\nscripts/test.sh installs node-ajv")
        #expect(result.stdout.contains(" 0 disagreements"))
    }
}

@Suite("Benchmark inputs")
struct BenchmarkInputTests {
    @Test("the scaled-up corpus that formc bench measures compiles cleanly, with every copy distinct")
    func scaledCorpusCompiles() throws {
        let files = try Compiler.discoverSpecFiles([CorpusTests.formsFolder])
        let sources = try files.map { SourceFile(path: $0, bytes: [UInt8](try #require(FileManager.default.contents(atPath: $0)))) }
        let scaled = SyntheticCatalogue.make(from: sources, copies: 3)
        let result = Compiler.compile(sources: scaled, options: CompileOptions(today: testToday)) { path in
            FileManager.default.contents(atPath: path).map { [UInt8]($0) }
        }
        #expect(!result.diagnostics.hasErrors, "\(DiagnosticRenderer.text(result.diagnostics.sorted, sources: result.sources, colour: false))")
        let checked = try #require(result.checked)
        let original = try #require(try CorpusTests.compileCorpus().checked)
        #expect(checked.forms.count == 3 * original.forms.count)
        #expect(checked.procedures.count == 3 * original.procedures.count)
        #expect(YAMLReader.countEvents(scaled[0].bytes) ?? 0 > 10)
        #expect(YAMLReader.countEvents(Array("a: [".utf8)) == nil)
    }
}

@Suite("Renderer-ready data")
struct RendererDataTests {
    static func artifact(_ path: String) throws -> JSONValue {
        let artifacts = try #require(try CorpusTests.compileCorpus().artifacts)
        return try JSONCodec.decode(try #require(artifacts.first { $0.path == path }).bytes)
    }

    @Test("choices carry their labels as oneOf titles, computed fields are readOnly, provinces have names")
    func schemas() throws {
        let birth = try Self.artifact("forms/to-khai-dang-ky-khai-sinh/1.0.0/schema.json")
        let sex = birth["properties"]?["tre"]?["properties"]?["gioi_tinh"]
        #expect(sex?["oneOf"]?.arrayValue?.first == .object([("const", .string("nam")), ("title", .string("Nam")), ("x-formc-title-en", .string("Male"))]))
        #expect(sex?["enum"] == nil)
        let copies = try Self.artifact("forms/de-nghi-chung-thuc-ban-sao/1.0.0/schema.json")
        let item = copies["properties"]?["giay_to"]?["items"]?["properties"]
        #expect(item?["so_trang_chung_thuc"]?["readOnly"] == .bool(true))
        #expect(item?["so_trang_ban_chinh"]?["readOnly"] == nil)
        let residence = try Self.artifact("forms/ct01-to-khai-thay-doi-thong-tin-cu-tru/1.0.0/schema.json")
        let provinces = residence["properties"]?["de_nghi"]?["properties"]?["noi_dang_ky"]?["properties"]?["province"]?["oneOf"]?.arrayValue ?? []
        #expect(provinces.contains(.object([("const", .string("31")), ("title", .string("Thành phố Hải Phòng"))])))
    }

    @Test("conjunctions of sibling tests, and visible_when with required_when, are stated by the schema; python jsonschema, jsonschema-rs and ajv agree with formc on every vector")
    func conditionsInTheSchema() throws {
        let form = minimalForm + """

              co: { type: boolean, label: { vi: Có } }
              loai: { type: choice, label: { vi: Loại }, options: { x: { vi: X }, y: { vi: Y } } }
              ghi_chu: { type: text, label: { vi: Ghi chú }, required: true, visible_when: "chung.co and chung.loai == 'x'" }
              ly_do: { type: text, label: { vi: Lý do }, visible_when: chung.co, required_when: "chung.loai in ['y']" }
        examples:
          - name: đủ, loại x
            data: { chung: { ho_ten: An, co: true, loai: x, ghi_chu: "a" } }
          - name: loại y cần lý do
            data: { chung: { ho_ten: An, co: true, loai: y } }
            errors: [ { path: /chung/ly_do, rule: required } ]
          - name: ẩn mà vẫn gửi
            data: { chung: { ho_ten: An, co: false, loai: x, ghi_chu: "a", ly_do: "b" } }
            errors: [ { path: /chung/ghi_chu, rule: not_visible }, { path: /chung/ly_do, rule: not_visible } ]
          - name: loại x thiếu ghi chú
            data: { chung: { ho_ten: An, co: true, loai: x } }
            errors: [ { path: /chung/ghi_chu, rule: required } ]
        """
        let result = compile(["a.yaml": form])
        let artifacts = try #require(result.artifacts, "\(result.diagnostics.diagnostics.map(\.message))")
        let schema = try JSONCodec.decode(try #require(artifacts.first { $0.path == "forms/thu-nghiem/1.0.0/schema.json" }).bytes)
        let conditions = schema["properties"]?["chung"]?["allOf"]?.arrayValue ?? []
        #expect(conditions.count == 2, "both fields' logic is in the schema")
        #expect(schema["properties"]?["chung"]?["properties"]?["ghi_chu"]?["x-formc-required"] == nil)
        let directory = try TemporaryDirectory()
        try OutputWriter.write(artifacts, to: directory.path("out"))
        let python = try #require(ProcessInfo.processInfo.environment["FORMC_PYTHON"] ?? which("python3"), "python3 is needed")
        let judged = try run(python, [packageRoot.appendingPathComponent("Tests/Judges/judge_schemas.py").path, directory.path("out")])
        #expect(judged.status == 0 && judged.stdout.contains(" 0 disagreements"), "\(judged.stdout)\(judged.stderr)")
        let node = try #require(which("node") ?? which("nodejs"), "node is needed")
        var environment = ProcessInfo.processInfo.environment
        environment["NODE_PATH"] = ["/usr/share/nodejs", environment["NODE_PATH"]].compactMap { $0 }.joined(separator: ":")
        let ajv = try run(node, [packageRoot.appendingPathComponent("Tests/Judges/judge_draft07.js").path, directory.path("out")], environment: environment)
        #expect(ajv.status == 0 && ajv.stdout.contains(" 0 disagreements"), "\(ajv.stdout)\(ajv.stderr)")
        try CorpusTests.runValidatorJudge(directory.path("out"))
    }

    @Test("a field required whenever shown, under a condition the schema cannot state, is marked x-formc-required")
    func requiredUnderComplexCondition() throws {
        let form = minimalForm + """

              co: { type: boolean, label: { vi: Có } }
              so: { type: integer, label: { vi: Số } }
              ghi_chu: { type: text, label: { vi: Ghi chú }, required: true, visible_when: chung.co and chung.so > 2 }
              ly_do: { type: text, label: { vi: Lý do }, required: true, visible_when: chung.co }
        """
        let result = compile(["a.yaml": form])
        let artifact = try #require(result.artifacts?.first { $0.path == "forms/thu-nghiem/1.0.0/schema.json" })
        let fields = try JSONCodec.decode(artifact.bytes)["properties"]?["chung"]?["properties"]
        #expect(fields?["ghi_chu"]?["x-formc-required"] == .bool(true))
        #expect(fields?["ly_do"]?["x-formc-required"] == nil, "a sibling test is stated by the schema itself")
        #expect(fields?["ho_ten"]?["x-formc-required"] == nil)
    }

    @Test("ui.json: every scope and rule condition resolves in the form's schema, every field has one control, applicant fields carry WCAG purposes")
    func uiSchema() throws {
        let artifacts = try #require(try CorpusTests.compileCorpus().artifacts)
        let checked = try #require(try CorpusTests.compileCorpus().checked)
        for form in checked.forms {
            let folder = "forms/\(form.id.value)/\(form.version.value)"
            let ui = try JSONCodec.decode(try #require(artifacts.first { $0.path == folder + "/ui.json" }).bytes)
            let schema = try JSONCodec.decode(try #require(artifacts.first { $0.path == folder + "/schema.json" }).bytes)
            #expect(ui["type"] == .string("VerticalLayout"))
            var controls = 0
            /// The schema a JSON Forms scope (`#/properties/a/properties/b`) names within `context`.
            func resolve(_ scope: String, in context: JSONValue) -> JSONValue? {
                guard scope.hasPrefix("#") else { return nil }
                var node: JSONValue? = context
                for token in scope.dropFirst().split(separator: "/").map(String.init) { node = node?[token] }
                return node
            }
            func walk(_ element: JSONValue, context: JSONValue) {
                switch element["type"]?.stringValue {
                case "VerticalLayout", "Group":
                    for child in element["elements"]?.arrayValue ?? [] { walk(child, context: context) }
                case "Control":
                    controls += 1
                    let scope = element["scope"]?.stringValue ?? ""
                    let target = resolve(scope, in: context)
                    #expect(target != nil && target?["type"] != nil, "\(form.id.value): \(scope) resolves to nothing")
                    if let condition = element["rule"]?["condition"]?["scope"]?.stringValue {
                        #expect(resolve(condition, in: context) != nil, "\(form.id.value): rule scope \(condition)")
                    }
                    if let detail = element["options"]?["detail"], let items = target?["items"] {
                        walk(detail, context: items)
                    }
                default:
                    Issue.record("\(form.id.value): unknown element \(element)")
                }
            }
            walk(ui, context: schema)
            func count(_ fields: [FieldSpec]) -> Int {
                fields.reduce(0) { $0 + ($1.kind == .group ? count($1.fields) : $1.kind == .repeat ? 1 + count($1.fields) : 1) }
            }
            #expect(controls == count(form.sections), "\(form.id.value): \(controls) controls")
        }
        let birth = try RendererDataTests.artifact("forms/to-khai-dang-ky-khai-sinh/1.0.0/ui.json")
        let applicant = birth["elements"]?.arrayValue?.first
        let name = applicant?["elements"]?.arrayValue?.first { $0["scope"] == .string("#/properties/nguoi_yeu_cau/properties/ho_ten") }
        #expect(name?["options"]?["x-formc-autocomplete"] == .string("name"))
        let child = birth["elements"]?.arrayValue?.first { $0["label"] == .string("Trẻ được khai sinh") || $0["options"]?["x-formc-state"] == .string("/tre") }
        let childName = child?["elements"]?.arrayValue?.first { $0["scope"] == .string("#/properties/tre/properties/ho_ten") }
        #expect(childName != nil && childName?["options"]?["x-formc-autocomplete"] == nil, "the child's name is not the applicant's")
        let copies = birth["elements"]?.arrayValue?.last?["elements"]?.arrayValue?.last
        #expect(copies?["rule"]?["effect"] == .string("SHOW"))
    }

    @Test("administrative-units.json: every unit of the catalogue with name, kind and parent, and the catalogue's date")
    func administrativeUnits() throws {
        let units = try Self.artifact("administrative-units.json")
        #expect(units["as_of"] == .string("2026-07-25"))
        let provinces = try #require(units["provinces"]?.arrayValue)
        let haiPhong = try #require(provinces.first { $0["code"] == .string("31") })
        #expect(haiPhong["name"] == .string("Thành phố Hải Phòng") && haiPhong["kind"] == .string("thanh_pho"))
        let communes = try #require(haiPhong["units"]?.arrayValue)
        #expect(communes.contains(.object([("code", .string("10792")), ("name", .string("Xã An Thành")), ("kind", .string("xa")), ("parent", .string("31"))])))
        let checked = try #require(try CorpusTests.compileCorpus().checked?.catalogue)
        #expect(provinces.reduce(0) { $0 + ($1["units"]?.arrayValue?.count ?? 0) } == checked.provinces.reduce(0) { $0 + $1.units.count })
        #expect(provinces.allSatisfy { ($0["units"]?.arrayValue ?? []).allSatisfy { $0["kind"] != .string("khac") } })
    }
}

/// The paths a `delivered` reader was asked for, from whichever thread asked.
private final class AskedPaths: @unchecked Sendable {
    private let lock = NSLock()
    private var asked: [String] = []
    func add(_ path: String) { lock.lock(); asked.append(path); lock.unlock() }
    var paths: [String] { lock.lock(); defer { lock.unlock() }; return asked }
}
