public import ArgumentParser
public import FormcCore
import Foundation

/// `formc`: checks procedure and form specs and compiles them into artifacts. A thin shell over
/// FormcCore: it parses arguments, runs the pipeline, prints diagnostics and sets the exit status
/// (0 clean, 1 spec errors, 2 usage or I/O errors).
@main
struct Formc: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "formc",
        abstract: "Compiler for Vietnamese online public service specs (procedures and forms in YAML).",
        version: FormcVersion.current,
        subcommands: [Build.self, Check.self, Diff.self, Init.self, Schema.self, LanguageServer.self, Fee.self, GenerateSwift.self, Bench.self, Preview.self, Print.self]
    )

    /// ArgumentParser exits with 64 on usage errors; formc promises 2, so parsing is wrapped here.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            if exitCode(for: error) == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}

/// Options both subcommands share.
struct SpecOptions: ParsableArguments {
    @Argument(help: "Spec files or folders (searched for *.yaml and *.yml). Default: the folder of the nearest formc.yaml from here upwards, else forms")
    var paths: [String] = []

    @Option(help: "How to print diagnostics: text (to stderr), json or sarif (to stdout).")
    var format: DiagnosticRenderer.Format = .text

    @Flag(help: "Treat warnings as errors.")
    var warningsAsErrors = false

    @Option(help: "The date 'today' means for spec examples without their own (YYYY-MM-DD). Default: today in UTC.")
    var today: String?

    @Option(help: "The service profile: nd43_2011 (levels 1–4) or nd42_2022 (thông tin, một phần, toàn trình). Default: the project's, else nd43_2011.")
    var serviceProfile: String?

    @Option(help: "Where SARIF's helpUri points: a URL of docs/diagnostics.md (each id is its anchor). Default: urn:formc:docs:diagnostics")
    var helpBaseUrl: String?

    @Option(help: "The specs as released: a folder, or a git revision of these specs (a tag, a commit). A form that keeps its major version must not break submissions made with the baseline's (E0318).")
    var baseline: String?

    var request: CompileRequest {
        var request = CompileRequest(paths: paths, format: format, warningsAsErrors: warningsAsErrors, today: today, serviceProfile: serviceProfile, helpBaseURL: helpBaseUrl)
        request.baseline = baseline
        return request
    }

    func compile() throws -> CompileResult { try request.compile() }

    /// Source, Decode and Check only.
    func check() throws -> CompileResult {
        var request = request
        request.emits = false
        request.saysClean = true
        return try request.compile()
    }

    func usageError(_ message: String) -> ExitCode { request.fail(message) }
}

/// One run of the pipeline as the command line asks for it: which specs, how to print
/// diagnostics, and what counts as failure.
struct CompileRequest {
    var paths: [String] = []
    var format: DiagnosticRenderer.Format = .text
    var warningsAsErrors = false
    var today: String?
    var serviceProfile: String?
    var helpBaseURL: String?
    var isWholeProject = true
    /// Whether to run the Emit stage: `formc check` does not (it cannot find anything emission would:
    /// the Emit stage reports nothing; a test holds the two to the same diagnostics).
    var emits = true
    /// Run without printing or failing (for `--fix`'s first pass).
    var silent = false
    /// Whether a clean run says "N files, no problems" (`formc check` does; build says what it wrote).
    var saysClean = false
    /// A folder of released specs to hold semantic versioning against.
    var baseline: String?

    /// Runs the pipeline and prints its diagnostics; throws the exit status when the build fails.
    func compile() throws -> CompileResult {
        let date = try self.date()
        let files: [String]
        let inputs = paths.isEmpty ? [Self.projectFolder() ?? "forms"] : paths
        do {
            files = try Compiler.discoverSpecFiles(inputs)
        } catch {
            throw fail(error.description)
        }
        if files.isEmpty { throw fail("no spec files (*.yaml, *.yml) found in \(inputs.joined(separator: " "))") }
        if let serviceProfile, ServiceProfiles.named(serviceProfile) == nil {
            throw fail("--service-profile must be one of \(ServiceProfiles.all.map(\.id).joined(separator: ", "))")
        }
        var options = CompileOptions(today: date)
        options.serviceProfile = serviceProfile
        options.isWholeProject = isWholeProject
        if let baseline {
            let folder = try Revision.folder(baseline, like: inputs.first ?? ".", failing: fail)
            options.baseline = try Self.checkedForms(folder, today: date, failing: fail)
        }
        let result = emits ? Compiler.compile(files: files, options: options) : Compiler.check(files: files, options: options)
        let engine = result.diagnostics
        let failed = engine.hasErrors || (warningsAsErrors && engine.warningCount > 0)
        if silent { return result }
        report(result, files: files.count, failed: failed)
        if failed { throw ExitCode(1) }
        return result
    }

    /// What `--today` says, else today in UTC.
    func date() throws -> CalendarDate {
        guard let today else { return CompileOptions.currentDate() }
        guard let parsed = CalendarDate(today) else { throw fail("--today must be a date written YYYY-MM-DD") }
        return parsed
    }

    /// The forms of a folder of specs that must check cleanly (a baseline, a side of `formc diff`).
    static func checked(_ folder: String, today: CalendarDate, failing: (String) -> ExitCode) throws -> CheckedSpecs {
        let files: [String]
        do {
            files = try Compiler.discoverSpecFiles([folder])
        } catch {
            throw failing(error.description)
        }
        if files.isEmpty { throw failing("no spec files (*.yaml, *.yml) found in \(folder)") }
        let result = Compiler.check(files: files, options: CompileOptions(today: today))
        guard !result.diagnostics.hasErrors, let checked = result.checked else {
            let first = result.diagnostics.sorted.first { $0.severity == .error }
            throw failing("\(folder) does not check cleanly (\(result.diagnostics.errorCount) errors; first: \(first.map { "\($0.location.map(\.description) ?? ""): \($0.message)" } ?? ""))")
        }
        return checked
    }

    static func checkedForms(_ folder: String, today: CalendarDate, failing: (String) -> ExitCode) throws -> [FormSpec] {
        try checked(folder, today: today, failing: failing).forms
    }

    /// The nearest project file from the working folder upwards: its folder is the project.
    static func projectFolder() -> String? {
        let here = FileManager.default.currentDirectoryPath
        return projectFolder(from: URL(fileURLWithPath: here)).map { $0 == here ? "." : $0 }
    }

    /// The folder of the nearest `formc.yaml` from `folder` upwards, or nil.
    static func projectFolder(from folder: URL) -> String? {
        var folder = folder.standardizedFileURL
        while true {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("formc.yaml").path) { return folder.path }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { return nil }
            folder = parent
        }
    }

    func report(_ result: CompileResult, files: Int, failed: Bool, clean: String = "no problems") {
        let diagnostics = result.diagnostics.sorted
        let engine = result.diagnostics
        switch format {
        case .text:
            let colour = isatty(STDERR_FILENO) == 1 && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
                && ProcessInfo.processInfo.environment["TERM"] != "dumb"
            var text = DiagnosticRenderer.render(diagnostics, format: .text, sources: result.sources, colour: colour)
            var summary = DiagnosticRenderer.summary(errors: engine.errorCount, warnings: engine.warningCount)
            if warningsAsErrors && engine.warningCount > 0 && engine.errorCount == 0 {
                summary += engine.warningCount == 1 ? " (treated as an error)" : " (treated as errors)"
            }
            // A project that publishes in English hears how much of it has its English.
            var coverage = ""
            if engine.errorCount == 0, let checked = result.checked, checked.project?.languages.contains("en") == true {
                let (translated, total) = checked.englishCoverage
                coverage = "; English for \(translated) of \(total) texts a citizen reads"
            }
            if !summary.isEmpty {
                text += "formc: \(summary)\(coverage)\n"
            } else if saysClean {
                // A clean check says so, in one line.
                text += "formc: \(files) file\(files == 1 ? "" : "s"), \(clean)\(coverage)\n"
            }
            FileHandle.standardError.write(Data(text.utf8))
        case .json, .sarif:
            let outcome = DiagnosticRenderer.Outcome(
                failed: failed, warningsAsErrors: warningsAsErrors, helpBase: helpBaseURL ?? DiagnosticRenderer.defaultHelpBase)
            print(DiagnosticRenderer.render(diagnostics, format: format, sources: result.sources, outcome: outcome), terminator: "")
        }
    }

    /// A problem with the command rather than the specs (exit status 2), said in the chosen format:
    /// with json or sarif, a valid document whose one diagnostic is E0005.
    func fail(_ message: String) -> ExitCode {
        guard format != .text else { return Self.usageError(message) }
        let diagnostic = Diagnostic(.invocation, message, at: nil)
        let outcome = DiagnosticRenderer.Outcome(failed: true, helpBase: helpBaseURL ?? DiagnosticRenderer.defaultHelpBase)
        print(DiagnosticRenderer.render([diagnostic], format: format, sources: [:], outcome: outcome), terminator: "")
        return ExitCode(2)
    }

    static func usageError(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("formc: error: \(message)\n".utf8))
        return ExitCode(2)
    }
}

extension DiagnosticRenderer.Format: ExpressibleByArgument {}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check specs and report every problem; write nothing (but the spec files --fix rewrites).")

    @OptionGroup var options: SpecOptions

    @Flag(help: "Apply every unambiguous fix-it to the spec files (only the spans they name; a file with a YAML syntax error is left alone), say what changed, then check again.")
    var fix = false

    func run() throws {
        if fix {
            var first = options.request
            first.emits = false
            first.silent = true
            let result = try first.compile()
            let plan = FixApplier.plan(result.diagnostics.diagnostics, sources: result.sources)
            for (file, bytes) in plan.files.sorted(by: { $0.key < $1.key }) {
                do {
                    try Data(bytes).write(to: URL(fileURLWithPath: file), options: .atomic)
                } catch {
                    throw options.usageError("cannot rewrite \(file): \(error.localizedDescription)")
                }
            }
            for edit in plan.edits {
                FileHandle.standardError.write(Data("formc: fixed \(edit.file):\(edit.line):\(edit.column): \(edit.message)\n".utf8))
            }
        }
        let result = try options.check()
        // The checked project is hundreds of megabytes of small objects at national scale; freeing
        // them one by one before exiting is work nobody needs (as compilers skip it too).
        withExtendedLifetime(result) { Foundation.exit(0) }
    }
}

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check specs and, when they are clean, replace the output folder with their artifacts.")

    @OptionGroup var options: SpecOptions

    @Option(name: .shortAndLong, help: "The output folder. It is replaced as a whole, and only if it is empty or a previous formc output.")
    var out: String

    func run() throws {
        // Check, then emit batch by batch straight into the staging folder: the build is never held
        // whole in memory, and the output is replaced only when every file is written.
        var request = options.request
        request.emits = false
        var result = try request.compile()
        // The specs' text served the diagnostics, reported by now; the manifest needs only its
        // hashes. A national catalogue's text and line tables (some 45 MB) need not stay through
        // the emission.
        let specInputs = result.specInputs
        result.sources = [:]
        var count = 0
        let report: OutputWriter.Report
        do {
            let session = try OutputWriter.Session(out)
            do {
                try Compiler.emit(result, specInputs: specInputs, delivered: session.readBack) { artifacts in
                    try session.add(artifacts)
                    count += artifacts.count
                }
            } catch {
                session.abandon()
                throw error
            }
            report = try session.finish()
        } catch let error as OutputWriter.WriteError {
            throw options.usageError(error.description)
        }
        // In every format: a leftover folder is the user's to remove, so it is never silenced.
        for warning in report.warnings {
            FileHandle.standardError.write(Data("formc: warning: \(warning)\n".utf8))
        }
        let forms = result.checked?.forms.count ?? 0, procedures = result.checked?.procedures.count ?? 0
        if options.format == .text {
            FileHandle.standardError.write(Data("formc: wrote \(count) artifacts for \(forms) form\(forms == 1 ? "" : "s") and \(procedures) procedure\(procedures == 1 ? "" : "s") to \(out)\n".utf8))
        }
        // The checked project is not freed object by object before exiting (as `check`).
        withExtendedLifetime(result) { Foundation.exit(0) }
    }
}
