import Foundation
import PackagePlugin

/// `swift package formc-artifacts`: compiles the package's specs with formc and writes every
/// artifact (schemas, validators, vectors, procedure records, pages, fee rules…) into a folder of
/// the package, for teams that commit or publish them. A thin shell over the `formc` tool.
///
///     swift package --allow-writing-to-package-directory formc-artifacts [--specs forms] [--out formc-artifacts]
@main
struct FormcArtifacts: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        let specs = extractor.extractOption(named: "specs")
        let out = extractor.extractOption(named: "out").last ?? "formc-artifacts"
        let profile = extractor.extractOption(named: "service-profile").last
        let package = context.package.directoryURL
        func inPackage(_ path: String) -> String {
            path.hasPrefix("/") ? path : package.appending(path: path).path
        }
        var commandLine = ["build"] + (specs.isEmpty ? ["forms"] : specs).map(inPackage) + ["--out", inPackage(out)]
        if let profile { commandLine += ["--service-profile", profile] }
        commandLine += extractor.remainingArguments

        let tool = try context.tool(named: "formc")
        let process = Process()
        process.executableURL = tool.url
        process.arguments = commandLine
        process.currentDirectoryURL = package
        try process.run()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            Diagnostics.error("formc build failed (exit status \(process.terminationStatus)); its diagnostics are above")
            throw FormcFailed()
        }
        print("formc-artifacts: wrote the artifacts of \((specs.isEmpty ? ["forms"] : specs).joined(separator: ", ")) to \(out)")
    }

    struct FormcFailed: Error, CustomStringConvertible {
        var description: String { "formc build failed" }
    }
}
