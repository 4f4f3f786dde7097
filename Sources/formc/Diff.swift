import ArgumentParser
import FormcCore
import Foundation

/// `formc diff OLD NEW`: every change between two versions of a project's specs, classified by whom
/// it breaks (docs/evolution.md), reported as diagnostics — located in NEW, the old place as a note —
/// in text, JSON or SARIF. Exit status 1 when a change breaks submissions (or, with
/// `--warnings-as-errors`, code written against OLD).
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List every change between two versions of the specs (two folders): what breaks submissions, what breaks code, what is compatible, which fees change.")

    @Argument(help: "The specs before: a folder, or a git revision of NEW (a tag, a commit: NEW as it was then).")
    var old: String

    @Argument(help: "The specs after (a folder).")
    var new: String

    @Option(help: "How to print the changes: text (to stderr), json or sarif (to stdout).")
    var format: DiagnosticRenderer.Format = .text

    @Flag(help: "Fail on changes that break code written against OLD too (a required field made optional, a choice added, a fee that changes).")
    var warningsAsErrors = false

    @Option(help: "The date 'today' means for examples. Default: today in UTC.")
    var today: String?

    func run() throws {
        var request = CompileRequest(paths: [new], format: format, warningsAsErrors: warningsAsErrors, today: today)
        request.saysClean = true
        let date = try request.date()
        let oldFolder = try Revision.folder(old, like: new, failing: request.fail)
        let before = try CompileRequest.checked(oldFolder, today: date, failing: request.fail)
        let after = try CompileRequest.checked(new, today: date, failing: request.fail)
        var changes = SpecDiff.changes(from: before, to: after)
        if oldFolder != old {
            // Old places inside the extracted revision are named by the revision: `v1:forms/a.yaml`.
            let prefix = URL(fileURLWithPath: oldFolder).deletingLastPathComponent().path + "/"
            func named(_ location: SourceLocation?) -> SourceLocation? {
                guard var location, location.file.hasPrefix(prefix) else { return location }
                location.file = old + ":" + location.file.dropFirst(prefix.count)
                return location
            }
            for index in changes.indices {
                changes[index].location = named(changes[index].location)
                changes[index].notes = changes[index].notes.map { Diagnostic.Note($0.message, at: named($0.location)) }
            }
        }
        // The two sides' texts, for the quoted lines of the text format.
        var sources: [String: SourceFile] = [:]
        for file in (try? Compiler.discoverSpecFiles([oldFolder, new])) ?? [] {
            if let data = FileManager.default.contents(atPath: file) { sources[file] = SourceFile(path: file, bytes: [UInt8](data)) }
        }
        let engine = DiagnosticEngine()
        changes.forEach(engine.emit)
        let result = CompileResult(diagnostics: engine, sources: sources, checked: after, artifacts: nil)
        let failed = engine.hasErrors || (warningsAsErrors && engine.warningCount > 0)
        if format == .text {
            var text = DiagnosticRenderer.render(engine.sorted, format: .text, sources: sources)
            let compatible = changes.count - engine.errorCount - engine.warningCount
            text += changes.isEmpty ? "formc: no changes\n"
                : "formc: \(changes.count) change\(changes.count == 1 ? "" : "s"): \(engine.errorCount) break submissions, \(engine.warningCount) break code written against the old specs, \(compatible) compatible\n"
            FileHandle.standardError.write(Data(text.utf8))
        } else {
            request.report(result, files: sources.count, failed: failed)
        }
        if failed { throw ExitCode(1) }
    }
}
