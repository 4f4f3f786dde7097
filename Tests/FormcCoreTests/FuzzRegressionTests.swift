import Foundation
import Testing

@testable import FormcCore

/// Every input in `Tests/Fuzz/regressions/<target>/` — crashes and hangs that fuzzing or hostile
/// testing found, and the seeds of their kind — run through the fuzz targets in this process: a
/// regression crashes the suite. `scripts/fuzz.sh` finds new ones (docs/testing.md, "Fuzzing").
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static func inputs(_ target: FuzzTargets.Target) throws -> [URL] {
        let folder = packageRoot.appendingPathComponent("Tests/Fuzz/regressions/\(target.rawValue)")
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test("every kept input runs through its target without a crash", arguments: FuzzTargets.Target.allCases)
    func replay(_ target: FuzzTargets.Target) throws {
        let files = try Self.inputs(target)
        #expect(files.count >= 6, "the regressions of \(target) are missing")
        for file in files {
            FuzzTargets.run(target, [UInt8](try Data(contentsOf: file)))
        }
    }

    @Test("the form the expression and json targets work against compiles cleanly (else they would test nothing)")
    func targetForm() throws {
        let result = Compiler.check(sources: [SourceFile(path: "mo-hinh.yaml", bytes: Array(FuzzTargets.scopeForm.utf8))], options: CompileOptions(today: testToday)) { _ in nil }
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.sorted.map(\.message))")
        let form = try #require(FuzzTargets.form)
        #expect(form.sections.flatMap(\.fields).count >= 14)
        #expect(FuzzTargets.answers.count == 4)
    }

    @Test("the fuzzing executable replays a file as libFuzzer would run it")
    func replayExecutable() throws {
        let executable = URL(fileURLWithPath: formcExecutable).deletingLastPathComponent().appendingPathComponent("formc-fuzz").path
        let file = try #require(try Self.inputs(.expression).first)
        let result = try run(executable, [file.path], environment: ["FORMC_FUZZ_TARGET": "expression"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("expression ran"))
        #expect(try run(executable, [], environment: ["FORMC_FUZZ_TARGET": "yaml"]).status == 2)
    }
}
