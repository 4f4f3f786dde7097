import Foundation
import PackagePlugin

/// `swift package formc-artifacts`: compiles the package's specs with formc and writes every
/// artifact (schemas, validators, vectors, procedure records, pages, fee rules…) into a folder of
/// the package, for teams that commit or publish them. A thin shell over the `formc` tool.
///
///     swift package --allow-writing-to-package-directory formc-artifacts [--target T] [--specs PATH] [--out formc-artifacts]
///
/// Which specs: `--specs` paths, else the folders of `--target` targets, else the package's `forms`
/// folder when it has one, else every target that holds formc specs (the targets the FormcSwift
/// build-tool plugin reads), so the plugins agree on where the specs are.
@main
struct FormcArtifacts: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        let specs = extractor.extractOption(named: "specs")
        let targets = extractor.extractOption(named: "target")
        let out = extractor.extractOption(named: "out").last ?? "formc-artifacts"
        let profile = extractor.extractOption(named: "service-profile").last
        let today = extractor.extractOption(named: "today").last
        let package = context.package.directoryURL
        func inPackage(_ path: String) -> String {
            path.hasPrefix("/") ? path : package.appending(path: path).path
        }
        let inputs: [String]
        if !specs.isEmpty {
            inputs = specs.map(inPackage)
        } else if !targets.isEmpty {
            inputs = try targets.map { name in
                guard let target = try context.package.targets(named: [name]).first else { throw Failure("no target '\(name)' in the package") }
                return target.directoryURL.path
            }
        } else if FileManager.default.fileExists(atPath: package.appending(path: "forms").path) {
            inputs = [package.appending(path: "forms").path]
        } else {
            inputs = context.package.targets.compactMap { $0 as? SourceModuleTarget }.filter(Self.holdsSpecs).map(\.directoryURL.path)
            guard !inputs.isEmpty else { throw Failure("no specs found: the package has no forms folder and no target holds formc specs; give --specs or --target") }
        }
        var commandLine = ["build"] + inputs + ["--out", inPackage(out)]
        if let profile { commandLine += ["--service-profile", profile] }
        if let today { commandLine += ["--today", today] }
        commandLine += extractor.remainingArguments

        // formc's output is read whole. On failure it goes inside the one error the plugin throws —
        // SwiftPM relays a thrown error and the plugin's own output on different channels, so only
        // this keeps the summary and the diagnostics together and in order, piped or not.
        let tool = try context.tool(named: "formc")
        let process = Process()
        process.executableURL = tool.url
        process.arguments = commandLine
        process.currentDirectoryURL = package
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let diagnostics = String(decoding: text, as: UTF8.self).trimmingCharacters(in: .newlines)
            throw Failure("formc build failed (exit status \(process.terminationStatus)); nothing was written to \(out):\n" + diagnostics)
        }
        FileHandle.standardError.write(text)
        print("formc-artifacts: wrote the artifacts of \(inputs.map { $0.hasPrefix(package.path + "/") ? String($0.dropFirst(package.path.count + 1)) : $0 }.joined(separator: ", ")) to \(out)")
    }

    /// Whether a target holds formc specs: a YAML file that starts a spec (`formc: 1`).
    static func holdsSpecs(_ target: SourceModuleTarget) -> Bool {
        target.sourceFiles.contains { file in
            guard ["yaml", "yml"].contains(file.url.pathExtension), let text = try? String(contentsOf: file.url, encoding: .utf8) else { return false }
            return text.split(separator: "\n").contains { $0.hasPrefix("formc:") }
        }
    }

    /// The plugin's one error line (SwiftPM prints an error a command plugin throws, once).
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
