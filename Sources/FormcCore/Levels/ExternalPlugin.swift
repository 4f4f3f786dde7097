internal import Foundation

/// A plugin that is a program: it receives a procedure as JSON on standard input and answers with
/// what the procedure lacks and the artifacts it brings, as JSON on standard output (protocol
/// `formc-plugin/1`, docs/plugins.md). It runs with a time limit and an output size limit, and its
/// artifacts can only land in its own folder of the build, through the compiler's writer.
public final class ExternalPlugin: ServiceLevelPlugin, @unchecked Sendable {
    public static let protocolVersion = "formc-plugin/1"
    public static let maxOutput = 4 << 20

    public let name: String
    public let capability: Capability
    let command: [String]
    let timeout: Double
    let location: SourceLocation
    let diagnostics: DiagnosticEngine

    private let lock = NSLock()
    private var answers: [String: Answer] = [:]

    struct Answer {
        var unmet: [UnmetRequirement]
        var artifacts: [(path: String, content: String)]
        var failure: String?
    }

    init(spec: ExternalPluginSpec, projectFolder: String, diagnostics: DiagnosticEngine) {
        name = spec.name.value
        capability = spec.capability
        var command = spec.command
        if let program = command.first, !program.hasPrefix("/"), program.contains("/") {
            command[0] = projectFolder.isEmpty ? program : projectFolder + "/" + program
        }
        self.command = command
        timeout = Double(spec.timeoutSeconds)
        location = spec.name.location
        self.diagnostics = diagnostics
    }

    public func requirements(of p: ProcedureSpec, in context: PluginContext) -> [UnmetRequirement] {
        let answer = self.answer(for: p, in: context)
        if let failure = answer.failure {
            diagnostics.emit(.pluginFailed, "plugin '\(name)' failed for procedure '\(p.code.value)': \(failure)", at: location)
            return []
        }
        return answer.unmet
    }

    public func artifacts(for p: ProcedureSpec, in context: PluginContext, diagnostics: DiagnosticEngine) -> [Artifact] {
        answer(for: p, in: context).artifacts.map { artifact in
            Artifact(
                path: "procedures/\(p.code.value)/plugins/\(name)/\(artifact.path)", bytes: Array(artifact.content.utf8),
                kind: .pluginArtifact, procedure: p.code.value)
        }
    }

    private func answer(for p: ProcedureSpec, in context: PluginContext) -> Answer {
        lock.lock()
        if let cached = answers[p.code.value] { lock.unlock(); return cached }
        lock.unlock()
        let request = JSONValue.object([
            ("protocol", .string(Self.protocolVersion)), ("capability", .string(capability.rawValue)),
            ("profile", .string(context.profile)),
            ("procedure", ProcedureEmitter(latest: context.forms).emit(p, context: context)),
        ])
        let answer = run(JSONCodec.encode(request))
        lock.lock()
        answers[p.code.value] = answer
        lock.unlock()
        return answer
    }

    private func failure(_ message: String) -> Answer { Answer(unmet: [], artifacts: [], failure: message) }

    private func run(_ input: [UInt8]) -> Answer {
        // A program that exits without reading its input must not take formc down with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            try process.run()
        } catch {
            return failure("cannot start '\(command[0])': \(error.localizedDescription)")
        }
        // Read both outputs while the program runs, so a full pipe cannot block it.
        let group = DispatchGroup()
        final class Box: @unchecked Sendable { var data = Data() }
        let out = Box(), err = Box()
        for (pipe, box) in [(stdout, out), (stderr, err)] {
            group.enter()
            DispatchQueue.global().async {
                box.data = pipe.fileHandleForReading.readDataToEndOfFile()
                group.leave()
            }
        }
        DispatchQueue.global().async {
            try? stdin.fileHandleForWriting.write(contentsOf: Data(input))
            try? stdin.fileHandleForWriting.close()
        }
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            if finished.wait(timeout: .now() + 1) == .timedOut { kill(process.processIdentifier, SIGKILL); _ = finished.wait(timeout: .now() + 1) }
            _ = group.wait(timeout: .now() + 1)
            return failure("no answer within \(Int(timeout)) s; the program was stopped")
        }
        // The readers end when the pipes close, right after the program exits (a child it left
        // running could hold them open: that wait is bounded too).
        _ = group.wait(timeout: .now() + 10)
        let errorText = String(decoding: err.data.prefix(500), as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let how = process.terminationReason == .exit ? "exited with status \(process.terminationStatus)" : "was killed by signal \(process.terminationStatus)"
            return failure("the program \(how)" + (errorText.isEmpty ? "" : ": \(errorText)"))
        }
        guard out.data.count <= Self.maxOutput else { return failure("the answer is larger than \(Self.maxOutput) bytes") }
        let json: JSONValue
        do {
            json = try JSONCodec.decode([UInt8](out.data))
        } catch {
            return failure("the answer is not JSON (\(error.line):\(error.column): \(error.message))")
        }
        guard json["protocol"]?.stringValue == Self.protocolVersion else {
            return failure("the answer does not say \"protocol\": \"\(Self.protocolVersion)\"")
        }
        var unmet: [UnmetRequirement] = []
        for item in json["unmet"]?.arrayValue ?? [] {
            guard let message = item["message"]?.stringValue else { return failure("an 'unmet' entry has no 'message'") }
            unmet.append(UnmetRequirement(message))
        }
        var artifacts: [(path: String, content: String)] = []
        for item in json["artifacts"]?.arrayValue ?? [] {
            guard let path = item["path"]?.stringValue, let content = item["content"]?.stringValue else {
                return failure("an artifact needs a 'path' and a 'content' string")
            }
            do {
                try OutputWriter.checkPath(path)
            } catch {
                return failure("artifact path '\(path)' would leave the plugin's folder")
            }
            artifacts.append((path, content))
        }
        return Answer(unmet: unmet, artifacts: artifacts, failure: nil)
    }
}
